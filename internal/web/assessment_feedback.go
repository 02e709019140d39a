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

// handleFeedbackRequest shows the form of one invitation at a step (where
// the rater left off, unless ?stap= says), with its draft.
func (p *Pages) handleFeedbackRequest(c *gin.Context) error {
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
	steps := formSteps(ins.Def, req.Group.FamilyForm())
	n := parseStep(c.Query("stap"), steps)
	if n == 0 {
		n = firstOpenStep(steps, req.Draft)
	}
	notice := ""
	if c.Query("opgeslagen") == "1" {
		notice = "Uw antwoorden zijn als concept opgeslagen. U kunt later verder gaan; pas na 'Versturen' telt uw feedback mee."
	}
	return p.showFeedbackRequest(c, http.StatusOK, req, n, rawFromAnswers(req.Draft), nil, notice)
}

// handleFeedbackAnswer saves one step of an internal rater's answers into
// their draft and goes on, or sends the draft from the last step. A post
// of the whole form (no step) saves it as the draft or sends it, as it is.
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
	n, steps, items := readStep(c, ins.Def, family)
	action := c.PostForm("actie")
	self := feedbackPath + "/" + strconv.FormatInt(id, 10)
	submit := action == "indienen"
	raw, answers, fes := readAnswers(c, items)
	switch {
	case n >= 1 && n <= len(steps):
		submit = false
	case n > len(steps): // the summary: go back, or send the draft
		if action == "vorige" {
			c.Redirect(http.StatusSeeOther, self+"?stap="+strconv.Itoa(len(steps)))
			return nil
		}
		raw, answers, fes, submit = rawFromAnswers(req.Draft), req.Draft, nil, true
	}
	if fes = checkAnswers(ins.Def, answers, family, submit && n == 0, fes); len(fes) > 0 {
		return p.showFeedbackRequest(c, http.StatusBadRequest, req, n, mergeRaw(rawFromAnswers(req.Draft), raw), domain.Invalid(fes...), "")
	}
	if n >= 1 && n <= len(steps) {
		err = p.App.SaveFeedbackStep(ctx, id, itemKeys(items), answers)
	} else {
		err = p.App.AnswerFeedbackRequest(ctx, id, answers, submit)
	}
	if err == nil {
		switch {
		case submit:
			c.Redirect(http.StatusSeeOther, feedbackPath+"?verzonden=1")
		case n >= 1:
			afterStep(c, self, n, action)
		default:
			c.Redirect(http.StatusSeeOther, self+"?opgeslagen=1")
		}
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	return p.showFeedbackRequest(c, formStatus(e), req, n, mergeRaw(rawFromAnswers(req.Draft), raw), e, "")
}

// showFeedbackRequest shows step n of an internal rater's form (0: the
// whole form, after a post of the whole form failed).
func (p *Pages) showFeedbackRequest(c *gin.Context, status int, req domain.FeedbackRequest, n int, raw map[string]rawAnswer, fail *domain.Error, notice string) error {
	ins, err := p.App.Instrument(c.Request.Context(), req.InstrumentID)
	if err != nil {
		return err
	}
	action := feedbackPath + "/" + strconv.FormatInt(req.RaterID, 10)
	f, progress := stepPage(ins.Def, req.Group.FamilyForm(), n, raw, req.Draft, fail, action)
	title := "Feedback over " + req.RegisseurName
	page := assessFormPage{
		BasePage: p.base(c, formTitle(title, f)),
		Heading:  title,
		Lead: []string{
			"U bent gevraagd feedback te geven over " + req.RegisseurName + ", regisseur in de Regiepool, als " + req.Group.Names().One + ". Uw feedback helpt de regisseur zich verder te ontwikkelen.",
			"Reageer vóór " + domain.FormatDate(req.Deadline) + ". Uw antwoorden worden bij elke stap als concept bewaard; u kunt stoppen en later verder gaan. Met 'Versturen' op de laatste stap telt uw feedback mee; daarna kunt u niets meer wijzigen. Om te versturen moet elke vraag beantwoord zijn.",
		},
		Notice: notice, Privacy: anonymityNotice(req.Group, p.App.MinRaters()),
		Action: action, AllowDraft: true, SubmitLabel: "Versturen", Form: f, Progress: progress,
	}
	if n > 1 {
		page.Lead, page.Privacy = nil, ""
	}
	p.render(c, status, "assess_form", page)
	return nil
}
