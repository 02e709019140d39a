package app

import (
	"context"
	"strings"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// outsidePoolWords name the exceptions to pool regie inside a sentence.
var outsidePoolWords = map[string]string{domain.OutsideBehandelregie: "behandelregie", domain.OutsideVeiligThuis: "Veilig Thuis",
	domain.OutsideGedwongenKader: "gedwongen kader"}

// question1 answers "Is de werkdefinitie werkbaar?" over the cases
// registered in the filter: how many met the working definition and how
// many did not (with a reason for registering them anyway), how many fell
// outside pool regie per kind of exception, and how many re-assessments
// changed the definition checklist (domain.ChangesChecklist). Every figure
// stands on the registered cases. Chart: within, outside the definition,
// outside pool regie.
func (a *App) question1(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	cases, err := a.monitoredCases(ctx, f, []string{domain.EventReassessment})
	if err != nil {
		return report.Question{}, err
	}
	var meets, notMeets, reason, outside, reassessments, changedCases int
	byKind := map[string]int{}
	for _, c := range cases {
		if c.MeetsDefinition {
			meets++
		} else {
			notMeets++
			if strings.TrimSpace(c.DefinitionReason) != "" {
				reason++
			}
		}
		if c.OutsidePool != "" {
			outside++
			byKind[c.OutsidePool]++
		}
		changed := false
		for _, e := range c.EventsOf(domain.EventReassessment) {
			if domain.ChangesChecklist(e.Changes) {
				reassessments++
				changed = true
			}
		}
		if changed {
			changedCases++
		}
	}
	n := len(cases)
	b := newCaseQuestion(1, minCell)
	registered := b.add("cases_registered", "Aangemelde casussen", float64(n), 0, n, report.UnitCount)
	fMeets := b.add("meets_definition", "Voldoen aan de werkdefinitie", float64(meets), 0, n, report.UnitCount)
	fShare := b.add("meets_definition_share", "Aandeel dat aan de werkdefinitie voldoet", percentOf(meets, n), 1, n, report.UnitPercent)
	fNot := b.add("outside_definition", "Voldoen niet aan de werkdefinitie", float64(notMeets), 0, n, report.UnitCount)
	fReason := b.add("definition_reason_given", "Buiten de werkdefinitie aangemeld met een reden", float64(reason), 0, n, report.UnitCount)
	fOutside := b.add("outside_pool", "Buiten poolregie", float64(outside), 0, n, report.UnitCount)
	kinds := make([]report.Figure, len(domain.OutsidePoolKinds))
	for i, k := range domain.OutsidePoolKinds {
		kinds[i] = b.add("outside_pool_"+k, "Buiten poolregie: "+domain.OutsidePoolLabels[k], float64(byKind[k]), 0, n, report.UnitCount)
	}
	fReass := b.add("reassessments_checklist", "Herbeoordelingen die de checklist veranderden", float64(reassessments), 0, n, report.UnitCount)
	fChanged := b.add("cases_checklist_changed", "Casussen waarvan een herbeoordeling de checklist veranderde", float64(changedCases), 0, n, report.UnitCount)
	b.q.Chart = &report.Chart{Title: "Aangemelde casussen en de werkdefinitie", Max: float64(n), Unit: report.UnitCount, Bars: []report.ChartBar{
		b.bar("Binnen de werkdefinitie", float64(meets), 0, n),
		b.bar("Buiten de werkdefinitie", float64(notMeets), 0, n),
		b.bar("Buiten poolregie", float64(outside), 0, n),
	}}
	if registered.Value == nil {
		return b.answer(b.tooFew("aangemelde casussen")), nil
	}
	first := "Van de " + figNum(registered, 0) + " aangemelde casussen voldeden er " + figNum(fMeets, 0) + " (" + figPct(fShare) + ") aan de werkdefinitie en " +
		figNum(fNot, 0) + " niet"
	if notMeets > 0 {
		first += " (" + figNum(fReason, 0) + " met een reden om ze toch aan te melden)"
	}
	second := figNum(fOutside, 0) + " " + dutchPlural(outside, "casus viel", "casussen vielen") + " buiten de poolregie"
	if outside > 0 {
		var parts []string
		for i, k := range domain.OutsidePoolKinds {
			if byKind[k] > 0 {
				parts = append(parts, figNum(kinds[i], 0)+" "+outsidePoolWords[k])
			}
		}
		second += " (" + strings.Join(parts, ", ") + ")"
	}
	third := "Geen herbeoordeling veranderde de checklist."
	if reassessments > 0 {
		third = figNum(fReass, 0) + " " + dutchPlural(reassessments, "herbeoordeling", "herbeoordelingen") + " in " + figNum(fChanged, 0) + " " +
			dutchPlural(changedCases, "casus", "casussen") + " " + dutchPlural(reassessments, "veranderde", "veranderden") + " de checklist."
	}
	return b.answer(first+"; "+second+".", third), nil
}
