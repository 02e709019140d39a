package app

import (
	"context"
	"slices"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// question9 answers "Signaleert de selectiemethode valkuilen en
// ontwikkelpunten?" for the regisseurs with a pre-selection (of the pool
// round when one is chosen) whose attention points and pitfalls name
// competencies (PreSelection.CompetencyKeys):
//   - of their development goals set in the period, the share on a
//     competency the pre-selection named (N: the regisseurs with such a
//     goal);
//   - of their weak points in the latest 360 round closed on or before the
//     period's end (others below the norm, anonymity rules applied), the
//     share on a named competency (N: the regisseurs with a weak point);
//   - of the competencies named, the share that later became a goal or a
//     weak point (N: the regisseurs with a goal or a 360 result).
//
// Aggregated over regisseurs, never per person.
func (a *App) question9(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	q := newQuestion(9)
	comps, err := a.CompetencyProfile(ctx)
	if err != nil {
		return q, err
	}
	pre, err := a.monitoredPreSelections(ctx, f)
	if err != nil {
		return q, err
	}
	goals, err := a.monitoredGoals(ctx, f)
	if err != nil {
		return q, err
	}
	hist, err := a.monitoredRounds(ctx, f)
	if err != nil {
		return q, err
	}
	byReg := map[int64][]string{}
	for _, g := range goals {
		if !g.CreatedAt.Before(f.From) {
			byReg[g.RegisseurID] = append(byReg[g.RegisseurID], g.CompetencyKey)
		}
	}
	withPre, named := 0, 0
	var goalN, goalHit, goalAll, weakN, weakHit, weakAll, sigN, sigHit, sigAll int
	for reg, keys := range pre {
		withPre++
		if len(keys) == 0 {
			continue
		}
		named++
		gs := byReg[reg]
		if len(gs) > 0 {
			goalN++
			for _, k := range gs {
				goalAll++
				if slices.Contains(keys, k) {
					goalHit++
				}
			}
		}
		var weak []string
		h, hasResult := hist[reg]
		if hasResult {
			weak = weakPoints(latestOthers(h), comps)
		}
		if len(weak) > 0 {
			weakN++
			for _, k := range weak {
				weakAll++
				if slices.Contains(keys, k) {
					weakHit++
				}
			}
		}
		if len(gs) > 0 || hasResult {
			sigN++
			for _, k := range distinct(keys) {
				sigAll++
				if slices.Contains(gs, k) || slices.Contains(weak, k) {
					sigHit++
				}
			}
		}
	}
	fPre := fig("with_preselection", "Regisseurs met een voorselectie", float64(withPre), withPre, report.UnitCount, minCell)
	fNamed := fig("naming_competencies", "Voorselecties die competenties noemen bij aandachtspunten of valkuilen", percent(named, withPre), withPre, report.UnitPercent, minCell)
	fGoals := fig("goals_foreseen", "Latere ontwikkeldoelen op een competentie die de voorselectie noemde", percent(goalHit, goalAll), goalN, report.UnitPercent, minCell)
	fWeak := fig("weak_points_foreseen", "Zwakke punten uit de 360-feedback op een competentie die de voorselectie noemde", percent(weakHit, weakAll), weakN, report.UnitPercent, minCell)
	fSig := fig("signals_confirmed", "Genoemde competenties die later een ontwikkeldoel of zwak punt werden", percent(sigHit, sigAll), sigN, report.UnitPercent, minCell)
	q.Figures = append(q.Figures, fPre, fNamed, fGoals, fWeak, fSig)
	q.Chart = &report.Chart{Title: "Voorzien door de voorselectie", Max: 100, Unit: report.UnitPercent,
		Bars: []report.ChartBar{bar("Ontwikkeldoelen", fGoals), bar("Zwakke punten (360)", fWeak), bar("Signalen bevestigd", fSig)}}
	q.Answer = "Latere ontwikkeldoelen op een competentie die de voorselectie als aandachtspunt of valkuil noemde: " + say(fGoals) +
		"; zwakke punten uit de 360-feedback op zo'n competentie: " + say(fWeak) + "; genoemde competenties die later een ontwikkeldoel of zwak punt werden: " +
		say(fSig) + " (regisseurs met een voorselectie: " + say(fPre) + ")."
	return q, nil
}
