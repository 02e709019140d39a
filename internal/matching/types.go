// Package matching ranks pool members for a complex case and proposes
// assignments for many cases at once. It is pure: it takes plain values and
// returns results, with no SQL and no HTTP.
package matching

import "time"

// Period is a closed date range [From, To].
type Period struct {
	From, To time.Time
}

// Member is a pool member as the engine sees it.
type Member struct {
	RegisseurID    int64
	Name           string
	OrganisationID int64
	Status         string     // active, paused, admitted, …: only active members take cases
	PausedUntil    *time.Time // a pause ends after this date
	Unavailable    []Period   // leave
	MaxCases       int
	ActiveCases    int
	HoursPerWeek   float64 // regie hours per week released by the organisation
	HoursCommitted float64 // weekly hours of the member's active cases
	// ContraIndication marks a pre-selection contra-indication that was not
	// overridden at admission.
	ContraIndication bool
	MunicipalityIDs  []int64
	Regions          []string
	// Competency holds the latest 360 others' mean per competency key where
	// present, else the self score.
	Competency map[string]float64
	// DomainExperience counts the member's earlier cases per life domain.
	DomainExperience map[string]int
}

// Case is a waiting complex case as the engine sees it.
type Case struct {
	ID             int64
	MunicipalityID int64
	Region         string
	StartsOn       time.Time
	Urgency        int     // 1 normal, 2 high, 3 crisis
	HoursPerWeek   float64 // the arrangement's hours spread over its expected duration
	LeansOn        []string
	LifeDomains    []string
	// InvolvedOrganisationIDs are the organisations already in the family's
	// care: their people are not independent (regie onafhankelijk).
	InvolvedOrganisationIDs []int64
	// PreviousRegisseurID is the regisseur of the family's earlier case, who
	// comes first when qualified and available and continuity has not expired.
	PreviousRegisseurID *int64
	PreviousClosedOn    *time.Time
}

// Weights of the fit score's parts; Config.Defaults fills them.
// Shortfall is a penalty, not a part: the score subtracts Shortfall ×
// Parts.NormShortfall (fit per scale point under the norm).
type Weights struct {
	Competency, Knowledge, Continuity, Load, Region float64
	Shortfall                                       float64
}

// Config tunes ranking and proposals.
type Config struct {
	// Norms are the expected levels per competency key: development
	// targets, not admission limits. A member below the norm on a
	// competency the case leans on stays qualified, calls the competency in
	// from their network or coach ("aanvullen via netwerk/begeleiding"),
	// and loses fit in proportion to the shortfall (Weights.Shortfall).
	Norms map[string]float64
	// Minimums are the optional hard minimums per competency key: a member
	// below one on a competency the case leans on is excluded
	// (domain.ReasonBelowMinimum).
	Minimums map[string]float64
	// ContinuityDays is how long after the earlier case closed the family's
	// regisseur still comes first.
	ContinuityDays int
	Weights        Weights
	// ScaleMin and ScaleMax bound competency scores (1–5).
	ScaleMin, ScaleMax float64
	// Names optionally maps competency keys to display names for the Dutch
	// reasons ("Onder de norm op Daadkrachtig …"); the key is shown when a
	// name is missing.
	Names map[string]string
}

// Parts are the fit score's components, each in [0, 1] before weighting.
type Parts struct {
	Competency float64 `json:"competency"`
	Knowledge  float64 `json:"knowledge"`
	Continuity float64 `json:"continuity"`
	Load       float64 `json:"load"`
	Region     float64 `json:"region"`
	// NormShortfall is not in [0, 1]: the scale points under the norm,
	// summed over the competencies the case leans on (0 when every score
	// meets its norm); the score subtracts Weights.Shortfall × it.
	NormShortfall float64 `json:"normShortfall"`
}

// Capacity is what a member has room for.
type Capacity struct {
	ActiveCases int     `json:"activeCases"`
	MaxCases    int     `json:"maxCases"`
	HoursLeft   float64 `json:"hoursLeft"`
}

// Candidate is one member ranked for one case.
type Candidate struct {
	RegisseurID    int64    `json:"regisseurId"`
	Name           string   `json:"name"`
	OrganisationID int64    `json:"organisationId"`
	Score          float64  `json:"score"`
	Qualified      bool     `json:"qualified"`
	Reasons        []string `json:"reasons"` // Dutch: why excluded, or what the score is made of
	// ReasonCodes has the stable code (domain.Reason…) of each reason, at
	// the same index.
	ReasonCodes []string `json:"reasonCodes"`
	Parts       Parts    `json:"parts"`
	Capacity    Capacity `json:"capacity"`
}

// Pair is one proposed assignment.
type Pair struct {
	CaseID      int64   `json:"caseId"`
	RegisseurID int64   `json:"regisseurId"`
	Score       float64 `json:"score"`
}

// Unplaced is a case the proposal could not place, and why (Dutch).
type Unplaced struct {
	CaseID int64  `json:"caseId"`
	Reason string `json:"reason"`
}

// Proposal is a batch assignment: the pairs, the cases left over, the total
// fit, an upper bound on the best possible total, and per urgency level how
// many cases were placed and whether that is proven to be the most possible.
type Proposal struct {
	Pairs    []Pair     `json:"pairs"`
	Unplaced []Unplaced `json:"unplaced"`
	Total    float64    `json:"total"`
	// UpperBound bounds the total fit of the best proposal (the optimum of
	// the lexicographic objective). When every level's count is proven it
	// is the best total of the relaxations still open (hours per week
	// relaxed), else the sum of every case's best fit.
	UpperBound float64 `json:"upperBound"`
	// Gap is (UpperBound − Total) / UpperBound, never negative; 0 with
	// Exact means provably optimal.
	Gap float64 `json:"gap"`
	// Exact is true when Pairs are a proven optimum of the lexicographic
	// objective: per urgency level from the highest down the most cases
	// placed, then the highest total score, within every member's free
	// slots and hours per week.
	Exact bool `json:"exact"`
	// Levels counts per urgency level, highest first, the waiting and the
	// placed cases.
	Levels []LevelCount `json:"levels"`
}

// LevelCount is what a proposal did for one urgency level.
type LevelCount struct {
	Urgency int `json:"urgency"`
	Waiting int `json:"waiting"`
	Placed  int `json:"placed"`
	// Proven is true when no proposal places more cases of this level
	// without placing fewer of a more urgent level.
	Proven bool `json:"proven"`
}
