package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// A case's page: what was registered, who directs it, the log, and for
// dispatchers the ranked candidates with the forms to assign, hand over and
// close.

type caseShowPage struct {
	BasePage
	// ReassessForm is the re-assessment form (domain.CanReassessCase).
	ReassessForm *form
	Case         caseView
	Notice       string
	Alert        *caseAlert
	Events       []caseEventRow
	// EventsShown says how many of how many events are shown, when the log
	// is longer than the page shows.
	EventsShown string
	// Candidates is the ranking for a waiting case; nil when not shown.
	Candidates  []caseCandidateRow
	ShowRanking bool
	// ShowScores: the actor sees the scores matching derives from
	// assessments (app.Ranking.Scores); dispatchers see the fit in words.
	ShowScores   bool
	AssignAction string
	// OfferAction offers the case to a candidate (offer.go); OfferText
	// says who holds it and until when, ReturnedText why it waits again.
	OfferAction, OfferText, ReturnedText string
	HandoverForm                         *form
	NoHandover                           bool // assigned, but nobody else qualifies now
	CloseForm                            *form
	EventForm                            *form
	// Voice is the family's and the parties' voice (case_voice.go); nil
	// when the actor does not see it.
	Voice *voiceSection
	// PlanForm records a version of the family plan, EvaluationForm an
	// evaluation against the latest plan (EvaluationPlanID, "0" without
	// one); both for those who write the log.
	PlanForm         *form
	EvaluationForm   *form
	EvaluationPlanID string
	// SelfReliance is the change of the family's self-reliance per life
	// domain from intake to the latest measurement.
	SelfReliance selfRelianceTable
}

type caseView struct {
	ID                               int64
	Reference, Municipality, Status  string
	ZaakURL, ZaakIdentificatie, Bron string
	MeetsDefinition                  bool
	DefinitionReason                 string
	Checks                           []caseCheck
	LifeDomains                      []string
	// SelfReliance is the score per scored life domain, in words.
	SelfReliance              []string
	SafetyRisk, Urgency       string
	Hours, Weeks, WeeklyHours string
	// HoursSpent and HoursPercent: the hours logged against the
	// arrangement; HoursAlert says in words when 80 % or 100 % is reached.
	HoursSpent, HoursPercent, HoursAlert string
	HoursOver                            bool
	LeansOn, Organisations               []string
	EarlierHref, EarlierLabel            string
	OutsidePool, OutsideReason           string
	StartsOn, Created                    string
	CloseReason, ClosedAt                string
	// Closure says how the case was closed, a line per point.
	Closure                               []string
	Regisseur                             string
	Handovers                             int
	Waiting, Assigned, Closed, OutsideNow bool
}

type caseCheck struct {
	Label string
	Yes   bool
}

type caseEventRow struct {
	Date, Kind, Details, Recorded string
	// Reason is what a correction corrects, and why, or why a case was
	// handed over.
	Reason string
	// By is who recorded the step, as the viewer may see it.
	By string
}

type caseCandidateRow struct {
	Rank             string
	RegisseurID      int64
	Name, Fit, Score string
	Qualified        bool
	// Competencies are the verdicts on the competencies the case leans
	// on: "Daadkrachtig: voldoet".
	Competencies []string
	Reasons      []string
	Capacity     string
	// Overridable: excluded only for reasons a dispatcher may override
	// with a reason (domain.Overridable); the row offers the form.
	Overridable bool
}

// caseForms are forms shown again after a failed attempt, and the alert of
// an action that did not succeed.
type caseForms struct {
	event, handover, close, reassess *form
	voice                            *form
	plan, evaluation                 *form
	alert                            *caseAlert
}

func (p *Pages) handleCase(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	d, err := p.App.CaseDetail(c.Request.Context(), id)
	if err != nil {
		return err
	}
	p.renderCase(c, http.StatusOK, d, caseForms{}, caseNotice(c, d.Case))
	return nil
}

// caseNotice is the confirmation after a change, named by the query.
func caseNotice(c *gin.Context, k domain.Case) string {
	switch {
	case c.Query("aangemeld") == "1":
		notice := "De casus is aangemeld. "
		if k.MeetsDefinition {
			notice += "Hij voldoet aan de werkdefinitie van een complexe casus."
		} else {
			notice += "Hij voldoet niet aan de werkdefinitie van een complexe casus; de reden om hem toch aan te melden staat hieronder."
		}
		if k.Status == domain.CaseOutside {
			notice += " De casus valt buiten de poolregie: de pool zoekt er geen regisseur voor."
		}
		return notice
	case c.Query("toegewezen") == "1":
		return "De casus is toegewezen aan " + k.RegisseurName + "."
	case c.Query("overgedragen") == "1":
		return "De casus is overgedragen aan " + k.RegisseurName + "."
	case c.Query("aangeboden") == "1" && k.Offer != nil:
		return "De casus is aangeboden aan " + k.Offer.RegisseurName + ". Reageren kan tot " + offerTime(k.Offer.ExpiresAt) + "."
	case c.Query("afgesloten") == "1":
		return "De casus is afgesloten. De regisseur heeft weer ruimte voor een nieuwe casus."
	case c.Query("opgeslagen") == "1":
		return "De gebeurtenis is vastgelegd in het logboek."
	}
	return ""
}

