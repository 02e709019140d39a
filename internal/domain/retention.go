package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RetentionKind names one kind of personal data with its own retention term.
type RetentionKind string

// RetentionAction is what happens to a record once its term has passed.
type RetentionAction string

// The retention actions.
const (
	// RetentionDelete removes the record (and what hangs off it).
	RetentionDelete RetentionAction = "delete"
	// RetentionStrip blanks the record's free text, personal details and
	// links, and keeps its coded fields (dates, statuses, scores), so the
	// monitoring figures of past periods stay what they were.
	RetentionStrip RetentionAction = "strip"
)

// RetentionTerm is one row of the retention table: a kind of personal data,
// how long it is kept after its anchor date, and the bounds within which an
// operator may change the term (REGIEPOOL_RETENTION).
type RetentionTerm struct {
	Kind RetentionKind
	// Label is the Dutch name shown in the README and the dry-run.
	Label string
	// Anchor says from when the term counts (English, for operators).
	Anchor string
	Action RetentionAction
	// Days is the default term; MinDays and MaxDays bound a configured one.
	Days, MinDays, MaxDays int
}

// RetentionTerms is the retention table: every kind of personal data the
// service holds, with its purpose, term and action. A record has passed its
// term when its anchor lies Days or more before the run (not a day
// earlier). The store has its step(s) per kind (postgres.retentionSteps); the
// README lists this table.
var RetentionTerms = []RetentionTerm{
	// Purpose: staying signed in (web sessions) and API access (bearer
	// tokens). An expired or revoked one is useless; kept a short while so
	// an admin can still see which tokens existed.
	{Kind: "sessions", Label: "Sessies en API-tokens", Anchor: "expiry or revocation", Action: RetentionDelete, Days: 30, MinDays: 1, MaxDays: 365},
	// Purpose: throttling guessed log-ins, which looks back minutes.
	{Kind: "login_failures", Label: "Mislukte inlogpogingen", Anchor: "attempt", Action: RetentionDelete, Days: 30, MinDays: 1, MaxDays: 365},
	// Purpose: replaying the answer to a repeated API request (24 hours).
	{Kind: "idempotency_keys", Label: "Idempotency-sleutels", Anchor: "request", Action: RetentionDelete, Days: 7, MinDays: 1, MaxDays: 90},
	// Purpose: letting an external rater or a family member answer once.
	// A used or expired link is deleted once no audit event refers to it
	// any more (the audit trail names the link that acted).
	{Kind: "rater_links", Label: "Beoordelaars- en vragenlijstlinks", Anchor: "use or expiry", Action: RetentionDelete, Days: 90, MinDays: 30, MaxDays: 730},
	// Purpose: the admission decision. The provider's report (a PDF about
	// the person) goes; outcome, pitfalls and competencies stay with the
	// membership as long as it exists.
	{Kind: "preselection_reports", Label: "Rapporten van de preselectie", Anchor: "recorded", Action: RetentionStrip, Days: 365, MinDays: 90, MaxDays: 1825},
	// Purpose: deciding on a nomination. A rejected or withdrawn nominee's
	// motivation, pre-selection and transition reasons go, and their name
	// when nothing else is held about them; the membership row stays,
	// as a status, for the selection's counts.
	{Kind: "rejected_nominees", Label: "Afgewezen en teruggetrokken voordrachten", Anchor: "rejection or withdrawal", Action: RetentionStrip, Days: 365, MinDays: 90, MaxDays: 1825},
	// Purpose: the member's place in the pool. After they left, the texts
	// of their membership and pre-selection go; statuses and dates stay.
	{Kind: "former_members", Label: "Lidmaatschappen na vertrek", Anchor: "leaving the pool", Action: RetentionStrip, Days: 730, MinDays: 365, MaxDays: 3650},
	// Purpose: the member's development. Self-assessments (draft or
	// submitted) are deleted.
	{Kind: "self_assessments", Label: "Zelfbeoordelingen", Anchor: "submission (drafts: last change)", Action: RetentionDelete, Days: 1825, MinDays: 365, MaxDays: 3650},
	// Purpose: the member's development. The free-text comments of 360
	// answers (which may say who wrote them) go first; the scores stay for
	// results and monitoring until the round itself goes.
	{Kind: "feedback_comments", Label: "Toelichtingen bij 360-antwoorden", Anchor: "closing the round", Action: RetentionStrip, Days: 730, MinDays: 180, MaxDays: 3650},
	// Purpose: the member's development. A whole 360 round: answers,
	// raters, drafts and the round.
	{Kind: "feedback_rounds", Label: "360-feedbackrondes", Anchor: "closing the round", Action: RetentionDelete, Days: 1825, MinDays: 365, MaxDays: 3650},
	// Purpose: reflection with the coach. Reflections are deleted; those
	// marked for monitoring keep only their coded fields and short quotes.
	{Kind: "reflections", Label: "Reflecties", Anchor: "written", Action: RetentionDelete, Days: 730, MinDays: 180, MaxDays: 3650},
	// Purpose: the development plan. A finished goal (achieved, dropped)
	// loses its description, actions and notes; competency and basis stay
	// for monitoring.
	{Kind: "development_goals", Label: "Afgeronde ontwikkeldoelen", Anchor: "last change", Action: RetentionStrip, Days: 1095, MinDays: 365, MaxDays: 3650},
	// Purpose: guidance. The confidential notes of an intervisie session
	// go; date, form, themes and attendance stay for monitoring.
	{Kind: "intervisie_notes", Label: "Notities van intervisie", Anchor: "session", Action: RetentionStrip, Days: 730, MinDays: 180, MaxDays: 3650},
	// Purpose: directing the case and monitoring the pilot. After the
	// close, the link to the municipality's file and every free text of
	// the case, its log, offers and assignments go; the pseudonymous
	// reference, dates, codes, hours and scores stay for monitoring.
	{Kind: "case_logs", Label: "Casuslogboeken na afsluiting", Anchor: "closing the case", Action: RetentionStrip, Days: 730, MinDays: 365, MaxDays: 3650},
	// Purpose: hearing the family and the parties. The free-text answers
	// go; the scores stay for monitoring.
	{Kind: "questionnaire_answers", Label: "Toelichtingen in vragenlijsten", Anchor: "moment of the questionnaire", Action: RetentionStrip, Days: 730, MinDays: 180, MaxDays: 3650},
	// Purpose: signing in and being named where one acted. An account
	// blocked this long loses its name, e-mail address and credentials;
	// the row stays, since the audit trail and records refer to it. The
	// default matches the audit trail's, so "who read my data" names the
	// reader as long as the read is kept.
	{Kind: "disabled_accounts", Label: "Geblokkeerde accounts", Anchor: "blocking", Action: RetentionStrip, Days: 1825, MinDays: 365, MaxDays: 3650},
	// Purpose: accountability for who read or changed what. Deleted
	// through the audit trail's one sanctioned purge (migration 00024).
	{Kind: "audit_events", Label: "Audittrail", Anchor: "event", Action: RetentionDelete, Days: 1825, MinDays: 365, MaxDays: 7300},
	// Purpose: delivering e-mail, and showing admins what was sent. The
	// recipient and content go earlier, at the fixed bound OutboxRetention
	// whatever the term (the same strip runs hourly in the outbox worker),
	// and at once when a pending message is no longer needed.
	{Kind: "outbox_messages", Label: "Verzonden e-mails (outbox)", Anchor: "sending", Action: RetentionDelete, Days: 30, MinDays: 1, MaxDays: 365},
	// Purpose: resetting a forgotten password, and throttling the requests.
	// The links are single-use tokens (purpose password_reset), deleted by
	// the same store step as rater_links at this kind's own term; the
	// requests go once past the throttle's window (an hour), whatever the
	// term.
	{Kind: "password_reset_tokens", Label: "Wachtwoordherstel-tokens", Anchor: "use or expiry", Action: RetentionDelete, Days: 7, MinDays: 1, MaxDays: 90},
}

