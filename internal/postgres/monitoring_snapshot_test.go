package postgres_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// withParam is dsn (a URL or key=value) with one more run-time parameter.
func withParam(dsn, key, value string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		q := u.Query()
		q.Set(key, value)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " " + key + "=" + value
}

// TestMonitoringLocks: a computation of a monitoring report waits for
// another computation of the same report for longer than the service's
// lock_timeout (a national one takes seconds; the service waits 4 s for a
// lock, here 200 ms), but not for another report; the refresh lock is
// skipped, not waited for, while another instance holds it; and the locks
// end with their transaction when fn fails.
func TestMonitoringLocks(t *testing.T) {
	_, dsn := pgtest.NewDBWithDSN(t)
	ctx := context.Background()
	db, err := postgres.Open(ctx, withParam(dsn, "lock_timeout", "200"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	day := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	k := domain.MonitoringReportKey{Filter: domain.MonitoringFilter{From: day, To: day.AddDate(0, 3, -1)}, MinCell: 5, MinRaters: 3}
	other := k
	other.MinCell = 6

	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 2)
	go func() {
		done <- db.WithMonitoringReportLock(ctx, k, func(context.Context) error { close(held); <-release; return nil })
	}()
	go func() {
		_, err := db.WithMonitoringRefreshLock(ctx, func(context.Context) error { <-release; return nil })
		done <- err
	}()
	<-held
	start := time.Now()
	if err := db.WithMonitoringReportLock(ctx, other, func(context.Context) error { return nil }); err != nil || time.Since(start) > 150*time.Millisecond {
		t.Errorf("another report: %v after %v; want no wait", err, time.Since(start))
	}
	time.Sleep(50 * time.Millisecond) // the refresh lock is taken by now
	if ran, err := db.WithMonitoringRefreshLock(ctx, func(context.Context) error { return nil }); ran || err != nil {
		t.Errorf("refresh lock held elsewhere: ran %v, %v; want skipped", ran, err)
	}
	time.AfterFunc(600*time.Millisecond, func() { close(release) })
	start = time.Now()
	if err := db.WithMonitoringReportLock(ctx, k, func(context.Context) error { return nil }); err != nil {
		t.Fatalf("waiting for the same report: %v", err)
	}
	if waited := time.Since(start); waited < 500*time.Millisecond {
		t.Errorf("the same report ran after %v, while the other computation held it for 600 ms", waited)
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}

	failed := context.Canceled
	if err := db.WithMonitoringReportLock(ctx, k, func(context.Context) error { return failed }); err != failed {
		t.Fatalf("fn's error: %v", err)
	}
	if ran, err := db.WithMonitoringRefreshLock(ctx, func(context.Context) error { return failed }); !ran || err != failed {
		t.Fatalf("fn's error under the refresh lock: %v, %v", ran, err)
	}
	start = time.Now()
	if err := db.WithMonitoringReportLock(ctx, k, func(context.Context) error { return nil }); err != nil || time.Since(start) > 150*time.Millisecond {
		t.Errorf("after a failed computation: %v after %v; want the lock free", err, time.Since(start))
	}
	if ran, err := db.WithMonitoringRefreshLock(ctx, func(context.Context) error { return nil }); !ran || err != nil {
		t.Errorf("after a failed refresh: ran %v, %v; want the lock free", ran, err)
	}
}
