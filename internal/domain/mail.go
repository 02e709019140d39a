package domain

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Mail is an e-mail the service sends: written to the outbox in the same
// transaction as what caused it and sent later by the outbox worker. It
// holds a plain-Dutch text part and an HTML part with the same content, and
// no personal details beyond what the recipient may already see.
type Mail struct {
	Kind MailKind
	// To is the recipient's address; ToUserID names an account instead,
	// whose address is read when the message is sent. One of the two.
	To       string
	ToUserID *int64
	Subject  string
	Text     string
	HTML     string
	// RaterID ties a 360 invitation or reminder to its rater: it is
	// cancelled when the rater answered or the round closed before it went.
	RaterID *int64
	// NotBefore delays the message (a reminder); zero: send at once.
	NotBefore time.Time
}

// MailKind is what a message is for.
type MailKind string

// The kinds of message.
const (
	MailRaterInvitation  MailKind = "rater_invitation"
	MailRaterReminder    MailKind = "rater_reminder"
	MailQuestionnaire    MailKind = "questionnaire"
	MailNominationResult MailKind = "nomination_decision"
	MailOffer            MailKind = "offer"
	MailPasswordReset    MailKind = "password_reset"
)

var mailKindLabels = map[MailKind]string{
	MailRaterInvitation:  "Uitnodiging 360-feedback",
	MailRaterReminder:    "Herinnering 360-feedback",
	MailQuestionnaire:    "Vragenlijst",
	MailNominationResult: "Besluit over voordracht",
	MailOffer:            "Aanbieding casus",
	MailPasswordReset:    "Wachtwoord opnieuw instellen",
}

// Label is the Dutch name of the kind.
func (k MailKind) Label() string {
	if l, ok := mailKindLabels[k]; ok {
		return l
	}
	return string(k)
}

// The states of an outbox message.
const (
	OutboxPending   = "pending"   // waiting to be sent (again)
	OutboxSent      = "sent"      // accepted by the SMTP server
	OutboxFailed    = "failed"    // given up after OutboxMaxAttempts
	OutboxCancelled = "cancelled" // no longer needed (the rater answered, the round closed)
)

// OutboxStatuses lists the states in the order of the outbox page.
var OutboxStatuses = []string{OutboxPending, OutboxSent, OutboxFailed, OutboxCancelled}

// OutboxStatusLabels are the Dutch names of the states.
var OutboxStatusLabels = map[string]string{
	OutboxPending:   "Nog niet verstuurd",
	OutboxSent:      "Verstuurd",
	OutboxFailed:    "Mislukt",
	OutboxCancelled: "Vervallen",
}

// OutboxMaxAttempts is how often the worker tries a message before it is
// marked failed.
const OutboxMaxAttempts = 8

// OutboxLease is how long a worker holds a claimed message: if it dies
// while sending, another worker tries again after the lease.
const OutboxLease = 5 * time.Minute

// OutboxRetention is how long a sent, failed or cancelled message keeps its
// recipient and content; after it only the kind and the times remain. An
// external rater's, family's or party's address lives only in the outbox,
// so this bounds how long it is kept after the message is done with. A
// fixed bound, not a configurable term: the retention job's outbox strip
// (postgres.stripOutbox, also run hourly by the outbox worker) applies it
// whatever the term of outbox_messages.
const OutboxRetention = 30 * 24 * time.Hour

// OutboxBackoff is how long the worker waits after the n-th failed attempt
// (n ≥ 1) before the next: 1, 2, 4, … minutes, at most 6 hours.
func OutboxBackoff(n int) time.Duration {
	d := time.Minute
	for i := 1; i < n && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

// OutboxMessage is a message as the outbox holds it.
type OutboxMessage struct {
	ID            int64
	Kind          MailKind
	To            string // the address, or the account's current address
	ToUserID      *int64
	Subject       string
	Text          string
	HTML          string
	Status        string
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	SentAt        *time.Time
	LastError     string
}

// OutboxFilter selects messages on the outbox page; nil: every state.
type OutboxFilter struct {
	Status *string
}

// OutboxStats counts the outbox by state, for the admin's home page and
// the metrics: Due is how many pending messages are due now.
type OutboxStats struct {
	Pending, Due, Sent, Failed, Cancelled int
}

// ParseEmail checks an e-mail address as a person types it and returns it
// trimmed. A name part ("Jan <jan@example.nl>") is refused: only the
// address.
func ParseEmail(name, s string) (string, *FieldError) {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return s, &FieldError{Name: name, Code: "email", Reason: "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."}
	}
	return s, nil
}

// PasswordForgotPath is where someone asks for a password reset link;
// PasswordResetPath followed by the token is the link itself.
const (
	PasswordForgotPath = "/wachtwoord-vergeten"
	PasswordResetPath  = "/wachtwoord-herstellen/"
)

// OffersPath is where a regisseur finds the offers made to them;
// PoolMemberPath followed by the membership id is a pool member's page.
const (
	OffersPath     = "/aanbiedingen"
	PoolMemberPath = "/pool/leden/"
)

// VoiceLinkMail asks to mail a questionnaire link to an address: a link
// shown once, the address typed beside it (the token proves which
// invitation it is), or a new link of Kind (VoiceRequest.Mails). The
// address lives only in the outbox, never with the case. Field names the
// address in errors.
type VoiceLinkMail struct {
	Kind  RespondentKind
	Field string
	Token string
	Email string
	Mail  Mail
}

// singleUseLink matches a single-use link in a message: a rater's form, a
// family's or party's questionnaire, a password reset.
var singleUseLink = regexp.MustCompile(`(` + regexp.QuoteMeta(RaterFormPath) + `|` + regexp.QuoteMeta(VoiceFormPath) + `|` +
	regexp.QuoteMeta(PasswordResetPath) + `)[A-Za-z0-9_-]+`)

// RedactSingleUseLinks hides the tokens of the single-use links in a
// message's text. Whoever holds such a link can answer as the rater or
// reset the password, so once a mail server delivers the outbox, the
// admins who read it see where a link led, never the link itself.
func RedactSingleUseLinks(s string) string {
	return singleUseLink.ReplaceAllString(s, "${1}[verborgen]")
}
