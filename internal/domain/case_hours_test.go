package domain

import "testing"

func TestCaseHoursWarning(t *testing.T) {
	for _, tt := range []struct {
		spent, arrangement float64
		want               string
		percent            int
	}{
		{0, 50, HoursOK, 0},
		{39.9, 50, HoursOK, 79},
		{40, 50, HoursNear, 80},
		{49.9, 50, HoursNear, 99},
		{50, 50, HoursOver, 100},
		{62, 50, HoursOver, 124},
	} {
		c := Case{HoursSpent: tt.spent, ArrangementHours: tt.arrangement}
		if got := c.HoursWarning(); got != tt.want {
			t.Errorf("%v of %v: got %q, want %q", tt.spent, tt.arrangement, got, tt.want)
		}
		if got := c.HoursPercent(); got != tt.percent {
			t.Errorf("%v of %v: got %d %%, want %d %%", tt.spent, tt.arrangement, got, tt.percent)
		}
	}
}
