package app

import (
	"context"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// question4 answers "Is er vaker (herhaald) een gezamenlijke
// probleemanalyse?" over the cases in the filter that had a regisseur: the
// joint problem analyses per case (mean), the cases with a repeated one
// (two or more), and the share with one within domain.AnalysisWithinWeeks
// of the first assignment, of the cases whose window has passed or that
// had one in it (domain.MonitoredCase.AnalysisInTime). Chart: the cases by
// their number of analyses (0, 1, 2, 3 or more).
func (a *App) question4(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	cases, err := a.monitoredCases(ctx, f, []string{domain.EventProblemAnalysis})
	if err != nil {
		return report.Question{}, err
	}
	now := time.Now()
	var withRegie, analyses, repeated, due, inTime int
	var dist [4]int
	for _, c := range cases {
		if !c.WithRegie() {
			continue
		}
		withRegie++
		k := len(c.EventsOf(domain.EventProblemAnalysis))
		analyses += k
		if k >= 2 {
			repeated++
		}
		dist[min(k, 3)]++
		if in, d := c.AnalysisInTime(now); d {
			due++
			if in {
				inTime++
			}
		}
	}
	b := newCaseQuestion(4, minCell)
	weeks := domain.FormatNumber(domain.AnalysisWithinWeeks, 0)
	fCases := b.add("cases_with_regie", "Casussen met een regisseur", float64(withRegie), 0, withRegie, report.UnitCount)
	b.add("analyses", "Gezamenlijke probleemanalyses", float64(analyses), 0, withRegie, report.UnitCount)
	fMean := b.add("analyses_per_case", "Gezamenlijke probleemanalyses per casus (gemiddeld)", float64(analyses)/float64(max(withRegie, 1)), 2, withRegie, report.UnitMean)
	fRep := b.add("cases_repeated_analysis", "Casussen met een herhaalde analyse (twee of meer)", float64(repeated), 0, withRegie, report.UnitCount)
	fRepShare := b.add("cases_repeated_analysis_share", "Aandeel casussen met een herhaalde analyse", percentOf(repeated, withRegie), 1, withRegie, report.UnitPercent)
	fDue := b.add("cases_analysis_due", "Casussen waarvan de eerste "+weeks+" weken na toewijzing voorbij zijn (of met een analyse daarin)", float64(due), 0, due, report.UnitCount)
	fIn := b.add("cases_analysis_within_weeks", "Casussen met een analyse binnen "+weeks+" weken na de eerste toewijzing", float64(inTime), 0, due, report.UnitCount)
	fInShare := b.add("cases_analysis_within_weeks_share", "Aandeel casussen met een analyse binnen "+weeks+" weken na de eerste toewijzing", percentOf(inTime, due), 1, due, report.UnitPercent)
	b.q.Chart = &report.Chart{Title: "Casussen naar aantal gezamenlijke probleemanalyses", Max: float64(withRegie), Unit: report.UnitCount, Bars: []report.ChartBar{
		b.bar("Geen", float64(dist[0]), 0, withRegie), b.bar("1", float64(dist[1]), 0, withRegie),
		b.bar("2", float64(dist[2]), 0, withRegie), b.bar("3 of meer", float64(dist[3]), 0, withRegie),
	}}
	if fCases.Value == nil {
		return b.answer(b.tooFew("casussen met een regisseur")), nil
	}
	first := "In de " + figNum(fCases, 0) + " casussen met een regisseur werden gemiddeld " + figNum(fMean, 2) +
		" gezamenlijke probleemanalyses vastgelegd; in " + figNum(fRep, 0) + " (" + figPct(fRepShare) + ") werd de analyse herhaald."
	second := "Of er binnen " + weeks + " weken na de eerste toewijzing een analyse was: " + suppressedText + "."
	if fDue.Value != nil {
		second = figNum(fIn, 0) + " van de " + figNum(fDue, 0) + " casussen (" + figPct(fInShare) + ") " + dutchPlural(inTime, "had", "hadden") +
			" binnen " + weeks + " weken na de eerste toewijzing een gezamenlijke probleemanalyse."
	}
	return b.answer(first, second), nil
}
