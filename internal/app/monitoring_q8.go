package app

import (
	"context"
	"math"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// hoursBinWidth and hoursBins shape question 8's chart: bins of ten hours,
// the last one open-ended.
const (
	hoursBinWidth = 10
	hoursBins     = 10
)

// question8 answers "Hoeveel tijd kost regie in de gemiddelde complexe
// casus, en wat betekent dat voor de caseload?" over the closed cases in
// the filter that had a regisseur: the hours spent per case (the sum of
// its hours events: median and quartiles), the actual duration from the
// first assignment to the close (domain.MonitoredCase.DurationWeeks), the
// hours per week per case (median), and the caseload that implies for a
// working week of domain.CaseloadWeekHours with domain.CaseloadRegieShare
// for regie: the hours available divided by the median hours per week. The
// inputs are figures too, so the page's calculator can redo it for other
// hours. Chart: the closed cases per ten hours spent.
func (a *App) question8(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	cases, err := a.monitoredCases(ctx, f, nil)
	if err != nil {
		return report.Question{}, err
	}
	var hours, weeks, perWeek []float64
	for _, c := range cases {
		w, ok := c.DurationWeeks()
		if !ok || c.Status != domain.CaseClosed {
			continue
		}
		hpw, _ := c.HoursPerWeek()
		hours, weeks, perWeek = append(hours, c.Hours), append(weeks, w), append(perWeek, hpw)
	}
	n := len(hours)
	b := newCaseQuestion(8, minCell)
	fN := b.add("cases_closed_with_regie", "Afgesloten casussen met een regisseur", float64(n), 0, n, report.UnitCount)
	fMedian := b.add("hours_per_case_median", "Uren per afgesloten casus (mediaan)", quantileOf(hours, 0.5), 1, n, report.UnitHours)
	fQ1 := b.add("hours_per_case_q1", "Uren per afgesloten casus (eerste kwartiel)", quantileOf(hours, 0.25), 1, n, report.UnitHours)
	fQ3 := b.add("hours_per_case_q3", "Uren per afgesloten casus (derde kwartiel)", quantileOf(hours, 0.75), 1, n, report.UnitHours)
	fWeeks := b.add("duration_weeks_median", "Werkelijke duur van toewijzing tot afsluiten in weken (mediaan)", quantileOf(weeks, 0.5), 1, n, report.UnitWeeks)
	medianPerWeek := quantileOf(perWeek, 0.5)
	fPerWeek := b.add("hours_per_week_median", "Uren per week per casus (mediaan)", medianPerWeek, 2, n, report.UnitHours)
	fWeek := b.add("caseload_week_hours", "Werkweek voor de caseload (uren)", domain.CaseloadWeekHours, 1, n, report.UnitHours)
	fShare := b.add("caseload_regie_share", "Deel van de werkweek voor regie", 100*domain.CaseloadRegieShare, 1, n, report.UnitPercent)
	available := domain.CaseloadWeekHours * domain.CaseloadRegieShare
	fAvail := b.add("caseload_hours_available", "Uren per week beschikbaar voor regie", available, 1, n, report.UnitHours)
	var caseload *float64
	if rounded := roundDec(medianPerWeek, 2); rounded > 0 {
		c := available / rounded
		caseload = &c
	}
	fLoad := b.addValue("caseload", "Caseload die daarbij past (casussen)", caseload, 1, n, report.UnitCount)

	var bins [hoursBins]int
	top := 0
	for _, h := range hours {
		i := min(int(math.Floor(h/hoursBinWidth)), hoursBins-1)
		bins[i]++
		top = max(top, i)
	}
	chart := &report.Chart{Title: "Afgesloten casussen naar bestede uren", Max: float64(n), Unit: report.UnitCount}
	for i := 0; i <= top; i++ {
		label := domain.FormatNumber(float64(i*hoursBinWidth), 0) + "–" + domain.FormatNumber(float64((i+1)*hoursBinWidth), 0) + " uur"
		if i == hoursBins-1 {
			label = domain.FormatNumber(float64(i*hoursBinWidth), 0) + " uur of meer"
		}
		chart.Bars = append(chart.Bars, b.bar(label, float64(bins[i]), 0, n))
	}
	b.q.Chart = chart
	if fN.Value == nil {
		return b.answer(b.tooFew("afgesloten casussen met een regisseur")), nil
	}
	first := "Over " + figNum(fN, 0) + " afgesloten casussen kostte regie een mediaan van " + figNum(fMedian, 1) + " uur per casus (kwartielen " +
		figNum(fQ1, 1) + " en " + figNum(fQ3, 1) + " uur), bij een werkelijke duur van mediaan " + figNum(fWeeks, 1) + " weken: " +
		figNum(fPerWeek, 2) + " uur per week per casus."
	second := "Er zijn geen uren vastgelegd: een caseload is niet te berekenen."
	if fLoad.Value != nil {
		second = "Bij een werkweek van " + figNum(fWeek, 1) + " uur met " + figPct(fShare) + " voor regie (" + figNum(fAvail, 1) +
			" uur) past daarbij een caseload van " + figNum(fLoad, 1) + " casussen."
	}
	return b.answer(first, second), nil
}
