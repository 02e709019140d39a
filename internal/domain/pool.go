package domain

import (
	"strings"
	"time"
)

// MembershipStatus is where a regisseur stands in the pool.
type MembershipStatus string

// The life cycle: nominated → preselected → admitted → active ⇄ paused →
// left, rejected from nominated or preselected, withdrawn by the nominating
// organisation before a decision.
const (
	MemberNominated   MembershipStatus = "nominated"
	MemberPreselected MembershipStatus = "preselected"
	MemberAdmitted    MembershipStatus = "admitted"
	MemberActive      MembershipStatus = "active"
	MemberPaused      MembershipStatus = "paused"
	MemberLeft        MembershipStatus = "left"
	MemberRejected    MembershipStatus = "rejected"
	MemberWithdrawn   MembershipStatus = "withdrawn"
)

// MembershipStatuses lists the statuses in life-cycle order.
var MembershipStatuses = []MembershipStatus{MemberNominated, MemberPreselected, MemberAdmitted, MemberActive, MemberPaused, MemberLeft, MemberRejected, MemberWithdrawn}

// MembershipLabels are the Dutch names of the statuses.
var MembershipLabels = map[MembershipStatus]string{
	MemberNominated:   "Voorgedragen",
	MemberPreselected: "Voorgeselecteerd",
	MemberAdmitted:    "Toegelaten",
	MemberActive:      "Actief",
	MemberPaused:      "Gepauzeerd",
	MemberLeft:        "Uitgestroomd",
	MemberRejected:    "Afgewezen",
	MemberWithdrawn:   "Ingetrokken",
}

// ParseMembershipStatus checks a status name.
func ParseMembershipStatus(s string) (MembershipStatus, bool) {
	st := MembershipStatus(s)
	_, ok := MembershipLabels[st]
	return st, ok
}

// transitions lists, per status, where it may go. The database holds the
// same table (membership_transition_allowed) and refuses anything else.
var transitions = map[MembershipStatus][]MembershipStatus{
	MemberNominated:   {MemberPreselected, MemberRejected, MemberWithdrawn},
	MemberPreselected: {MemberAdmitted, MemberRejected, MemberWithdrawn},
	MemberAdmitted:    {MemberActive, MemberLeft},
	MemberActive:      {MemberPaused, MemberLeft},
	MemberPaused:      {MemberActive, MemberLeft},
}

