package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// The external rater's form at /beoordelen/:token: no account, the
// single-use link is the key. The token is in the path only; it is never
// logged (the access log names the route template) and never sent on
// (Referrer-Policy: no-referrer is set on every response).

const externalPath = "/beoordelen/"

// guardLink slows down guessing of links per client address, with the same
// guard as the log-in.
func (p *Pages) guardLink(c *gin.Context) {
	if p.Guard != nil {
		if ok, wait := p.Guard.Allow(c.ClientIP()); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			c.Abort()
			p.message(c, http.StatusTooManyRequests, messagePage{Heading: "Even geduld", Kind: "warning",
				Paragraphs: []string{"Er zijn vanaf dit adres te veel pogingen gedaan. Wacht een minuut en probeer het dan opnieuw via de link uit uw uitnodiging."}})
			return
		}
	}
	c.Next()
}

// externalGone tells that a link was used or expired, with 410 Gone.
func (p *Pages) externalGone(c *gin.Context) {
	p.message(c, http.StatusGone, messagePage{Heading: "Deze link werkt niet meer", Kind: "warning",
		Paragraphs: []string{
			"Deze link is al gebruikt of verlopen. Elke link kan maar één keer worden gebruikt, en alleen tot en met de deadline van de feedbackronde.",
			"Heeft u uw antwoorden al verstuurd? Dan zijn ze goed aangekomen en hoeft u niets meer te doen. Wilt u toch nog reageren, neem dan contact op met de begeleider die u de link heeft gestuurd.",
		}})
}

// resolveLink looks up the token of the path; ok is false after it has
// answered: 404 for an unknown link, 410 for a used or expired one.
func (p *Pages) resolveLink(c *gin.Context) (*domain.Actor, domain.FeedbackRequest, bool) {
	a, req, err := p.DB.ExternalFeedbackRequest(c.Request.Context(), c.Param("token"))
	if err == nil {
		return a, req, true
	}
	switch domain.ErrorCode(err) {
	case domain.ENotFound:
		p.ErrorPage(c, http.StatusNotFound)
	case domain.EGone:
		p.externalGone(c)
	default:
		// err never holds the token: the store does not put it in messages.
		p.adminInternalError(c, "resolve rater link", err)
	}
	return nil, req, false
}

func (p *Pages) handleExternalForm(c *gin.Context) {
	_, req, ok := p.resolveLink(c)
	if !ok {
		return
	}
	p.showExternalForm(c, http.StatusOK, req, map[string]rawAnswer{}, nil)
}

// handleExternalAnswer submits an external rater's answers, once: the store
// uses the token up in the same transaction.
func (p *Pages) handleExternalAnswer(c *gin.Context) {
	actor, req, ok := p.resolveLink(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	ins, err := p.DB.FindInstrumentByID(ctx, req.InstrumentID)
	if err != nil {
		p.adminInternalError(c, "find instrument", err)
		return
	}
	family := req.Group == string(assessment.GroupFamily)
	raw, answers, fes := readAnswers(c, formItems(ins.Def, family))
	if fes = checkAnswers(ins.Def, answers, family, true, fes); len(fes) > 0 {
		p.showExternalForm(c, http.StatusBadRequest, req, raw, domain.Invalid(fes...))
		return
	}
	err = p.DB.AnswerExternal(domain.WithActor(ctx, actor), answers)
	if err == nil {
		p.message(c, http.StatusOK, messagePage{Heading: "Bedankt! Uw antwoorden zijn opgeslagen.", Kind: "ok",
			Paragraphs: []string{
				"Uw feedback over " + req.RegisseurName + " is goed aangekomen. U hoeft verder niets te doen.",
				"De link uit uw uitnodiging werkt nu niet meer. U kunt dit venster sluiten.",
			}})
		return
	}
	e, isDomain := domain.AsError(err)
	switch {
	case isDomain && e.Code == domain.EGone:
		p.externalGone(c)
	case isDomain && e.Code == domain.EInvalid:
		p.showExternalForm(c, http.StatusBadRequest, req, raw, e)
	default:
		p.adminInternalError(c, "answer external feedback", err)
	}
}

func (p *Pages) showExternalForm(c *gin.Context, status int, req domain.FeedbackRequest, raw map[string]rawAnswer, fail *domain.Error) {
	ins, err := p.DB.FindInstrumentByID(c.Request.Context(), req.InstrumentID)
	if err != nil {
		p.adminInternalError(c, "find instrument", err)
		return
	}
	family := req.Group == string(assessment.GroupFamily)
	f := newAssessForm(ins.Def, family, raw, raterCommentHint)
	if fail != nil {
		f.fail(fail)
	}
	title := "Feedback over " + req.RegisseurName
	lead := []string{
		"U bent gevraagd om feedback te geven over " + req.RegisseurName + ". " + req.RegisseurName +
			" is regisseur: hij of zij zorgt dat de hulp aan een gezin goed op elkaar aansluit. Met uw antwoorden kan de regisseur leren wat goed gaat en wat beter kan.",
		"Het invullen duurt ongeveer " + duration(len(formItems(ins.Def, family))) + ". U kunt de vragen één keer versturen, uiterlijk op " + day(req.Deadline) + ". U hoeft niet in te loggen.",
	}
	page := assessFormPage{
		BasePage: p.base(c, formTitle(title, f)),
		Heading:  title, Lead: lead, Privacy: anonymityNotice(req.Group, p.minRaters()),
		Action: externalPath + c.Param("token"), SubmitLabel: "Versturen", Mobile: true, Form: f,
	}
	p.render(c, status, "assess_form", page)
}

// duration estimates the time to answer n questions.
func duration(n int) string {
	minutes := max(5, (n+1)/2)
	return strconv.Itoa((minutes+4)/5*5) + " minuten"
}
