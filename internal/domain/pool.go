package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
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

// QuotaFreeStatuses are the statuses that free a nomination's place in its
// organisation's quota.
var QuotaFreeStatuses = []MembershipStatus{MemberWithdrawn, MemberRejected}

// Counts reports whether a membership takes a place in its organisation's
// quota: withdrawn and rejected nominations free theirs.
func (s MembershipStatus) Counts() bool { return !slices.Contains(QuotaFreeStatuses, s) }

// InPoolStatuses are the statuses of admitted members, the pool proper:
// the ones dispatchers see and match cases to.
var InPoolStatuses = []MembershipStatus{MemberAdmitted, MemberActive, MemberPaused}

// InPool reports whether a membership is in the pool proper (admitted,
// active or paused), not a nominee or a former member.
func (s MembershipStatus) InPool() bool { return slices.Contains(InPoolStatuses, s) }

// Final reports whether no step leads on from s (left, rejected,
// withdrawn): capacity and leave no longer matter.
func (s MembershipStatus) Final() bool { return len(transitions[s]) == 0 }

// NeedsReason reports whether a step to s must say why: every step except
// preselecting and activating, which explain themselves.
func (s MembershipStatus) NeedsReason() bool { return s != MemberActive && s != MemberPreselected }

// PoolRound is one recruitment of the pool, with a quota per organisation.
type PoolRound struct {
	ID            int64
	Name          string
	CreatedAt     time.Time
	Organisations []RoundOrganisation
}

// Line is the quota line of organisation orgID in the round; ok is false
// when it takes no part (or the actor may not see its line).
func (r PoolRound) Line(orgID int64) (line RoundOrganisation, ok bool) {
	for _, o := range r.Organisations {
		if o.OrganisationID == orgID {
			return o, true
		}
	}
	return RoundOrganisation{}, false
}

// RoundOrganisation is a participating organisation and its quota.
type RoundOrganisation struct {
	OrganisationID int64
	Name           string
	Quota          int
	Nominated      int // nominations that take a place
}

// Free is the number of places the organisation has left in the round.
func (o RoundOrganisation) Free() int { return max(0, o.Quota-o.Nominated) }

// Full reports whether the organisation can nominate no one more in the
// round: the store refuses a nomination then (conflict).
func (o RoundOrganisation) Full() bool { return o.Free() == 0 }

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
	// CasesHandled counts every case ever assigned to the regisseur,
	// closed and handed over included (the pilot asks at least 5 each).
	CasesHandled    int
	PausedUntil     *time.Time
	MunicipalityIDs []int64
	// CoachIDs are the user ids of the regisseur's coaches: who decides on
	// the member besides the admins (CanDecide). Empty until an admin links a
	// coach.
	CoachIDs     []int64
	CreatedAt    time.Time
	Transitions  []Transition
	Availability []Unavailability
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
	if n.HoursPerWeek <= 0 || n.HoursPerWeek > MaxHoursPerWeek {
		fe = append(fe, FieldError{Name: "hoursPerWeek", Code: "range", Reason: "Geef het aantal uren per week voor regie: meer dan 0 en hoogstens 40."})
	}
	if n.Email != "" {
		// The address makes an account: check it by the account's rules
		// now, so every error of the nomination shows at once.
		u := User{Email: n.Email, Name: n.RegisseurName, Roles: []Role{RoleRegisseur}}
		if e, ok := AsError(u.Validate()); ok {
			for _, f := range e.Fields {
				if f.Name == "email" {
					fe = append(fe, f)
				}
			}
		}
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

// Outcomes lists the outcomes in the order the form offers them.
var Outcomes = []string{OutcomeSuitable, OutcomeSuitableAttention, OutcomeContraIndication}

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
	// CompetencyKeys are the competencies (item keys of the competency
	// instrument) the pitfalls and attention points concern; optional.
	// Monitoring compares them with later development goals and 360 weak
	// points.
	CompetencyKeys []string
	ReportFilename string // empty when no report was uploaded
	ReportSize     int
	RecordedAt     time.Time
	// OutcomeOnly marks a view reduced to the outcome (for the nominating
	// organisation): the other fields are empty.
	OutcomeOnly bool
}

// MaxReportSize bounds an uploaded pre-selection report.
const MaxReportSize = 5 << 20

// ReportFile is the provider's report of a pre-selection: a PDF file.
type ReportFile struct {
	Name string
	Body []byte
}

// Validate checks an uploaded report: a PDF of at most MaxReportSize bytes
// with a name of at most 200 characters.
func (f ReportFile) Validate() error {
	switch {
	case len(f.Body) > MaxReportSize:
		return Invalid(FieldError{Name: "report", Code: "size", Reason: "Het rapport is groter dan 5 MB."})
	case len(f.Body) < 5 || string(f.Body[:5]) != "%PDF-":
		return Invalid(FieldError{Name: "report", Code: "type", Reason: "Het rapport moet een PDF-bestand zijn."})
	case utf8.RuneCountInString(f.Name) > 200:
		return Invalid(FieldError{Name: "report", Code: "name", Reason: "De bestandsnaam is te lang."})
	}
	return nil
}

