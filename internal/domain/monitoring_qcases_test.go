package domain

import (
	"testing"
	"time"
)

func TestAnalysisInTime(t *testing.T) {
	assigned := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	last := assigned.AddDate(0, 0, 7*AnalysisWithinWeeks) // the window's last day
	for _, tt := range []struct {
		name        string
		analyses    []time.Time
		now         time.Time
		inTime, due bool
	}{
		{"on the last day", []time.Time{last}, last, true, true},
		{"a day late", []time.Time{last.AddDate(0, 0, 1)}, last.AddDate(0, 0, 30), false, true},
		{"before the assignment", []time.Time{assigned.AddDate(0, 0, -3)}, assigned, true, true},
		{"none, window open", nil, last, false, false},
		{"none, window passed", nil, last.AddDate(0, 0, 1), false, true},
	} {
		m := MonitoredCase{FirstAssigned: &assigned}
		for _, a := range tt.analyses {
			m.Events = append(m.Events, CaseEvent{Kind: EventProblemAnalysis, OccurredOn: a})
		}
		if in, due := m.AnalysisInTime(tt.now); in != tt.inTime || due != tt.due {
			t.Errorf("%s: in time %v, due %v; want %v, %v", tt.name, in, due, tt.inTime, tt.due)
		}
	}
	if in, due := (&MonitoredCase{}).AnalysisInTime(assigned); in || due {
		t.Error("a case without a regisseur counts")
	}
}

func TestHoursPerWeek(t *testing.T) {
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		days  int
		hours float64
		want  float64
	}{{70, 20, 2}, {3, 6, 6}, {0, 4, 4}} {
		closed := start.AddDate(0, 0, tt.days)
		m := MonitoredCase{FirstAssigned: &start, ClosedAt: &closed, Hours: tt.hours}
		if got, ok := m.HoursPerWeek(); !ok || got != tt.want {
			t.Errorf("%d days, %v hours: %v per week, want %v", tt.days, tt.hours, got, tt.want)
		}
	}
	if _, ok := (&MonitoredCase{FirstAssigned: &start}).HoursPerWeek(); ok {
		t.Error("an open case has hours per week")
	}
}

func TestChangesChecklist(t *testing.T) {
	if ChangesChecklist(FieldChanges{{Field: "selfReliance", LifeDomain: "wonen"}, {Field: "safetyRisk"}}) {
		t.Error("self-reliance and safety risk are not the checklist")
	}
	if !ChangesChecklist(FieldChanges{{Field: "safetyRisk"}, {Field: "highRisk"}}) {
		t.Error("high risk is on the checklist")
	}
}

func TestPlanLifeDomainsAndParties(t *testing.T) {
	d := &StepDetails{Participants: []string{ParticipantParent, ParticipantNetwork}, OrganisationIDs: []int64{4},
		PlanGoals: []PlanGoal{{LifeDomain: "wonen"}, {LifeDomain: "wonen"}, {LifeDomain: "werk"}}}
	if d.PlanLifeDomains() != 2 || d.Parties() != 3 {
		t.Errorf("domains %d, parties %d", d.PlanLifeDomains(), d.Parties())
	}
	var none *StepDetails
	if none.PlanLifeDomains() != 0 || none.Parties() != 0 {
		t.Error("nil details count")
	}
}
