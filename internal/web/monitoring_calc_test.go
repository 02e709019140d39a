package web

import (
	"strings"
	"testing"

	"regiepool/internal/report"
)

func TestCaseloadCalculator(t *testing.T) {
	per := 1.6
	q := report.Question{ID: 8, Figures: []report.Figure{
		{Key: "hours_median", Unit: report.UnitHours, Value: &per, N: 9},
		{Key: "hours_per_week", Unit: report.UnitHours, Value: &per, N: 9}}}
	for _, tt := range []struct{ hours, result, err string }{
		{"", "", ""},
		{"24", "ongeveer 15 complexe casussen", ""},
		{"16,5", "ongeveer 10 complexe casussen", ""},
		{"0", "", "van 1 tot en met 40"},
		{"veel", "", "van 1 tot en met 40"},
	} {
		c := newCaseloadCalculator(q, tt.hours)
		if c == nil || !strings.Contains(c.Result, tt.result) || (tt.result == "" && c.Result != "") || !strings.Contains(c.Error, tt.err) {
			t.Errorf("%q: %+v", tt.hours, c)
		}
	}
	q.Figures[1].Value = nil
	if c := newCaseloadCalculator(q, "24"); c != nil {
		t.Errorf("a suppressed figure still calculates: %+v", c)
	}
}
