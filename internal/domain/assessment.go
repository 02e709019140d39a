package domain

import (
	"fmt"
	"regexp"
	"time"
)

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

// ToClose reports whether the round is open past its deadline: the coach
// can close it and read the results (a to-do on the coach's start page).
func (f FeedbackRound) ToClose(now time.Time) bool {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return f.Status == RoundOpen && today.After(f.Deadline)
}

// AccountRaters lists the accounts invited to the round: they cannot be
// invited to it again.
func (f FeedbackRound) AccountRaters() []int64 {
	var out []int64
	for _, x := range f.Raters {
		if x.UserID != nil {
			out = append(out, *x.UserID)
		}
	}
	return out
}

// Rater is an invitation to answer a round. External raters have no name
// here: the coach sees how many of a group answered, not who.
type Rater struct {
	ID        int64
	Group     RaterGroup
	UserID    *int64
	UserName  string
	External  bool
	Submitted bool
}

// NewRater asks someone to answer: an account (UserID), or, with UserID nil,
// an external rater who gets a single-use link.
type NewRater struct {
	Group  RaterGroup
	UserID *int64
	// Email is where an external rater's link is mailed; empty: the link
	// is shown once instead. It is kept only in the outbox (Mail).
	Email string
	// Token is the external rater's link token when the application layer
	// made it (to mail the link); empty: the store makes one.
	Token string
	// Mails are the invitation and reminders to write to the outbox with
	// the rater, in the same transaction (the application layer composes
	// them; the store ties them to the new rater).
	Mails []Mail
}

// FeedbackRequestsPath is where an account finds the feedback asked of it.
const FeedbackRequestsPath = "/feedback"

// ReminderDays are the days before a round's deadline on which raters who
// have not answered yet get a reminder by e-mail.
var ReminderDays = []int{7, 2}

// ReminderAt is when the reminder days before deadline (a date) goes out:
// at 08:00 UTC that day.
func ReminderAt(deadline time.Time, days int) time.Time {
	d := deadline.UTC()
	return time.Date(d.Year(), d.Month(), d.Day(), 8, 0, 0, 0, time.UTC).AddDate(0, 0, -days)
}

// RemindersAhead are the reminder days (of ReminderDays) still to write
// for a rater who has had written reminders already, for deadline as of
// now: those at least an hour ahead. A round opened late skips the
// reminders whose day has passed, which are the earliest, so the ones a
// rater lacks are the first len(ReminderDays)-had: when the deadline moves
// later, they are the ones that may be ahead again.
func RemindersAhead(had int, deadline, now time.Time) []int {
	var out []int
	for _, days := range ReminderDays[:max(0, len(ReminderDays)-had)] {
		if !ReminderAt(deadline, days).Before(now.Add(time.Hour)) {
			out = append(out, days)
		}
	}
	return out
}

// RaterReminder is a reminder the store finds missing for a rater who has
// not answered, once a round's deadline moved later (RemindersAhead); the
// application layer composes its mail. Token is an external rater's own
// link token (from their invitation); empty for an account.
type RaterReminder struct {
	RegisseurName string
	Group         RaterGroup
	Token         string
	Days          int
}

