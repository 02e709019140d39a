package domain

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// LifeDomains are the 8 leefgebieden, in order.
var LifeDomains = []string{"werk", "inkomen", "maatschappelijke_ondersteuning", "wonen", "onderwijs", "jeugdhulp", "veiligheid", "gezondheid"}

// LifeDomainLabels are their Dutch names.
var LifeDomainLabels = map[string]string{
	"werk": "Werk", "inkomen": "Inkomen en financiën", "maatschappelijke_ondersteuning": "Maatschappelijke ondersteuning",
	"wonen": "Wonen", "onderwijs": "Onderwijs", "jeugdhulp": "Jeugdhulp", "veiligheid": "Veiligheid",
	"gezondheid": "(Geestelijke) gezondheid(szorg)",
}

// Case statuses.
const (
	CaseWaiting  = "waiting"
	CaseAssigned = "assigned"
	CaseClosed   = "closed"
	CaseOutside  = "outside"
)

// CaseStatuses are the statuses in the order of the filter.
var CaseStatuses = []string{CaseWaiting, CaseAssigned, CaseClosed, CaseOutside}

// CaseStatusLabels are the Dutch names of the statuses.
var CaseStatusLabels = map[string]string{CaseWaiting: "Wacht op regisseur", CaseAssigned: "Toegewezen", CaseClosed: "Afgesloten", CaseOutside: "Buiten poolregie"}

// The safety risks of a case.
const (
	RiskLow    = "low"
	RiskMedium = "medium"
	RiskHigh   = "high"
)

// SafetyRisks are the safety risks in order, lowest first.
var SafetyRisks = []string{RiskLow, RiskMedium, RiskHigh}

// SafetyRiskLabels are their Dutch names.
var SafetyRiskLabels = map[string]string{RiskLow: "Laag", RiskMedium: "Midden", RiskHigh: "Hoog"}

// The urgencies of a case; a higher one is placed first.
const (
	UrgencyNormal = 1
	UrgencyHigh   = 2
	UrgencyCrisis = 3
)

// Urgencies are the urgencies in order, lowest first.
var Urgencies = []int{UrgencyNormal, UrgencyHigh, UrgencyCrisis}

// UrgencyLabels are their Dutch names.
var UrgencyLabels = map[int]string{UrgencyNormal: "Normaal", UrgencyHigh: "Hoog", UrgencyCrisis: "Crisis"}

// UrgencyLabel is the Dutch name of urgency u, or the number itself when
// it is none of Urgencies.
func UrgencyLabel(u int) string {
	if l, ok := UrgencyLabels[u]; ok {
		return l
	}
	return strconv.Itoa(u)
}

// The exceptions to pool regie: someone else directs the case.
const (
	OutsideBehandelregie  = "behandelregie"
	OutsideVeiligThuis    = "veilig_thuis"
	OutsideGedwongenKader = "gedwongen_kader"
)

// OutsidePoolKinds are the exceptions in the order of the form.
var OutsidePoolKinds = []string{OutsideBehandelregie, OutsideVeiligThuis, OutsideGedwongenKader}

// OutsidePoolLabels name the exceptions to pool regie.
var OutsidePoolLabels = map[string]string{
	OutsideBehandelregie:  "Behandelregie",
	OutsideVeiligThuis:    "Veilig Thuis betrokken",
	OutsideGedwongenKader: "Gedwongen kader (gecertificeerde instelling)",
}

// The reasons why regie ended.
const (
	CloseOwnRegie       = "own_regie"
	CloseGoalsReached   = "goals_reached"
	CloseGedwongenKader = "gedwongen_kader"
	CloseMoved          = "moved"
	CloseOther          = "other"
)

// CloseReasons are the reasons in the order of the form.
var CloseReasons = []string{CloseOwnRegie, CloseGoalsReached, CloseGedwongenKader, CloseMoved, CloseOther}

// CloseReasonLabels name why regie ended.
var CloseReasonLabels = map[string]string{
	CloseOwnRegie:       "Gezin voert zelf weer regie (afschalen)",
	CloseGoalsReached:   "Doelen bereikt",
	CloseGedwongenKader: "Over naar gedwongen kader",
	CloseMoved:          "Gezin verhuisd",
	CloseOther:          "Anders",
}

