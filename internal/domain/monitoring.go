package domain

import (
	"regexp"
	"strings"
	"time"
)

// The pilot's monitoring (issue 15): its monitors (procescoördinatoren)
// answer ten questions from the pilot plan. Every output (page, JSON, PDF,
// CSV) is organised by them, in this order.

// MonitoringQuestion is one of the pilot plan's questions: its number
// (1–10), the question in Dutch, and how the service answers it, in one
// line.
type MonitoringQuestion struct {
	ID       int
	Question string
	Method   string
}

// MonitoringQuestions are the ten questions in the pilot plan's order:
// MonitoringQuestions[i].ID == i+1.
var MonitoringQuestions = [10]MonitoringQuestion{
	{1, "Is de werkdefinitie van een complexe casus werkbaar?",
		"Telling van de aanmeldingen: wel of niet binnen de werkdefinitie, de redenen voor uitzonderingen, buiten poolregie, en herbeoordelingen die de checklist veranderden."},
	{2, "Moeten het functie- en competentieprofiel worden aangepast?",
		"Per competentie: hoe vaak zij kandidaten uitsloot of hun passing verlaagde, afwijkingen van de rangschikking per soort uitsluiting, en de spreiding van 360-scores ten opzichte van de norm."},
	{3, "Zijn regisseurs beter toegerust?",
		"Verandering per competentie tussen de eerste en de laatste afgesloten 360-ronde van elke regisseur, en zelfbeeld tegenover anderen, over de hele pool."},
	{4, "Is er vaker (herhaald) een gezamenlijke probleemanalyse?",
		"Vastgelegde gezamenlijke probleemanalyses per casus, herhaalde analyses, en het aandeel casussen met een analyse binnen enkele weken na toewijzing."},
	{5, "Is er een meer gezamenlijke, integrale aanpak?",
		"Gezinsplannen met doelen op meerdere leefgebieden, partijen die deelnamen aan analyses en evaluaties, ingeschakeld netwerk, en opschalingen met hun uitkomst."},
	{6, "Wat ging goed en wat minder, per soort betrokkene?",
		"Vragenlijsten van ouders, jongeren en betrokken organisaties, en reflecties van regisseurs die daarvoor zijn gemarkeerd: gemiddelden en geanonimiseerde citaten vanaf de drempel."},
	{7, "Worden meer doelen bereikt, is men tevredener, en is het gezin geholpen?",
		"Bereikte doelen per evaluatie, verandering van de zelfredzaamheid per leefgebied van aanmelding tot afsluiten, tevredenheid per soort respondent, en de eindtoets bij afsluiten."},
	{8, "Hoeveel tijd kost regie in de gemiddelde complexe casus, en wat betekent dat voor de caseload?",
		"Bestede uren per afgesloten casus (mediaan en kwartielen) over de werkelijke duur, uren per week per casus, en de caseload die dat inhoudt."},
	{9, "Signaleert de selectiemethode valkuilen en ontwikkelpunten?",
		"Voor regisseurs met een voorselectie: hoeveel latere ontwikkeldoelen en zwakke punten uit 360-feedback de aandachtspunten en valkuilen voorzagen (alleen geaggregeerd)."},
	{10, "Heeft de begeleiding meerwaarde?",
		"Aanwezigheid bij intervisie tegenover de verandering in 360-scores en bereikte ontwikkeldoelen, en het eigen oordeel van regisseurs over de begeleiding."},
}

// The small-cell threshold of monitoring: a figure computed from fewer
// cases, families or respondents is suppressed in every output
// (REGIEPOOL_MIN_CELL; never below MinCellFloor).
const (
	MinCellFloor   = 3
	DefaultMinCell = 5
)

// MonitoringFilter is what a monitoring report covers: the cases
// registered in [From, To] (dates, inclusive), optionally of one
// municipality and one pool round (the regisseurs admitted in it).
type MonitoringFilter struct {
	From, To       time.Time
	MunicipalityID *int64
	PoolRoundID    *int64
}

// Validate checks the period; field names from, to.
func (f MonitoringFilter) Validate() error {
	var fe []FieldError
	if f.From.IsZero() {
		fe = append(fe, FieldError{Name: "from", Code: "required", Reason: "Kies de begindatum van de periode."})
	}
	if f.To.IsZero() {
		fe = append(fe, FieldError{Name: "to", Code: "required", Reason: "Kies de einddatum van de periode."})
	}
	if fe == nil && f.To.Before(f.From) {
		fe = append(fe, FieldError{Name: "to", Code: "order", Reason: "De einddatum ligt op of na de begindatum."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// MonitoringReflection is what monitoring reads of a reflection its
// regisseur marked for it (Reflection.ShareWithMonitoring): the short pair
// and the rating of the coaching, with the regisseur only to count
// regisseurs (never shown); no date, no case, no body.
type MonitoringReflection struct {
	RegisseurID             int64
	WentWell, CouldBeBetter string
	CoachingHelp            *int
}

// MonitoringGoal is what monitoring reads of a development goal: its
// regisseur (to aggregate, never shown), competency, status and dates.
type MonitoringGoal struct {
	RegisseurID   int64     `db:"regisseur_id"`
	CompetencyKey string    `db:"competency_key"`
	Status        string    `db:"status"`
	CreatedAt     time.Time `db:"created_at"`
	TargetDate    time.Time `db:"target_date"`
}

// Quotes in monitoring (question 6): at most MaxQuotesPerKind per kind of
// party, each at most MaxQuoteRunes characters.
const (
	MaxQuotesPerKind = 5
	MaxQuoteRunes    = 200
)

// caseReferenceLike finds what looks like a case reference or any other
// number of several digits in free text.
var caseReferenceLike = regexp.MustCompile(`(?:\b[A-Z]{1,4}[-._/]?)?\d{3,}(?:[-._/]\d+)*`)

// AnonymiseQuote prepares a free text for quoting in monitoring: spaces
// folded, every case reference or longer number replaced by "[…]", and
// truncated to MaxQuoteRunes characters (ending in "…" when cut). Names
// cannot be recognised reliably: the forms ask for none.
func AnonymiseQuote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = caseReferenceLike.ReplaceAllString(s, "[…]")
	if r := []rune(s); len(r) > MaxQuoteRunes {
		s = strings.TrimSpace(string(r[:MaxQuoteRunes-1])) + "…"
	}
	return s
}