// RaterTokenIn finds the token of an external rater's link in a message's
// text; "" when there is none.
func RaterTokenIn(text string) string {
	if m := raterLinkRe.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

var raterLinkRe = regexp.MustCompile(regexp.QuoteMeta(RaterFormPath) + `([A-Za-z0-9_-]+)`)

// RaterLinkMail asks to mail an external rater's link that was shown once:
// the link's token proves which rater it is.
type RaterLinkMail struct {
	RaterID int64
	Token   string
	Email   string
	Mails   []Mail
}

// RaterFormPath is where an external rater's form lives: the path of a rater
// link is RaterFormPath followed by the token.
const RaterFormPath = "/beoordelen/"

// RaterLink is the link of a new external rater, shown once: only the
// token's hash is stored.
type RaterLink struct {
	RaterID int64
	Group   RaterGroup
	Token   string
	// URL is the absolute link handed to the rater; the application layer
	// fills it in from the public base URL.
	URL string
}

// FeedbackRequest is what a rater sees of an invitation.
type FeedbackRequest struct {
	RaterID       int64
	RoundID       int64
	Group         RaterGroup
	RegisseurName string
	InstrumentID  int64
	Deadline      time.Time
	Draft         map[string]Answer
}

// RaterCandidate is an account the actor may invite to rate a regisseur,
// with the groups it may rate in (RaterAccount.Groups).
type RaterCandidate struct {
	UserID int64
	Name   string
	Roles  []Role
	Groups []RaterGroup
}

// MinRatersFloor is the lowest anonymity threshold of 360 results the service
// accepts (REGIEPOOL_MIN_RATERS may raise it, never lower it): a rater group
// with fewer responses is never shown on its own.
const MinRatersFloor = 3

// CheckRoundDeadline refuses a round deadline in the past: raters need at
// least the rest of today. Errors: invalid.
func CheckRoundDeadline(deadline time.Time) error {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	if deadline.Before(today) {
		return Invalid(FieldError{Name: "deadline", Code: "past", Reason: "Kies een datum vanaf vandaag."})
	}
	return nil
}

// Who may see and change development data (self-assessments, 360 rounds and
// their results). The store scopes its queries with these predicates and the
// application layer decides with them; neither spells the roles out itself.
// A coach's link to a regisseur is a fact from the store, passed in as
// coaches.

// IsRegisseurSelf reports whether the actor is the regisseur with id
// regisseurID. The system actor counts as every regisseur: demo data is
// entered on the regisseurs' behalf.
func IsRegisseurSelf(a *Actor, regisseurID int64) bool {
	if a != nil && a.Kind == ActorSystem {
		return true
	}
	return a.Has(RoleRegisseur) && a.RegisseurID != nil && *a.RegisseurID == regisseurID
}

// CanManageDevelopment reports whether the actor may run a regisseur's 360
// rounds (open, approve, extend, close, invite) and read their submitted
// self-assessments and results: an admin, or a coach who coaches the
// regisseur (coaches).
func CanManageDevelopment(a *Actor, coaches bool) bool {
	return a.Has(RoleAdmin) || (coaches && a.Has(RoleCoach))
}

// NeedsCoachingLink reports whether the actor may manage a regisseur's
// development only if they coach the regisseur: the store looks the link up
// for such actors alone. Admins need no link; others are refused anyway.
func NeedsCoachingLink(a *Actor) bool {
	return !CanManageDevelopment(a, false) && CanManageDevelopment(a, true)
}

// CanReadDevelopment reports whether the actor may read a regisseur's
// development data (self-assessments, results, the development report): the
// regisseur, their coaches and admins; never dispatchers, org contacts or
// monitors.
func CanReadDevelopment(a *Actor, regisseurID int64, coaches bool) bool {
	return IsRegisseurSelf(a, regisseurID) || CanManageDevelopment(a, coaches)
}

// CanSeeSelfAssessmentDrafts reports whether the actor sees a regisseur's
// unsubmitted self-assessments: the regisseur alone. Coaches and admins see
// a self-assessment once it is submitted.
func CanSeeSelfAssessmentDrafts(a *Actor, regisseurID int64) bool {
	return IsRegisseurSelf(a, regisseurID)
}

// CanSelfAssess reports whether the actor may fill in a regisseur's
// self-assessment and propose a 360 round about them: the regisseur alone.
func CanSelfAssess(a *Actor, regisseurID int64) bool {
	return IsRegisseurSelf(a, regisseurID)
}

// IsExternalRater reports whether the actor acts through a rater link: an
// external rater answers once, through the token-scoped actor only.
func IsExternalRater(a *Actor) bool {
	return a != nil && a.Kind == ActorRater
}

// TrendRoundHeader is the header of a closed round's column in the trend
// over rounds, on the results page and in the development report alike:
// its number n (the oldest round is 1) and the day it closed, so two rounds
// closed on one day still differ: "Ronde 2 (14-03-2026)".
func TrendRoundHeader(n int, closedOn time.Time) string {
	return fmt.Sprintf("Ronde %d (%s)", n, FormatDate(closedOn))
}
