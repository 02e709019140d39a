package national

import (
	"encoding/json"
	"time"

	"regiepool/internal/domain"
)

// log writes a taken case's log from its start to end (its close, or
// today): the round table, a joint problem analysis, the family plan and
// its adjustments, the network engaged, a safety analysis where there is
// a risk, hours every four weeks, evaluations every three months that
// tick the plan's goals and measure a rising self-reliance, now and then
// an escalation, an intervention or a re-assessment, and the family's
// satisfaction. Every event is what the store's ValidateNew accepts
// (national_test.go checks).
func (cg *caseGen) log(c *domain.Case, assignments []int64, by int64, start, end time.Time) {
	for _, e := range cg.timeline(c, start, end) {
		cg.writeEvent(c.ID, e, by)
	}
}

// writeEvent queues event e of case caseID.
func (cg *caseGen) writeEvent(caseID int64, e domain.CaseEvent, by int64) {
	var details, changes any
	if e.Details != nil {
		details = jsonText(e.Details)
	}
	if len(e.Changes) > 0 {
		b, _ := json.Marshal(e.Changes)
		changes = string(b)
	}
	var reason any
	if e.Reason != "" {
		reason = e.Reason
	}
	cg.events = append(cg.events, []any{cg.next("case_event"), caseID, e.Kind, e.OccurredOn, e.Hours, e.ResultArea, e.Score,
		reason, changes, details, by, cg.at(e.OccurredOn)})
}

// timeline generates the events of case c between start and end, in
// order, and updates c's self-reliance and risk as the log does.
func (cg *caseGen) timeline(c *domain.Case, start, end time.Time) []domain.CaseEvent {
	g := cg.gen
	var out []domain.CaseEvent
	add := func(days int, e domain.CaseEvent) bool {
		on := start.AddDate(0, 0, days)
		if on.After(end) || on.After(g.today) {
			return false
		}
		e.OccurredOn = on
		out = append(out, e)
		return true
	}
	orgs := c.InvolvedOrganisationIDs
	add(3+g.rng.Intn(7), domain.CaseEvent{Kind: domain.EventRoundTable})
	if g.rng.Intn(10) < 7 {
		add(10+g.rng.Intn(10), domain.CaseEvent{Kind: domain.EventProblemAnalysis, Details: &domain.StepDetails{
			Participants: []string{domain.ParticipantParent, domain.ParticipantYoungPerson}, OrganisationIDs: orgs,
			LifeDomains: c.LifeDomains[:min(3, len(c.LifeDomains))], Conclusion: conclusions[g.rng.Intn(len(conclusions))]}})
	}
	if c.SafetyRisk != domain.RiskLow {
		add(5+g.rng.Intn(20), domain.CaseEvent{Kind: domain.EventSafetyAnalysis})
	}
	planDay := 20 + g.rng.Intn(15)
	goals := cg.planGoals(c)
	add(planDay, domain.CaseEvent{Kind: domain.EventPlanMade, Details: &domain.StepDetails{
		Participants: cg.participants(), OrganisationIDs: orgs, PlanGoals: goals,
		EvaluationAgreements: []domain.EvaluationAgreement{{Date: start.AddDate(0, 0, planDay+70).Format(domain.ISODate),
			Participants: []string{domain.ParticipantParent}, OrganisationIDs: orgs}}}})
	if g.rng.Intn(10) < 4 {
		engaged := []string{domain.EngagedKinds[g.rng.Intn(2)]}
		add(planDay+7+g.rng.Intn(14), domain.CaseEvent{Kind: domain.EventNetworkEngaged, Details: &domain.StepDetails{
			Engaged: engaged, Action: "Een familielid helpt met de post; het buurtteam met de budgetaanvraag."}})
	}
	if g.rng.Intn(100) < 12 {
		to, org := domain.EscalateProcessOwner, (*int64)(nil)
		if len(orgs) > 0 {
			to, org = domain.EscalateOrganisation, &orgs[0]
		}
		add(30+g.rng.Intn(60), domain.CaseEvent{Kind: domain.EventEscalation, Details: &domain.StepDetails{EscalatedTo: to, OrganisationID: org,
			Why: "De toegezegde hulp is na zes weken nog niet gestart.", Outcome: "Het management zegt een start binnen een week toe; gestart.",
			MandateUsed: ptr(g.rng.Intn(3) == 0)}})
	}
	if c.HighRisk && g.rng.Intn(5) == 0 {
		add(20+g.rng.Intn(60), domain.CaseEvent{Kind: domain.EventIntervention, Details: &domain.StepDetails{
			Concern: []string{domain.ConcernSafety, domain.ConcernParentalCapacity, domain.ConcernCareAvoidance}[g.rng.Intn(3)],
			Action:  "Afspraken met het gezin vastgelegd; bij uitblijven overleg met Veilig Thuis."}})
	}
	for d := 28; ; d += 28 {
		h := float64(2 + g.rng.Intn(11))
		if !add(d, domain.CaseEvent{Kind: domain.EventHours, Hours: &h}) {
			break
		}
	}
	if c.SafetyRisk == domain.RiskHigh && g.rng.Intn(10) == 0 {
		medium, notHigh := domain.RiskMedium, false
		next, changes := domain.Reassessment{SafetyRisk: &medium, HighRisk: &notHigh}.Apply(*c)
		if add(45+g.rng.Intn(30), domain.CaseEvent{Kind: domain.EventReassessment, Changes: changes}) {
			c.SafetyRisk, c.HighRisk = next.SafetyRisk, next.HighRisk
			if !c.MeetsWorkingDefinition() && c.DefinitionReason == "" {
				c.DefinitionReason = definitionReason
			}
		}
	}
	for n, d := 1, planDay+70; ; n, d = n+1, d+91 {
		e := cg.evaluation(c, goals, n)
		if !add(d, e) {
			break
		}
		c.SelfReliance = domain.SelfRelianceUpdate(c.SelfReliance, e.Details.SelfReliance)
		if *e.Details.PlanAdjusted {
			add(d+7, domain.CaseEvent{Kind: domain.EventPlanAdjusted, Details: &domain.StepDetails{Participants: cg.participants(),
				OrganisationIDs: orgs, PlanGoals: goals, EvaluationAgreements: []domain.EvaluationAgreement{
					{Date: start.AddDate(0, 0, d+91).Format(domain.ISODate), Participants: []string{domain.ParticipantParent}}}}})
		}
		if g.rng.Intn(3) == 0 {
			add(d+1, cg.satisfaction())
		}
	}
	if c.Status == domain.CaseClosed {
		e := cg.satisfaction()
		e.OccurredOn = end
		out = append(out, e)
	}
	return out
}

