package domain

import (
	"maps"
	"time"
)

// The change of the family's self-reliance per life domain (issue 13, item
// 2): measured at intake, at re-assessments, at every evaluation and at
// close. Monitoring reads it through SelfRelianceHistoryOf.

// SelfRelianceMeasurement is one moment the self-reliance was measured:
// the intake (TimelineIntake), a re-assessment (EventReassessment, the
// whole scale after it), an evaluation (EventEvaluation) or the close
// (TimelineClosed), with the scores measured then.
type SelfRelianceMeasurement struct {
	Kind   string
	On     time.Time
	Scores map[string]int
}

// SelfRelianceChange is the change on one life domain: the score at intake
// and at the latest measurement that scored it (the intake itself when no
// later one did; nil: never scored), and Change, latest − intake, when
// both are there.
type SelfRelianceChange struct {
	LifeDomain string
	Intake     *int
	Latest     *int
	Change     *int
}

// SelfRelianceHistory is every measurement, oldest first (the intake
// first), and the change per life domain with any score, in the order of
// LifeDomains.
type SelfRelianceHistory struct {
	Measurements []SelfRelianceMeasurement
	Domains      []SelfRelianceChange
}

// selfRelianceChanges are the changes of the case's self-reliance that a
// step of the timeline made.
func selfRelianceChanges(e TimelineEntry) FieldChanges {
	var cs FieldChanges
	switch {
	case e.Event != nil:
		cs = e.Event.Changes
	case e.Kind == TimelineClosed:
		cs = e.Changes
	}
	var out FieldChanges
	for _, c := range cs {
		if c.Field == "selfReliance" && c.LifeDomain != "" {
			out = append(out, c)
		}
	}
	return out
}

// score reads a score kept in a change: an int, or a float64 from JSON.
func score(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case float64:
		return int(x), true
	}
	return 0, false
}

// SelfRelianceHistoryOf is the history of the self-reliance of a case whose
// score is now current, from its timeline in order (ViewTimeline). The
// intake's score on a domain is the old value of the first change on it,
// or the current one when it never changed: every change is kept, so
// nothing needs to be stored twice.
func SelfRelianceHistoryOf(current map[string]int, timeline []TimelineEntry) SelfRelianceHistory {
	intake := map[string]int{}
	seen := map[string]bool{}
	for _, e := range timeline {
		for _, c := range selfRelianceChanges(e) {
			if seen[c.LifeDomain] {
				continue
			}
			seen[c.LifeDomain] = true
			if v, ok := score(c.Old); ok {
				intake[c.LifeDomain] = v
			}
		}
	}
	for d, v := range current {
		if !seen[d] {
			intake[d] = v
		}
	}
	var h SelfRelianceHistory
	var on time.Time
	for _, e := range timeline {
		if e.Kind == TimelineIntake {
			on = e.OccurredOn
			break
		}
	}
	h.Measurements = append(h.Measurements, SelfRelianceMeasurement{Kind: TimelineIntake, On: on, Scores: maps.Clone(intake)})
	running := maps.Clone(intake)
	for _, e := range timeline {
		cs := selfRelianceChanges(e)
		for _, c := range cs {
			if v, ok := score(c.New); ok {
				running[c.LifeDomain] = v
			} else {
				delete(running, c.LifeDomain)
			}
		}
		var m map[string]int
		switch {
		case e.Kind == EventReassessment && len(cs) > 0:
			m = maps.Clone(running)
		case e.Kind == EventEvaluation && e.Event != nil && e.Event.Details != nil:
			m = e.Event.Details.SelfReliance
		case e.Kind == TimelineClosed && e.Closure != nil:
			m = e.Closure.SelfReliance
		}
		if len(m) > 0 {
			h.Measurements = append(h.Measurements, SelfRelianceMeasurement{Kind: e.Kind, On: e.OccurredOn, Scores: maps.Clone(m)})
		}
	}
	for _, d := range LifeDomains {
		row := SelfRelianceChange{LifeDomain: d}
		if v, ok := intake[d]; ok {
			row.Intake = &v
		}
		for _, m := range h.Measurements {
			if v, ok := m.Scores[d]; ok {
				row.Latest = &v
			}
		}
		if row.Intake == nil && row.Latest == nil {
			continue
		}
		if row.Intake != nil && row.Latest != nil {
			ch := *row.Latest - *row.Intake
			row.Change = &ch
		}
		h.Domains = append(h.Domains, row)
	}
	return h
}
