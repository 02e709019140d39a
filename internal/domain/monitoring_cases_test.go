package domain_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
)

// TestStudyCaseOf: the file study's view keeps pseudonyms, months, codes
// and counts, and drops the municipality when the filter names one, and
// every free text.
func TestStudyCaseOf(t *testing.T) {
	day := time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC)
	h1, h2 := 0.1, 0.2
	yes, no := true, false
	src := domain.StudySource{Position: 7, MunicipalityName: "Leeuwarden", ParentsStruggle: true, SeveralDomains: true, MeetsDefinition: true,
		LifeDomains: []string{"wonen", "werk"}, SafetyRisk: domain.RiskMedium, Urgency: 2, Status: domain.CaseClosed, CloseReason: domain.CloseOther,
		SelfReliance: map[string]int{"wonen": 4}, Regisseurs: []int{3, 1},
		Timeline: []domain.TimelineEntry{
			{Kind: domain.TimelineIntake, OccurredOn: day},
			{Kind: domain.EventHours, OccurredOn: day, Event: &domain.CaseEvent{Kind: domain.EventHours, Hours: &h1}},
			{Kind: domain.EventHours, OccurredOn: day, Event: &domain.CaseEvent{Kind: domain.EventHours, Hours: &h2}},
			{Kind: domain.EventEvaluation, OccurredOn: day.AddDate(0, 1, 0), Event: &domain.CaseEvent{Kind: domain.EventEvaluation,
				Details: &domain.StepDetails{Goals: []domain.GoalResult{{Goal: "vrije tekst", Reached: true}}, SelfReliance: map[string]int{"wonen": 4}},
				Changes: domain.FieldChanges{{Field: "selfReliance", LifeDomain: "wonen", Old: 2, New: 4}}}},
			{Kind: domain.TimelineClosed, OccurredOn: day.AddDate(0, 2, 0), CloseReason: domain.CloseOther,
				Closure: &domain.Closure{Reason: domain.CloseOther, ReasonText: "vrije tekst", FinalCheck: &domain.FinalCheck{HelpWorks: &yes, FamilyDirectsOwnLife: &no, WhyNot: "vrije tekst"}}},
		}}
	mun := int64(1)
	for _, tt := range []struct {
		name         string
		f            domain.MonitoringFilter
		municipality string
	}{
		{"region-wide", domain.MonitoringFilter{}, "Leeuwarden"},
		{"one municipality", domain.MonitoringFilter{MunicipalityID: &mun}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := domain.StudyCaseOf(src, tt.f)
			if c.Key != "C-007" || c.Municipality != tt.municipality || c.Registered != "2026-03" || fmt.Sprint(c.Regisseurs) != "[R-03 R-01]" {
				t.Errorf("key %q municipality %q registered %q regisseurs %v", c.Key, c.Municipality, c.Registered, c.Regisseurs)
			}
			if c.HoursSpent != 0.3 || c.Evaluations != 1 || c.GoalsEvaluated != 1 || c.GoalsReached != 1 {
				t.Errorf("hours %v evaluations %d goals %d/%d", c.HoursSpent, c.Evaluations, c.GoalsReached, c.GoalsEvaluated)
			}
			if fmt.Sprint(c.Timeline) != "[{intake 2026-03} {hours 2026-03} {hours 2026-03} {evaluation 2026-04} {closed 2026-05}]" {
				t.Errorf("timeline %v", c.Timeline)
			}
			if len(c.SelfReliance) != 1 || *c.SelfReliance[0].Intake != 2 || *c.SelfReliance[0].Latest != 4 {
				t.Errorf("self-reliance %+v", c.SelfReliance)
			}
			if c.FinalCheck == nil || !*c.FinalCheck.HelpWorks || *c.FinalCheck.FamilyDirectsOwnLife {
				t.Errorf("final check %+v", c.FinalCheck)
			}
			if s := fmt.Sprintf("%+v", c); strings.Contains(s, "vrije tekst") {
				t.Errorf("a free text reached the study: %s", s)
			}
		})
	}
}