// showCaseAgain reads the case of the path again and shows it with the
// forms of a failed attempt; a case out of scope is a 404.
func (p *Pages) showCaseAgain(c *gin.Context, status int, id int64, forms caseForms) error {
	d, err := p.App.CaseDetail(c.Request.Context(), id)
	if err != nil {
		return err
	}
	p.renderCase(c, status, d, forms, "")
	return nil
}

// caseViewOf is what the page shows of the case itself.
func caseViewOf(d app.CaseDetail) caseView {
	k := d.Case
	v := caseView{ID: k.ID, Reference: k.Reference, Status: labelOr(domain.CaseStatusLabels, k.Status), ZaakURL: k.ZaakURL,
		ZaakIdentificatie: k.ZaakIdentificatie, Bron: k.Bronorganisatie, MeetsDefinition: k.MeetsDefinition,
		DefinitionReason: k.DefinitionReason, SafetyRisk: labelOr(domain.SafetyRiskLabels, k.SafetyRisk), Urgency: domain.UrgencyLabel(k.Urgency),
		Hours: caseHours(k.ArrangementHours), Weeks: strconv.Itoa(k.ExpectedWeeks), WeeklyHours: domain.FormatNumber(k.WeeklyHours(), 1),
		OutsideReason: k.OutsideReason, StartsOn: domain.FormatDate(k.StartsOn), Created: domain.FormatDate(k.CreatedAt),
		Municipality: k.MunicipalityName, Regisseur: k.RegisseurName, Handovers: k.Handovers, Waiting: k.Status == domain.CaseWaiting,
		Assigned: k.Status == domain.CaseAssigned, Closed: k.Status == domain.CaseClosed, OutsideNow: k.Status == domain.CaseOutside}
	v.HoursSpent, v.HoursPercent = caseHours(k.HoursSpent), strconv.Itoa(k.HoursPercent())
	switch k.HoursWarning() {
	case domain.HoursNear:
		v.HoursAlert = fmt.Sprintf("Let op: %d %% van het regiearrangement is besteed (%s van %s uur).", k.HoursPercent(), v.HoursSpent, v.Hours)
	case domain.HoursOver:
		v.HoursAlert = fmt.Sprintf("Het regiearrangement is op: %s van %s uur besteed (%d %%).", v.HoursSpent, v.Hours, k.HoursPercent())
		v.HoursOver = true
	}
	if k.OutsidePool != "" {
		v.OutsidePool = labelOr(domain.OutsidePoolLabels, k.OutsidePool)
	}
	if k.CloseReason != "" {
		v.CloseReason = labelOr(domain.CloseReasonLabels, k.CloseReason)
	}
	if k.ClosedAt != nil {
		v.ClosedAt = domain.FormatDate(*k.ClosedAt)
	}
	v.Closure = k.Closure.Describe(func(id int64) string { return d.OrganisationNames[id] })
	checks := map[string]bool{"parentsStruggle": k.ParentsStruggle, "severalDomains": k.SeveralDomains,
		"severalProfessionals": k.SeveralProfessionals, "highRisk": k.HighRisk}
	for _, c := range caseDefinitionChecks {
		v.Checks = append(v.Checks, caseCheck{Label: c.label, Yes: checks[c.name]})
	}
	for _, ld := range domain.LifeDomains {
		if slices.Contains(k.LifeDomains, ld) {
			v.LifeDomains = append(v.LifeDomains, domain.LifeDomainLabels[ld])
		}
	}
	for _, ld := range domain.LifeDomains {
		if n, ok := k.SelfReliance[ld]; ok {
			v.SelfReliance = append(v.SelfReliance, domain.LifeDomainLabels[ld]+": "+domain.SelfRelianceLabels[n])
		}
	}
	for _, key := range k.LeansOn {
		v.LeansOn = append(v.LeansOn, labelOr(d.CompetencyNames, key))
	}
	known, others := namesOf(k.InvolvedOrganisationIDs, d.OrganisationNames)
	v.Organisations = known
	if others > 0 {
		v.Organisations = append(v.Organisations, fmt.Sprintf("%d andere", others))
	}
	switch {
	case d.Earlier != nil:
		v.EarlierHref, v.EarlierLabel = casePath(d.Earlier.ID), d.Earlier.Reference
		if d.Earlier.RegisseurName != "" {
			v.EarlierLabel += " (regisseur: " + d.Earlier.RegisseurName + ")"
		}
	case d.EarlierHidden:
		v.EarlierLabel = "Ja, een casus die u niet kunt inzien"
	}
	return v
}

