package domain

import (
	"slices"
	"time"
)

// The case records behind monitoring questions 1, 4, 5, 7 and 8 (issue 15):
// what the store reads of each case a MonitoringFilter covers, and the
// rules that turn them into figures. Never shown per case: the builders
// aggregate them.

// AnalysisWithinWeeks is the window of question 4: a case has its joint
// problem analysis in time when one is recorded no later than this many
// weeks after its first assignment (one recorded before counts too).
const AnalysisWithinWeeks = 6

// The caseload of question 8: a working week of CaseloadWeekHours hours of
// which CaseloadRegieShare is available for directing cases; the caseload
// is those hours divided by the hours per week a closed case took (the
// median). The page's calculator redoes it for other hours.
const (
	CaseloadWeekHours  = 36.0
	CaseloadRegieShare = 0.8
)

// DefinitionChecklistFields are the fields of the working definition's
// checklist (as a re-assessment's FieldChange names them), and the
// outcome meetsDefinition.
var DefinitionChecklistFields = []string{"parentsStruggle", "severalDomains", "severalProfessionals", "highRisk", "meetsDefinition"}

// ChangesChecklist reports whether a re-assessment's changes touch the
// working definition's checklist (DefinitionChecklistFields).
func ChangesChecklist(cs FieldChanges) bool {
	for _, c := range cs {
		if slices.Contains(DefinitionChecklistFields, c.Field) {
			return true
		}
	}
	return false
}

// MonitoredCase is what monitoring reads of one case: its definition
// checklist outcome, status, first assignment, close, hours, current
// self-reliance and the log events of the kinds asked for. ID only ties
// rows together in the store; no figure or label ever carries it.
type MonitoredCase struct {
	ID               int64
	Status           string
	MeetsDefinition  bool
	DefinitionReason string
	OutsidePool      string
	CreatedAt        time.Time
	// FirstAssigned is the start of the first assignment; nil when the
	// case never had a regisseur.
	FirstAssigned *time.Time
	ClosedAt      *time.Time
	// Closure of a closed case (nil for one closed with a reason only) and
	// what its self-reliance at close changed in the case's.
	Closure      *Closure
	CloseChanges FieldChanges
	// SelfReliance is the case's current self-reliance (after the close).
	SelfReliance map[string]int
	// Hours is the sum of the log's hours events.
	Hours float64
	// Events of the kinds asked for, oldest first, with their details and
	// changes.
	Events []CaseEvent
}

// WithRegie reports whether the case ever had a regisseur.
func (m *MonitoredCase) WithRegie() bool { return m.FirstAssigned != nil }

// EventsOf are the case's events of kind, oldest first.
func (m *MonitoredCase) EventsOf(kind string) []CaseEvent {
	var out []CaseEvent
	for _, e := range m.Events {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// AnalysisInTime reports whether the case had a joint problem analysis
// within AnalysisWithinWeeks of its first assignment; due says whether that
// window has passed at now, or an analysis came in it (only then does the
// case count for the share).
func (m *MonitoredCase) AnalysisInTime(now time.Time) (inTime, due bool) {
	if m.FirstAssigned == nil {
		return false, false
	}
	start := dayOf(*m.FirstAssigned)
	end := start.AddDate(0, 0, 7*AnalysisWithinWeeks)
	for _, e := range m.EventsOf(EventProblemAnalysis) {
		if !dayOf(e.OccurredOn).After(end) {
			return true, true
		}
	}
	return false, !now.Before(end.AddDate(0, 0, 1))
}

// PlanLifeDomains is the number of distinct life domains the goals of a
// plan's details are on.
func (d *StepDetails) PlanLifeDomains() int {
	if d == nil {
		return 0
	}
	var seen []string
	for _, g := range d.PlanGoals {
		if g.LifeDomain != "" && !slices.Contains(seen, g.LifeDomain) {
			seen = append(seen, g.LifeDomain)
		}
	}
	return len(seen)
}

// Parties is the number of parties that took part in a step: the
// organisations and the family's roles (parent, young person, network).
func (d *StepDetails) Parties() int {
	if d == nil {
		return 0
	}
	return len(d.Participants) + len(d.OrganisationIDs)
}

// NetworkEngaged reports whether the case engaged the family's network or
// the voorliggend veld: a network_engaged step, or the network among the
// participants of any step.
func (m *MonitoredCase) NetworkEngaged() bool {
	for _, e := range m.Events {
		if e.Kind == EventNetworkEngaged || (e.Details != nil && slices.Contains(e.Details.Participants, ParticipantNetwork)) {
			return true
		}
	}
	return false
}

// DurationWeeks is the actual duration of a closed case's regie, in
// weeks: from its first assignment to its close; false when it was never
// assigned or is not closed.
func (m *MonitoredCase) DurationWeeks() (float64, bool) {
	if m.FirstAssigned == nil || m.ClosedAt == nil {
		return 0, false
	}
	return max(m.ClosedAt.Sub(*m.FirstAssigned).Hours()/24/7, 0), true
}

// HoursPerWeek is the hours a closed case took per week of its actual
// duration; a duration under a week counts as one week.
func (m *MonitoredCase) HoursPerWeek() (float64, bool) {
	w, ok := m.DurationWeeks()
	if !ok {
		return 0, false
	}
	return m.Hours / max(w, 1), true
}

// Timeline is the case's timeline as far as monitoring read it: the
// intake, the events and the close, in order (SortTimeline), as
// SelfRelianceHistoryOf takes it.
func (m *MonitoredCase) Timeline() []TimelineEntry {
	out := []TimelineEntry{{Kind: TimelineIntake, OccurredOn: dayOf(m.CreatedAt), At: m.CreatedAt}}
	for i := range m.Events {
		e := m.Events[i]
		out = append(out, TimelineEntry{Kind: e.Kind, OccurredOn: e.OccurredOn, At: e.CreatedAt, Event: &e})
	}
	if m.ClosedAt != nil {
		out = append(out, TimelineEntry{Kind: TimelineClosed, OccurredOn: dayOf(*m.ClosedAt), At: *m.ClosedAt, Closure: m.Closure, Changes: m.CloseChanges})
	}
	SortTimeline(out)
	return out
}
