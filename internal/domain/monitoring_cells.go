package domain

import (
	"fmt"
	"time"
)

// The cell rule of monitoring (issue 15): narrowing a report by period,
// municipality or pool round must not reveal one family's answer or one
// regisseur's score, also not by subtracting one report from another. A
// report therefore covers whole calendar quarters, and a figure is
// suppressed when any quarter's part of it, or any quarter's complement
// (the whole region or pool minus the filtered part), rests on 1 to
// minCell−1 cases or people. The difference of two reports that are shown
// is then a union of cells of 0 or at least minCell.

// MaxMonitoringQuarters bounds the period of one monitoring report: every
// quarter is computed on its own as well.
const MaxMonitoringQuarters = 12

// QuarterStart is the first day of t's calendar quarter.
func QuarterStart(t time.Time) time.Time {
	return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, t.Location())
}

// QuarterEnd is the last day of t's calendar quarter.
func QuarterEnd(t time.Time) time.Time {
	return QuarterStart(t).AddDate(0, 3, -1)
}

// QuarterLabel names t's quarter the Dutch way: "2e kwartaal 2025".
func QuarterLabel(t time.Time) string {
	return fmt.Sprintf("%de kwartaal %d", (int(t.Month())-1)/3+1, t.Year())
}

// SnapToQuarters widens f's period to whole calendar quarters: From to the
// first day of its quarter, To to the last day of its.
func (f MonitoringFilter) SnapToQuarters() MonitoringFilter {
	f.From, f.To = QuarterStart(f.From), QuarterEnd(f.To)
	return f
}

// Quarters splits f's period (snapped to whole quarters) into one filter
// per quarter, with f's municipality and pool round.
func (f MonitoringFilter) Quarters() []MonitoringFilter {
	f = f.SnapToQuarters()
	var out []MonitoringFilter
	for q := f.From; !q.After(f.To); q = q.AddDate(0, 3, 0) {
		c := f
		c.From, c.To = q, QuarterEnd(q)
		out = append(out, c)
	}
	return out
}

// Narrowed reports whether f names a municipality or a pool round.
func (f MonitoringFilter) Narrowed() bool { return f.MunicipalityID != nil || f.PoolRoundID != nil }

// ValidateReport checks f as the period of a report: Validate, and at most
// MaxMonitoringQuarters quarters once snapped.
func (f MonitoringFilter) ValidateReport() error {
	if err := f.Validate(); err != nil {
		return err
	}
	if n := len(f.Quarters()); n > MaxMonitoringQuarters {
		return Invalid(FieldError{Name: "from", Code: "range",
			Reason: fmt.Sprintf("Kies een periode van hoogstens %d kwartalen (drie jaar); deze beslaat er %d.", MaxMonitoringQuarters, n)})
	}
	return nil
}

// SmallCell reports whether n cases or people are too few to show and
// too many to be nothing: 1 to minCell−1.
func SmallCell(n, minCell int) bool { return n >= 1 && n < minCell }
