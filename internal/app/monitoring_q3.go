package app

import (
	"context"
	"math"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// question3 answers "Zijn regisseurs beter toegerust?": per competency of
// the current instrument, the mean change of the others' score between
// each regisseur's first and latest 360 round closed in the period (the
// anonymity rules applied to each round; N: the regisseurs with at least
// two such rounds and an others' score on the competency in both), and
// the mean self − others gap over the competencies in the first and in the
// latest of those rounds (N: the regisseurs with a gap in both).
func (a *App) question3(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	q := newQuestion(3)
	comps, err := a.CompetencyProfile(ctx)
	if err != nil {
		return q, err
	}
	hist, err := a.monitoredRounds(ctx, f)
	if err != nil {
		return q, err
	}
	changes := map[string][]float64{}
	var gapFirst, gapLast []float64
	for _, h := range hist {
		rs := closedIn(h, f)
		if len(rs) < 2 {
			continue
		}
		for k, d := range changeOf(rs) {
			changes[k] = append(changes[k], d)
		}
		g1, ok1 := meanGap(rs[0])
		g2, ok2 := meanGap(rs[len(rs)-1])
		if ok1 && ok2 {
			gapFirst, gapLast = append(gapFirst, g1), append(gapLast, g2)
		}
	}
	chart := &report.Chart{Title: "Gemiddelde verandering van de 360-score (anderen) per competentie", Max: 1, Unit: report.UnitChange}
	var up, down *report.Figure
	var upName, downName string
	for _, it := range comps {
		d := changes[it.Key]
		fc := fig("change."+it.Key, it.Name+": gemiddelde verandering van eerste naar laatste 360-ronde", mean(d), len(d), report.UnitChange, minCell)
		q.Figures = append(q.Figures, fc)
		chart.Bars = append(chart.Bars, bar(it.Name, fc))
		if fc.Value == nil {
			continue
		}
		chart.Max = math.Max(chart.Max, math.Ceil(math.Abs(*fc.Value)))
		if up == nil || *fc.Value > *up.Value {
			up, upName = &fc, it.Name
		}
		if down == nil || *fc.Value < *down.Value {
			down, downName = &fc, it.Name
		}
	}
	g1 := fig("gap_first", "Zelfbeeld min anderen (gemiddeld over de competenties), eerste ronde", mean(gapFirst), len(gapFirst), report.UnitChange, minCell)
	g2 := fig("gap_latest", "Zelfbeeld min anderen (gemiddeld over de competenties), laatste ronde", mean(gapLast), len(gapLast), report.UnitChange, minCell)
	q.Figures = append(q.Figures, g1, g2)
	q.Chart = chart
	switch {
	case up == nil:
		q.Answer = "Verandering per competentie: " + tooFew + " (te weinig regisseurs met twee afgesloten 360-rondes in de periode)"
	case upName == downName:
		q.Answer = "Over de regisseurs met ten minste twee afgesloten 360-rondes in de periode veranderde de score van anderen op " +
			upName + " gemiddeld " + say(*up)
	default:
		q.Answer = "Over de regisseurs met ten minste twee afgesloten 360-rondes in de periode veranderde de score van anderen het meest op " +
			upName + " (" + say(*up) + ") en het minst op " + downName + " (" + say(*down) + ")"
	}
	q.Answer += "; het verschil tussen zelfbeeld en anderen was gemiddeld " + say(g1) + " in de eerste en " + say(g2) + " in de laatste ronde."
	return q, nil
}