// CheckCloseReason reports a reason that is none of CloseReasons as an
// invalid field "reason".
func CheckCloseReason(reason string) error {
	if !slices.Contains(CloseReasons, reason) {
		return Invalid(FieldError{Name: "reason", Code: "oneof", Reason: "Kies de reden van afsluiten: " + strings.Join(CloseReasons, ", ") + "."})
	}
	return nil
}

// The kinds of event of the case log.
const (
	EventRoundTable     = "round_table"
	EventPlanMade       = "plan_made"
	EventEvaluation     = "evaluation"
	EventPlanAdjusted   = "plan_adjusted"
	EventSafetyAnalysis = "safety_analysis"
	EventEscalation     = "escalation"
	EventHours          = "hours"
	EventSatisfaction   = "satisfaction"
	// EventCorrection corrects the log: an admin's new event with a
	// reason, also on a closed case; nothing in the log is changed.
	EventCorrection = "correction"
)

// EventKinds are the kinds in the order of the form.
var EventKinds = []string{EventRoundTable, EventPlanMade, EventEvaluation, EventPlanAdjusted, EventSafetyAnalysis, EventEscalation, EventHours, EventSatisfaction,
	EventCorrection, EventProblemAnalysis, EventIntervention, EventNetworkEngaged}

// EventKindLabels name the case log's events.
var EventKindLabels = map[string]string{
	EventRoundTable:     "Rondetafeloverleg gehouden",
	EventPlanMade:       "Gezinsplan gemaakt",
	EventEvaluation:     "Evaluatie gehouden",
	EventPlanAdjusted:   "Plan bijgesteld",
	EventSafetyAnalysis: "Veiligheidsanalyse gemaakt",
	EventEscalation:     "Opgeschaald",
	EventHours:          "Uren besteed",
	EventSatisfaction:   "Tevredenheid gezin",
	EventCorrection:     "Correctie",
	// Structured steps (case_steps.go).
	EventProblemAnalysis: "Gezamenlijke probleemanalyse",
	EventIntervention:    "Ingegrepen (grenzen gesteld)",
	EventNetworkEngaged:  "Netwerk of voorliggend veld ingezet",
}

// The defaults of a case at intake: the pilot's standard regie arrangement
// of 50 hours over 26 weeks, at normal urgency.
const (
	DefaultArrangementHours = 50.0
	DefaultExpectedWeeks    = 26
	DefaultUrgency          = UrgencyNormal
)

// MaxProposalCases bounds the case ids one proposal request may name. A
// proposal for every waiting case (no ids) considers them all, however many.
const MaxProposalCases = 5000

// Case is a complex family case: a pseudonymous reference and what matching
// and monitoring need, nothing that identifies the family.
type Case struct {
	ID                      int64
	Reference               string
	ZaakURL                 string
	ZaakIdentificatie       string
	Bronorganisatie         string
	MunicipalityID          int64
	MunicipalityName        string // read only: the name of the municipality
	ParentsStruggle         bool
	SeveralDomains          bool
	SeveralProfessionals    bool
	HighRisk                bool
	MeetsDefinition         bool
	DefinitionReason        string
	LifeDomains             []string
	SafetyRisk              string
	Urgency                 int
	ArrangementHours        float64
	HoursSpent              float64 // read only: the sum of the log's hours events
	ExpectedWeeks           int
	LeansOn                 []string
	EarlierCaseID           *int64
	InvolvedOrganisationIDs []int64
	// SelfReliance is the family's self-reliance per life domain (1–5;
	// CheckSelfReliance), from the intake and the latest re-assessment.
	SelfReliance  map[string]int
	OutsidePool   string
	OutsideReason string
	Status        string
	StartsOn      time.Time
	CloseReason   string
	ClosedAt      *time.Time
	// Closure is how the case was closed (end conversation, final check,
	// self-reliance at close); nil while open and for cases closed with a
	// reason only.
	Closure   *Closure
	CreatedAt time.Time
	// RegisseurID is the active regisseur, or for a closed case the last
	// one (who directed it until the close); nil while none.
	RegisseurID   *int64
	RegisseurName string
	Handovers     int
	// Offer is the live offer (open, before its deadline) holding the
	// waiting case for a regisseur; nil when none. Its Case is empty.
	Offer *Offer
	// Returned says the case waits again because its latest offer was
	// declined or expired; nil otherwise.
	Returned *OfferReturn
}

