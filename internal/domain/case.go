package domain

import (
	"regexp"
	"slices"
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

// CaseStatusLabels are the Dutch names of the statuses.
var CaseStatusLabels = map[string]string{CaseWaiting: "Wacht op regisseur", CaseAssigned: "Toegewezen", CaseClosed: "Afgesloten", CaseOutside: "Buiten poolregie"}

// OutsidePoolLabels name the exceptions to pool regie.
var OutsidePoolLabels = map[string]string{
	"behandelregie":   "Behandelregie",
	"veilig_thuis":    "Veilig Thuis betrokken",
	"gedwongen_kader": "Gedwongen kader (gecertificeerde instelling)",
}

// CloseReasonLabels name why regie ended.
var CloseReasonLabels = map[string]string{
	"own_regie":       "Gezin voert zelf weer regie (afschalen)",
	"goals_reached":   "Doelen bereikt",
	"gedwongen_kader": "Over naar gedwongen kader",
	"moved":           "Gezin verhuisd",
	"other":           "Anders",
}

// EventKindLabels name the case log's events.
var EventKindLabels = map[string]string{
	"round_table":     "Rondetafeloverleg gehouden",
	"plan_made":       "Gezinsplan gemaakt",
	"evaluation":      "Evaluatie gehouden",
	"plan_adjusted":   "Plan bijgesteld",
	"safety_analysis": "Veiligheidsanalyse gemaakt",
	"escalation":      "Opgeschaald",
	"hours":           "Uren besteed",
	"satisfaction":    "Tevredenheid gezin",
}

// Case is a complex family case: a pseudonymous reference and what matching
// and monitoring need, nothing that identifies the family.
type Case struct {
	ID                      int64
	Reference               string
	ZaakURL                 string
	ZaakIdentificatie       string
	Bronorganisatie         string
	MunicipalityID          int64
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
	ExpectedWeeks           int
	LeansOn                 []string
	EarlierCaseID           *int64
	InvolvedOrganisationIDs []int64
	OutsidePool             string
	OutsideReason           string
	Status                  string
	StartsOn                time.Time
	CloseReason             string
	ClosedAt                *time.Time
	CreatedAt               time.Time
	RegisseurID             *int64 // the active regisseur
	RegisseurName           string
	Handovers               int
}

// MeetsWorkingDefinition applies the pilot's working definition.
func (c *Case) MeetsWorkingDefinition() bool {
	return c.ParentsStruggle && (c.SeveralDomains || c.HighRisk)
}

// WeeklyHours is the arrangement spread over the expected duration: what the
// case asks of a regisseur's hours per week.
func (c *Case) WeeklyHours() float64 {
	if c.ExpectedWeeks <= 0 {
		return c.ArrangementHours
	}
	return c.ArrangementHours / float64(c.ExpectedWeeks)
}

var caseReference = regexp.MustCompile(`^[A-Za-z0-9._/-]{1,40}$`)
var rsin = regexp.MustCompile(`^[0-9]{9}$`)

// Validate checks a case at intake; every fault is reported.
func (c *Case) Validate() error {
	c.Reference = strings.TrimSpace(c.Reference)
	c.DefinitionReason = strings.TrimSpace(c.DefinitionReason)
	c.OutsideReason = strings.TrimSpace(c.OutsideReason)
	var fe []FieldError
	if !caseReference.MatchString(c.Reference) {
		fe = append(fe, FieldError{Name: "reference", Code: "format", Reason: "Gebruik het zaaknummer van de gemeente: letters, cijfers en . _ / - (hoogstens 40 tekens), geen namen."})
	}
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
	if c.SafetyRisk != "low" && c.SafetyRisk != "medium" && c.SafetyRisk != "high" {
		fe = append(fe, FieldError{Name: "safetyRisk", Code: "oneof", Reason: "Kies laag, midden of hoog."})
	}
	if c.Urgency < 1 || c.Urgency > 3 {
		fe = append(fe, FieldError{Name: "urgency", Code: "range", Reason: "Kies normaal, hoog of crisis."})
	}
	if c.ArrangementHours <= 0 || c.ArrangementHours > 1000 {
		fe = append(fe, FieldError{Name: "arrangementHours", Code: "range", Reason: "Het regiearrangement ligt tussen 0 en 1000 uur."})
	}
	if c.ExpectedWeeks < 1 || c.ExpectedWeeks > 260 {
		fe = append(fe, FieldError{Name: "expectedWeeks", Code: "range", Reason: "De verwachte duur ligt tussen 1 en 260 weken."})
	}
	if c.OutsidePool != "" {
		if _, ok := OutsidePoolLabels[c.OutsidePool]; !ok {
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
	CreatedAt  time.Time `db:"created_at"`
}

// CaseFilter selects cases; nil fields do not filter.
type CaseFilter struct {
	Status *string
}
