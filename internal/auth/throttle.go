package auth

import (
	"math"
	"time"
)

// Log-in throttling counts failed log-ins of the last ThrottleWindow under
// three keys. The tightest is the pair of account and client address: a
// guesser at one address is slowed after a few tries without touching the
// real user at another. An account-wide ceiling, ten times higher, slows a
// guesser spread over many addresses; a per-address ceiling slows one
// address trying a password on many accounts, and is high because an
// office behind one address shares it. Past a ceiling each further attempt
// waits 30 s, 1 min, 2 min … up to 15 min after the last failure; failures
// older than the window stop counting, so nobody is locked out for good.
const (
	ThrottleWindow      = time.Hour
	PairFreeAttempts    = 5
	AccountFreeAttempts = 50
	ClientFreeAttempts  = 100
	throttleBaseWait    = 30 * time.Second
	throttleMaxWait     = 15 * time.Minute
)

// Failures is how many log-ins failed under one key within the window, and
// when the last did (zero when none).
type Failures struct {
	N    int
	Last time.Time
}

// LoginFailures are the counts a log-in attempt is throttled by.
type LoginFailures struct {
	Pair    Failures // this account from this client address
	Account Failures // this account from any address
	Client  Failures // any account from this client address
}

// LoginWait returns how long an attempt with these failures must still wait
// at now; 0 means it may go ahead.
func LoginWait(f LoginFailures, now time.Time) time.Duration {
	return max(
		f.Pair.wait(PairFreeAttempts, now),
		f.Account.wait(AccountFreeAttempts, now),
		f.Client.wait(ClientFreeAttempts, now),
	).Round(time.Second)
}

func (f Failures) wait(free int, now time.Time) time.Duration {
	if f.N < free || f.Last.IsZero() {
		return 0
	}
	w := throttleBaseWait * time.Duration(math.Pow(2, float64(min(f.N-free, 10))))
	return max(min(w, throttleMaxWait)-now.Sub(f.Last), 0)
}
