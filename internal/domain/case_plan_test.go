package domain

import (
	"slices"
	"testing"
	"time"
)

func fieldNames(err error) []string {
	e, ok := AsError(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name)
	}
	return out
}

func TestPlanValidation(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	on := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	org := int64(7)
	goal := func() PlanGoal {
		return PlanGoal{LifeDomain: "wonen", Goal: "Vaste woning", Responsible: ParticipantParent, Action: "Inschrijven"}
	}
	valid := func() *StepDetails {
		return &StepDetails{Participants: []string{ParticipantParent}, PlanGoals: []PlanGoal{goal()},
			EvaluationAgreements: []EvaluationAgreement{{Date: "2026-05-01", Participants: []string{ParticipantParent}}}}
	}
	for _, tt := range []struct {
		name   string
		kind   string
		change func(d *StepDetails)
		isNew  bool
		nilD   bool
		want   string // the field refused; "" for valid
	}{
		{name: "valid", kind: EventPlanMade},
		{name: "valid new version", kind: EventPlanAdjusted, isNew: true},
		{name: "legacy plan without details", kind: EventPlanMade, nilD: true},
		{name: "new plan without details", kind: EventPlanMade, nilD: true, isNew: true, want: "details"},
		{name: "new version without details", kind: EventPlanAdjusted, nilD: true, isNew: true, want: "details"},
		{name: "nobody drew it up", kind: EventPlanMade, change: func(d *StepDetails) { d.Participants = nil }, want: "details.participants"},
		{name: "organisations alone drew it up", kind: EventPlanMade, change: func(d *StepDetails) { d.Participants, d.OrganisationIDs = nil, []int64{org} }},
		{name: "no goals", kind: EventPlanMade, change: func(d *StepDetails) { d.PlanGoals = nil }, want: "details.planGoals"},
		{name: "too many goals", kind: EventPlanMade, change: func(d *StepDetails) { d.PlanGoals = slices.Repeat([]PlanGoal{goal()}, MaxStepGoals+1) }, want: "details.planGoals"},
		{name: "goal without life domain", kind: EventPlanMade, change: func(d *StepDetails) { d.PlanGoals[0].LifeDomain = "" }, want: "details.planGoals[0].lifeDomain"},
		{name: "goal of blanks", kind: EventPlanMade, change: func(d *StepDetails) { d.PlanGoals[0].Goal = "  " }, want: "details.planGoals[0].goal"},
		{name: "unknown responsible", kind: EventPlanMade, change: func(d *StepDetails) { d.PlanGoals[0].Responsible = "oom" }, want: "details.planGoals[0].responsible"},
		{name: "organisation without id", kind: EventPlanMade, change: func(d *StepDetails) { d.PlanGoals[0].Responsible = ResponsibleOrganisation }, want: "details.planGoals[0].organisationId"},
		{name: "organisation with id", kind: EventPlanMade, change: func(d *StepDetails) {
			d.PlanGoals[0].Responsible, d.PlanGoals[0].OrganisationID = ResponsibleOrganisation, &org
		}},
		{name: "goal without action", kind: EventPlanMade, change: func(d *StepDetails) { d.PlanGoals[0].Action = "" }, want: "details.planGoals[0].action"},
		{name: "no agreement", kind: EventPlanMade, change: func(d *StepDetails) { d.EvaluationAgreements = nil }, want: "details.evaluationAgreements"},
		{name: "agreement before the plan", kind: EventPlanMade, change: func(d *StepDetails) { d.EvaluationAgreements[0].Date = "2026-03-09" }, want: "details.evaluationAgreements[0].date"},
		{name: "agreement on the plan's day", kind: EventPlanMade, change: func(d *StepDetails) { d.EvaluationAgreements[0].Date = "2026-03-10" }},
		{name: "agreement without date", kind: EventPlanMade, change: func(d *StepDetails) { d.EvaluationAgreements[0].Date = "" }, want: "details.evaluationAgreements[0].date"},
		{name: "agreement with nobody", kind: EventPlanMade, change: func(d *StepDetails) { d.EvaluationAgreements[0].Participants = nil }, want: "details.evaluationAgreements[0].participants"},
		{name: "agreement with an unknown role", kind: EventPlanMade, change: func(d *StepDetails) { d.EvaluationAgreements[0].Participants = []string{"buren"} }, want: "details.evaluationAgreements[0].participants"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := CaseEvent{Kind: tt.kind, OccurredOn: on}
			if !tt.nilD {
				e.Details = valid()
				if tt.change != nil {
					tt.change(e.Details)
				}
			}
			var err error
			if tt.isNew {
				err = e.ValidateNew(now)
			} else {
				err = e.Validate(now)
			}
			got := fieldNames(err)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", got)
			case tt.want != "" && !slices.Contains(got, tt.want):
				t.Errorf("fields %v, want %s", got, tt.want)
			}
		})
	}
}

