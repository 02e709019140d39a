package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

// The development plan: a regisseur's goals with their history and the
// scores of their competency per closed round. The regisseur reads their
// own plan; their coaches and admins also see the evidence beside each goal
// and add and update goals (coaching_plan_forms.go).

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

func (p *Pages) handlePlan(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	notice := ""
	if c.Query("opgeslagen") == "1" {
		notice = "Het ontwikkelplan is bijgewerkt."
	}
	return p.showPlan(c, http.StatusOK, id, planState{}, notice)
}

func (p *Pages) showPlan(c *gin.Context, status int, id int64, st planState, notice string) error {
	a := domain.ActorFrom(c.Request.Context())
	plan, err := p.App.DevelopmentPlanDetail(c.Request.Context(), id)
	if err != nil {
		return err
	}
	reg := plan.Regisseur
	page := planPage{Name: reg.Name, Notice: notice, RegisseurID: id, CanCoach: plan.CanChange, Own: plan.Own}
	page.Heading = "Ontwikkelplan van " + reg.Name
	page.ReportURL = regisseurPath(id) + "/ontwikkelrapport"
	if page.Own {
		page.Heading = "Mijn ontwikkelplan"
	}
	if a.Can(domain.PermManageFeedback) {
		page.DevelopmentHref = developmentPath(id)
	}
	if plan.ReadsReflections {
		page.ReflectionsHref = sharedReflectionsPath(id)
	}
	now := time.Now()
	statusShown := false
	for _, g := range plan.Goals {
		v := newGoalView(g, plan.Competencies, now)
		if page.CanCoach {
			name := plan.Competencies.Name(g.CompetencyKey)
			var f form
			if g.ID == st.statusGoalID {
				f = goalStatusForm(g.DevelopmentGoal, st.status, name)
				f.addErrors(st.statusErrs...)
				statusShown = true
				page.Failed = append(page.Failed, &f)
			} else {
				f = goalStatusForm(g.DevelopmentGoal, goalStatusInput{}, name)
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
			f := goalForm(id, goalInput{}, plan.Competencies)
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
	return nil
}

// newGoalView writes a goal with its history, its scores per round and,
// for coaches and admins, the evidence.
func newGoalView(g app.PlanGoal, comps app.Competencies, now time.Time) goalView {
	v := goalView{ID: "doel-" + strconv.FormatInt(g.ID, 10), Competency: comps.Name(g.CompetencyKey), Basis: domain.GoalBasisLabels[g.Basis],
		Description: g.Description, Actions: g.Actions, TargetDate: domain.FormatDate(g.TargetDate), Status: domain.GoalStatusLabels[g.Status],
		Overdue: g.Overdue(now), Trend: goalTrend(g.Scores)}
	for _, h := range g.History {
		row := goalChangeView{When: domain.FormatDateTime(h.At.Local()), From: "Nieuw", To: domain.GoalStatusLabels[h.To], Note: h.Note, Who: "Regiepool"}
		if h.From != nil {
			row.From = domain.GoalStatusLabels[*h.From]
		}
		if h.Actor != nil && *h.Actor != "" {
			row.Who = *h.Actor
		}
		v.History = append(v.History, row)
	}
	if ev := g.Evidence; ev != nil {
		v.Evidence = &goalEvidence{HasRound: ev.HasRound, PreSelection: ev.PreSelection, Pitfalls: ev.Pitfalls}
		if ev.Norm != nil {
			v.Evidence.Norm = strconv.Itoa(*ev.Norm)
		}
		if ev.OthersMean != nil {
			v.Evidence.Others = domain.FormatNumber(*ev.OthersMean, 2) + " (" + beoordelaars(ev.OthersN) + ")"
		}
	}
	return v
}

// goalTrend is the competency's self and others' score in each closed round.
func goalTrend(scores []app.RoundScore) []goalTrendCell {
	var out []goalTrendCell
	for _, s := range scores {
		cell := goalTrendCell{Round: s.ClosedOn, Others: "geen", Self: "geen"}
		if d, err := time.Parse(isoDay, s.ClosedOn); err == nil {
			cell.Round = domain.FormatDate(d)
		}
		if s.Others != nil {
			cell.Others = domain.FormatNumber(*s.Others, 2)
		}
		if s.Self != nil {
			cell.Self = strconv.Itoa(*s.Self)
		}
		out = append(out, cell)
	}
	return out
}
