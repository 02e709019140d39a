// Package report renders Regiepool's PDF documents from plain structs. It is
// the only package that imports the PDF library (jung-kurt/gofpdf, archived
// upstream): a maintained fork such as codeberg.org/go-pdf/fpdf replaces it
// with one import change here. No database, no HTTP.
package report

import "time"

// GroupScore is one visible rater group's mean for a competency.
type GroupScore struct {
	Label  string // Dutch group name
	Mean   float64
	N      int
	Single bool // from one rater (a coach or manager): the report says so
}

// CompetencyRow is one competency of a development report. Only groups the
// anonymity rules allow are present; the caller never passes hidden ones.
type CompetencyRow struct {
	Name     string
	Norm     *float64
	Self     *float64
	Others   *float64
	OthersN  int
	Groups   []GroupScore
	Gap      *float64
	Flag     string // "", "blind_spot", "hidden_strength"
	Comments []string
}

// Goal is a development goal as the report shows it.
type Goal struct {
	Competency  string
	Description string
	Status      string // Dutch label
	TargetDate  time.Time
}

// TrendPoint is one closed round: per competency name, the others' mean.
type TrendPoint struct {
	ClosedOn time.Time
	Others   map[string]float64
}

// Development is the development report of one regisseur.
type Development struct {
	RegisseurName string
	Organisation  string
	Instrument    string // e.g. "Regiecompetenties complexe gezinscasussen, versie 1"
	ScaleMin      float64
	ScaleMax      float64
	RoundClosedOn *time.Time
	MinRaters     int
	Competencies  []CompetencyRow
	Goals         []Goal
	Trend         []TrendPoint
	GeneratedAt   time.Time
}

// PoolMember is one row of the pool report.
type PoolMember struct {
	Name         string
	Status       string // Dutch label
	ActiveCases  int
	MaxCases     int
	HoursPerWeek float64
	Attended     int
	Invited      int
}

// PoolOrganisation groups the pool report by organisation.
type PoolOrganisation struct {
	Name    string
	Members []PoolMember
}

// Pool is the pool report.
type Pool struct {
	Organisations []PoolOrganisation
	GeneratedAt   time.Time
	// Scope says whose members the report holds ("Alle regisseurs", "De
	// regisseurs die u begeleidt"); "" leaves it out.
	Scope string
}

// Monitoring holds the pilot's figures, never personal details. It is also
// the JSON and CSV shape of the monitoring API.
type Monitoring struct {
	From, To                  time.Time
	Municipality              string // "" = all in scope
	Cases                     int
	MeetsDefinition           int
	OutsideDefinition         int
	OutsidePool               int
	Waiting, Assigned, Closed int
	HoursPerCase              Distribution // hours spent per case (closed and running)
	ArrangementHours          float64      // the arrangement per case (50 by default)
	Handovers                 int
	CasesWithHandover         int
	CloseReasons              map[string]int // Dutch label → count
	DaysToAssignment          Distribution
	// Questions are the pilot's ten monitoring questions
	// (domain.MonitoringQuestions) answered with figures, in order.
	Questions []Question
	// Other holds the figures no question asks for (the state of the
	// cases, handovers, close reasons, time to assignment) under the same
	// small-cell rule; nil leaves them out.
	Other *Question
	// PoolRound is the pool round's name; "" = all regisseurs.
	PoolRound string
	// AskedFrom and AskedTo are the period as asked for; From and To are
	// that period widened to whole calendar quarters (the cell rule).
	AskedFrom, AskedTo time.Time
	// MinCell is the small-cell threshold the figures were suppressed by.
	MinCell int
	// ResultAreas are the function profile's five result areas with the
	// indicators the case log measures (domain.ResultAreaIndicators).
	ResultAreas [5]ResultArea
	// GeneratedAt is when the figures were computed; RefreshEvery, when
	// they come from a snapshot, how often it is computed again (0: they
	// were computed for this report).
	GeneratedAt  time.Time
	RefreshEvery time.Duration
}

// Question is one of the pilot's monitoring questions answered: its id
// (1–10), the question, the answer (a Dutch sentence generated from the
// figures), the method in one line, the figures, and an optional chart of
// a distribution or trend.
type Question struct {
	ID       int      `json:"id"`
	Question string   `json:"question"`
	Answer   string   `json:"answer"`
	Method   string   `json:"method"`
	Figures  []Figure `json:"figures"`
	Chart    *Chart   `json:"chart,omitempty"`
	// Quotes are anonymised quotes (question 6): only from the small-cell
	// threshold on, with no name, date or case.
	Quotes []Quote `json:"quotes,omitempty"`
}

// Quote is one anonymised quote of a monitoring question: the kind of
// party it comes from (a code, e.g. "parent", "regisseur"), that kind in
// Dutch, the aspect in Dutch ("Ging goed", "Kan beter") and the text,
// truncated to domain.MaxQuoteRunes.
type Quote struct {
	Kind   string `json:"kind"`
	Label  string `json:"label"`
	Aspect string `json:"aspect"`
	Text   string `json:"text"`
}

// Figure is one figure of a question: a stable key, its Dutch label, the
// value (nil when suppressed: fewer than the small-cell threshold behind
// it), N the number of cases, families or respondents behind it, and the
// unit the value is in.
type Figure struct {
	Key   string   `json:"key"`
	Label string   `json:"label"`
	Value *float64 `json:"value"`
	N     int      `json:"n"`
	Unit  string   `json:"unit"`
}

// The units of a figure.
const (
	UnitCount   = "count"   // a number of things
	UnitPercent = "percent" // 0–100
	UnitMean    = "mean"    // a mean on a scale (1–5)
	UnitHours   = "hours"
	UnitDays    = "days"
	UnitWeeks   = "weeks"
	UnitChange  = "change" // a difference on a scale, signed
)

// Suppress empties f's value when fewer than minCell stand behind it.
func (f *Figure) Suppress(minCell int) {
	if f.N < minCell {
		f.Value = nil
	}
}

// Chart is a bar chart of a question: each bar a label and a value (nil
// when suppressed) on a scale from 0 to Max.
type Chart struct {
	Title string     `json:"title"`
	Max   float64    `json:"max"`
	Unit  string     `json:"unit"`
	Bars  []ChartBar `json:"bars"`
}

// ChartBar is one bar of a Chart, with the N behind it.
type ChartBar struct {
	Label string   `json:"label"`
	Value *float64 `json:"value"`
	N     int      `json:"n"`
}

// ResultArea is one result area: its number (1–5), name, indicators and
// the families' satisfaction with it.
type ResultArea struct {
	Number       int
	Name         string
	Indicators   []Indicator
	Satisfaction Mean
}

// Indicator is one counted indicator: Value things counted; Of, when not
// 0, the number they are a share of (goals evaluated, cases with regie).
type Indicator struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value int    `json:"value"`
	Of    int    `json:"of,omitempty"`
}

// Mean is an average with its count.
type Mean struct {
	Mean float64 `json:"mean"`
	N    int     `json:"n"`
}

// Distribution summarises values: count, mean, median, p90, min, max.
type Distribution struct {
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}
