package domain

import (
	"slices"
	"testing"
	"time"
)

func TestClosureValidate(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	yes, no := true, false
	valid := func() Closure {
		return Closure{Reason: CloseOwnRegie,
			EndConversation: &EndConversation{Held: &yes, Date: "2026-03-09", Participants: []string{ParticipantParent}},
			FinalCheck:      &FinalCheck{HelpWorks: &yes, FamilyDirectsOwnLife: &yes}}
	}
	for _, tt := range []struct {
		name     string
		change   func(c *Closure)
		complete bool
		want     string
	}{
		{name: "valid", complete: true},
		{name: "reason only, legacy", change: func(c *Closure) { c.EndConversation, c.FinalCheck = nil, nil }},
		{name: "reason only through the API", change: func(c *Closure) { c.EndConversation, c.FinalCheck = nil, nil }, complete: true, want: "endConversation.held"},
		{name: "no final check through the API", change: func(c *Closure) { c.FinalCheck = nil }, complete: true, want: "finalCheck.familyDirectsOwnLife"},
		{name: "unknown reason", change: func(c *Closure) { c.Reason = "weg" }, want: "reason"},
		{name: "other without text", change: func(c *Closure) { c.Reason = CloseOther }, want: "reasonText"},
		{name: "other with text", change: func(c *Closure) { c.Reason, c.ReasonText = CloseOther, "Gezin wil het zelf" }},
		{name: "held unknown", change: func(c *Closure) { c.EndConversation.Held = nil }, want: "endConversation.held"},
		{name: "held without date", change: func(c *Closure) { c.EndConversation.Date = "" }, want: "endConversation.date"},
		{name: "held in the future", change: func(c *Closure) { c.EndConversation.Date = "2026-04-01" }, want: "endConversation.date"},
		{name: "held with nobody", change: func(c *Closure) { c.EndConversation.Participants = nil }, want: "endConversation.participants"},
		{name: "held with an unknown role", change: func(c *Closure) { c.EndConversation.Participants = []string{"oom"} }, want: "endConversation.participants"},
		{name: "not held needs nothing else", change: func(c *Closure) { c.EndConversation = &EndConversation{Held: &no} }, complete: true},
		{name: "help does not work, no why", change: func(c *Closure) { c.FinalCheck.HelpWorks = &no }, want: "finalCheck.whyNot"},
		{name: "family not yet directing, why", change: func(c *Closure) { c.FinalCheck.FamilyDirectsOwnLife, c.FinalCheck.WhyNot = &no, "Schulden lopen nog" }},
		{name: "help works unknown", change: func(c *Closure) { c.FinalCheck.HelpWorks = nil }, want: "finalCheck.helpWorks"},
		{name: "self-reliance off the scale", change: func(c *Closure) { c.SelfReliance = map[string]int{"wonen": 9} }, want: "selfReliance"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			if tt.change != nil {
				tt.change(&c)
			}
			err := c.Validate(now, tt.complete)
			got := fieldNames(err)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", got)
			case tt.want != "" && !slices.Contains(got, tt.want):
				t.Errorf("fields %v, want %s", got, tt.want)
			}
		})
	}
	// What does not apply is dropped.
	c := valid()
	c.ReasonText, c.FinalCheck.WhyNot = "niet nodig", "niet nodig"
	c.EndConversation = &EndConversation{Held: &no, Date: "2026-03-01", Participants: []string{ParticipantParent}}
	if err := c.Validate(now, true); err != nil || c.ReasonText != "" || c.FinalCheck.WhyNot != "" || c.EndConversation.Date != "" || c.EndConversation.Participants != nil {
		t.Errorf("closure after Validate: %+v %+v %v", c, c.EndConversation, err)
	}
}

func TestSelfRelianceHistoryOf(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	ev := func(kind string, d int, details *StepDetails, changes ...FieldChange) TimelineEntry {
		return TimelineEntry{Kind: kind, OccurredOn: day(d), Event: &CaseEvent{Kind: kind, Details: details, Changes: changes}}
	}
	sr := func(ld string, old, new any) FieldChange {
		return FieldChange{Field: "selfReliance", LifeDomain: ld, Old: old, New: new}
	}
	timeline := []TimelineEntry{
		{Kind: TimelineIntake, OccurredOn: day(1)},
		// A re-assessment scores werk for the first time; its JSON numbers are float64.
		ev(EventReassessment, 3, nil, FieldChange{Field: "safetyRisk", Old: "high", New: "low"}, sr("werk", nil, float64(2))),
		ev(EventEvaluation, 5, &StepDetails{SelfReliance: map[string]int{"wonen": 3}}, sr("wonen", float64(2), float64(3))),
		// Measured, unchanged: a measurement without a change.
		ev(EventEvaluation, 7, &StepDetails{SelfReliance: map[string]int{"wonen": 3, "inkomen": 1}}),
		ev(EventRoundTable, 8, nil),
		{Kind: TimelineClosed, OccurredOn: day(9), Closure: &Closure{SelfReliance: map[string]int{"inkomen": 3}}, Changes: FieldChanges{sr("inkomen", 1, 3)}},
	}
	h := SelfRelianceHistoryOf(map[string]int{"wonen": 3, "inkomen": 3, "werk": 2}, timeline)
	var kinds []string
	for _, m := range h.Measurements {
		kinds = append(kinds, m.Kind)
	}
	if want := []string{TimelineIntake, EventReassessment, EventEvaluation, EventEvaluation, TimelineClosed}; !slices.Equal(kinds, want) {
		t.Fatalf("measurements %v, want %v", kinds, want)
	}
	if in := h.Measurements[0].Scores; len(in) != 2 || in["wonen"] != 2 || in["inkomen"] != 1 || !h.Measurements[0].On.Equal(day(1)) {
		t.Errorf("intake = %v on %v", in, h.Measurements[0].On)
	}
	if re := h.Measurements[1].Scores; len(re) != 3 || re["werk"] != 2 {
		t.Errorf("re-assessment = %v, want the whole scale after it", re)
	}
	type row struct {
		ld                     string
		intake, latest, change int // -1: nil
	}
	val := func(p *int) int {
		if p == nil {
			return -1
		}
		return *p
	}
	var got []row
	for _, d := range h.Domains {
		got = append(got, row{d.LifeDomain, val(d.Intake), val(d.Latest), val(d.Change)})
	}
	want := []row{{"werk", -1, 2, -1}, {"inkomen", 1, 3, 2}, {"wonen", 2, 3, 1}}
	if !slices.Equal(got, want) {
		t.Errorf("domains %v, want %v", got, want)
	}
	// Never changed: the intake is the current score, with no change.
	h = SelfRelianceHistoryOf(map[string]int{"wonen": 4}, timeline[:1])
	if len(h.Domains) != 1 || *h.Domains[0].Change != 0 || *h.Domains[0].Intake != 4 {
		t.Errorf("unchanged history: %+v", h.Domains)
	}
	if h := SelfRelianceHistoryOf(nil, timeline[:1]); len(h.Domains) != 0 || len(h.Measurements) != 1 {
		t.Errorf("never scored: %+v", h)
	}
}
