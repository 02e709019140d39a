package demo

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// caseSteps logs one of each structured step (issue 13, items 3–6) on a
// case, with org the organisation that did not deliver: a joint problem
// analysis, the network engaged, an escalation with its outcome, an
// intervention and an evaluation with goals.
func caseSteps(ctx context.Context, db *postgres.DB, c domain.Case) error {
	var orgs []int64
	var org *int64
	if len(c.InvolvedOrganisationIDs) > 0 {
		orgs, org = c.InvolvedOrganisationIDs[:1], &c.InvolvedOrganisationIDs[0]
	}
	to := domain.EscalateProcessOwner
	if org != nil {
		to = domain.EscalateOrganisation
	}
	yes, no := true, false
	day := func(n int) time.Time { return time.Now().AddDate(0, 0, -n) }
	steps := []domain.CaseEvent{
		{Kind: domain.EventProblemAnalysis, OccurredOn: day(18), Details: &domain.StepDetails{
			Participants: []string{domain.ParticipantParent, domain.ParticipantYoungPerson}, OrganisationIDs: orgs,
			LifeDomains: []string{"wonen", "inkomen", "onderwijs"},
			Conclusion:  "De schulden maken de woonsituatie onzeker; daardoor verzuimt de jongere. Eerst rust in de financiën, dan school."}},
		{Kind: domain.EventNetworkEngaged, OccurredOn: day(14), Details: &domain.StepDetails{
			Engaged: []string{domain.EngagedNetwork, domain.EngagedVoorliggend}, Action: "Een tante helpt met de post; het buurtteam met de budgetaanvraag."}},
		{Kind: domain.EventEscalation, OccurredOn: day(8), Details: &domain.StepDetails{
			EscalatedTo: to, OrganisationID: org, Why: "De toegezegde schuldhulp is na zes weken nog niet gestart.",
			Outcome: "Het management zegt een start binnen een week toe; gestart.", MandateUsed: &yes}},
		{Kind: domain.EventIntervention, OccurredOn: day(6), Details: &domain.StepDetails{
			Concern: domain.ConcernCareAvoidance, Action: "Afspraken met het gezin vastgelegd; bij uitblijven overleg met Veilig Thuis."}},
		{Kind: domain.EventEvaluation, OccurredOn: day(2), Details: &domain.StepDetails{
			Participants: []string{domain.ParticipantParent}, OrganisationIDs: orgs, PlanAdjusted: &no,
			Goals: []domain.GoalResult{{LifeDomain: "inkomen", Goal: "Schuldhulp is gestart", Reached: true},
				{LifeDomain: "onderwijs", Goal: "De jongere gaat weer elke dag naar school", Reached: false}}}},
	}
	for _, e := range steps {
		if err := db.AddCaseEvent(ctx, c.ID, &e); err != nil {
			return fmt.Errorf("case step %s: %w", e.Kind, err)
		}
	}
	return nil
}
