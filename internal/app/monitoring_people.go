package app

import (
	"context"
	"math"
	"slices"
	"strings"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// The monitoring questions about people (2, 3, 6, 9 and 10): regisseurs,
// raters and respondents. Aggregates only, never per person: every figure
// counts the regisseurs (or respondents) behind it in N and is suppressed
// below minCell; 360 scores enter only as the anonymity rules let them
// through (assessment.Score with the MinRaters in force), per regisseur,
// before they are aggregated over regisseurs.

// AnswerMonitoringQuestion answers the pilot's monitoring question id
// (1–10) for filter f with small-cell threshold minCell (never below
// domain.MinCellFloor). Monitors and admins. Errors: forbidden, invalid
// (the filter's period, or id out of range: field question).
func (a *App) AnswerMonitoringQuestion(ctx context.Context, id int, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	if !domain.CanSeeMonitoring(domain.ActorFrom(ctx)) {
		return report.Question{}, domain.Errorf(domain.EForbidden, "forbidden", "U heeft geen toegang tot de monitoring.")
	}
	if id < 1 || id > len(questionBuilders) {
		return report.Question{}, domain.Invalid(domain.FieldError{Name: "question", Code: "range", Reason: "Kies een vraag van 1 tot en met 10."})
	}
	if err := f.Validate(); err != nil {
		return report.Question{}, err
	}
	return questionBuilders[id-1](a, ctx, f, max(minCell, domain.MinCellFloor))
}

// fig is a figure with value v (rounded to two decimals) and n behind it,
// suppressed below minCell.
func fig(key, label string, v float64, n int, unit string, minCell int) report.Figure {
	return newFigure(key, label, &v, 2, n, unit, minCell)
}

// emptyFig is a figure with nothing behind it: no value, N 0.
func emptyFig(key, label, unit string) report.Figure {
	return report.Figure{Key: key, Label: label, Unit: unit}
}

// bar is the chart bar of figure f under label.
func bar(label string, f report.Figure) report.ChartBar {
	return report.ChartBar{Label: label, Value: f.Value, N: f.N}
}

// tooFew is what an answer says of a suppressed value.
const tooFew = "te weinig gegevens"

// say formats figure f's value in Dutch for an answer sentence, or "te
// weinig gegevens" when it is suppressed.
func say(f report.Figure) string {
	if f.Value == nil {
		return tooFew
	}
	v := *f.Value
	switch f.Unit {
	case report.UnitPercent:
		return domain.FormatNumber(v, 0) + "%"
	case report.UnitMean:
		return domain.FormatNumber(v, 1)
	case report.UnitChange:
		s := domain.FormatNumberTrim(v, 2)
		if v > 0 {
			s = "+" + s
		}
		return s
	}
	return domain.FormatNumberTrim(v, 1)
}

// percent is part of whole as 0–100; 0 when whole is 0.
func percent(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}

// mean is the mean of v; 0 for none.
func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// quantile is the q-quantile of v (0 ≤ q ≤ 1), interpolated between the
// sorted values; 0 for none.
func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	pos := q * float64(len(s)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
}

// closedIn is the rounds of h closed in f's period, oldest first.
func closedIn(h []assessment.RoundScores, f domain.MonitoringFilter) []assessment.RoundScores {
	var out []assessment.RoundScores
	end := f.To.AddDate(0, 0, 1)
	for _, r := range h {
		if !r.ClosedAt.Before(f.From) && r.ClosedAt.Before(end) {
			out = append(out, r)
		}
	}
	return out
}

// latestOthers is the others' mean per competency of h's latest closed
// round (closed on or before the end of the period: the store reads no
// later ones); nil without a round.
func latestOthers(h []assessment.RoundScores) map[string]float64 {
	if len(h) == 0 {
		return nil
	}
	return h[len(h)-1].Others
}

// changeOf is one regisseur's change per competency from their first to
// their latest round in rs (at least two), where both have an others'
// mean.
func changeOf(rs []assessment.RoundScores) map[string]float64 {
	out := map[string]float64{}
	if len(rs) < 2 {
		return out
	}
	first, last := rs[0], rs[len(rs)-1]
	for k, v := range last.Others {
		if w, ok := first.Others[k]; ok {
			out[k] = v - w
		}
	}
	return out
}

// meanGap is the mean self − others gap over the competencies of round r
// with both; ok false when none has both.
func meanGap(r assessment.RoundScores) (float64, bool) {
	var gaps []float64
	for k, o := range r.Others {
		if s, ok := r.Self[k]; ok {
			gaps = append(gaps, s-o)
		}
	}
	return mean(gaps), len(gaps) > 0
}

// normOf is the norm of competency it as a number; ok false without one.
func normOf(it assessment.Item) (float64, bool) {
	if it.Norm == nil {
		return 0, false
	}
	return float64(*it.Norm), true
}

// weakPoints are the competencies of others below their norm in the
// profile comps.
func weakPoints(others map[string]float64, comps Competencies) []string {
	var out []string
	for _, it := range comps {
		n, ok := normOf(it)
		if v, has := others[it.Key]; ok && has && v < n-1e-9 {
			out = append(out, it.Key)
		}
	}
	return out
}

// joinDutch joins parts as a Dutch list: "a, b en c".
func joinDutch(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " en " + parts[len(parts)-1]
}
