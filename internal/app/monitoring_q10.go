package app

import (
	"context"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// question10 answers "Heeft de begeleiding meerwaarde?":
//   - the regisseurs the filter covers are split at the median of the
//     intervisie sessions held in the period they attended (low: at most
//     the median, high: more); per group the mean change of their others'
//     360 score (as in question 3, averaged over the competencies per
//     regisseur; N: the regisseurs with two rounds closed in the period)
//     and the share of their development goals due in the period that
//     were reached (N: the regisseurs with such goals). A measure is shown
//     for both groups only when both have at least minCell regisseurs
//     behind it, so neither can be derived from a total;
//   - the regisseurs' own rating of the coaching (1–5) in reflections
//     marked for monitoring written in the period: the mean of each
//     regisseur's mean (N: the regisseurs who rated).
func (a *App) question10(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	q := newQuestion(10)
	att, err := a.db.MonitoringAttendance(ctx, f)
	if err != nil {
		return q, err
	}
	hist, err := a.monitoredRounds(ctx, f)
	if err != nil {
		return q, err
	}
	goals, err := a.monitoredGoals(ctx, f)
	if err != nil {
		return q, err
	}
	refl, err := a.db.MonitoringReflections(ctx, f)
	if err != nil {
		return q, err
	}
	var counts []float64
	for _, n := range att {
		counts = append(counts, float64(n))
	}
	median := quantile(counts, 0.5)
	high := func(reg int64) bool { return float64(att[reg]) > median }

	// The change per regisseur: the mean over the competencies.
	var change [2][]float64
	for reg, h := range hist {
		if _, in := att[reg]; !in {
			continue
		}
		var ds []float64
		for _, d := range changeOf(closedIn(h, f)) {
			ds = append(ds, d)
		}
		if len(ds) > 0 {
			g := 0
			if high(reg) {
				g = 1
			}
			change[g] = append(change[g], mean(ds))
		}
	}
	// Goals due in the period, reached or not, per group.
	end := f.To.AddDate(0, 0, 1)
	var due, reached [2]int
	var goalRegs [2]map[int64]bool
	goalRegs[0], goalRegs[1] = map[int64]bool{}, map[int64]bool{}
	for _, g := range goals {
		if _, in := att[g.RegisseurID]; !in || g.Status == domain.GoalDropped || g.TargetDate.Before(f.From) || !g.TargetDate.Before(end) {
			continue
		}
		i := 0
		if high(g.RegisseurID) {
			i = 1
		}
		due[i]++
		goalRegs[i][g.RegisseurID] = true
		if g.Status == domain.GoalAchieved {
			reached[i]++
		}
	}
	names := [2]string{"lage aanwezigheid", "hoge aanwezigheid"}
	keys := [2]string{"low", "high"}
	var fc, fg [2]report.Figure
	for i := range 2 {
		fc[i] = fig("change."+keys[i], "Gemiddelde verandering 360-score (anderen), "+names[i]+" bij intervisie", mean(change[i]), len(change[i]), report.UnitChange, minCell)
		fg[i] = fig("goals_reached."+keys[i], "Ontwikkeldoelen bereikt, "+names[i]+" bij intervisie", percent(reached[i], due[i]), len(goalRegs[i]), report.UnitPercent, minCell)
	}
	// Both groups or neither: one group's figure next to a total would
	// give away the other.
	for _, pair := range []*[2]report.Figure{&fc, &fg} {
		if pair[0].Value == nil || pair[1].Value == nil {
			pair[0].Value, pair[1].Value = nil, nil
		}
	}
	sessions := fig("median_sessions", "Mediaan bijgewoonde intervisiebijeenkomsten per regisseur", median, len(counts), report.UnitCount, minCell)
	perReg := map[int64][]float64{}
	for _, r := range refl {
		if r.CoachingHelp != nil {
			perReg[r.RegisseurID] = append(perReg[r.RegisseurID], float64(*r.CoachingHelp))
		}
	}
	var ratings []float64
	for _, v := range perReg {
		ratings = append(ratings, mean(v))
	}
	rating := fig("coaching_rating", "Eigen oordeel: hoeveel heeft de begeleiding geholpen (gemiddeld, 1–5)", mean(ratings), len(ratings), report.UnitMean, minCell)
	q.Figures = append(q.Figures, sessions, fc[0], fc[1], fg[0], fg[1], rating)
	q.Chart = &report.Chart{Title: "Gemiddelde verandering 360-score naar aanwezigheid bij intervisie", Max: 1, Unit: report.UnitChange,
		Bars: []report.ChartBar{bar("Lage aanwezigheid", fc[0]), bar("Hoge aanwezigheid", fc[1])}}
	for _, b := range q.Chart.Bars {
		if b.Value != nil && (*b.Value > q.Chart.Max || -*b.Value > q.Chart.Max) {
			q.Chart.Max = 2
		}
	}
	q.Answer = "Gemiddelde verandering van de 360-score bij hoge aanwezigheid bij intervisie (meer dan de mediaan van " + say(sessions) +
		" bijeenkomsten): " + say(fc[1]) + ", bij lage aanwezigheid: " + say(fc[0]) + "; ontwikkeldoelen bereikt: " + say(fg[1]) + " tegenover " + say(fg[0]) +
		"; eigen oordeel van de regisseurs over hoeveel de begeleiding hielp: " + say(rating) + "."
	return q, nil
}
