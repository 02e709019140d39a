package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// The development plan: a regisseur's goals with their history and the
// scores of their competency per closed round. The regisseur reads their
// own plan; coaches and admins also see the evidence beside each goal and
// add and update goals.

// goalStatuses and goalBases are the choices in the order the forms offer them.
var (
	goalStatuses = []string{domain.GoalOpen, domain.GoalInProgress, domain.GoalAchieved, domain.GoalDropped}
	goalBases    = []string{"below_norm", "blind_spot", "pitfall", "other"}
)

type planPage struct {
	BasePage
	// ReportURL links the development report (PDF).
	ReportURL       string
	Heading         string
	Name            string
	Own             bool
	Notice          string
	CanCoach        bool
	RegisseurID     int64
	DevelopmentHref string
	ReflectionsHref string
	Goals           []goalView
	GoalForm        *form
	// Problems holds the errors of a status form whose goal is not on
	// this plan.
	Problems form
	Failed   []*form // failed forms, for the error summary
}

type goalView struct {
	ID          string // the anchor of the goal
	Competency  string
	Basis       string
	Description string
	Actions     []string
	TargetDate  string
	Status      string
	Overdue     bool
	History     []goalChangeView
	Trend       []goalTrendCell
	Evidence    *goalEvidence // coaches and admins only
	StatusForm  *form
}

type goalChangeView struct{ When, From, To, Note, Who string }

type goalTrendCell struct{ Round, Others, Self string }

// goalEvidence is what the coach weighs beside a goal.
type goalEvidence struct {
	Norm         string // "" without a norm
	Others       string // "3,50 (4 beoordelaars)"; "" without a score of others in the latest round
	HasRound     bool
	PreSelection bool // a pre-selection is visible
	Pitfalls     []string
}

// planState is a form of the plan page that failed.
type planState struct {
	goal         *form
	statusGoalID int64
	status       goalStatusInput
	statusErrs   []domain.FieldError
}

type goalStatusInput struct{ To, Note string }

func statusName(goalID int64) string { return "status-" + strconv.FormatInt(goalID, 10) }

func noteName(goalID int64) string { return "note-" + strconv.FormatInt(goalID, 10) }

func goalStatusForm(g domain.DevelopmentGoal, in goalStatusInput, competency string) form {
	f := form{Action: goalPath(g.ID), summary: map[string]string{}}
	to := formField{Name: statusName(g.ID), Label: "Nieuwe status", Kind: "select"}
	to.Options = append(to.Options, formOption{Value: "", Label: "Kies een nieuwe status", Checked: in.To == ""})
	for _, s := range goalStatuses {
		if s != g.Status {
			to.Options = append(to.Options, formOption{Value: s, Label: domain.GoalStatusLabels[s], Checked: in.To == s})
		}
	}
	f.Fields = append(f.Fields, to, formField{Name: noteName(g.ID), Label: "Toelichting", Kind: "textarea", Value: in.Note, Optional: true,
		Description: "Komt in de statusgeschiedenis. Hoogstens 2000 tekens."})
	f.summary[statusName(g.ID)] = "Nieuwe status van het doel over " + competency
	f.summary[noteName(g.ID)] = "Toelichting bij het doel over " + competency
	return f
}

type goalInput struct {
	CompetencyKey, Basis, Description, Actions, TargetDate string
}

