package domain

import (
	"testing"
	"time"
)

func TestMonitoringQuarters(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(ISODate, s); return d }
	for _, tt := range []struct {
		from, to string
		want     []string // from..to per quarter
	}{
		{"2025-02-10", "2025-02-20", []string{"2025-01-01..2025-03-31"}},
		{"2025-03-31", "2025-04-01", []string{"2025-01-01..2025-03-31", "2025-04-01..2025-06-30"}},
		{"2024-11-15", "2025-01-02", []string{"2024-10-01..2024-12-31", "2025-01-01..2025-03-31"}},
		{"2025-07-01", "2025-09-30", []string{"2025-07-01..2025-09-30"}},
	} {
		qs := MonitoringFilter{From: day(tt.from), To: day(tt.to)}.Quarters()
		var got []string
		for _, q := range qs {
			got = append(got, q.From.Format(ISODate)+".."+q.To.Format(ISODate))
		}
		if len(got) != len(tt.want) {
			t.Fatalf("%s..%s: %v, want %v", tt.from, tt.to, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s..%s: %v, want %v", tt.from, tt.to, got, tt.want)
			}
		}
	}
	if l := QuarterLabel(day("2025-05-17")); l != "2e kwartaal 2025" {
		t.Errorf("label %q", l)
	}
	long := MonitoringFilter{From: day("2020-01-01"), To: day("2025-01-01")}
	if fe := fieldsOf(long.ValidateReport()); len(fe) != 1 || fe[0].Name != "from" {
		t.Errorf("a five-year period: %+v", fe)
	}
	rev := MonitoringFilter{From: day("2025-05-01"), To: day("2025-01-01")}
	if fe := fieldsOf(rev.ValidateReport()); len(fe) != 1 || fe[0].Name != "to" {
		t.Errorf("a reversed period: %+v", fe)
	}
	for n, want := range map[int]bool{0: false, 1: true, 4: true, 5: false} {
		if SmallCell(n, 5) != want {
			t.Errorf("SmallCell(%d, 5) = %v", n, !want)
		}
	}
}

func fieldsOf(err error) []FieldError {
	if e, ok := AsError(err); ok {
		return e.Fields
	}
	return nil
}
