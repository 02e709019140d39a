package app

import (
	"math"
	"slices"
	"strings"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// The shared part of the builders of questions 1, 4, 5, 7 and 8, which
// answer from the case records (Store.MonitoringCases).

// caseQuestion collects the figures of one question, each suppressed below
// minCell as it is added, so the answer is written from suppressed figures
// only.
type caseQuestion struct {
	q       report.Question
	minCell int
}

func newCaseQuestion(id, minCell int) *caseQuestion {
	return &caseQuestion{q: newQuestion(id), minCell: max(minCell, domain.MinCellFloor)}
}

// add appends the figure key with value v (rounded to dec decimals) over n
// cases or respondents in unit, suppressed when n is under the threshold,
// and returns it.
func (b *caseQuestion) add(key, label string, v float64, dec, n int, unit string) report.Figure {
	return b.addValue(key, label, &v, dec, n, unit)
}

// addValue is add for a value that may be missing (nil: not measured or
// not shown).
func (b *caseQuestion) addValue(key, label string, v *float64, dec, n int, unit string) report.Figure {
	f := newFigure(key, label, v, dec, n, unit, b.minCell)
	b.q.Figures = append(b.q.Figures, f)
	return f
}

// bar is a chart bar of value v over n, suppressed under the threshold.
func (b *caseQuestion) bar(label string, v float64, dec, n int) report.ChartBar {
	r := roundDec(v, dec)
	bar := report.ChartBar{Label: label, Value: &r, N: n}
	if n < b.minCell {
		bar.Value = nil
	}
	return bar
}

// answer sets the answer from its sentences and returns the question.
func (b *caseQuestion) answer(sentences ...string) report.Question {
	var out []string
	for _, s := range sentences {
		if s != "" {
			out = append(out, s)
		}
	}
	b.q.Answer = strings.Join(out, " ")
	return b.q
}

// tooFew is the answer when too few cases stand behind a question's
// figures.
func (b *caseQuestion) tooFew(what string) string {
	return "Te weinig gegevens: minder dan " + domain.FormatNumber(float64(b.minCell), 0) + " " + what + " in deze selectie."
}

// suppressedText is what an answer says of a suppressed value.
const suppressedText = "te weinig gegevens"

// figNum says a figure's value with at most dec decimals, or suppressedText.
func figNum(f report.Figure, dec int) string {
	if f.Value == nil {
		return suppressedText
	}
	return domain.FormatNumberTrim(*f.Value, dec)
}

// figPct says a percentage figure as "75%", or suppressedText.
func figPct(f report.Figure) string {
	if f.Value == nil {
		return suppressedText
	}
	return domain.FormatNumber(*f.Value, 0) + "%"
}

// dutchPlural is one when n is 1, many otherwise.
func dutchPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// percentOf is part of whole in percent (0 when whole is 0).
func percentOf(part, whole int) float64 {
	if whole <= 0 {
		return 0
	}
	return 100 * float64(part) / float64(whole)
}

func roundDec(v float64, dec int) float64 {
	p := math.Pow(10, float64(dec))
	return math.Round(v*p) / p
}

// quantileOf is the p-quantile (0–1) of values, interpolated between the
// closest ranks (the median of an even number is the mean of the middle
// two); 0 for none.
func quantileOf(values []float64, p float64) float64 {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	pos := p * float64(len(s)-1)
	lo := int(math.Floor(pos))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[lo] + (pos-float64(lo))*(s[lo+1]-s[lo])
}

func meanOfValues(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	return sum / float64(len(values))
}