func goalForm(regisseurID int64, in goalInput, comps coachCompetencies) form {
	f := form{Action: planPath(regisseurID)}
	basis := formField{Name: "basis", Label: "Aanleiding", Kind: "select"}
	basis.Options = append(basis.Options, formOption{Value: "", Label: "Kies een aanleiding", Checked: in.Basis == ""})
	for _, b := range goalBases {
		basis.Options = append(basis.Options, formOption{Value: b, Label: domain.GoalBasisLabels[b], Checked: in.Basis == b})
	}
	f.Fields = append(f.Fields,
		comps.selectField("competencyKey", "Competentie", in.CompetencyKey),
		basis,
		formField{Name: "description", Label: "Doel", Kind: "textarea", Value: in.Description, Required: true,
			Description: "Wat de regisseur wil bereiken, zo concreet mogelijk. Hoogstens 2000 tekens."},
		formField{Name: "actions", Label: "Acties", Kind: "textarea", Value: in.Actions, Optional: true,
			Description: "Eén actie per regel, hoogstens 20."},
		formField{Name: "targetDate", Label: "Streefdatum", Kind: "date", Value: in.TargetDate, Required: true},
	)
	return f
}

func (p *Pages) handlePlan(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	notice := ""
	if c.Query("opgeslagen") == "1" {
		notice = "Het ontwikkelplan is bijgewerkt."
	}
	p.showPlan(c, http.StatusOK, id, planState{}, notice)
}

func (p *Pages) showPlan(c *gin.Context, status int, id int64, st planState, notice string) {
	ctx := c.Request.Context()
	a := domain.ActorFrom(ctx)
	reg, err := p.DB.FindRegisseurByID(ctx, id)
	if err != nil {
		p.storeFailed(c, "find regisseur", err)
		return
	}
	goals, err := p.DB.FindDevelopmentGoals(ctx, id)
	if err != nil {
		p.storeFailed(c, "find development goals", err)
		return
	}
	data, err := p.DB.FindAssessmentData(ctx, id)
	if err != nil {
		p.storeFailed(c, "assessment data", err)
		return
	}
	rep := data.Report(p.minRaters())
	comps, err := p.loadCompetencies(ctx)
	if err != nil {
		p.adminInternalError(c, "find instruments", err)
		return
	}
	page := planPage{Name: reg.Name, Notice: notice, RegisseurID: id, CanCoach: a.Can(domain.PermCoach),
		Own: a.RegisseurID != nil && *a.RegisseurID == id}
	page.Heading = "Ontwikkelplan van " + reg.Name
	page.ReportURL = "/regisseurs/" + strconv.FormatInt(id, 10) + "/ontwikkelrapport"
	if page.Own {
		page.Heading = "Mijn ontwikkelplan"
	}
	if a.Can(domain.PermManageFeedback) {
		page.DevelopmentHref = developmentPath(id)
	}
	if a.Has(domain.RoleCoach) && page.CanCoach {
		page.ReflectionsHref = sharedReflectionsPath(id)
	}

	var pre *domain.PreSelection
	if page.CanCoach {
		members, err := p.membershipsByRegisseur(ctx)
		if err != nil {
			p.adminInternalError(c, "find pool members", err)
			return
		}
		if m, ok := members[id]; ok {
			if pre, err = p.preSelectionOf(ctx, m.ID); err != nil {
				p.adminInternalError(c, "find pre-selection", err)
				return
			}
		}
	}

	today := time.Now().Format(isoDay)
	statusShown := false
	for _, g := range goals {
		name := comps.name(g.CompetencyKey)
		v := goalView{ID: "doel-" + strconv.FormatInt(g.ID, 10), Competency: name, Basis: domain.GoalBasisLabels[g.Basis],
			Description: g.Description, Actions: g.Actions, TargetDate: day(g.TargetDate), Status: domain.GoalStatusLabels[g.Status],
			Overdue: (g.Status == domain.GoalOpen || g.Status == domain.GoalInProgress) && g.TargetDate.Format(isoDay) < today,
			Trend:   goalTrend(rep, g.CompetencyKey)}
		for _, h := range g.History {
			row := goalChangeView{When: h.At.Local().Format("02-01-2006 15:04"), From: "Nieuw", To: domain.GoalStatusLabels[h.To], Note: h.Note, Who: "Regiepool"}
			if h.From != nil {
				row.From = domain.GoalStatusLabels[*h.From]
			}
			if h.Actor != nil && *h.Actor != "" {
				row.Who = *h.Actor
			}
			v.History = append(v.History, row)
		}
		if page.CanCoach {
			v.Evidence = goalEvidenceOf(rep, comps, g.CompetencyKey, pre)
			var f form
			if g.ID == st.statusGoalID {
				f = goalStatusForm(g, st.status, name)
				f.addErrors(st.statusErrs...)
				statusShown = true
				page.Failed = append(page.Failed, &f)
			} else {
				f = goalStatusForm(g, goalStatusInput{}, name)
			}
			v.StatusForm = &f
		}
		page.Goals = append(page.Goals, v)
	}
	if st.statusGoalID != 0 && !statusShown {
		for _, fe := range st.statusErrs {
			page.Problems.Errors = append(page.Problems.Errors, formError{Text: fe.Reason})
		}
	}
	if page.CanCoach {
		if st.goal != nil {
			page.GoalForm = st.goal
			page.Failed = append(page.Failed, st.goal)
		} else {
			f := goalForm(id, goalInput{}, comps)
			page.GoalForm = &f
		}
	}
	title := page.Heading
	failed := page.Problems.Failed()
	for _, f := range page.Failed {
		failed = failed || f.Failed()
	}
	if failed {
		title = "Fout: " + title
	}
	page.BasePage = p.base(c, title)
	p.render(c, status, "coach_plan", page)
}

