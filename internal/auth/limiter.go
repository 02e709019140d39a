package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter is a token bucket per key (a client address), for endpoints where
// guessing must stay slow: log-in and single-use token links. It lives in
// memory: with several instances each enforces its own limit, which still
// bounds guessing per instance. Log-in throttling itself (LoginWait) counts
// failures in PostgreSQL, shared by every instance.
type Limiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	buckets map[string]*bucket
	sweep   time.Time
	// OnRefuse, when set before use, is called for every refused request
	// (the metrics count them).
	OnRefuse func()
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter allows burst requests at once per key, refilled at one per
// interval.
func NewLimiter(interval time.Duration, burst int) *Limiter {
	return &Limiter{every: rate.Every(interval), burst: burst, buckets: map[string]*bucket{}}
}

// Allow reports whether key may make a request now and, if not, how long it
// should wait.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reserve(key, time.Now())
}

// Open reports whether key has a request left now without using it, and if
// not, how long it should wait: for endpoints that charge only failures
// (Charge), such as a rater link that moves through the steps of a form.
func (l *Limiter) Open(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		return true, 0
	}
	now := time.Now()
	if n := b.lim.TokensAt(now); n < 1 {
		return false, time.Duration((1 - n) / float64(l.every) * float64(time.Second))
	}
	return true, 0
}

// Charge uses one request of key, after a failure.
func (l *Limiter) Charge(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reserve(key, time.Now())
}

// reserve takes one request of key at now, if there is one; l.mu is held.
func (l *Limiter) reserve(key string, now time.Time) (bool, time.Duration) {
	if now.Sub(l.sweep) > time.Minute {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > 10*time.Minute {
				delete(l.buckets, k)
			}
		}
		l.sweep = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(l.every, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		if l.OnRefuse != nil {
			l.OnRefuse()
		}
		return false, d
	}
	return true, 0
}
