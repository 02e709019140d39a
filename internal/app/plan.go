package app

import (
	"context"
	"slices"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// Plan is a regisseur's development plan: each goal with the competency's
// scores in every closed 360 round, so progress can be read against later
// rounds.
type Plan struct {
	RegisseurID int64
	Goals       []PlanGoal
}

// PlanGoal is one goal of a plan.
type PlanGoal struct {
	domain.DevelopmentGoal
	// Scores has one entry per closed round, oldest first, from the
	// anonymity-safe results: nil where there is no score.
	Scores []RoundScore
	// Evidence is what a coach weighs beside the goal; nil for those who
	// may not change the plan (domain.CanChangePlan) and in Plan.
	Evidence *GoalEvidence
}

// RoundScore is a competency's self score and mean of others in one closed
// round.
type RoundScore struct {
	RoundID  int64
	ClosedOn string // jjjj-mm-dd
	Self     *int
	Others   *float64
}

// GoalEvidence is the norm and the latest scores of others of a goal's
// competency, with the pitfalls of the pre-selection when one is visible.
type GoalEvidence struct {
	Norm *int
	// HasRound: there is a closed round; OthersMean and OthersN are its
	// score of others (nil and 0 when withheld or absent).
	HasRound   bool
	OthersMean *float64
	OthersN    int
	// PreSelection: a pre-selection is visible, with its pitfalls.
	PreSelection bool
	Pitfalls     []string
}

// DevelopmentPlan returns a regisseur's plan with the scores per round, for
// the regisseur, their coaches and admins (domain.CanReadPlan); the read is
// audited. Errors: not_found.
func (a *App) DevelopmentPlan(ctx context.Context, regisseurID int64) (Plan, error) {
	p, _, err := a.plan(ctx, regisseurID)
	return p, err
}

func (a *App) plan(ctx context.Context, regisseurID int64) (Plan, assessment.Report, error) {
	goals, err := a.db.FindDevelopmentGoals(ctx, regisseurID)
	if err != nil {
		return Plan{}, assessment.Report{}, err
	}
	data, err := a.db.FindAssessmentData(ctx, regisseurID)
	if err != nil {
		return Plan{}, assessment.Report{}, err
	}
	rep := data.Report(a.cfg.MinRaters)
	out := Plan{RegisseurID: regisseurID}
	for _, g := range goals {
		out.Goals = append(out.Goals, PlanGoal{DevelopmentGoal: g, Scores: roundScores(rep.Trend, g.CompetencyKey)})
	}
	return out, rep, nil
}

// roundScores is the competency's score in each point of the trend.
func roundScores(trend []assessment.TrendPoint, key string) []RoundScore {
	out := make([]RoundScore, 0, len(trend))
	for _, p := range trend {
		s := p.Items[key]
		out = append(out, RoundScore{RoundID: p.RoundID, ClosedOn: p.ClosedOn, Self: s.Self, Others: s.Others})
	}
	return out
}

// PlanDetail is a plan as its page shows it.
type PlanDetail struct {
	Plan
	Regisseur    domain.Regisseur
	Competencies Competencies
	// Own: the plan is the actor's own.
	Own bool
	// CanChange: the actor adds and changes goals and sees the evidence.
	CanChange bool
	// ReadsReflections: the actor may read the reflections the regisseur shared.
	ReadsReflections bool
}

// DevelopmentPlanDetail returns the plan with the regisseur, the competency
// profile, what the actor may do with it and, for those who may change it,
// the evidence beside each goal. Errors: not_found.
func (a *App) DevelopmentPlanDetail(ctx context.Context, regisseurID int64) (PlanDetail, error) {
	actor := domain.ActorFrom(ctx)
	var out PlanDetail
	var err error
	if out.Regisseur, err = a.db.FindRegisseurByID(ctx, regisseurID); err != nil {
		return out, err
	}
	var rep assessment.Report
	if out.Plan, rep, err = a.plan(ctx, regisseurID); err != nil {
		return out, err
	}
	if out.Competencies, err = a.CompetencyProfile(ctx); err != nil {
		return out, err
	}
	coached, err := a.coachees(ctx)
	if err != nil {
		return out, err
	}
	out.Own = domain.ActsAsRegisseur(actor, regisseurID)
	out.CanChange = domain.CanChangePlan(actor, coached[regisseurID])
	out.ReadsReflections = domain.CanReadSharedReflections(actor, coached[regisseurID])
	if !out.CanChange {
		return out, nil
	}
	var pre *domain.PreSelection
	members, err := a.coachingMemberships(ctx)
	if err != nil {
		return out, err
	}
	if m, ok := members[regisseurID]; ok {
		if pre, err = a.coachingPreSelection(ctx, m.ID); err != nil {
			return out, err
		}
	}
	for i := range out.Goals {
		out.Goals[i].Evidence = goalEvidence(rep, out.Competencies, out.Goals[i].CompetencyKey, pre)
	}
	return out, nil
}

// goalEvidence is the norm (of the profile, else of the round) and the
// latest score of others of the competency, with the pitfalls of the
// pre-selection when more than its outcome is visible.
func goalEvidence(rep assessment.Report, comps Competencies, key string, pre *domain.PreSelection) *GoalEvidence {
	ev := &GoalEvidence{HasRound: rep.RoundID != nil}
	if it, ok := comps.Find(key); ok {
		ev.Norm = it.Norm
	}
	if i := slices.IndexFunc(rep.Items, func(it assessment.ItemResult) bool { return it.Key == key }); i >= 0 {
		it := rep.Items[i]
		if ev.Norm == nil {
			ev.Norm = it.Norm
		}
		if rep.RoundID != nil && it.Others != nil {
			m := it.Others.Mean
			ev.OthersMean, ev.OthersN = &m, it.Others.N
		}
	}
	if pre != nil && !pre.OutcomeOnly {
		ev.PreSelection, ev.Pitfalls = true, pre.Pitfalls
	}
	return ev
}

// AddGoal adds a goal to a regisseur's plan (open unless a status is set)
// and returns it as stored. Errors: not_found (not a regisseur the actor may
// coach), invalid.
func (a *App) AddGoal(ctx context.Context, g domain.DevelopmentGoal) (domain.DevelopmentGoal, error) {
	err := a.db.CreateDevelopmentGoal(ctx, &g)
	return g, err
}

// UpdateGoal changes a goal of a regisseur the actor may coach; a status
// change is recorded in its history with the note. It returns the goal as
// changed, with its history. Errors: not_found, invalid.
func (a *App) UpdateGoal(ctx context.Context, id int64, u domain.GoalUpdate) (domain.DevelopmentGoal, error) {
	return a.db.UpdateDevelopmentGoal(ctx, id, u)
}

// UpdateRegisseurGoal is UpdateGoal for a goal addressed under its
// regisseur: a goal of another regisseur is not found, and nothing changes.
// It returns the goal with its history. Errors: not_found, invalid.
func (a *App) UpdateRegisseurGoal(ctx context.Context, regisseurID, id int64, u domain.GoalUpdate) (domain.DevelopmentGoal, error) {
	return a.db.UpdateRegisseurGoal(ctx, regisseurID, id, u)
}
