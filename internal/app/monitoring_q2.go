package app

import (
	"context"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// question2 answers "Moeten het functie- en competentieprofiel worden
// aangepast?" per competency of the current instrument:
//   - from the current ranking inputs: over the waiting and assigned cases
//     registered in the period that lean on the competency, the candidate
//     pairs (case × pool member in scope with a score) in which the member
//     lies below the hard minimum (excluded) or below the norm (a lower
//     fit), as the matching policy counts them (N: the members with a
//     score on it);
//   - the spread of the latest closed 360 round's "others" mean (closed on
//     or before the period's end, anonymity rules applied) against the
//     norm: share below the norm, median and quartiles (N: the regisseurs
//     with a result on it);
//
// and the overrides of the ranking per overridable exclusion kind
// (App.OverrideCounts, cases registered in the period; N: those cases
// that got a regisseur).
// The pool round narrows the members and regisseurs, not the cases.
func (a *App) question2(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	q := newQuestion(2)
	comps, err := a.CompetencyProfile(ctx)
	if err != nil {
		return q, err
	}
	pol, err := a.db.MatchingPolicy(ctx)
	if err != nil {
		return q, err
	}
	leans, err := a.db.MonitoringCaseLeans(ctx, f)
	if err != nil {
		return q, err
	}
	members, err := a.monitoredMembers(ctx, f)
	if err != nil {
		return q, err
	}
	hist, err := a.monitoredRounds(ctx, f)
	if err != nil {
		return q, err
	}
	overrides, err := a.OverrideCounts(ctx, f.From, f.To, f.MunicipalityID)
	if err != nil {
		return q, err
	}
	// The overrides are counted over the cases that got a regisseur: that
	// is the N behind them (a count is not its own N, or hiding a small
	// count would show it as its N).
	cases, err := a.monitoredCases(ctx, f, nil)
	if err != nil {
		return q, err
	}
	withRegie := 0
	for i := range cases {
		if cases[i].WithRegie() {
			withRegie++
		}
	}
	var latest []map[string]float64
	for _, h := range hist {
		if o := latestOthers(h); len(o) > 0 {
			latest = append(latest, o)
		}
	}
	chart := &report.Chart{Title: "Aandeel regisseurs onder de norm per competentie (laatste 360-ronde)", Max: 100, Unit: report.UnitPercent}
	type best struct {
		name string
		fig  report.Figure
	}
	var mostExcluded, mostWeakened, mostBelow best
	for _, it := range comps {
		norm, hasNorm := normOf(it)
		minimum, hasMin := pol.Minimums[it.Key]
		cases := 0
		for _, l := range leans {
			for _, k := range l {
				if k == it.Key {
					cases++
					break
				}
			}
		}
		scored, below, weak := 0, 0, 0
		for _, m := range members {
			v, ok := m[it.Key]
			if !ok {
				continue
			}
			scored++
			if hasMin && v < minimum-1e-9 {
				below++
			}
			if hasNorm && v < norm-1e-9 {
				weak++
			}
		}
		if hasMin {
			fe := fig("excluded."+it.Key, it.Name+": kandidaatparen uitgesloten (onder het minimum)", float64(cases*below), scored, report.UnitCount, minCell)
			q.Figures = append(q.Figures, fe)
			if fe.Value != nil && (mostExcluded.fig.Value == nil || *fe.Value > *mostExcluded.fig.Value) {
				mostExcluded = best{it.Name, fe}
			}
		}
		if !hasNorm {
			continue
		}
		fw := fig("weakened."+it.Key, it.Name+": kandidaatparen met lagere passing (onder de norm)", float64(cases*weak), scored, report.UnitCount, minCell)
		q.Figures = append(q.Figures, fw)
		if fw.Value != nil && (mostWeakened.fig.Value == nil || *fw.Value > *mostWeakened.fig.Value) {
			mostWeakened = best{it.Name, fw}
		}
		var scores []float64
		under := 0
		for _, o := range latest {
			if v, ok := o[it.Key]; ok {
				scores = append(scores, v)
				if v < norm-1e-9 {
					under++
				}
			}
		}
		n := len(scores)
		share := fig("below_norm_360."+it.Key, it.Name+": regisseurs onder de norm in de laatste 360-ronde", percent(under, n), n, report.UnitPercent, minCell)
		q.Figures = append(q.Figures, share,
			fig("q1_360."+it.Key, it.Name+": eerste kwartiel van de 360-score (anderen)", quantile(scores, 0.25), n, report.UnitMean, minCell),
			fig("median_360."+it.Key, it.Name+": mediaan van de 360-score (anderen)", quantile(scores, 0.5), n, report.UnitMean, minCell),
			fig("q3_360."+it.Key, it.Name+": derde kwartiel van de 360-score (anderen)", quantile(scores, 0.75), n, report.UnitMean, minCell))
		chart.Bars = append(chart.Bars, bar(it.Name, share))
		if share.Value != nil && (mostBelow.fig.Value == nil || *share.Value > *mostBelow.fig.Value) {
			mostBelow = best{it.Name, share}
		}
	}
	var ov []string
	for _, code := range domain.ExclusionReasons {
		if !domain.Overridable(code) {
			continue
		}
		n := overrides[code]
		fo := fig("overrides."+code, "Afwijkingen van de rangschikking: "+domain.ExclusionReasonLabels[code], float64(n), withRegie, report.UnitCount, minCell)
		q.Figures = append(q.Figures, fo)
		ov = append(ov, domain.ExclusionReasonLabels[code]+" "+say(fo))
	}
	q.Chart = chart
	var s []string
	switch {
	case mostExcluded.name != "":
		s = append(s, "Het harde minimum sloot kandidaten het vaakst uit op "+mostExcluded.name+" ("+say(mostExcluded.fig)+" kandidaatparen)")
	default:
		s = append(s, "Uitsluitingen door het harde minimum: "+tooFew)
	}
	if mostWeakened.name != "" {
		s = append(s, "onder de norm (lagere passing) vielen kandidaten het vaakst op "+mostWeakened.name+" ("+say(mostWeakened.fig)+" kandidaatparen)")
	} else {
		s = append(s, "lagere passing onder de norm: "+tooFew)
	}
	if mostBelow.name != "" {
		s = append(s, "in de laatste 360-ronde lag het grootste aandeel regisseurs onder de norm op "+mostBelow.name+" ("+say(mostBelow.fig)+")")
	} else {
		s = append(s, "360-scores tegenover de norm: "+tooFew)
	}
	q.Answer = s[0] + "; " + s[1] + "; " + s[2] + ". Afwijkingen van de rangschikking per soort uitsluiting: " + joinDutch(ov) + "."
	return q, nil
}
