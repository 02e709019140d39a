package demo

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// caseSteps logs one of each structured step (issue 13, items 2–6) on a
// case, with org the organisation that did not deliver: a joint problem
// analysis, a new version of the family plan drawn up with the family
// (goals per life domain, who does what, when to evaluate), the network
// engaged, an escalation with its outcome, an intervention and two
// evaluations that tick the plan's goals and measure the family's
// self-reliance, which rises.
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
	iso := func(t time.Time) string { return t.Format(domain.ISODate) }
	// The self-reliance rises: a point on the first life domain at the
	// first evaluation, a point more on every domain at the second.
	first, second := map[string]int{}, map[string]int{}
	for i, d := range c.LifeDomains {
		v, ok := c.SelfReliance[d]
		if !ok {
			continue
		}
		if i == 0 {
			first[d] = min(v+1, domain.SelfRelianceMax)
		}
		second[d] = min(v+1+boolInt(i == 0), domain.SelfRelianceMax)
	}
	who := domain.ResponsibleRegisseur
	if org != nil {
		who = domain.ResponsibleOrganisation
	}
	goals := []domain.PlanGoal{
		{LifeDomain: "inkomen", Goal: "Schuldhulp is gestart", Responsible: who, OrganisationID: org, Action: "Aanmelding bij de schuldhulpverlening regelen"},
		{LifeDomain: "onderwijs", Goal: "De jongere gaat weer elke dag naar school", Responsible: domain.ParticipantYoungPerson, Action: "Samen met de mentor een rooster afspreken"},
		{LifeDomain: "wonen", Goal: "De huur wordt op tijd betaald", Responsible: domain.ParticipantParent, Action: "Automatische betaling instellen met hulp van een tante"},
	}
	// The first evaluation finds the debt help started; the second the rent
	// paid on time too.
	var atFirst, atSecond []domain.GoalResult
	for i, g := range goals {
		atFirst = append(atFirst, domain.GoalResult{LifeDomain: g.LifeDomain, Goal: g.Goal, Reached: i == 0})
		atSecond = append(atSecond, domain.GoalResult{LifeDomain: g.LifeDomain, Goal: g.Goal, Reached: i != 1})
	}
	steps := []domain.CaseEvent{
		{Kind: domain.EventProblemAnalysis, OccurredOn: day(18), Details: &domain.StepDetails{
			Participants: []string{domain.ParticipantParent, domain.ParticipantYoungPerson}, OrganisationIDs: orgs,
			LifeDomains: []string{"wonen", "inkomen", "onderwijs"},
			Conclusion:  "De schulden maken de woonsituatie onzeker; daardoor verzuimt de jongere. Eerst rust in de financiën, dan school."}},
		{Kind: domain.EventPlanAdjusted, OccurredOn: day(12), Details: &domain.StepDetails{
			Participants: []string{domain.ParticipantParent, domain.ParticipantYoungPerson, domain.ParticipantNetwork}, OrganisationIDs: orgs,
			PlanGoals: goals, EvaluationAgreements: []domain.EvaluationAgreement{
				{Date: iso(day(9)), Participants: []string{domain.ParticipantParent}, OrganisationIDs: orgs},
				{Date: iso(day(2)), Participants: []string{domain.ParticipantParent, domain.ParticipantYoungPerson}}}}},
		{Kind: domain.EventNetworkEngaged, OccurredOn: day(14), Details: &domain.StepDetails{
			Engaged: []string{domain.EngagedNetwork, domain.EngagedVoorliggend}, Action: "Een tante helpt met de post; het buurtteam met de budgetaanvraag."}},
		{Kind: domain.EventEscalation, OccurredOn: day(8), Details: &domain.StepDetails{
			EscalatedTo: to, OrganisationID: org, Why: "De toegezegde schuldhulp is na zes weken nog niet gestart.",
			Outcome: "Het management zegt een start binnen een week toe; gestart.", MandateUsed: &yes}},
		{Kind: domain.EventIntervention, OccurredOn: day(6), Details: &domain.StepDetails{
			Concern: domain.ConcernCareAvoidance, Action: "Afspraken met het gezin vastgelegd; bij uitblijven overleg met Veilig Thuis."}},
		{Kind: domain.EventEvaluation, OccurredOn: day(9), Details: &domain.StepDetails{
			Participants: []string{domain.ParticipantParent}, OrganisationIDs: orgs, PlanAdjusted: &no, Goals: atFirst, SelfReliance: first}},
		{Kind: domain.EventEvaluation, OccurredOn: day(2), Details: &domain.StepDetails{
			Participants: []string{domain.ParticipantParent, domain.ParticipantYoungPerson}, PlanAdjusted: &no, Goals: atSecond, SelfReliance: second}},
	}
	for _, e := range steps {
		if err := db.RecordCaseEvent(ctx, c.ID, &e); err != nil {
			return fmt.Errorf("case step %s: %w", e.Kind, err)
		}
	}
	return nil
}

// closures are how the demo's closed cases ended (afschalen): the end
// conversation, the final check and the self-reliance at close; one
// family moved without an end conversation and cannot yet direct its own
// life. orgs are the case's organisations, sr its self-reliance now.
func closure(i int, reason string, orgs []int64, sr map[string]int) domain.Closure {
	yes, no := true, false
	on := time.Now().AddDate(0, 0, -1).Format(domain.ISODate)
	end := map[string]int{}
	for d, v := range sr {
		end[d] = min(v+1, domain.SelfRelianceMax)
	}
	cl := domain.Closure{Reason: reason, SelfReliance: end,
		EndConversation: &domain.EndConversation{Held: &yes, Date: on, Participants: []string{domain.ParticipantParent, domain.ParticipantYoungPerson}, OrganisationIDs: orgs},
		FinalCheck:      &domain.FinalCheck{HelpWorks: &yes, FamilyDirectsOwnLife: &yes}}
	if reason == domain.CloseMoved {
		cl.EndConversation = &domain.EndConversation{Held: &no}
		cl.FinalCheck = &domain.FinalCheck{HelpWorks: &yes, FamilyDirectsOwnLife: &no,
			WhyNot: "Het gezin verhuisde voordat de schulden waren geregeld; de nieuwe gemeente is ingelicht met toestemming van het gezin."}
	}
	if i == 3 {
		cl.Reason, cl.ReasonText = domain.CloseOther, "Het gezin koos na de evaluatie zelf voor begeleiding door het buurtteam."
	}
	return cl
}
