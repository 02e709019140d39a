package app

import (
	"context"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// question5 answers "Is er een meer gezamenlijke, integrale aanpak?" over
// the cases in the filter: the latest family plan (domain.LatestPlan) with
// goals on several life domains, the parties taking part in the joint
// problem analyses and evaluations recorded with details (organisations
// and family roles per step, and how often the family itself was there),
// the cases with a regisseur that engaged the network or voorliggend veld
// (domain.MonitoredCase.NetworkEngaged), and the escalations with an
// outcome recorded and with doorzettingsmacht or mandate used. Chart: the
// share per indicator.
func (a *App) question5(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	cases, err := a.monitoredCases(ctx, f, []string{domain.EventProblemAnalysis, domain.EventEvaluation, domain.EventPlanMade,
		domain.EventPlanAdjusted, domain.EventNetworkEngaged, domain.EventEscalation})
	if err != nil {
		return report.Question{}, err
	}
	var withRegie, planCases, several, steps, stepCases, parties, withFamily, network, escalations, escalated, outcome, mandate int
	for _, c := range cases {
		if c.WithRegie() {
			withRegie++
			if c.NetworkEngaged() {
				network++
			}
		}
		if p := domain.LatestPlan(c.Events); p != nil {
			planCases++
			if p.Details.PlanLifeDomains() >= 2 {
				several++
			}
		}
		caseSteps, caseEscalations := 0, 0
		for _, e := range c.Events {
			switch {
			case (e.Kind == domain.EventProblemAnalysis || e.Kind == domain.EventEvaluation) && e.Details != nil:
				caseSteps++
				parties += e.Details.Parties()
				if e.Details.WithFamily() {
					withFamily++
				}
			case e.Kind == domain.EventEscalation:
				caseEscalations++
				if e.Details != nil && e.Details.Outcome != "" {
					outcome++
				}
				if e.Details != nil && e.Details.MandateUsed != nil && *e.Details.MandateUsed {
					mandate++
				}
			}
		}
		steps += caseSteps
		escalations += caseEscalations
		if caseSteps > 0 {
			stepCases++
		}
		if caseEscalations > 0 {
			escalated++
		}
	}
	b := newCaseQuestion(5, minCell)
	fRegie := b.add("cases_with_regie", "Casussen met een regisseur", float64(withRegie), 0, withRegie, report.UnitCount)
	fPlans := b.add("cases_with_plan", "Casussen met een gezinsplan met doelen", float64(planCases), 0, planCases, report.UnitCount)
	fSeveral := b.add("plans_several_domains", "Laatste gezinsplan met doelen op meerdere leefgebieden", float64(several), 0, planCases, report.UnitCount)
	fSeveralShare := b.add("plans_several_domains_share", "Aandeel gezinsplannen met doelen op meerdere leefgebieden", percentOf(several, planCases), 1, planCases, report.UnitPercent)
	fSteps := b.add("joint_steps", "Probleemanalyses en evaluaties met deelnemers vastgelegd", float64(steps), 0, stepCases, report.UnitCount)
	fParties := b.add("parties_per_step", "Deelnemende partijen per analyse of evaluatie (organisaties en gezinsleden, gemiddeld)",
		float64(parties)/float64(max(steps, 1)), 2, stepCases, report.UnitMean)
	fFamily := b.add("steps_with_family_share", "Aandeel analyses en evaluaties met het gezin erbij", percentOf(withFamily, steps), 1, stepCases, report.UnitPercent)
	fNetwork := b.add("network_engaged", "Casussen met netwerk of voorliggend veld ingezet", float64(network), 0, withRegie, report.UnitCount)
	fNetworkShare := b.add("network_engaged_share", "Aandeel casussen met netwerk of voorliggend veld ingezet", percentOf(network, withRegie), 1, withRegie, report.UnitPercent)
	fEsc := b.add("escalations", "Opschalingen", float64(escalations), 0, withRegie, report.UnitCount)
	fEscCases := b.add("cases_escalated", "Casussen met een opschaling", float64(escalated), 0, withRegie, report.UnitCount)
	fOutcome := b.add("escalations_with_outcome", "Opschalingen met een vastgelegde uitkomst", float64(outcome), 0, escalated, report.UnitCount)
	fOutcomeShare := b.add("escalations_with_outcome_share", "Aandeel opschalingen met een vastgelegde uitkomst", percentOf(outcome, escalations), 1, escalated, report.UnitPercent)
	fMandate := b.add("escalations_mandate", "Opschalingen met doorzettingsmacht of mandaat", float64(mandate), 0, escalated, report.UnitCount)
	fMandateShare := b.add("escalations_mandate_share", "Aandeel opschalingen met doorzettingsmacht of mandaat", percentOf(mandate, escalations), 1, escalated, report.UnitPercent)
	b.q.Chart = &report.Chart{Title: "Gezamenlijke, integrale aanpak: aandeel per kenmerk", Max: 100, Unit: report.UnitPercent, Bars: []report.ChartBar{
		b.bar("Gezinsplan met doelen op meerdere leefgebieden", percentOf(several, planCases), 1, planCases),
		b.bar("Analyses en evaluaties met het gezin erbij", percentOf(withFamily, steps), 1, stepCases),
		b.bar("Netwerk of voorliggend veld ingezet", percentOf(network, withRegie), 1, withRegie),
		b.bar("Opschalingen met een vastgelegde uitkomst", percentOf(outcome, escalations), 1, escalated),
		b.bar("Opschalingen met doorzettingsmacht of mandaat", percentOf(mandate, escalations), 1, escalated),
	}}
	if fRegie.Value == nil && fPlans.Value == nil && fSteps.Value == nil {
		return b.answer(b.tooFew("casussen met een regisseur")), nil
	}
	plans := "Gezinsplannen met doelen op meerdere leefgebieden: " + suppressedText + "."
	if fPlans.Value != nil {
		plans = "In " + figNum(fSeveral, 0) + " van de " + figNum(fPlans, 0) + " casussen met een gezinsplan (" + figPct(fSeveralShare) +
			") had het laatste plan doelen op meerdere leefgebieden."
	}
	parts := "Deelnemers aan probleemanalyses en evaluaties: " + suppressedText + "."
	if fSteps.Value != nil {
		parts = "Aan de " + figNum(fSteps, 0) + " vastgelegde probleemanalyses en evaluaties namen gemiddeld " + figNum(fParties, 2) +
			" partijen deel; bij " + figPct(fFamily) + " was het gezin erbij."
	}
	net, esc := "Netwerk, voorliggend veld en opschalingen: "+suppressedText+".", ""
	if fRegie.Value != nil {
		net = "In " + figNum(fNetwork, 0) + " van de " + figNum(fRegie, 0) + " casussen met een regisseur (" + figPct(fNetworkShare) +
			") werd het netwerk of het voorliggend veld ingezet."
		switch {
		case escalations == 0:
			esc = "Er werd niet opgeschaald."
		case fOutcome.Value == nil:
			esc = "Er werd " + figNum(fEsc, 0) + " keer opgeschaald in " + figNum(fEscCases, 0) + " " + dutchPlural(escalated, "casus", "casussen") +
				"; de uitkomsten: " + suppressedText + "."
		default:
			esc = "Er werd " + figNum(fEsc, 0) + " keer opgeschaald in " + figNum(fEscCases, 0) + " " + dutchPlural(escalated, "casus", "casussen") + "; " +
				figNum(fOutcome, 0) + " " + dutchPlural(outcome, "opschaling", "opschalingen") + " (" + figPct(fOutcomeShare) + ") " +
				dutchPlural(outcome, "heeft", "hebben") + " een vastgelegde uitkomst en bij " + figNum(fMandate, 0) + " (" + figPct(fMandateShare) +
				") is doorzettingsmacht of mandaat gebruikt."
		}
	}
	return b.answer(plans, parts, net, esc), nil
}