// goalTrend is the competency's self and others' score in each closed round.
func goalTrend(rep assessment.Report, key string) []goalTrendCell {
	var out []goalTrendCell
	for _, t := range rep.Trend {
		cell := goalTrendCell{Round: t.ClosedOn, Others: "geen", Self: "geen"}
		if d, err := time.Parse(isoDay, t.ClosedOn); err == nil {
			cell.Round = day(d)
		}
		if s, ok := t.Items[key]; ok {
			if s.Others != nil {
				cell.Others = decimal(*s.Others)
			}
			if s.Self != nil {
				cell.Self = strconv.Itoa(*s.Self)
			}
		}
		out = append(out, cell)
	}
	return out
}

// goalEvidenceOf is the norm and latest score of others of the competency,
// with the pitfalls of the pre-selection when one is visible.
func goalEvidenceOf(rep assessment.Report, comps coachCompetencies, key string, pre *domain.PreSelection) *goalEvidence {
	ev := &goalEvidence{HasRound: rep.RoundID != nil}
	if it, ok := comps.item(key); ok && it.Norm != nil {
		ev.Norm = strconv.Itoa(*it.Norm)
	}
	for _, it := range rep.Items {
		if it.Key != key {
			continue
		}
		if ev.Norm == "" && it.Norm != nil {
			ev.Norm = strconv.Itoa(*it.Norm)
		}
		if rep.RoundID != nil && it.Others != nil {
			ev.Others = decimal(it.Others.Mean) + " (" + beoordelaars(it.Others.N) + ")"
		}
	}
	if pre != nil && !pre.OutcomeOnly {
		ev.PreSelection, ev.Pitfalls = true, pre.Pitfalls
	}
	return ev
}

