package auth

import "time"

// PrefixReset marks a password reset link's token.
const PrefixReset = "rpw_"

// Requests for a password reset link are throttled like log-ins (the same
// doubling wait past a ceiling), under two keys counted over ResetWindow:
// the address asked for, whether or not it has an account (so the throttle
// tells nothing about which addresses exist, and nobody is flooded with
// reset mails), and the client address asking.
const (
	ResetWindow          = time.Hour
	ResetFreePerEmail    = 3
	ResetFreePerClient   = 20
	PasswordResetExpires = 30 * time.Minute
)

// ResetWait returns how long a new request for a reset link must still wait
// at now, given the requests of the window for its address and its client;
// 0 means it may go ahead.
func ResetWait(email, client Failures, now time.Time) time.Duration {
	return max(email.wait(ResetFreePerEmail, now), client.wait(ResetFreePerClient, now)).Round(time.Second)
}
