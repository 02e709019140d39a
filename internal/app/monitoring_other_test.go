package app

import (
	"testing"
	"time"

	"regiepool/internal/domain"
)

// TestOtherFiguresResultAreas: the function profile's indicators count the
// case log's structured steps: a plan counts as drawn up with the family
// only where a parent or the young person took part (not every plan), an
// analysis of two life domains as "several domains", goals reached of the
// goals evaluated; a count stands on the cases with a regisseur, and
// below the threshold it is suppressed.
func TestOtherFiguresResultAreas(t *testing.T) {
	e := newMonEnv(t)
	var cases []domain.Case
	for range 5 {
		cases = append(cases, e.assignedCase(t, 0))
	}
	later := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	plan := func(who ...string) *domain.StepDetails {
		return &domain.StepDetails{Participants: who,
			PlanGoals:            []domain.PlanGoal{{LifeDomain: "wonen", Goal: "Een eigen woning", Responsible: domain.ResponsibleRegisseur, Action: "Urgentie aanvragen"}},
			EvaluationAgreements: []domain.EvaluationAgreement{{Date: later, Participants: []string{domain.ParticipantParent}}}}
	}
	e.log(t, cases[0].ID, domain.CaseEvent{Kind: domain.EventPlanMade, Details: plan(domain.ParticipantParent)})
	e.log(t, cases[1].ID, domain.CaseEvent{Kind: domain.EventPlanMade, Details: plan(domain.ParticipantNetwork)})
	e.log(t, cases[2].ID, domain.CaseEvent{Kind: domain.EventProblemAnalysis, Details: &domain.StepDetails{
		Participants: []string{domain.ParticipantParent}, LifeDomains: []string{"wonen", "inkomen"}, Conclusion: "Schulden en wonen hangen samen."}})
	e.log(t, cases[3].ID, domain.CaseEvent{Kind: domain.EventEvaluation, Details: &domain.StepDetails{
		Participants: []string{domain.ParticipantParent}, Goals: []domain.GoalResult{{Goal: "Woning", Reached: true}, {Goal: "Schulden", Reached: false}}}})

	q, err := e.app.otherFigures(e.monitor, e.filter(), 3)
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, q, "result_area_1.plans_with_family", v(1), 5)
	wantFigure(t, q, "result_area_2.problem_analyses", v(1), 5)
	wantFigure(t, q, "result_area_2.several_domains_analysed", v(1), 5)
	wantFigure(t, q, "result_area_4.evaluation_agreements", v(2), 5)
	wantFigure(t, q, "result_area_4.evaluations", v(1), 5)
	wantFigure(t, q, "result_area_4.goals_reached", nil, 2) // 2 goals evaluated: under the threshold
	wantFigure(t, q, "result_area_5.escalations", v(0), 5)

	q, err = e.app.otherFigures(e.monitor, e.filter(), 6)
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, q, "result_area_1.plans_with_family", nil, 5)
}