// RetentionTermOf returns the table's row for kind.
func RetentionTermOf(kind RetentionKind) (RetentionTerm, bool) {
	for _, t := range RetentionTerms {
		if t.Kind == kind {
			return t, true
		}
	}
	return RetentionTerm{}, false
}

// RetentionPolicy is the term in days per kind in force: the table's
// defaults with the configured changes.
type RetentionPolicy map[RetentionKind]int

// DefaultRetention returns the table's default terms.
func DefaultRetention() RetentionPolicy {
	p := RetentionPolicy{}
	for _, t := range RetentionTerms {
		p[t.Kind] = t.Days
	}
	return p
}

// ParseRetention reads changed terms, "kind=days,kind=days", over the
// defaults. Unknown kinds and terms outside a kind's bounds are errors.
func ParseRetention(s string) (RetentionPolicy, error) {
	p := DefaultRetention()
	var bad []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		k, v, _ := strings.Cut(f, "=")
		t, ok := RetentionTermOf(RetentionKind(strings.TrimSpace(k)))
		if !ok {
			bad = append(bad, fmt.Sprintf("unknown kind %q", k))
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < t.MinDays || n > t.MaxDays {
			bad = append(bad, fmt.Sprintf("%s=%q: want whole days from %d to %d", t.Kind, v, t.MinDays, t.MaxDays))
			continue
		}
		p[t.Kind] = n
	}
	if bad != nil {
		return p, fmt.Errorf("%s", strings.Join(bad, "; "))
	}
	return p, nil
}

// Cutoff is the moment at or before which a record of kind has passed its
// term, for a run at now.
func (p RetentionPolicy) Cutoff(kind RetentionKind, now time.Time) time.Time {
	days, ok := p[kind]
	if !ok {
		t, _ := RetentionTermOf(kind)
		days = t.Days
	}
	return now.AddDate(0, 0, -days)
}

// RetentionCount is what a run did (or would do) for one kind.
type RetentionCount struct {
	Kind   RetentionKind
	Action RetentionAction
	Cutoff time.Time
	Count  int64
	// Pending: the kind has no store step yet (a reserved kind).
	Pending bool
}

// RetentionRun is the result of one retention run.
type RetentionRun struct {
	At     time.Time
	DryRun bool
	// Skipped: another instance held the lock, or (for the daily run)
	// today's run had already happened.
	Skipped bool
	Counts  []RetentionCount
}

// RetentionAuditRecord is the audit trail's record type of a retention
// run; its detail holds the counts per kind.
const RetentionAuditRecord = "retention_run"

// RetentionPlaceholder replaces a required free text (one the schema
// demands be non-empty) once its term has passed.
const RetentionPlaceholder = "(verwijderd na de bewaartermijn)"

// FreeTextKeys are the keys of free-text values in the JSON details of
// case log steps and closures (StepDetails, PlanGoal, GoalResult,
// Closure, FinalCheck); the retention job blanks them in closed cases past
// their term. Every other key holds a code, date, id, number or boolean.
var FreeTextKeys = []string{"reasonText", "whyNot", "conclusion", "escalatedTo", "why", "outcome", "concern", "action", "goal"}

// RetentionAnonymousName replaces the name of a rejected or withdrawn
// nominee past the term, when nothing else ties them to the pool, and of
// an account blocked past its term.
const RetentionAnonymousName = "Geanonimiseerd"