func TestPlanNormalizeAndFamily(t *testing.T) {
	org := int64(3)
	e := CaseEvent{Kind: EventPlanMade, Details: &StepDetails{Participants: []string{ParticipantNetwork, ParticipantNetwork}, Conclusion: "weg", SelfReliance: map[string]int{"wonen": 2},
		PlanGoals:            []PlanGoal{{Responsible: ResponsibleRegisseur, OrganisationID: &org}},
		EvaluationAgreements: []EvaluationAgreement{{Participants: []string{ParticipantParent, ParticipantParent}}}}}
	e.Normalize()
	d := e.Details
	if d.Conclusion != "" || d.SelfReliance != nil || d.PlanGoals[0].OrganisationID != nil || len(d.Participants) != 1 || len(d.EvaluationAgreements[0].Participants) != 1 {
		t.Errorf("normalized plan: %+v", d)
	}
	if d.WithFamily() {
		t.Error("the network alone counts as the family")
	}
	for _, p := range []string{ParticipantParent, ParticipantYoungPerson} {
		if !(&StepDetails{Participants: []string{ParticipantNetwork, p}}).WithFamily() {
			t.Errorf("%s does not count as the family", p)
		}
	}
	var none *StepDetails
	if none.WithFamily() {
		t.Error("a plan without details counts as with the family")
	}
	withParent := CaseEvent{Kind: EventPlanAdjusted, Details: &StepDetails{Participants: []string{ParticipantParent}}}
	analysis := CaseEvent{Kind: EventProblemAnalysis, Details: &StepDetails{Participants: []string{ParticipantParent}}}
	if PlanWithFamily([]CaseEvent{e, analysis}) || !PlanWithFamily([]CaseEvent{e, withParent}) {
		t.Error("PlanWithFamily counts other steps or misses a plan with a parent")
	}
	if got := LatestPlan([]CaseEvent{withParent, e, {Kind: EventPlanMade}}); got == nil || got.Kind != EventPlanMade || got.Details == nil {
		t.Errorf("latest plan = %+v", got)
	}
}

func TestEvaluationSelfReliance(t *testing.T) {
	now := time.Now()
	for _, tt := range []struct {
		m    map[string]int
		want bool
	}{{map[string]int{"wonen": 1, "werk": 5}, true}, {map[string]int{"wonen": 0}, false}, {map[string]int{"wonen": 6}, false}, {map[string]int{"maan": 3}, false}} {
		e := CaseEvent{Kind: EventEvaluation, OccurredOn: now, Details: &StepDetails{SelfReliance: tt.m}}
		err := e.ValidateNew(now)
		if (err == nil) != tt.want || (err != nil && !slices.Contains(fieldNames(err), "details.selfReliance")) {
			t.Errorf("%v: %v, want valid %v", tt.m, err, tt.want)
		}
	}
	if got := SelfRelianceUpdate(map[string]int{"wonen": 2, "werk": 1}, map[string]int{"wonen": 4}); len(got) != 2 || got["wonen"] != 4 || got["werk"] != 1 {
		t.Errorf("update = %v", got)
	}
	if SelfRelianceUpdate(map[string]int{"wonen": 2}, nil) != nil {
		t.Error("nothing measured still updates")
	}
}

// TestEvaluationDue: the agreements of the latest plan are held in date
// order, one per evaluation logged on or after the plan's day; the next one
// is due when it falls within the days given, or has passed.
func TestEvaluationDue(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(ISODate, s); return d }
	plan := func(on string, dates ...string) CaseEvent {
		d := &StepDetails{}
		for _, x := range dates {
			d.EvaluationAgreements = append(d.EvaluationAgreements, EvaluationAgreement{Date: x})
		}
		return CaseEvent{Kind: EventPlanMade, OccurredOn: day(on), Details: d}
	}
	eval := func(on string) CaseEvent { return CaseEvent{Kind: EventEvaluation, OccurredOn: day(on)} }
	now := day("2026-12-01").Add(15 * time.Hour)
	for _, tt := range []struct {
		name   string
		events []CaseEvent
		due    string // "" when nothing is due
	}{
		{"no plan", []CaseEvent{eval("2026-11-01")}, ""},
		{"agreement far ahead", []CaseEvent{plan("2026-11-01", "2027-02-01")}, ""},
		{"agreement within the days", []CaseEvent{plan("2026-11-01", "2026-12-10")}, "2026-12-10"},
		{"agreement passed, not held", []CaseEvent{plan("2026-11-01", "2026-11-20")}, "2026-11-20"},
		{"held (early)", []CaseEvent{plan("2026-11-01", "2026-11-20"), eval("2026-11-15")}, ""},
		{"the second, after the first was held", []CaseEvent{plan("2026-11-01", "2026-12-12", "2026-11-10"), eval("2026-11-10")}, "2026-12-12"},
		{"an evaluation before the plan does not count", []CaseEvent{eval("2026-10-01"), plan("2026-11-01", "2026-11-20")}, "2026-11-20"},
		{"the latest plan's agreements", []CaseEvent{plan("2026-09-01", "2026-09-20"), plan("2026-11-01", "2027-03-01")}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := EvaluationDue(tt.events, now, EvaluationDueDays)
			if ok != (tt.due != "") || (ok && got.Format(ISODate) != tt.due) {
				t.Errorf("EvaluationDue = %s %v, want %q", got.Format(ISODate), ok, tt.due)
			}
		})
	}
}

// TestRoundToClose: an open round is to be closed the day after its
// deadline; a closed or proposed one never.
func TestRoundToClose(t *testing.T) {
	deadline := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		status string
		now    time.Time
		want   bool
	}{
		{RoundOpen, deadline.Add(23 * time.Hour), false},
		{RoundOpen, deadline.AddDate(0, 0, 1), true},
		{RoundClosed, deadline.AddDate(0, 0, 5), false},
		{RoundProposed, deadline.AddDate(0, 0, 5), false},
	} {
		if got := (FeedbackRound{Status: tt.status, Deadline: deadline}).ToClose(tt.now); got != tt.want {
			t.Errorf("%s round on %s: ToClose %v, want %v", tt.status, tt.now, got, tt.want)
		}
	}
}
