package app

import (
	"context"
	"math"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"regiepool/internal/domain"
)

// The heavy use cases (batch proposals, rankings, reports) do work that
// grows with the pool and the case load. They share one small limit: at
// most a few run at once and a short queue waits; beyond it a request is
// refused at once with unavailable and a RetryAfter, so a burst of
// proposals costs neither unbounded memory nor everyone else's answers. A
// use case enters the limit after its access and input checks, so a
// refusal of the client's making (403, 404, 400) never waits for a place
// nor turns into a 503.

// DefaultHeavyLimit is the limit when the configuration does not set one:
// one per core the Go runtime uses, and at least 2.
func DefaultHeavyLimit() int { return max(2, runtime.GOMAXPROCS(0)) }

// heavyGate admits heavy use cases: running holds a token per running one,
// admitted one per running or queued one.
type heavyGate struct {
	running, admitted chan struct{}
	maxWait           time.Duration
	// avgNanos is a moving average of a run's duration; it sets RetryAfter.
	avgNanos atomic.Int64
}

func newHeavyGate(limit, queue int, maxWait time.Duration) *heavyGate {
	if queue <= 0 {
		queue = 2 * limit
	}
	if maxWait <= 0 {
		maxWait = 4 * time.Second
	}
	return &heavyGate{running: make(chan struct{}, limit), admitted: make(chan struct{}, limit+queue), maxWait: maxWait}
}

// enterHeavy admits one heavy use case, at once or after a wait in the
// queue, and returns the function that ends it. Without a configured limit
// it admits everything. Errors: unavailable (the queue is full, or the wait
// took longer than the gate allows; with RetryAfter), canceled (the client
// went away while waiting).
func (a *App) enterHeavy(ctx context.Context) (func(), error) {
	g := a.heavy
	if g == nil || ctx.Value(heavyHeldKey{}) != nil {
		return func() {}, nil
	}
	select {
	case g.admitted <- struct{}{}:
	default:
		return nil, g.busy()
	}
	timer := time.NewTimer(g.maxWait)
	defer timer.Stop()
	select {
	case g.running <- struct{}{}:
	case <-ctx.Done():
		<-g.admitted
		return nil, ctx.Err()
	case <-timer.C:
		<-g.admitted
		return nil, g.busy()
	}
	start := time.Now()
	return func() {
		g.observe(time.Since(start))
		<-g.running
		<-g.admitted
	}, nil
}

type heavyHeldKey struct{}

// withHeavyHeld is ctx of a heavy use case that holds its place: what it
// runs inside (a monitoring report computing the wider report its cell
// rule needs) enters without taking a second place, which could wait
// forever for places held by use cases waiting the same way.
func withHeavyHeld(ctx context.Context) context.Context {
	return context.WithValue(ctx, heavyHeldKey{}, true)
}

// observe folds one run's duration into the moving average (weight 1/8).
func (g *heavyGate) observe(d time.Duration) {
	for {
		old := g.avgNanos.Load()
		next := int64(d)
		if old > 0 {
			next = old + (int64(d)-old)/8
		}
		if g.avgNanos.CompareAndSwap(old, next) {
			return
		}
	}
}

// busy is the refusal: come back when the queue ahead has likely drained
// at the average run time, in 1 to 30 seconds.
func (g *heavyGate) busy() error {
	rounds := float64(len(g.admitted))/float64(cap(g.running)) + 1
	secs := int(min(30, max(1, math.Ceil(time.Duration(g.avgNanos.Load()).Seconds()*rounds))))
	return &domain.Error{Code: domain.EUnavailable, Key: "busy", RetryAfter: secs,
		Message: "Er lopen al te veel zware aanvragen (voorstellen, rangordes, rapporten) tegelijk. Probeer het over " +
			strconv.Itoa(secs) + " seconden opnieuw."}
}
