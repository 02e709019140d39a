package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

const (
	selfPath      = "/zelfbeoordeling"
	myResultsPath = "/mijn-resultaten"
)

const selfCommentHint = "Bijvoorbeeld een situatie uit uw werk waarin u dit liet zien, of wat u nog wilt leren."

// handleSelfAssessment shows the regisseur's draft self-assessment; the store
// starts one when there is none.
func (p *Pages) handleSelfAssessment(c *gin.Context) error {
	rid, ok := p.ownRegisseur(c)
	if !ok {
		return nil
	}
	draft, err := p.App.DraftSelfAssessment(c.Request.Context(), rid)
	if err != nil {
		return p.selfFailed(c, err)
	}
	notice := ""
	if c.Query("opgeslagen") == "1" {
		notice = "Uw concept is opgeslagen. U kunt later verder gaan waar u gebleven was."
	}
	return p.showSelfAssessment(c, http.StatusOK, rid, draft, rawFromAnswers(draft.Answers), nil, notice)
}

// handleSelfAssessmentSave saves the posted answers as a draft or submits
// them, or shows the form again with the input and what is wrong.
func (p *Pages) handleSelfAssessmentSave(c *gin.Context) error {
	rid, ok := p.ownRegisseur(c)
	if !ok {
		return nil
	}
	ctx := c.Request.Context()
	// The current draft gives the questionnaire to read the answers with and
	// to show again; the form posts the id it was filled in on.
	draft, err := p.App.DraftSelfAssessment(ctx, rid)
	if err != nil {
		return p.selfFailed(c, err)
	}
	id := draft.ID
	if s := c.PostForm("id"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return notFound()
		}
		id = n
	}
	ins, err := p.App.Instrument(ctx, draft.InstrumentID)
	if err != nil {
		return err
	}
	submit := c.PostForm("actie") == "indienen"
	raw, answers, fes := readAnswers(c, formItems(ins.Def, false))
	if fes = checkAnswers(ins.Def, answers, false, submit, fes); len(fes) > 0 {
		return p.showSelfAssessment(c, http.StatusBadRequest, rid, draft, raw, domain.Invalid(fes...), "")
	}
	_, err = p.App.SaveSelfAssessment(ctx, id, answers, submit)
	if err == nil {
		if submit {
			c.Redirect(http.StatusSeeOther, myResultsPath+"?ingediend=1")
		} else {
			c.Redirect(http.StatusSeeOther, selfPath+"?opgeslagen=1")
		}
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	// A conflict: this one was submitted already (another tab). The form
	// shows the input again on the current draft.
	return p.showSelfAssessment(c, formStatus(e), rid, draft, raw, e, "")
}

// selfFailed answers an error of starting the draft: a conflict means no
// instrument is loaded.
func (p *Pages) selfFailed(c *gin.Context, err error) error {
	if e, ok := domain.AsError(err); ok && e.Code == domain.EConflict {
		p.message(c, http.StatusConflict, messagePage{Heading: "Zelfbeoordeling nog niet beschikbaar", Kind: "warning",
			Paragraphs: []string{e.Message, "Probeer het later opnieuw of neem contact op met de functioneel beheerder."}})
		return nil
	}
	return err
}

func (p *Pages) showSelfAssessment(c *gin.Context, status int, rid int64, draft domain.SelfAssessment, raw map[string]rawAnswer, fail *domain.Error, notice string) error {
	ctx := c.Request.Context()
	ins, err := p.App.Instrument(ctx, draft.InstrumentID)
	if err != nil {
		return err
	}
	all, _, err := p.App.SelfAssessments(ctx, rid, app.FirstRows)
	if err != nil {
		return err
	}
	f := newAssessForm(ins.Def, false, raw, selfCommentHint)
	if fail != nil {
		f.fail(fail)
	}
	page := assessFormPage{
		Heading: "Zelfbeoordeling",
		Lead: []string{
			ins.Def.Title + ". Geef bij elk onderdeel aan hoe vaak en hoe goed u het beschreven gedrag laat zien in uw werk met gezinnen en partners. Kunt u iets niet beoordelen, kies dan '" + ins.Def.Scale.NotApplicable + "'.",
			"Met 'Concept opslaan' bewaart u wat u tot nu toe heeft ingevuld; u kunt later verder gaan. Met 'Indienen' legt u de zelfbeoordeling vast: daarna kan zij niet meer worden gewijzigd. Om in te dienen moet elk onderdeel beantwoord zijn.",
		},
		Notice: notice, Action: selfPath, HiddenID: strconv.FormatInt(draft.ID, 10),
		AllowDraft: true, SubmitLabel: "Indienen", Form: f,
		Privacy: "Uw zelfbeoordeling is zichtbaar voor uzelf, uw begeleider en de functioneel beheerder, en pas nadat u haar heeft ingediend.",
	}
	for _, s := range all {
		if s.Status == domain.StatusSubmitted && s.SubmittedAt != nil {
			page.Info = append(page.Info, "Uw vorige zelfbeoordeling heeft u ingediend op "+domain.FormatDate(*s.SubmittedAt)+
				". Die blijft bewaard en telt mee in uw resultaten. Hieronder kunt u een nieuwe zelfbeoordeling invullen.")
			break
		}
	}
	if !draft.UpdatedAt.IsZero() && len(draft.Answers) > 0 {
		page.Info = append(page.Info, "Dit concept is voor het laatst opgeslagen op "+domain.FormatDate(draft.UpdatedAt)+".")
	}
	page.BasePage = p.base(c, formTitle("Zelfbeoordeling", f))
	p.render(c, status, "assess_form", page)
	return nil
}

// resultsPage shows a regisseur's results, to themself or to a coach.
type resultsPage struct {
	BasePage
	// ProposeError is a refused round proposal, shown above its form.
	ProposeError string
	// ReportURL links the development report (PDF).
	ReportURL string
	Heading   string
	Notice    string
	Results   resultsView
}

func (p *Pages) handleMyResults(c *gin.Context) error {
	rid, ok := p.ownRegisseur(c)
	if !ok {
		return nil
	}
	rep, err := p.App.AssessmentReport(c.Request.Context(), rid)
	if err != nil {
		return err
	}
	page := resultsPage{BasePage: p.base(c, "Mijn resultaten"), Heading: "Mijn resultaten",
		Results: newResultsView(rep, true), ReportURL: developmentReportPath(rid)}
	if c.Query("ingediend") == "1" {
		page.Notice = "Uw zelfbeoordeling is ingediend. Hieronder ziet u uw resultaten."
	}
	if c.Query("voorgesteld") == "1" {
		page.Notice = "Uw voorstel voor een feedbackronde is verstuurd. Zodra uw begeleider het goedkeurt, gaat de ronde open."
	}
	page.ProposeError = c.Query("voorstelfout")
	p.render(c, http.StatusOK, "assess_results", page)
	return nil
}
