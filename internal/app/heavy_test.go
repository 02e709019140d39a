package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"regiepool/internal/domain"
)

// TestHeavyGate: with a limit of 1 and a queue of 1, one use case runs, one
// waits, the next is refused at once as unavailable with a RetryAfter; a
// waiting one whose client leaves frees its place in the queue at once and
// is canceled; one that waits too long is refused; when the running one
// ends, the waiting one runs.
func TestHeavyGate(t *testing.T) {
	a := New(nil, Config{HeavyLimit: 1, HeavyQueue: 1, HeavyWait: time.Second})
	g := a.heavy
	done, err := a.enterHeavy(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	enter := func(ctx context.Context) chan error {
		out := make(chan error, 1)
		go func() {
			d, err := a.enterHeavy(ctx)
			if err == nil {
				d()
			}
			out <- err
		}()
		return out
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for start := time.Now(); !cond(); time.Sleep(2 * time.Millisecond) {
			if time.Since(start) > 5*time.Second {
				t.Fatalf("timed out waiting for %s", what)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	queued := enter(ctx)
	waitFor("the second to queue", func() bool { return len(g.admitted) == 2 })

	_, err = a.enterHeavy(context.Background())
	if e, ok := domain.AsError(err); !ok || e.Code != domain.EUnavailable || e.RetryAfter < 1 || e.Message == "" {
		t.Fatalf("beyond the queue: %v, want unavailable with RetryAfter", err)
	}

	cancel()
	if err := <-queued; !errors.Is(err, context.Canceled) {
		t.Fatalf("a waiting request whose client left: %v, want canceled", err)
	}
	if len(g.admitted) != 1 {
		t.Fatalf("%d admitted after the cancel, want 1", len(g.admitted))
	}
	start := time.Now()
	if _, err := a.enterHeavy(context.Background()); domain.ErrorCode(err) != domain.EUnavailable || time.Since(start) < time.Second {
		t.Fatalf("a wait past HeavyWait: %v after %v, want unavailable after 1 s", err, time.Since(start))
	}
	next := enter(context.Background())
	waitFor("the next to queue", func() bool { return len(g.admitted) == 2 })
	done()
	if err := <-next; err != nil {
		t.Fatalf("after the release: %v", err)
	}
	if len(g.admitted) != 0 || len(g.running) != 0 {
		t.Errorf("%d admitted, %d running after all ended", len(g.admitted), len(g.running))
	}
	if _, err := New(nil, Config{}).enterHeavy(context.Background()); err != nil {
		t.Errorf("no limit configured: %v", err)
	}
}
