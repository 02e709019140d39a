package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The external rater's form at /beoordelen/:token: no account, the
// single-use link is the key. The token is in the path only; it is never
// logged (the access log names the route template) and never sent on
// (Referrer-Policy: no-referrer is set on every response).

const externalPath = domain.RaterFormPath

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

// linkFailed answers an error of a rater link: 410 with an explanation for
// a used or expired link, the error page (404 for an unknown link) for the
// rest. The error never holds the token: the store does not put it in
// messages.
func (p *Pages) linkFailed(c *gin.Context, err error) error {
	if domain.ErrorCode(err) == domain.EGone {
		p.externalGone(c)
		return nil
	}
	return err
}

func (p *Pages) handleExternalForm(c *gin.Context) error {
	req, err := p.App.ExternalRequest(c.Request.Context(), c.Param("token"))
	if err != nil {
		return p.linkFailed(c, err)
	}
	return p.showExternalForm(c, http.StatusOK, req, map[string]rawAnswer{}, nil)
}

// handleExternalAnswer submits an external rater's answers, once: the store
// uses the token up in the same transaction.
func (p *Pages) handleExternalAnswer(c *gin.Context) error {
	ctx := c.Request.Context()
	token := c.Param("token")
	req, err := p.App.ExternalRequest(ctx, token)
	if err != nil {
		return p.linkFailed(c, err)
	}
	ins, err := p.App.Instrument(ctx, req.InstrumentID)
	if err != nil {
		return err
	}
	family := req.Group.FamilyForm()
	raw, answers, fes := readAnswers(c, formItems(ins.Def, family))
	if fes = checkAnswers(ins.Def, answers, family, true, fes); len(fes) > 0 {
		return p.showExternalForm(c, http.StatusBadRequest, req, raw, domain.Invalid(fes...))
	}
	err = p.App.AnswerExternal(ctx, token, answers)
	if err == nil {
		p.message(c, http.StatusOK, messagePage{Heading: "Bedankt! Uw antwoorden zijn opgeslagen.", Kind: "ok",
			Paragraphs: []string{
				"Uw feedback over " + req.RegisseurName + " is goed aangekomen. U hoeft verder niets te doen.",
				"De link uit uw uitnodiging werkt nu niet meer. U kunt dit venster sluiten.",
			}})
		return nil
	}
	if e, ok := domain.AsError(err); ok && e.Code == domain.EInvalid {
		return p.showExternalForm(c, http.StatusBadRequest, req, raw, e)
	}
	return p.linkFailed(c, err)
}

func (p *Pages) showExternalForm(c *gin.Context, status int, req domain.FeedbackRequest, raw map[string]rawAnswer, fail *domain.Error) error {
	ins, err := p.App.Instrument(c.Request.Context(), req.InstrumentID)
	if err != nil {
		return err
	}
	family := req.Group.FamilyForm()
	f := newAssessForm(ins.Def, family, raw, raterCommentHint)
	if fail != nil {
		f.fail(fail)
	}
	title := "Feedback over " + req.RegisseurName
	lead := []string{
		"U bent gevraagd om feedback te geven over " + req.RegisseurName + ". " + req.RegisseurName +
			" is regisseur: hij of zij zorgt dat de hulp aan een gezin goed op elkaar aansluit. Met uw antwoorden kan de regisseur leren wat goed gaat en wat beter kan.",
		"Het invullen duurt ongeveer " + duration(len(formItems(ins.Def, family))) + ". U kunt de vragen één keer versturen, uiterlijk op " + domain.FormatDate(req.Deadline) + ". U hoeft niet in te loggen.",
	}
	page := assessFormPage{
		BasePage: p.base(c, formTitle(title, f)),
		Heading:  title, Lead: lead, Privacy: anonymityNotice(req.Group, p.App.MinRaters()),
		Action: externalPath + c.Param("token"), SubmitLabel: "Versturen", Mobile: true, Form: f,
	}
	p.render(c, status, "assess_form", page)
	return nil
}

// duration estimates the time to answer n questions.
func duration(n int) string {
	minutes := max(5, (n+1)/2)
	return strconv.Itoa((minutes+4)/5*5) + " minuten"
}
