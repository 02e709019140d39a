package domain

import "time"

// Answer is the answer to one item: a score on the instrument's scale, or
// nil for "kan ik niet beoordelen", with an optional comment.
type Answer struct {
	Score   *int
	Comment string
}

// Self-assessment statuses.
const (
	StatusDraft     = "draft"
	StatusSubmitted = "submitted"
)

// SelfAssessment is a regisseur's rating of themself on one instrument
// version. Submitted ones are frozen.
type SelfAssessment struct {
	ID           int64
	RegisseurID  int64
	InstrumentID int64
	Status       string
	Answers      map[string]Answer // by item key
	CreatedAt    time.Time
	UpdatedAt    time.Time
	SubmittedAt  *time.Time
}

// Feedback round statuses.
const (
	RoundProposed = "proposed" // proposed by the regisseur, awaiting a coach
	RoundOpen     = "open"
	RoundClosed   = "closed"
)

// FeedbackRound is a 360 round about one regisseur.
type FeedbackRound struct {
	ID            int64
	RegisseurID   int64
	RegisseurName string
	InstrumentID  int64
	Status        string
	Deadline      time.Time // a date
	CreatedAt     time.Time
	ClosedAt      *time.Time
	Raters        []Rater
}

// Rater is an invitation to answer a round. External raters have no name
// here: the coach sees how many of a group answered, not who.
type Rater struct {
	ID        int64
	Group     string
	UserID    *int64
	UserName  string
	External  bool
	Submitted bool
}

// NewRater asks someone to answer: an account (UserID), or, with UserID nil,
// an external rater who gets a single-use link.
type NewRater struct {
	Group  string
	UserID *int64
}

// RaterLink is the link of a new external rater, shown once.
type RaterLink struct {
	RaterID int64
	Group   string
	Token   string
}

// FeedbackRequest is what an internal rater sees of an invitation.
type FeedbackRequest struct {
	RaterID       int64
	RoundID       int64
	Group         string
	RegisseurName string
	InstrumentID  int64
	Deadline      time.Time
	Draft         map[string]Answer
}

// MinRatersFloor is the lowest anonymity threshold of 360 results the service
// accepts (REGIEPOOL_MIN_RATERS may raise it, never lower it): a rater group
// with fewer responses is never shown on its own.
const MinRatersFloor = 3
