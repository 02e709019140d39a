package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The forms of the development plan: a coach adds a goal, and changes a
// goal's status with a note for its history.

type goalStatusInput struct{ To, Note string }

func statusName(goalID int64) string { return "status-" + strconv.FormatInt(goalID, 10) }

func noteName(goalID int64) string { return "note-" + strconv.FormatInt(goalID, 10) }

func goalStatusForm(g domain.DevelopmentGoal, in goalStatusInput, competency string) form {
	f := form{Action: goalPath(g.ID), summary: map[string]string{}}
	to := formField{Name: statusName(g.ID), Label: "Nieuwe status", Kind: "select"}
	to.Options = append(to.Options, formOption{Value: "", Label: "Kies een nieuwe status", Checked: in.To == ""})
	for _, s := range domain.GoalStatuses {
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

func goalForm(regisseurID int64, in goalInput, comps app.Competencies) form {
	f := form{Action: planPath(regisseurID)}
	basis := formField{Name: "basis", Label: "Aanleiding", Kind: "select"}
	basis.Options = append(basis.Options, formOption{Value: "", Label: "Kies een aanleiding", Checked: in.Basis == ""})
	for _, b := range domain.GoalBases {
		basis.Options = append(basis.Options, formOption{Value: b, Label: domain.GoalBasisLabels[b], Checked: in.Basis == b})
	}
	f.Fields = append(f.Fields,
		competencySelect(comps, "competencyKey", "Competentie", in.CompetencyKey),
		basis,
		formField{Name: "description", Label: "Doel", Kind: "textarea", Value: in.Description, Required: true,
			Description: "Wat de regisseur wil bereiken, zo concreet mogelijk. Hoogstens 2000 tekens."},
		formField{Name: "actions", Label: "Acties", Kind: "textarea", Value: in.Actions, Optional: true,
			Description: "Eén actie per regel, hoogstens 20."},
		formField{Name: "targetDate", Label: "Streefdatum", Kind: "date", Value: in.TargetDate, Required: true},
	)
	return f
}

// readGoal reads the form into a goal; the errors are those of what could
// not be read, then those of the goal's own checks.
func readGoal(regisseurID int64, in goalInput, comps app.Competencies) (domain.DevelopmentGoal, []domain.FieldError) {
	g := domain.DevelopmentGoal{RegisseurID: regisseurID, CompetencyKey: in.CompetencyKey, Basis: in.Basis, Description: in.Description,
		Actions: poolSplitLines(in.Actions), Status: domain.GoalOpen}
	var fes []domain.FieldError
	if in.CompetencyKey != "" {
		if _, ok := comps.Find(in.CompetencyKey); !ok {
			fes = append(fes, domain.FieldError{Name: "competencyKey", Code: "oneof", Reason: "Kies een competentie uit de lijst."})
		}
	}
	dateOK := in.TargetDate == ""
	if t, ok := parseDay(in.TargetDate); ok {
		g.TargetDate, dateOK = t, true
	}
	if !dateOK {
		fes = append(fes, domain.FieldError{Name: "targetDate", Code: "date", Reason: "Vul een datum in, bijvoorbeeld " + domain.FormatDate(time.Now().AddDate(0, 3, 0)) + "."})
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
	return g, dedupeFieldErrors(fes)
}

// handleGoalCreate adds a goal to the plan of the regisseur of the path.
func (p *Pages) handleGoalCreate(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	comps, err := p.App.CompetencyProfile(ctx)
	if err != nil {
		return err
	}
	in := goalInput{CompetencyKey: c.PostForm("competencyKey"), Basis: c.PostForm("basis"), Description: c.PostForm("description"),
		Actions: c.PostForm("actions"), TargetDate: strings.TrimSpace(c.PostForm("targetDate"))}
	g, fes := readGoal(id, in, comps)
	if len(fes) > 0 {
		f := goalForm(id, in, comps)
		f.addErrors(fes...)
		return p.showPlan(c, http.StatusBadRequest, id, planState{goal: &f}, "")
	}
	_, err = p.App.AddGoal(ctx, g)
	if err == nil {
		c.Redirect(http.StatusSeeOther, planPath(id)+"?opgeslagen=1")
		return nil
	}
	e, _ := onForm(err)
	if e == nil {
		return err
	}
	f := goalForm(id, in, comps)
	f.fail(e)
	return p.showPlan(c, formStatus(e), id, planState{goal: &f}, "")
}

// handleGoalUpdate changes a goal's status, with a note for its history.
// The form names the regisseur, to show the plan again after an error.
func (p *Pages) handleGoalUpdate(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
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
			return domain.Errorf(domain.EInvalid, "status_required", "Kies een nieuwe status voor het doel.")
		}
		return p.showPlan(c, http.StatusBadRequest, regisseurID, planState{statusGoalID: id, status: in, statusErrs: fes}, "")
	}
	g, err := p.App.UpdateGoal(c.Request.Context(), id, domain.GoalUpdate{Status: &in.To, Note: note})
	if err == nil {
		c.Redirect(http.StatusSeeOther, planPath(g.RegisseurID)+"?opgeslagen=1")
		return nil
	}
	e, _ := onForm(err)
	if e == nil {
		return err
	}
	if g.RegisseurID != 0 {
		regisseurID, known = g.RegisseurID, true
	}
	if !known {
		return e
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
	return p.showPlan(c, formStatus(e), regisseurID, st, "")
}
