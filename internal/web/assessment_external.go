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

const externalPath = domain.RaterFormPath

// guardLink slows down guessing of links per client address, with the same
// guard as the log-in. Only a request that fails (an unknown, used or
// expired link: 4xx) is charged, so a rater who moves through the steps of
// their form is never slowed down, while every guess costs.
func (p *Pages) guardLink(c *gin.Context) {
	if p.Guard != nil {
		if ok, wait := p.Guard.Open(c.ClientIP()); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			c.Abort()
			p.message(c, http.StatusTooManyRequests, messagePage{Heading: "Even geduld", Kind: "warning",
				Paragraphs: []string{"Er zijn vanaf dit adres te veel pogingen gedaan. Wacht een minuut en probeer het dan opnieuw via de link uit uw uitnodiging."}})
			return
		}
	}
	c.Next()
	if p.Guard != nil && c.Writer.Status() >= 400 && c.Writer.Status() < 500 {
		p.Guard.Charge(c.ClientIP())
	}
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
	ctx := c.Request.Context()
	req, err := p.App.ExternalRequest(ctx, c.Param("token"))
	if err != nil {
		return p.linkFailed(c, err)
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
		notice = "Uw antwoorden zijn opgeslagen. U kunt dit venster sluiten en later verder gaan via dezelfde link, tot en met " +
			domain.FormatDate(req.Deadline) + ". Pas na 'Versturen' telt uw feedback mee."
	}
	return p.showExternalForm(c, http.StatusOK, req, n, rawFromAnswers(req.Draft), nil, notice)
}

// handleExternalAnswer saves the answers of one step as a draft and goes
// to the next or previous step, or sends all answers, once: the store uses
// the token up and deletes the draft in the same transaction. A post
// without a step (the whole form at once) is sent as it is, with the draft.
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
	n, steps, items := readStep(c, ins.Def, family)
	action := c.PostForm("actie")
	raw, answers, fes := readAnswers(c, items)
	if fes = checkAnswers(ins.Def, answers, family, false, fes); len(fes) > 0 {
		return p.showExternalForm(c, http.StatusBadRequest, req, n, mergeRaw(rawFromAnswers(req.Draft), raw), domain.Invalid(fes...), "")
	}
	self := externalPath + token
	if n >= 1 && n <= len(steps) {
		if err := p.App.SaveExternalDraft(ctx, token, itemKeys(items), answers); err != nil {
			if e, ok := domain.AsError(err); ok && e.Code == domain.EInvalid {
				return p.showExternalForm(c, http.StatusBadRequest, req, n, mergeRaw(rawFromAnswers(req.Draft), raw), e, "")
			}
			return p.linkFailed(c, err)
		}
		afterStep(c, self, n, action)
		return nil
	}
	if action == "vorige" {
		c.Redirect(http.StatusSeeOther, self+"?stap="+strconv.Itoa(len(steps)))
		return nil
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
		if n == 0 { // the whole form was posted: show it whole with its errors
			return p.showExternalForm(c, http.StatusBadRequest, req, 0, mergeRaw(rawFromAnswers(req.Draft), raw), e, "")
		}
		return p.showExternalForm(c, http.StatusBadRequest, req, len(steps)+1, rawFromAnswers(req.Draft), e, "")
	}
	return p.linkFailed(c, err)
}

// stepItems are the items of step st, in the form's order.
func stepItems(items []assessment.Item, st formStep) []assessment.Item {
	want := map[string]bool{}
	for _, k := range st.Keys {
		want[k] = true
	}
	var out []assessment.Item
	for _, it := range items {
		if want[it.Key] {
			out = append(out, it)
		}
	}
	return out
}

// mergeRaw is the draft with what was just posted on top.
func mergeRaw(draft, posted map[string]rawAnswer) map[string]rawAnswer {
	for k, v := range posted {
		draft[k] = v
	}
	return draft
}

// showExternalForm shows step n of the external rater's form (0: the whole
// form, after a post of the whole form failed; len(steps)+1: the summary).
func (p *Pages) showExternalForm(c *gin.Context, status int, req domain.FeedbackRequest, n int, raw map[string]rawAnswer, fail *domain.Error, notice string) error {
	ins, err := p.App.Instrument(c.Request.Context(), req.InstrumentID)
	if err != nil {
		return err
	}
	family := req.Group.FamilyForm()
	action := externalPath + c.Param("token")
	f, progress := stepPage(ins.Def, family, n, raw, req.Draft, fail, action)
	title := "Feedback over " + req.RegisseurName
	lead := []string{
		"U bent gevraagd om feedback te geven over " + req.RegisseurName + ". " + req.RegisseurName +
			" is regisseur: hij of zij zorgt dat de hulp aan een gezin goed op elkaar aansluit. Met uw antwoorden kan de regisseur leren wat goed gaat en wat beter kan.",
		"Het invullen duurt ongeveer " + duration(len(formItems(ins.Def, family))) + ". Uw antwoorden worden bij elke stap bewaard: u kunt stoppen en later verder gaan via dezelfde link, tot en met " +
			domain.FormatDate(req.Deadline) + ". Pas met 'Versturen' op de laatste stap telt uw feedback mee. U hoeft niet in te loggen.",
	}
	if n > 1 {
		lead = nil // said on the first step; later steps start with the questions
	}
	heading := title
	if progress != nil {
		heading = title + " – " + progress.StepText
	}
	page := assessFormPage{
		BasePage: p.base(c, formTitle(heading, f)),
		Heading:  title, Lead: lead, Notice: notice, Privacy: anonymityNotice(req.Group, p.App.MinRaters()),
		Action: action, SubmitLabel: "Versturen", Mobile: true, Form: f, Progress: progress,
	}
	if n > 1 {
		page.Privacy = ""
	}
	p.render(c, status, "assess_form", page)
	return nil
}

// duration estimates the time to answer n questions.
func duration(n int) string {
	minutes := max(5, (n+1)/2)
	return strconv.Itoa((minutes+4)/5*5) + " minuten"
}
