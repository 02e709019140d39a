package domain

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestWaitingWords(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, ams)
	for _, tt := range []struct {
		since time.Time
		want  string
	}{
		{now.Add(-time.Hour), "wacht sinds vandaag"},
		{now.Add(time.Hour), "wacht sinds vandaag"},                            // a clock a little ahead
		{time.Date(2026, 3, 9, 23, 30, 0, 0, ams), "wacht 1 dag"},              // yesterday evening
		{time.Date(2026, 3, 9, 23, 30, 0, 0, time.UTC), "wacht sinds vandaag"}, // 00:30 on the 10th in Amsterdam
		{now.AddDate(0, 0, -5), "wacht 5 dagen"},
	} {
		if got := WaitingWords(WaitingDays(tt.since, now)); got != tt.want {
			t.Errorf("since %v: %q, want %q", tt.since, got, tt.want)
		}
	}
}

func TestCompareInboxCases(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []Case{
		{ID: 1, Urgency: UrgencyNormal, SafetyRisk: RiskHigh, CreatedAt: t0},
		{ID: 2, Urgency: UrgencyCrisis, SafetyRisk: RiskLow, CreatedAt: t0.Add(time.Hour)},
		{ID: 3, Urgency: UrgencyCrisis, SafetyRisk: RiskHigh, CreatedAt: t0.Add(2 * time.Hour)},
		{ID: 4, Urgency: UrgencyCrisis, SafetyRisk: RiskLow, CreatedAt: t0},
		// Registered first, but its offer came back last: it waits since then.
		{ID: 5, Urgency: UrgencyNormal, SafetyRisk: RiskHigh, CreatedAt: t0.Add(-time.Hour),
			Returned: &OfferReturn{Status: OfferDeclined, At: t0.Add(3 * time.Hour)}},
		{ID: 6, Urgency: UrgencyHigh, SafetyRisk: RiskMedium, CreatedAt: t0.Add(-time.Hour)},
	}
	slices.SortFunc(cases, CompareInboxCases)
	var got []int64
	for _, c := range cases {
		got = append(got, c.ID)
	}
	if want := []int64{3, 4, 2, 1, 5, 6}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	urgent := 0
	for _, c := range cases {
		if InboxUrgent(c) {
			urgent++
		}
	}
	if urgent != 5 {
		t.Errorf("%d urgent, want 5 (every crisis or high risk)", urgent)
	}
}

func TestExclusionCountsInWords(t *testing.T) {
	counts := []ExclusionCount{
		{Code: ReasonContraIndication, Count: 1},
		{Code: ReasonBelowMinimum, Competency: "Daadkrachtig", Count: 2},
		{Code: ReasonNoCapacity, Count: 8},
	}
	SortExclusionCounts(counts)
	var texts []string
	for _, c := range counts {
		texts = append(texts, c.Text())
	}
	if got, want := fmt.Sprint(texts), "[8 regisseurs zonder vrije plek 2 onder het minimum op Daadkrachtig 1 contra-indicatie]"; got != want {
		t.Errorf("%s, want %s", got, want)
	}
	if got := (ExclusionCount{Code: ReasonNoCapacity, Count: 1}).Text(); got != "1 regisseur zonder vrije plek" {
		t.Errorf("singular: %q", got)
	}
	for _, code := range ExclusionReasons {
		if txt := (ExclusionCount{Code: code, Count: 2}).Text(); txt == "2 "+code {
			t.Errorf("no words for %s", code)
		}
	}
}

func TestNextSteps(t *testing.T) {
	for _, tt := range []struct {
		counts      []ExclusionCount
		overridable bool
		inRegion    bool
		want        []string
	}{
		{[]ExclusionCount{{Code: ReasonNoCapacity, Count: 8}, {Code: ReasonBelowMinimum, Competency: "A", Count: 2}}, false, true,
			[]string{StepWaitOrWiden}},
		{[]ExclusionCount{{Code: ReasonNoCapacity, Count: 3}, {Code: ReasonContraIndication, Count: 1}}, true, true,
			[]string{StepWaitOrWiden, StepOverride}},
		// Below the minimum on two competencies adds up to the most.
		{[]ExclusionCount{{Code: ReasonNoHours, Count: 3}, {Code: ReasonBelowMinimum, Competency: "A", Count: 2},
			{Code: ReasonBelowMinimum, Competency: "B", Count: 2}}, true, true, []string{StepOverride, StepAskCoach}},
		{[]ExclusionCount{{Code: ReasonContraIndication, Count: 2}}, true, true, []string{StepOverride}},
		{[]ExclusionCount{{Code: ReasonPaused, Count: 2}}, true, true, []string{StepOverride}},
		{[]ExclusionCount{{Code: ReasonNotIndependent, Count: 4}, {Code: ReasonNoHours, Count: 1}}, false, true,
			[]string{StepOtherOrganisation}},
		// A tie goes to the engine's first.
		{[]ExclusionCount{{Code: ReasonNotIndependent, Count: 2}, {Code: ReasonNoCapacity, Count: 2}}, false, true,
			[]string{StepWaitOrWiden}},
		{[]ExclusionCount{{Code: ReasonNoCapacity, Count: 2}}, false, false, []string{StepWidenRegion}},
		{nil, false, false, []string{StepWidenRegion}},
	} {
		got := NextSteps(DominantExclusion(tt.counts), tt.overridable, tt.inRegion)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%+v (overridable %v, in region %v): %v, want %v", tt.counts, tt.overridable, tt.inRegion, got, tt.want)
		}
		for _, s := range got {
			if NextStepLabels[s] == "" {
				t.Errorf("step %s has no words", s)
			}
		}
	}
}

func TestRoomWords(t *testing.T) {
	if got := RoomWords(1, 7.5); got != "1 vrije plek, 7,5 uur per week" {
		t.Errorf("%q", got)
	}
	if got := RoomWords(3, 12); got != "3 vrije plekken, 12 uur per week" {
		t.Errorf("%q", got)
	}
}