// handleGoalCreate adds a goal to the plan of the regisseur of the path.
func (p *Pages) handleGoalCreate(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	comps, err := p.loadCompetencies(ctx)
	if err != nil {
		p.adminInternalError(c, "find instruments", err)
		return
	}
	in := goalInput{CompetencyKey: c.PostForm("competencyKey"), Basis: c.PostForm("basis"), Description: c.PostForm("description"),
		Actions: c.PostForm("actions"), TargetDate: strings.TrimSpace(c.PostForm("targetDate"))}
	g := domain.DevelopmentGoal{RegisseurID: id, CompetencyKey: in.CompetencyKey, Basis: in.Basis, Description: in.Description,
		Actions: poolSplitLines(in.Actions), Status: domain.GoalOpen}
	var fes []domain.FieldError
	if in.CompetencyKey != "" {
		if _, ok := comps.names[in.CompetencyKey]; !ok {
			fes = append(fes, domain.FieldError{Name: "competencyKey", Code: "oneof", Reason: "Kies een competentie uit de lijst."})
		}
	}
	dateOK := in.TargetDate == ""
	if t, ok := parseDeadlineDay(in.TargetDate); ok {
		g.TargetDate, dateOK = t, true
	}
	if !dateOK {
		fes = append(fes, domain.FieldError{Name: "targetDate", Code: "date", Reason: "Vul een datum in, bijvoorbeeld " + time.Now().AddDate(0, 3, 0).Format(dayFormat) + "."})
	}
	if err := g.Validate(); err != nil {
		if e, ok := domain.AsError(err); ok {
			for _, fe := range e.Fields {
				if fe.Name != "targetDate" || dateOK {
					fes = append(fes, fe)
				}
			}
		}
	}
	if len(fes) > 0 {
		f := goalForm(id, in, comps)
		f.addErrors(dedupeFieldErrors(fes)...)
		p.showPlan(c, http.StatusBadRequest, id, planState{goal: &f}, "")
		return
	}
	err = p.DB.CreateDevelopmentGoal(ctx, &g)
	if err == nil {
		c.Redirect(http.StatusSeeOther, planPath(id)+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "create development goal")
	if e == nil {
		return
	}
	f := goalForm(id, in, comps)
	f.fail(e)
	p.showPlan(c, formStatus(e), id, planState{goal: &f}, "")
}

// handleGoalUpdate changes a goal's status, with a note for its history.
// The form names the regisseur, to show the plan again after an error.
func (p *Pages) handleGoalUpdate(c *gin.Context) {
	id, ok := p.pathID(c)
	if !ok {
		return
	}
	in := goalStatusInput{To: c.PostForm(statusName(id)), Note: c.PostForm(noteName(id))}
	var fes []domain.FieldError
	if _, ok := domain.GoalStatusLabels[in.To]; !ok {
		fes = append(fes, domain.FieldError{Name: statusName(id), Code: "oneof", Reason: "Kies een nieuwe status."})
	}
	note := strings.TrimSpace(in.Note)
	if len([]rune(note)) > 2000 {
		fes = append(fes, domain.FieldError{Name: noteName(id), Code: "max", Reason: "De toelichting is te lang (hoogstens 2000 tekens)."})
	}
	regisseurID, known := formID(c, "regisseurId")
	if len(fes) > 0 {
		if !known {
			p.refused(c, http.StatusBadRequest, "Kies een nieuwe status voor het doel.")
			return
		}
		p.showPlan(c, http.StatusBadRequest, regisseurID, planState{statusGoalID: id, status: in, statusErrs: fes}, "")
		return
	}
	g, err := p.DB.UpdateDevelopmentGoal(c.Request.Context(), id, domain.GoalUpdate{Status: &in.To, Note: note})
	if err == nil {
		c.Redirect(http.StatusSeeOther, planPath(g.RegisseurID)+"?opgeslagen=1")
		return
	}
	e := p.adminStoreError(c, err, "update development goal")
	if e == nil {
		return
	}
	if g.RegisseurID != 0 {
		regisseurID, known = g.RegisseurID, true
	}
	if !known {
		p.refused(c, http.StatusBadRequest, e.Message)
		return
	}
	st := planState{statusGoalID: id, status: in}
	for _, fe := range e.Fields {
		name := statusName(id)
		if fe.Name == "note" {
			name = noteName(id)
		}
		st.statusErrs = append(st.statusErrs, domain.FieldError{Name: name, Code: fe.Code, Reason: fe.Reason})
	}
	if len(e.Fields) == 0 {
		st.statusErrs = append(st.statusErrs, domain.FieldError{Name: statusName(id), Code: e.Code, Reason: e.Message})
	}
	p.showPlan(c, formStatus(e), regisseurID, st, "")
}