// Dispatchable reports whether the case is in the pool's hands: waiting for
// a regisseur or assigned to one, so it can be assigned or handed over.
func (c *Case) Dispatchable() bool {
	return c.Status == CaseWaiting || c.Status == CaseAssigned
}

// WeeklyHours is the arrangement spread over the expected duration: what the
// case asks of a regisseur's hours per week.
func (c *Case) WeeklyHours() float64 {
	if c.ExpectedWeeks <= 0 {
		return c.ArrangementHours
	}
	return c.ArrangementHours / float64(c.ExpectedWeeks)
}

// ApplyDefaults fills what the intake may leave out: the urgency, the
// arrangement and its duration, and the start (now).
func (c *Case) ApplyDefaults(now time.Time) {
	if c.Urgency == 0 {
		c.Urgency = DefaultUrgency
	}
	if c.ArrangementHours == 0 {
		c.ArrangementHours = DefaultArrangementHours
	}
	if c.ExpectedWeeks == 0 {
		c.ExpectedWeeks = DefaultExpectedWeeks
	}
	if c.StartsOn.IsZero() {
		c.StartsOn = now
	}
}

var rsin = regexp.MustCompile(`^[0-9]{9}$`)

// Validate checks a case at intake; every fault is reported.
func (c *Case) Validate() error {
	c.Reference = strings.TrimSpace(c.Reference)
	c.DefinitionReason = strings.TrimSpace(c.DefinitionReason)
	c.OutsideReason = strings.TrimSpace(c.OutsideReason)
	fe := checkCaseReference(nil, "reference", c.Reference, true)
	if c.ZaakURL != "" && (len(c.ZaakURL) > 1000 || !(strings.HasPrefix(c.ZaakURL, "https://") || strings.HasPrefix(c.ZaakURL, "http://"))) {
		fe = append(fe, FieldError{Name: "zaakUrl", Code: "format", Reason: "Een zaak-URL begint met https:// (hoogstens 1000 tekens)."})
	}
	if c.Bronorganisatie != "" && !validRSIN(c.Bronorganisatie) {
		fe = append(fe, FieldError{Name: "bronorganisatie", Code: "format", Reason: "Een bronorganisatie is een RSIN van negen cijfers dat de elfproef doorstaat."})
	}
	if len(c.ZaakIdentificatie) > 40 {
		fe = append(fe, FieldError{Name: "zaakIdentificatie", Code: "max", Reason: "Hoogstens 40 tekens."})
	}
	if c.MunicipalityID <= 0 {
		fe = append(fe, FieldError{Name: "municipalityId", Code: "required", Reason: "Kies de gemeente."})
	}
	if !c.MeetsWorkingDefinition() && c.DefinitionReason == "" {
		fe = append(fe, FieldError{Name: "definitionReason", Code: "required", Reason: "Deze casus valt niet onder de werkdefinitie van een complexe casus: geef een reden om hem toch aan te melden."})
	}
	for _, d := range c.LifeDomains {
		if !slices.Contains(LifeDomains, d) {
			fe = append(fe, FieldError{Name: "lifeDomains", Code: "oneof", Reason: "Onbekend leefgebied: " + d + "."})
		}
	}
	if !slices.Contains(SafetyRisks, c.SafetyRisk) {
		fe = append(fe, FieldError{Name: "safetyRisk", Code: "oneof", Reason: "Kies laag, midden of hoog."})
	}
	fe = append(fe, c.checkDefinition()...)
	fe = append(fe, CheckSelfReliance(c.SelfReliance)...)
	if !slices.Contains(Urgencies, c.Urgency) {
		fe = append(fe, FieldError{Name: "urgency", Code: "range", Reason: "Kies normaal, hoog of crisis."})
	}
	if c.ArrangementHours <= 0 || c.ArrangementHours > 1000 {
		fe = append(fe, FieldError{Name: "arrangementHours", Code: "range", Reason: "Het regiearrangement ligt tussen 0 en 1000 uur."})
	}
	if c.ExpectedWeeks < 1 || c.ExpectedWeeks > 260 {
		fe = append(fe, FieldError{Name: "expectedWeeks", Code: "range", Reason: "De verwachte duur ligt tussen 1 en 260 weken."})
	}
	if c.OutsidePool != "" {
		if !slices.Contains(OutsidePoolKinds, c.OutsidePool) {
			fe = append(fe, FieldError{Name: "outsidePool", Code: "oneof", Reason: "Kies behandelregie, Veilig Thuis of gedwongen kader."})
		}
		if c.OutsideReason == "" {
			fe = append(fe, FieldError{Name: "outsideReason", Code: "required", Reason: "Geef aan waarom deze casus buiten de poolregie valt."})
		}
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// validRSIN applies the 11-proef to a 9-digit RSIN.
func validRSIN(s string) bool {
	if !rsin.MatchString(s) {
		return false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(s[i]-'0') * (9 - i)
	}
	sum -= int(s[8] - '0')
	return sum%11 == 0
}

// CaseEvent is one entry of the case log.
type CaseEvent struct {
	ID         int64     `db:"id"`
	Kind       string    `db:"kind"`
	OccurredOn time.Time `db:"occurred_on"`
	Hours      *float64  `db:"hours"`
	ResultArea *int      `db:"result_area"`
	Score      *int      `db:"score"`
	// Reason says what a correction corrects, and why; "" for other kinds.
	Reason string `db:"reason"`
	// Details of a structured step (HasDetails); nil for other kinds.
	Details *StepDetails `db:"-"`
	// Changes are what a reassessment changed, or what an evaluation's
	// self-reliance changed in the case's; nil otherwise.
	Changes   FieldChanges `db:"-"`
	CreatedAt time.Time    `db:"created_at"`
}

// MaxEventReason bounds the reason of a correction.
const MaxEventReason = 2000

// Validate checks an event of the case log as of now; every fault is
// reported. Hours belong to kind hours (more than 0, at most 200), a result
// area and a score (1–5) to kind satisfaction, a reason (at most
// MaxEventReason characters) to kind correction; the date is not in the
// future (a day's grace for time zones).
func (e *CaseEvent) Validate(now time.Time) error {
	return e.validate(now, false)
}

// ValidateNew checks an event recorded now through the API or a page: as
// Validate, and a plan (IsPlan) carries its details. Plans logged before
// the details existed stay valid in the log.
func (e *CaseEvent) ValidateNew(now time.Time) error {
	return e.validate(now, true)
}

func (e *CaseEvent) validate(now time.Time, isNew bool) error {
	e.Reason = strings.TrimSpace(e.Reason)
	var fe []FieldError
	if !slices.Contains(EventKinds, e.Kind) {
		fe = append(fe, FieldError{Name: "kind", Code: "oneof", Reason: "Onbekende gebeurtenis; kies een van: " + strings.Join(EventKinds, ", ") + "."})
	}
	if e.Kind == EventHours && (e.Hours == nil || *e.Hours <= 0 || *e.Hours > 200) {
		fe = append(fe, FieldError{Name: "hours", Code: "range", Reason: "Vul de bestede uren in (meer dan 0, hoogstens 200)."})
	}
	if e.Kind == EventSatisfaction && (e.Score == nil || *e.Score < 1 || *e.Score > 5 || e.ResultArea == nil || *e.ResultArea < 1 || *e.ResultArea > 5) {
		fe = append(fe, FieldError{Name: "score", Code: "range", Reason: "Kies een resultaatgebied (1–5) en een tevredenheid van 1 tot en met 5."})
	}
	if e.Kind == EventCorrection && (e.Reason == "" || len([]rune(e.Reason)) > MaxEventReason) {
		fe = append(fe, FieldError{Name: "reason", Code: "required", Reason: "Zeg wat de correctie verbetert en waarom (hoogstens 2000 tekens, geen namen van gezinsleden)."})
	}
	if isNew && IsPlan(e.Kind) && e.Details == nil {
		fe = append(fe, FieldError{Name: "details", Code: "required", Reason: "Vul de gegevens van het gezinsplan in: wie het met het gezin opstelde, de doelen en de evaluatieafspraken."})
	}
	fe = append(fe, validateDetails(e.Kind, e.OccurredOn, e.Details)...)
	if e.OccurredOn.IsZero() || e.OccurredOn.After(now.AddDate(0, 0, 1)) {
		fe = append(fe, FieldError{Name: "occurredOn", Code: "date", Reason: "Vul de datum in (niet in de toekomst)."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// Normalize drops the values that do not belong to the event's kind.
func (e *CaseEvent) Normalize() {
	if e.Kind != EventHours {
		e.Hours = nil
	}
	if e.Kind != EventSatisfaction {
		e.Score, e.ResultArea = nil, nil
	}
	if e.Kind != EventCorrection {
		e.Reason = ""
	}
	if !HasDetails(e.Kind) {
		e.Details = nil
	} else if e.Details != nil {
		e.Details.normalize(e.Kind)
	}
}

// CaseFilter selects cases; nil fields do not filter.
type CaseFilter struct {
	Status *string
}

// CanDispatchCases reports whether the actor registers, ranks, proposes,
// assigns, hands over and closes cases (each within their case scope):
// admins and dispatchers.
func CanDispatchCases(a *Actor) bool {
	return a.Can(PermDispatch)
}

// CanDispatchIn reports whether the actor may register a case in
// municipality id: admins anywhere, dispatchers in their own municipalities.
func CanDispatchIn(a *Actor, municipalityID int64) bool {
	return a.Has(RoleAdmin) || (a.Has(RoleDispatcher) && slices.Contains(a.MunicipalityIDs, municipalityID))
}

// CanLogCase reports whether the actor may add an event (of any kind but a
// correction) to the log of case c, which is in their scope: while the case
// is open, its dispatchers (admins, dispatchers of its municipality) and its
// current regisseur (the one with the active assignment). A regisseur who
// handed the case over reads its log but no longer writes to it, and a
// closed case's log is read-only.
func CanLogCase(a *Actor, c Case) bool {
	if c.Status == CaseClosed {
		return false
	}
	if CanDispatchIn(a, c.MunicipalityID) {
		return true
	}
	return a.Has(RoleRegisseur) && a.RegisseurID != nil && c.RegisseurID != nil && *a.RegisseurID == *c.RegisseurID
}

// CanCorrectCaseLog reports whether the actor may add a correction (a new
// event with a reason) to the log of a case in their scope, open or
// closed: admins.
func CanCorrectCaseLog(a *Actor) bool {
	return a.Has(RoleAdmin)
}

// EventKindsFor are the kinds the actor may add to the log of case c, in
// the order of the form; none when the log is closed to them.
func EventKindsFor(a *Actor, c Case) []string {
	var out []string
	for _, k := range EventKinds {
		if CheckCaseLog(a, c, k) == nil {
			out = append(out, k)
		}
	}
	return out
}

// CheckCaseLog says whether the actor may add an event of kind to the log
// of case c, in their scope: nil, forbidden (a correction by anyone but an
// admin; anyone but the case's current regisseur and dispatchers), or
// conflict (the case is closed).
func CheckCaseLog(a *Actor, c Case, kind string) error {
	switch {
	case kind == EventCorrection:
		if !CanCorrectCaseLog(a) {
			return Errorf(EForbidden, "forbidden", "Alleen een beheerder legt een correctie in het logboek vast.")
		}
	case c.Status == CaseClosed:
		return Errorf(EConflict, "closed", "Deze casus is afgesloten: het logboek is alleen nog te lezen. Een beheerder kan een correctie vastleggen.")
	case !CanLogCase(a, c):
		return Errorf(EForbidden, "forbidden", "Alleen de huidige regisseur en de casusverdelers van deze casus leggen gebeurtenissen vast.")
	}
	return nil
}

// CaseScope is which cases an actor sees: every case, the cases of some
// municipalities, those they direct or directed, or a union of the last two.
type CaseScope struct {
	All bool
	// ByMunicipality: the cases of MunicipalityIDs (a dispatcher's).
	ByMunicipality  bool
	MunicipalityIDs []int64
	// RegisseurID: the cases this regisseur directs or directed.
	RegisseurID *int64
}

// CaseScopeOf is the case scope of a: admins see every case, dispatchers
// the cases of their municipalities, a regisseur the cases they direct or
// directed. The store's queries and the pages follow it.
func CaseScopeOf(a *Actor) CaseScope {
	if a.Has(RoleAdmin) {
		return CaseScope{All: true}
	}
	var s CaseScope
	if a.Has(RoleDispatcher) {
		s.ByMunicipality, s.MunicipalityIDs = true, a.MunicipalityIDs
	}
	if a.Has(RoleRegisseur) && a.RegisseurID != nil {
		s.RegisseurID = a.RegisseurID
	}
	return s
}
