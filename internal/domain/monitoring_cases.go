package domain

import (
	"fmt"
	"math"
	"time"
)

// The file study (dossierstudie) of the pilot's monitoring (issue 15): the
// cases a monitoring filter covers, one by one, pseudonymised. A file study
// lists cases one at a time by nature, so what could identify a family is
// left out by design:
//   - no case id, reference, zaak URL or zaaknummer: a case is a key
//     (StudyCaseKey) by its position in the export, stable within it only;
//   - no names: regisseurs are pseudonyms (StudyRegisseurKey) numbered in
//     order of first appearance in the export;
//   - no free texts (conclusions, reasons, quotes, why-nots) and no
//     organisations of the family's care: the timeline holds step kinds;
//   - no date finer than the month (StudyMonth);
//   - the municipality's name only when the filter covers the whole region
//     (a filter that names a municipality already says it).

// EverAdmittedStatuses are the membership statuses of a regisseur who was
// admitted in a pool round: still in the pool or left it since. A
// monitoring filter on a pool round covers the cases such regisseurs
// directed.
var EverAdmittedStatuses = []MembershipStatus{MemberAdmitted, MemberActive, MemberPaused, MemberLeft}

// StudyCaseKey is the pseudonymous key of the case at position (1-based)
// in an export: "C-001".
func StudyCaseKey(position int) string { return fmt.Sprintf("C-%03d", position) }

// StudyRegisseurKey is the pseudonym of the n-th (1-based) regisseur to
// appear in an export: "R-01".
func StudyRegisseurKey(n int) string { return fmt.Sprintf("R-%02d", n) }

// StudyMonth is t as the file study shows dates: year and month
// (jjjj-mm), never the day.
func StudyMonth(t time.Time) string { return t.Format("2006-01") }

// StudySource is one case of a file study as the store reads it: what the
// study shows and what it is computed from. It still holds free texts
// (inside the timeline's events and closure); StudyCaseOf keeps none.
type StudySource struct {
	// Position is the case's place in the export's order (1-based).
	Position         int
	MunicipalityName string
	ParentsStruggle  bool
	SeveralDomains   bool
	SeveralProf      bool
	HighRisk         bool
	MeetsDefinition  bool
	OutsidePool      string
	LifeDomains      []string
	SafetyRisk       string
	Urgency          int
	Status           string
	CloseReason      string
	// SelfReliance is the case's current self-reliance per life domain.
	SelfReliance map[string]int
	// Timeline is the case's steps in order (ViewTimeline's order), with
	// the events' details and changes and the closure.
	Timeline []TimelineEntry
	// Regisseurs are the pseudonym numbers (StudyRegisseurKey) of the
	// regisseurs who directed the case, in order of assignment, once each.
	Regisseurs []int
}

// StudyDefinition is the working definition's checklist of a case and its
// outcome; OutsidePool is the exception's code ("" when none).
type StudyDefinition struct {
	ParentsStruggle      bool
	SeveralDomains       bool
	SeveralProfessionals bool
	HighRisk             bool
	Meets                bool
	OutsidePool          string
}

// StudyStep is one step of a case's timeline: its kind and month.
type StudyStep struct {
	Kind  string
	Month string
}

// StudyFinalCheck is the outcome of the final check at close: does the
// help work, does the family direct its own life (nil: not recorded). Why
// not is a free text and is left out.
type StudyFinalCheck struct {
	HelpWorks            *bool
	FamilyDirectsOwnLife *bool
}

// StudyCase is one case of the file study as every output shows it.
type StudyCase struct {
	Key string
	// Municipality is the municipality's name; "" when the filter names
	// the municipality.
	Municipality   string
	Registered     string // jjjj-mm
	Status         string
	Definition     StudyDefinition
	LifeDomains    []string
	SafetyRisk     string
	Urgency        int
	Timeline       []StudyStep
	HoursSpent     float64
	Evaluations    int
	GoalsEvaluated int
	GoalsReached   int
	// SelfReliance is the change per life domain from intake to the
	// latest measurement (SelfRelianceHistoryOf).
	SelfReliance []SelfRelianceChange
	CloseReason  string
	FinalCheck   *StudyFinalCheck
	Regisseurs   []string
}

// StudyCaseOf is the file study's view of case s under filter f: the
// pseudonyms, months and counts, and nothing else.
func StudyCaseOf(s StudySource, f MonitoringFilter) StudyCase {
	out := StudyCase{
		Key: StudyCaseKey(s.Position), Status: s.Status,
		Definition: StudyDefinition{ParentsStruggle: s.ParentsStruggle, SeveralDomains: s.SeveralDomains, SeveralProfessionals: s.SeveralProf,
			HighRisk: s.HighRisk, Meets: s.MeetsDefinition, OutsidePool: s.OutsidePool},
		LifeDomains: append([]string{}, s.LifeDomains...), SafetyRisk: s.SafetyRisk, Urgency: s.Urgency, CloseReason: s.CloseReason,
		Timeline: []StudyStep{}, Regisseurs: []string{},
	}
	if f.MunicipalityID == nil {
		out.Municipality = s.MunicipalityName
	}
	for _, e := range s.Timeline {
		out.Timeline = append(out.Timeline, StudyStep{Kind: e.Kind, Month: StudyMonth(e.OccurredOn)})
		switch {
		case e.Kind == TimelineIntake:
			out.Registered = StudyMonth(e.OccurredOn)
		case e.Kind == TimelineClosed && e.Closure != nil && e.Closure.FinalCheck != nil:
			fc := e.Closure.FinalCheck
			out.FinalCheck = &StudyFinalCheck{HelpWorks: fc.HelpWorks, FamilyDirectsOwnLife: fc.FamilyDirectsOwnLife}
		case e.Event == nil:
		case e.Kind == EventHours && e.Event.Hours != nil:
			out.HoursSpent += *e.Event.Hours
		case e.Kind == EventEvaluation:
			out.Evaluations++
			if e.Event.Details != nil {
				for _, g := range e.Event.Details.Goals {
					out.GoalsEvaluated++
					if g.Reached {
						out.GoalsReached++
					}
				}
			}
		}
	}
	out.HoursSpent = math.Round(out.HoursSpent*10) / 10
	out.SelfReliance = SelfRelianceHistoryOf(s.SelfReliance, s.Timeline).Domains
	if out.SelfReliance == nil {
		out.SelfReliance = []SelfRelianceChange{}
	}
	for _, n := range s.Regisseurs {
		out.Regisseurs = append(out.Regisseurs, StudyRegisseurKey(n))
	}
	return out
}