// ReportFileName is the name to keep of an uploaded report: without a path
// or control characters, at most 200 bytes, and "rapport.pdf" when nothing
// is left.
func ReportFileName(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if strings.TrimSpace(name) == "" {
		return "rapport.pdf"
	}
	return name
}

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
	if len(p.CompetencyKeys) > 20 {
		fe = append(fe, FieldError{Name: "competencyKeys", Code: "max", Reason: "Hoogstens 20 competenties."})
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

// Validate checks the options of a step to status to: a reason where the
// step needs one (to.NeedsReason), each text at most 2000 characters. It
// trims the texts.
func (o *TransitionOptions) Validate(to MembershipStatus) error {
	o.Reason = strings.TrimSpace(o.Reason)
	o.OverrideReason = strings.TrimSpace(o.OverrideReason)
	var fe []FieldError
	switch {
	case utf8.RuneCountInString(o.Reason) > 2000:
		fe = append(fe, FieldError{Name: "reason", Code: "max", Reason: "Een reden heeft hoogstens 2000 tekens."})
	case o.Reason == "" && to.NeedsReason():
		fe = append(fe, FieldError{Name: "reason", Code: "required", Reason: "Geef een reden voor deze stap."})
	}
	if utf8.RuneCountInString(o.OverrideReason) > 2000 {
		fe = append(fe, FieldError{Name: "overrideReason", Code: "max", Reason: "Een onderbouwing heeft hoogstens 2000 tekens."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
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

// Capacity defaults and bounds.
const (
	// DefaultMaxCases is how many cases a new member takes at most until the
	// selection sets it (the database's column default is the same).
	DefaultMaxCases = 5
	// MaxCasesLimit is the highest maximum number of cases.
	MaxCasesLimit = 20
	// MaxHoursPerWeek bounds the regie hours per week (more than 0).
	MaxHoursPerWeek = 40
)

// Validate checks the fields that are set.
func (u CapacityUpdate) Validate() error {
	var fe []FieldError
	if u.MaxCases != nil && (*u.MaxCases < 1 || *u.MaxCases > MaxCasesLimit) {
		fe = append(fe, FieldError{Name: "maxCases", Code: "range", Reason: "Het maximum aantal casussen ligt tussen 1 en 20."})
	}
	if u.HoursPerWeek != nil && (*u.HoursPerWeek <= 0 || *u.HoursPerWeek > MaxHoursPerWeek) {
		fe = append(fe, FieldError{Name: "hoursPerWeek", Code: "range", Reason: "Uren per week: meer dan 0 en hoogstens 40."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// The reasons of a period of leave, as the database knows them; "" is none
// given.
const (
	LeaveHoliday  = "verlof"
	LeaveSickness = "ziekte"
	LeaveOverload = "overbelasting"
	LeaveTraining = "opleiding"
	LeaveOther    = "anders"
)

// LeaveReasons lists the reasons of leave in the order the form offers them.
var LeaveReasons = []string{LeaveHoliday, LeaveSickness, LeaveOverload, LeaveTraining, LeaveOther}

// LeaveReasonLabels are the Dutch names of the reasons of leave.
var LeaveReasonLabels = map[string]string{
	LeaveHoliday:  "Verlof",
	LeaveSickness: "Ziekte",
	LeaveOverload: "Overbelasting",
	LeaveTraining: "Opleiding",
	LeaveOther:    "Anders",
}

// LeaveReasonLabel is the Dutch name of reason r, or r itself when unknown.
func LeaveReasonLabel(r string) string {
	if l, ok := LeaveReasonLabels[r]; ok {
		return l
	}
	return r
}

// MaxLeaveDays is the longest period of leave: leave takes a member out of
// matching without a decision about their membership, so anything longer is
// a pause or a withdrawal.
const MaxLeaveDays = 2 * 366

// Validate checks a period of leave: it ends on or after its first day and
// lasts at most MaxLeaveDays, and its reason is one of LeaveReasons (or
// none).
func (u Unavailability) Validate() error {
	var fe []FieldError
	switch {
	case u.StartsOn.IsZero() || u.EndsOn.Before(u.StartsOn):
		fe = append(fe, FieldError{Name: "endsOn", Code: "order", Reason: "De laatste dag ligt op of na de eerste dag."})
	case u.EndsOn.After(u.StartsOn.AddDate(0, 0, MaxLeaveDays-1)):
		fe = append(fe, FieldError{Name: "endsOn", Code: "range", Reason: "Een afwezigheid duurt hoogstens twee jaar; zet het lid anders op pauze."})
	}
	if u.Reason != "" && !slices.Contains(LeaveReasons, u.Reason) {
		fe = append(fe, FieldError{Name: "reason", Code: "oneof", Reason: "Kies een reden uit de lijst."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// Quota bounds of an organisation in a pool round, and the number the form
// suggests.
const (
	MinQuota     = 1
	MaxQuota     = 100
	DefaultQuota = 2
)

// Validate checks a new round: a name of at most 200 characters, at least
// one participating organisation, and quotas from MinQuota to MaxQuota. It
// trims the name.
func (r *PoolRound) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	var fe []FieldError
	if r.Name == "" || utf8.RuneCountInString(r.Name) > 200 {
		fe = append(fe, FieldError{Name: "name", Code: "required", Reason: "Geef de poolronde een naam (hoogstens 200 tekens)."})
	}
	if len(r.Organisations) == 0 {
		fe = append(fe, FieldError{Name: "organisations", Code: "required", Reason: "Kies ten minste één deelnemende organisatie."})
	}
	for _, o := range r.Organisations {
		if o.Quota < MinQuota || o.Quota > MaxQuota {
			fe = append(fe, FieldError{Name: "organisations", Code: "range", Reason: "Een quotum ligt tussen 1 en 100."})
			break
		}
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}