// renderCase shows a case: for dispatchers with the ranking (waiting) or
// the handover form (assigned) and the close form, for everyone who may
// write to its log (domain.EventKindsFor) with the log form. forms holds
// the forms of a failed attempt.
func (p *Pages) renderCase(c *gin.Context, status int, d app.CaseDetail, forms caseForms, notice string) {
	a := domain.ActorFrom(c.Request.Context())
	k := d.Case
	page := caseShowPage{Notice: notice, Alert: forms.alert, AssignAction: casePath(k.ID) + "/toewijzen",
		Case: caseViewOf(d), Events: caseTimelineRows(d.Timeline, d.OrganisationNames), EventsShown: shownOf(len(d.Timeline), d.TimelineTotal, "regels")}
	orgs := caseStepOrgs(k.InvolvedOrganisationIDs, d.OrganisationNames)
	if kinds := domain.EventKindsFor(a, k); len(kinds) > 0 {
		// The plan and the evaluation have their own forms.
		kinds = slices.DeleteFunc(kinds, func(x string) bool { return domain.IsPlan(x) || x == domain.EventEvaluation })
		page.EventForm = forms.event
		if page.EventForm == nil {
			f := caseEventForm(k.ID, kinds, caseEventInput{OccurredOn: time.Now().Format(isoDay)}, orgs)
			page.EventForm = &f
		}
	}
	if domain.CheckCaseLog(a, k, domain.EventPlanMade) == nil {
		today := url.Values{"planOn": {time.Now().Format(isoDay)}, "evalOn": {time.Now().Format(isoDay)}}
		page.PlanForm, page.EvaluationForm = forms.plan, forms.evaluation
		if page.PlanForm == nil {
			f := casePlanForm(k.ID, today, orgs, d.LatestPlan != nil)
			page.PlanForm = &f
		}
		if page.EvaluationForm == nil {
			f := caseEvaluationForm(k.ID, today, orgs, d.LatestPlan, k.SelfReliance)
			page.EvaluationForm = &f
		}
		page.EvaluationPlanID = "0"
		if d.LatestPlan != nil {
			page.EvaluationPlanID = strconv.FormatInt(d.LatestPlan.ID, 10)
		}
	}
	page.SelfReliance = selfRelianceTableOf(d.SelfReliance)
	if domain.CanReassessCase(a, k) {
		page.ReassessForm = forms.reassess
		if page.ReassessForm == nil {
			f := caseReassessForm(k.ID, k)
			page.ReassessForm = &f
		}
	}
	dispatch := domain.CanDispatchCases(a)
	if dispatch {
		page.OfferText, page.ReturnedText = caseOfferText(k)
	}
	switch {
	case dispatch && k.Status == domain.CaseWaiting && k.Offer != nil:
		// The offer holds the case: nothing to assign until it is answered.
	case dispatch && k.Status == domain.CaseWaiting:
		page.OfferAction = casePath(k.ID) + "/aanbieden"
		page.ShowRanking, page.ShowScores = true, d.Ranking.Scores
		page.Candidates = caseCandidateRows(d.Ranking.Candidates)
	case dispatch && k.Status == domain.CaseAssigned:
		page.HandoverForm = forms.handover
		if others := d.HandoverCandidates(); page.HandoverForm == nil && len(others) > 0 {
			f := caseHandoverForm(k.ID, others, caseHandoverInput{})
			page.HandoverForm = &f
		}
		page.NoHandover = page.HandoverForm == nil
	}
	if dispatch && k.Status != domain.CaseClosed {
		page.CloseForm = forms.close
		if page.CloseForm == nil {
			f := caseCloseForm(k.ID, nil, orgs, k.SelfReliance)
			page.CloseForm = &f
		}
	}

	page.Voice = voiceSectionOf(a, d, forms.voice)

	title := "Casus " + k.Reference
	failed := page.Alert != nil
	for _, f := range []*form{page.EventForm, page.HandoverForm, page.CloseForm, page.ReassessForm, page.PlanForm, page.EvaluationForm, forms.voice} {
		failed = failed || (f != nil && f.Failed())
	}
	if failed {
		title = "Fout: " + title
	}
	page.BasePage = p.base(c, title)
	p.render(c, status, "case_show", page)
}

// caseCandidateRows numbers the qualified candidates in the engine's order;
// excluded members keep their place without a number. A score is shown
// only when the use case gave it.
func caseCandidateRows(cands []app.CandidateView) []caseCandidateRow {
	rows := make([]caseCandidateRow, 0, len(cands))
	n := 0
	for _, x := range cands {
		row := caseCandidateRow{RegisseurID: x.RegisseurID, Name: x.Name, Fit: domain.FitLabels[x.Fit], Qualified: x.Qualified,
			Reasons: x.Reasons, Capacity: caseCapacityText(x.Capacity)}
		if x.Scores != nil {
			row.Score = caseScore(x.Scores.Score)
		}
		for _, f := range x.Competencies {
			row.Competencies = append(row.Competencies, f.Name+": "+domain.CompetencyFitLabels[f.Fit])
		}
		if x.Qualified {
			n++
			row.Rank = strconv.Itoa(n)
		} else {
			row.Overridable = len(x.ReasonCodes) > 0 && !slices.ContainsFunc(x.ReasonCodes, func(code string) bool { return !domain.Overridable(code) })
		}
		rows = append(rows, row)
	}
	return rows
}
