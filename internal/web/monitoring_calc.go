package web

import (
	"math"
	"strings"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// caseloadCalculator is the small calculator of question 8: how many
// complex cases a regisseur can carry for a number of hours a week, from
// the hours per week per case the question measured. A plain GET form
// (?uren=), answered by the server: no JavaScript.
type caseloadCalculator struct {
	PerCase string // the measured hours per week per case, Dutch
	Hours   string // the hours asked about, as typed
	Result  string // "" until asked
	Error   string
}

// newCaseloadCalculator finds question 8's figure of hours per week per
// case (unit hours, key containing "per_week"); nil when there is none or
// it is suppressed: the calculator then has nothing to divide by.
func newCaseloadCalculator(q report.Question, hours string) *caseloadCalculator {
	var per *report.Figure
	for i, f := range q.Figures {
		if f.Unit == report.UnitHours && strings.Contains(f.Key, "per_week") && f.Value != nil && *f.Value > 0 {
			per = &q.Figures[i]
			break
		}
	}
	if per == nil {
		return nil
	}
	c := &caseloadCalculator{PerCase: domain.FormatNumberTrim(*per.Value, 1), Hours: hours}
	if hours == "" {
		return c
	}
	h, err := parseDecimal(hours)
	if err != nil || h <= 0 || h > 40 {
		c.Error = decimalReason(hours, "Vul een aantal uren per week in van 1 tot en met 40, bijvoorbeeld 24 of 16,5.")
		return c
	}
	n := math.Floor(h / *per.Value)
	c.Result = "Met " + domain.FormatNumberTrim(h, 1) + " uur per week voor regie kan een regisseur ongeveer " +
		domain.FormatNumber(n, 0) + " complexe casussen tegelijk dragen (" + c.PerCase + " uur per week per casus)."
	return c
}
