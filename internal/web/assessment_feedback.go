package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

const feedbackPath = "/feedback"

const raterCommentHint = "Bijvoorbeeld een situatie waarin u dit zag. Noem geen namen of andere gegevens van gezinsleden. Toelichtingen worden zonder naam getoond, onder dezelfde voorwaarden als de scores."

// hasFeedbackRequests reports whether someone asked the signed-in user for
// feedback: the menu shows "Feedback geven" then only, by the count that the
// start page shows (app.App.FeedbackRequestCount). When the count fails the
// item is shown.
func hasFeedbackRequests(p *Pages, ctx context.Context) bool {
	n, err := p.App.FeedbackRequestCount(ctx)
	return err != nil || n > 0
}

// feedbackRequestsPage lists the signed-in user's open invitations.
type feedbackRequestsPage struct {
	BasePage
	Notice   string
	Requests []feedbackRequestRow
}

type feedbackRequestRow struct {
	Href, Regisseur, Group, Deadline string
	Started                          bool // a draft was saved
}

func (p *Pages) handleFeedbackRequests(c *gin.Context) error {
	reqs, _, err := p.App.FeedbackRequests(c.Request.Context(), app.FirstRows)
	if err != nil {
		return err
	}
	page := feedbackRequestsPage{BasePage: p.base(c, "Feedback geven")}
	switch {
	case c.Query("verzonden") == "1":
		page.Notice = "Bedankt! Uw feedback is verzonden."
	case c.Query("opgeslagen") == "1":
		page.Notice = "Uw antwoorden zijn als concept opgeslagen."
	}
	for _, r := range reqs {
		page.Requests = append(page.Requests, feedbackRequestRow{
			Href: feedbackPath + "/" + strconv.FormatInt(r.RaterID, 10), Regisseur: r.RegisseurName,
			Group: r.Group.Label(), Deadline: domain.FormatDate(r.Deadline), Started: len(r.Draft) > 0,
		})
	}
	p.render(c, http.StatusOK, "assess_requests", page)
	return nil
}

// handleFeedbackRequest shows the form of one invitation, with its draft.
func (p *Pages) handleFeedbackRequest(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	req, err := p.App.FeedbackRequest(c.Request.Context(), id)
	if err != nil {
		return err
	}
	notice := ""
	if c.Query("opgeslagen") == "1" {
		notice = "Uw antwoorden zijn als concept opgeslagen. U kunt later verder gaan; pas na 'Versturen' telt uw feedback mee."
	}
	return p.showFeedbackRequest(c, http.StatusOK, req, rawFromAnswers(req.Draft), nil, notice)
}

// handleFeedbackAnswer saves an internal rater's answers as a draft or
// sends them.
func (p *Pages) handleFeedbackAnswer(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	req, err := p.App.FeedbackRequest(ctx, id)
	if err != nil {
		return err
	}
	ins, err := p.App.Instrument(ctx, req.InstrumentID)
	if err != nil {
		return err
	}
	family := req.Group.FamilyForm()
	submit := c.PostForm("actie") == "indienen"
	raw, answers, fes := readAnswers(c, formItems(ins.Def, family))
	if fes = checkAnswers(ins.Def, answers, family, submit, fes); len(fes) > 0 {
		return p.showFeedbackRequest(c, http.StatusBadRequest, req, raw, domain.Invalid(fes...), "")
	}
	err = p.App.AnswerFeedbackRequest(ctx, id, answers, submit)
	if err == nil {
		if submit {
			c.Redirect(http.StatusSeeOther, feedbackPath+"?verzonden=1")
		} else {
			c.Redirect(http.StatusSeeOther, feedbackPath+"/"+strconv.FormatInt(id, 10)+"?opgeslagen=1")
		}
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	return p.showFeedbackRequest(c, formStatus(e), req, raw, e, "")
}

func (p *Pages) showFeedbackRequest(c *gin.Context, status int, req domain.FeedbackRequest, raw map[string]rawAnswer, fail *domain.Error, notice string) error {
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
	page := assessFormPage{
		BasePage: p.base(c, formTitle(title, f)),
		Heading:  title,
		Lead: []string{
			"U bent gevraagd feedback te geven over " + req.RegisseurName + ", regisseur in de Regiepool, als " + req.Group.Names().One + ". Uw feedback helpt de regisseur zich verder te ontwikkelen.",
			"Reageer vóór " + domain.FormatDate(req.Deadline) + ". Met 'Concept opslaan' bewaart u uw antwoorden en kunt u later verder gaan. Met 'Versturen' telt uw feedback mee; daarna kunt u niets meer wijzigen. Om te versturen moet elke vraag beantwoord zijn.",
		},
		Notice: notice, Privacy: anonymityNotice(req.Group, p.App.MinRaters()),
		Action: feedbackPath + "/" + strconv.FormatInt(req.RaterID, 10), AllowDraft: true, SubmitLabel: "Versturen", Form: f,
	}
	p.render(c, status, "assess_form", page)
	return nil
}
