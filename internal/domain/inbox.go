package domain

import (
	"slices"
	"strconv"
	"time"
)

// The dispatcher's inbox (werkvoorraad): the work page that opens on what
// needs action in the dispatcher's municipalities. Its rules live here so
// the API, the page and the demo agree: which waiting cases are urgent, in
// which order, how long a case has waited (in words), how the exclusions of
// a case no one qualifies for are counted in words, and which next step
// each dominant exclusion calls for.

// InboxMaxRows bounds the rows one section of the inbox lists; its count
// always covers every case or member of the section.
const InboxMaxRows = 100

// InboxUrgent reports whether a waiting case belongs to the inbox's first
// section: a crisis, or a high safety risk.
func InboxUrgent(c Case) bool {
	return c.Urgency == UrgencyCrisis || c.SafetyRisk == RiskHigh
}

// WaitingSince is when a waiting case started to wait for a regisseur: the
// moment its latest offer came back (declined or expired), else its
// registration.
func WaitingSince(c Case) time.Time {
	if c.Returned != nil {
		return c.Returned.At
	}
	return c.CreatedAt
}

// CompareInboxCases orders waiting cases for the inbox: crises first, then
// high safety risk, then the longest waiting (WaitingSince), then by id.
func CompareInboxCases(x, y Case) int {
	if cx, cy := x.Urgency == UrgencyCrisis, y.Urgency == UrgencyCrisis; cx != cy {
		if cx {
			return -1
		}
		return 1
	}
	if hx, hy := x.SafetyRisk == RiskHigh, y.SafetyRisk == RiskHigh; hx != hy {
		if hx {
			return -1
		}
		return 1
	}
	if c := WaitingSince(x).Compare(WaitingSince(y)); c != 0 {
		return c
	}
	switch {
	case x.ID < y.ID:
		return -1
	case x.ID > y.ID:
		return 1
	}
	return 0
}

// WaitingDays is the number of calendar days from since to now, in now's
// time zone; never negative.
func WaitingDays(since, now time.Time) int {
	day := func(t time.Time) time.Time {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	n := int(day(now).Sub(day(since.In(now.Location()))).Hours() / 24)
	return max(n, 0)
}

// WaitingWords says how long a case has waited: "wacht sinds vandaag",
// "wacht 1 dag", "wacht 5 dagen".
func WaitingWords(days int) string {
	switch {
	case days <= 0:
		return "wacht sinds vandaag"
	case days == 1:
		return "wacht 1 dag"
	}
	return "wacht " + strconv.Itoa(days) + " dagen"
}

// ExclusionCount is how many members of the pool in scope one exclusion
// excludes from a case; Competency names the competency for
// ReasonBelowMinimum ("" otherwise).
type ExclusionCount struct {
	Code       string
	Competency string
	Count      int
}

// Text is the count in words: "8 regisseurs zonder vrije plek", "2 onder
// het minimum op Daadkrachtig", "1 contra-indicatie".
func (e ExclusionCount) Text() string {
	n := strconv.Itoa(e.Count)
	plural := func(one, many string) string {
		if e.Count == 1 {
			return one
		}
		return many
	}
	switch e.Code {
	case ReasonNotActive:
		return n + " niet actief"
	case ReasonPaused:
		return n + " gepauzeerd"
	case ReasonOnLeave:
		return n + " met verlof bij de start"
	case ReasonNoCapacity:
		return n + plural(" regisseur", " regisseurs") + " zonder vrije plek"
	case ReasonNoHours:
		return n + " met te weinig uren over"
	case ReasonNotIndependent:
		return n + " van een organisatie die al bij het gezin betrokken is"
	case ReasonContraIndication:
		return n + plural(" contra-indicatie", " contra-indicaties")
	case ReasonBelowMinimum:
		if e.Competency != "" {
			return n + " onder het minimum op " + e.Competency
		}
		return n + " onder het minimum"
	}
	return n + " " + e.Code
}

// SortExclusionCounts orders counts by size, largest first, then in the
// engine's order of exclusions (ExclusionReasons), then by competency.
func SortExclusionCounts(counts []ExclusionCount) {
	slices.SortStableFunc(counts, func(x, y ExclusionCount) int {
		if x.Count != y.Count {
			return y.Count - x.Count
		}
		if i, j := slices.Index(ExclusionReasons, x.Code), slices.Index(ExclusionReasons, y.Code); i != j {
			return i - j
		}
		switch {
		case x.Competency < y.Competency:
			return -1
		case x.Competency > y.Competency:
			return 1
		}
		return 0
	})
}

// The next steps the inbox proposes for a case no one qualifies for.
const (
	StepOverride          = "override"           // assign an excluded candidate anyway, with a reason
	StepWaitOrWiden       = "wait_or_widen"      // wait for room, or widen the region
	StepOtherOrganisation = "other_organisation" // a regisseur of an organisation not involved with the family
	StepWidenRegion       = "widen_region"       // nobody works in the case's region
	StepAskCoach          = "ask_coach"          // below a hard minimum: the coach helps decide
)

// NextStepLabels name the steps in Dutch, as the dispatcher reads them.
var NextStepLabels = map[string]string{
	StepOverride:          "Toch toewijzen met een reden",
	StepWaitOrWiden:       "Wacht op vrije ruimte of verbreed de regio",
	StepOtherOrganisation: "Kies een regisseur van een andere organisatie",
	StepWidenRegion:       "Verbreed de regio",
	StepAskCoach:          "Vraag de begeleider",
}

// DominantExclusion is the exclusion code that excludes the most
// members (the counts of one code over several competencies add up), ties
// going to the first in ExclusionReasons; "" for none.
func DominantExclusion(counts []ExclusionCount) string {
	total := map[string]int{}
	for _, c := range counts {
		total[c.Code] += c.Count
	}
	best := ""
	for _, code := range ExclusionReasons {
		if total[code] > total[best] {
			best = code
		}
	}
	return best
}

// NextSteps are the steps for a case no one qualifies for, given the
// dominant exclusion, whether some member is excluded by overridable
// exclusions only (Overridable: a dispatcher may assign them with a
// reason), and whether any member in scope works in the case's region.
// Nobody in the region: widen it. Otherwise per dominant code: an
// overridable one (below the hard minimum also: ask the coach) → override;
// no slot or hours, not active, on leave → wait or widen the region; not
// independent → another organisation's regisseur. When the dominant code
// is not overridable but a member could be assigned with a reason, the
// override is offered as well.
func NextSteps(dominant string, overridable, inRegion bool) []string {
	if !inRegion {
		return []string{StepWidenRegion}
	}
	var steps []string
	switch {
	case dominant == "":
		steps = []string{StepWidenRegion}
	case Overridable(dominant):
		steps = []string{StepOverride}
		if dominant == ReasonBelowMinimum {
			steps = append(steps, StepAskCoach)
		}
	case dominant == ReasonNotIndependent:
		steps = []string{StepOtherOrganisation}
	default:
		steps = []string{StepWaitOrWiden}
	}
	if overridable && !slices.Contains(steps, StepOverride) {
		steps = append(steps, StepOverride)
	}
	return steps
}

// RoomWords says what room a member has: "1 vrije plek, 12 uur per week"
// or "3 vrije plekken, 7,5 uur per week".
func RoomWords(freeSlots int, hoursLeft float64) string {
	s := strconv.Itoa(freeSlots) + " vrije plek"
	if freeSlots != 1 {
		s += "ken"
	}
	return s + ", " + FormatNumberTrim(hoursLeft, 1) + " uur per week"
}