func (cg *caseGen) participants() []string {
	if cg.rng.Intn(4) == 0 {
		return []string{domain.ParticipantNetwork}
	}
	return []string{domain.ParticipantParent, domain.ParticipantYoungPerson}
}

func (cg *caseGen) satisfaction() domain.CaseEvent {
	score, area := 2+cg.rng.Intn(4), 1+cg.rng.Intn(5)
	return domain.CaseEvent{Kind: domain.EventSatisfaction, Score: &score, ResultArea: &area}
}

// planGoals are the family plan's goals: one per life domain (at most
// three), each with who does what.
func (cg *caseGen) planGoals(c *domain.Case) []domain.PlanGoal {
	var goals []domain.PlanGoal
	for _, d := range c.LifeDomains[:min(3, len(c.LifeDomains))] {
		pg := domain.PlanGoal{LifeDomain: d, Goal: goalTexts[d], Responsible: domain.ResponsibleRegisseur, Action: actions[cg.rng.Intn(len(actions))]}
		switch cg.rng.Intn(3) {
		case 0:
			pg.Responsible = domain.ParticipantParent
		case 1:
			if len(c.InvolvedOrganisationIDs) > 0 {
				pg.Responsible, pg.OrganisationID = domain.ResponsibleOrganisation, &c.InvolvedOrganisationIDs[0]
			}
		}
		goals = append(goals, pg)
	}
	return goals
}

// evaluation is the n-th evaluation: more goals reached each time and a
// point more self-reliance on one life domain.
func (cg *caseGen) evaluation(c *domain.Case, goals []domain.PlanGoal, n int) domain.CaseEvent {
	var res []domain.GoalResult
	for i, pg := range goals {
		res = append(res, domain.GoalResult{LifeDomain: pg.LifeDomain, Goal: pg.Goal, Reached: i < n})
	}
	d := c.LifeDomains[cg.rng.Intn(len(c.LifeDomains))]
	sr := map[string]int{d: min(c.SelfReliance[d]+1, domain.SelfRelianceMax)}
	_, changes := domain.Reassessment{SelfReliance: domain.SelfRelianceUpdate(c.SelfReliance, sr)}.Apply(*c)
	return domain.CaseEvent{Kind: domain.EventEvaluation, Changes: changes, Details: &domain.StepDetails{
		Participants: []string{domain.ParticipantParent}, OrganisationIDs: c.InvolvedOrganisationIDs,
		PlanAdjusted: ptr(cg.rng.Intn(4) == 0), Goals: res, SelfReliance: sr}}
}
