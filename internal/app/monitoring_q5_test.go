package app

import (
	"testing"
	"time"

	"regiepool/internal/domain"
)

// plan is a version of the family plan with a goal on each domain.
func plan(kind string, domains ...string) domain.CaseEvent {
	d := &domain.StepDetails{Participants: []string{domain.ParticipantParent},
		EvaluationAgreements: []domain.EvaluationAgreement{{Date: time.Now().AddDate(0, 0, 30).Format("2006-01-02"), Participants: []string{domain.ParticipantParent}}}}
	for _, ld := range domains {
		d.PlanGoals = append(d.PlanGoals, domain.PlanGoal{LifeDomain: ld, Goal: "Een doel", Responsible: domain.ParticipantParent, Action: "Een actie"})
	}
	return domain.CaseEvent{Kind: kind, Details: d}
}

func escalation(outcome string, mandate bool) domain.CaseEvent {
	return domain.CaseEvent{Kind: domain.EventEscalation, Details: &domain.StepDetails{EscalatedTo: domain.EscalateProcessOwner,
		Why: "Hulp komt niet op gang.", Outcome: outcome, MandateUsed: &mandate}}
}

// TestQuestion5: the latest plan decides on several life domains; parties
// per analysis or evaluation with details (one without details does not
// count); the network or voorliggend veld engaged; escalations with an
// outcome and with mandate; each group suppressed on its own N.
func TestQuestion5(t *testing.T) {
	e := newMonEnv(t)
	var cs [5]domain.Case
	for i := range cs {
		cs[i] = e.assignedCase(t, 0)
	}
	e.newCase(t, nil) // waiting: no regie
	e.log(t, cs[0].ID, plan(domain.EventPlanMade, "wonen"))
	e.log(t, cs[0].ID, plan(domain.EventPlanAdjusted, "wonen", "werk"))
	e.log(t, cs[0].ID, domain.CaseEvent{Kind: domain.EventProblemAnalysis, Details: &domain.StepDetails{Participants: []string{domain.ParticipantParent, domain.ParticipantNetwork},
		OrganisationIDs: []int64{e.org.ID}, LifeDomains: []string{"wonen"}, Conclusion: "Samen vastgesteld."}})
	e.log(t, cs[0].ID, escalation("Besluit genomen.", true))
	e.log(t, cs[1].ID, plan(domain.EventPlanMade, "wonen", "werk"))
	e.log(t, cs[1].ID, plan(domain.EventPlanAdjusted, "wonen"))
	e.log(t, cs[1].ID, domain.CaseEvent{Kind: domain.EventEvaluation, Details: &domain.StepDetails{Participants: []string{domain.ParticipantYoungPerson}}})
	e.log(t, cs[1].ID, domain.CaseEvent{Kind: domain.EventNetworkEngaged, Details: &domain.StepDetails{Engaged: []string{domain.EngagedVoorliggend}}})
	e.log(t, cs[1].ID, escalation("", false))
	e.log(t, cs[2].ID, plan(domain.EventPlanMade, "veiligheid", "onderwijs", "wonen"))
	e.log(t, cs[2].ID, domain.CaseEvent{Kind: domain.EventProblemAnalysis, Details: &domain.StepDetails{OrganisationIDs: []int64{e.org.ID},
		LifeDomains: []string{"veiligheid"}, Conclusion: "Samen vastgesteld."}})
	e.log(t, cs[3].ID, domain.CaseEvent{Kind: domain.EventEvaluation}) // a date only
	e.log(t, cs[3].ID, escalation("Aanbieder levert.", false))
	e.log(t, cs[4].ID, plan(domain.EventPlanMade, "werk"))

	q, err := e.app.question5(e.monitor, e.filter(), 3)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q, 5, 3)
	for _, tt := range []struct {
		key   string
		value float64
		n     int
	}{
		{"cases_with_regie", 5, 5}, {"cases_with_plan", 4, 4}, {"plans_several_domains", 2, 4}, {"plans_several_domains_share", 50, 4},
		{"joint_steps", 3, 3}, {"parties_per_step", 1.67, 3}, {"steps_with_family_share", 66.7, 3},
		{"network_engaged", 2, 5}, {"network_engaged_share", 40, 5}, {"escalations", 3, 5}, {"cases_escalated", 3, 5},
		{"escalations_with_outcome", 2, 3}, {"escalations_with_outcome_share", 66.7, 3}, {"escalations_mandate", 1, 3}, {"escalations_mandate_share", 33.3, 3},
	} {
		wantFigure(t, q, tt.key, v(tt.value), tt.n)
	}
	wantAnswer(t, q, "In 2 van de 4 casussen met een gezinsplan (50%) had het laatste plan doelen op meerdere leefgebieden.",
		"Aan de 3 vastgelegde probleemanalyses en evaluaties namen gemiddeld 1,67 partijen deel; bij 67% was het gezin erbij.",
		"In 2 van de 5 casussen met een regisseur (40%) werd het netwerk of het voorliggend veld ingezet.",
		"Er werd 3 keer opgeschaald in 3 casussen; 2 opschalingen (67%) hebben een vastgelegde uitkomst en bij 1 (33%) is doorzettingsmacht of mandaat gebruikt.")
	if q.Chart == nil || len(q.Chart.Bars) != 5 || *q.Chart.Bars[0].Value != 50 || *q.Chart.Bars[2].Value != 40 {
		t.Errorf("chart %+v", q.Chart)
	}

	// minCell 4: the steps (3 cases) and the escalations' outcomes (3
	// cases) go; minCell 5: the plans (4 cases) too.
	q4, err := e.app.question5(e.monitor, e.filter(), 4)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q4, 5, 4)
	wantFigure(t, q4, "parties_per_step", nil, 3)
	wantFigure(t, q4, "escalations_mandate", nil, 3)
	wantFigure(t, q4, "plans_several_domains", v(2), 4)
	wantAnswer(t, q4, "Deelnemers aan probleemanalyses en evaluaties: te weinig gegevens.", "Er werd 3 keer opgeschaald in 3 casussen; de uitkomsten: te weinig gegevens.")
	q5, err := e.app.question5(e.monitor, e.filter(), 5)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q5, 5, 5)
	wantAnswer(t, q5, "Gezinsplannen met doelen op meerdere leefgebieden: te weinig gegevens.", "In 2 van de 5 casussen met een regisseur (40%)")
	q6, err := e.app.question5(e.monitor, e.filter(), 6)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q6, 5, 6)
	if q6.Answer != "Te weinig gegevens: minder dan 6 casussen met een regisseur in deze selectie." {
		t.Errorf("minCell 6: %q", q6.Answer)
	}
}