// CanMove reports whether from → to is a step of the life cycle.
func CanMove(from, to MembershipStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// NextStatuses lists where a membership may go from status s.
func NextStatuses(s MembershipStatus) []MembershipStatus { return transitions[s] }

// Decided reports whether the selection has decided on the nominee, after
// which the organisation can no longer withdraw it.
func (s MembershipStatus) Decided() bool {
	return s != MemberNominated && s != MemberPreselected
}

// Counts reports whether a membership takes a place in its organisation's
// quota: withdrawn and rejected nominations free theirs.
func (s MembershipStatus) Counts() bool { return s != MemberWithdrawn && s != MemberRejected }

// PoolRound is one recruitment of the pool, with a quota per organisation.
type PoolRound struct {
	ID            int64
	Name          string
	CreatedAt     time.Time
	Organisations []RoundOrganisation
}

// RoundOrganisation is a participating organisation and its quota.
type RoundOrganisation struct {
	OrganisationID int64
	Name           string
	Quota          int
	Nominated      int // nominations that take a place
}

// Membership is a regisseur's nomination and, once admitted, pool membership.
type Membership struct {
	ID                    int64
	RoundID               int64
	RegisseurID           int64
	RegisseurName         string
	OrganisationID        int64
	OrganisationName      string
	Status                MembershipStatus
	Motivation            string
	CompetencyMotivations map[string]string
	HoursPerWeek          float64
	MaxCases              int
	ActiveCases           int
	PausedUntil           *time.Time
	MunicipalityIDs       []int64
	CreatedAt             time.Time
	Transitions           []Transition
	Availability          []Unavailability
}

// Transition is one step of a membership's history.
type Transition struct {
	From    *MembershipStatus
	To      MembershipStatus
	Reason  string
	ActorID *int64
	Actor   string
	At      time.Time
}

// Unavailability is a period of leave: the member takes no new case.
type Unavailability struct {
	ID       int64
	StartsOn time.Time
	EndsOn   time.Time
	Reason   string
}

// Nomination is what an organisation puts forward.
type Nomination struct {
	RoundID               int64
	RegisseurName         string
	Email                 string // optional: creates a regisseur account
	Motivation            string
	CompetencyMotivations map[string]string
	HoursPerWeek          float64
	MunicipalityIDs       []int64
}

// Validate checks a nomination's fields.
func (n *Nomination) Validate() error {
	n.RegisseurName = strings.TrimSpace(n.RegisseurName)
	n.Motivation = strings.TrimSpace(n.Motivation)
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	fe := checkText(nil, "regisseurName", n.RegisseurName, true, 200)
	hasMotivation := n.Motivation != ""
	for _, m := range n.CompetencyMotivations {
		if strings.TrimSpace(m) != "" {
			hasMotivation = true
		}
		if len([]rune(m)) > 2000 {
			fe = append(fe, FieldError{Name: "competencyMotivations", Code: "max", Reason: "Een motivatie per competentie heeft hoogstens 2000 tekens."})
			break
		}
	}
	if !hasMotivation {
		fe = append(fe, FieldError{Name: "motivation", Code: "required", Reason: "Motiveer de voordracht: in één tekst of per competentie."})
	}
	fe = checkText(fe, "motivation", n.Motivation, false, 5000)
	if n.HoursPerWeek <= 0 || n.HoursPerWeek > 40 {
		fe = append(fe, FieldError{Name: "hoursPerWeek", Code: "range", Reason: "Geef het aantal uren per week voor regie: meer dan 0 en hoogstens 40."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// PreSelection outcomes.
const (
	OutcomeSuitable          = "suitable"
	OutcomeSuitableAttention = "suitable_with_attention_points"
	OutcomeContraIndication  = "contra_indication"
)

// OutcomeLabels are the Dutch names of the outcomes.
var OutcomeLabels = map[string]string{
	OutcomeSuitable:          "Geschikt",
	OutcomeSuitableAttention: "Geschikt met aandachtspunten",
	OutcomeContraIndication:  "Contra-indicatie",
}

// PreSelection is the result of the validated personality test.
type PreSelection struct {
	MembershipID    int64
	TestDate        time.Time
	InstrumentName  string
	Provider        string
	Outcome         string
	Pitfalls        []string
	AttentionPoints []string
	ReportFilename  string // empty when no report was uploaded
	ReportSize      int
	RecordedAt      time.Time
	// OutcomeOnly marks a view reduced to the outcome (for the nominating
	// organisation): the other fields are empty.
	OutcomeOnly bool
}

// MaxReportSize bounds an uploaded pre-selection report.
const MaxReportSize = 5 << 20

// Validate checks a pre-selection before it is stored.
func (p *PreSelection) Validate() error {
	p.InstrumentName = strings.TrimSpace(p.InstrumentName)
	p.Provider = strings.TrimSpace(p.Provider)
	fe := checkText(nil, "instrumentName", p.InstrumentName, true, 200)
	fe = checkText(fe, "provider", p.Provider, true, 200)
	if _, ok := OutcomeLabels[p.Outcome]; !ok {
		fe = append(fe, FieldError{Name: "outcome", Code: "oneof", Reason: "Kies geschikt, geschikt met aandachtspunten of contra-indicatie."})
	}
	if p.TestDate.IsZero() || p.TestDate.After(time.Now()) {
		fe = append(fe, FieldError{Name: "testDate", Code: "date", Reason: "Vul de datum van de test in (niet in de toekomst)."})
	}
	for name, list := range map[string][]string{"pitfalls": p.Pitfalls, "attentionPoints": p.AttentionPoints} {
		if len(list) > 20 {
			fe = append(fe, FieldError{Name: name, Code: "max", Reason: "Hoogstens 20 punten."})
		}
		for _, s := range list {
			if len([]rune(s)) > 300 {
				fe = append(fe, FieldError{Name: name, Code: "max", Reason: "Elk punt heeft hoogstens 300 tekens."})
				break
			}
		}
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// TransitionOptions carry what some steps need.
type TransitionOptions struct {
	Reason         string
	OverrideReason string     // admitting despite a contra-indication (admins only)
	PausedUntil    *time.Time // optional end of a pause
}

// MemberFilter selects pool members; nil fields do not filter.
type MemberFilter struct {
	Status         *MembershipStatus
	OrganisationID *int64
	MunicipalityID *int64
}

// CapacityUpdate changes a member's capacity; nil fields stay.
type CapacityUpdate struct {
	MaxCases        *int
	HoursPerWeek    *float64
	MunicipalityIDs *[]int64
}
