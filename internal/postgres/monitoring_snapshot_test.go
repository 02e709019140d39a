package postgres_test

import (
	"context"
	"net/url"
	"strings"
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

// TestDueMonitoringSnapshots: the refresher gets the wider reports before
// the narrowed ones (whose cell rule takes the wider counts), the oldest
// first among equals; it leaves alone what nobody asked for lately and
// what is fresh, and forgets what nobody asked for in a long time.
func TestDueMonitoringSnapshots(t *testing.T) {
	db := pgtest.NewDB(t)
	ctx := context.Background()
	mun := pgtest.MustCreateMunicipality(t, db)
	day := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	key := func(mun *int64, minCell int) domain.MonitoringReportKey {
		return domain.MonitoringReportKey{Filter: domain.MonitoringFilter{From: day, To: day.AddDate(0, 3, -1), MunicipalityID: mun},
			MinCell: minCell, MinRaters: 3}
	}
	now := time.Now()
	for _, s := range []struct {
		k               domain.MonitoringReportKey
		computed, asked time.Duration // ago
	}{
		{key(&mun.ID, 5), 20 * time.Minute, time.Hour},   // narrowed, oldest: due second
		{key(nil, 5), 10 * time.Minute, time.Hour},       // the region: due first
		{key(nil, 6), time.Minute, time.Hour},            // fresh
		{key(nil, 7), 20 * time.Minute, 48 * time.Hour},  // nobody asked in a day
		{key(nil, 8), 20 * time.Minute, 200 * time.Hour}, // nobody asked in a week: forgotten
	} {
		if err := db.SaveMonitoringSnapshot(ctx, domain.MonitoringSnapshot{Report: s.k, Sections: []byte(`[]`), Cells: []byte(`{}`),
			ComputedAt: now.Add(-s.computed), ComputeTime: time.Second}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE monitoring_snapshot SET requested_at = now() - $1 * interval '1 second' WHERE min_cell = $2
			AND coalesce(municipality_id, 0) = coalesce($3, 0)`, s.asked.Seconds(), s.k.MinCell, s.k.Filter.MunicipalityID); err != nil {
			t.Fatal(err)
		}
	}
	due, err := db.DueMonitoringSnapshots(ctx, now.Add(-7*24*time.Hour), now.Add(-24*time.Hour), now.Add(-5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range due {
		got = append(got, k.String())
	}
	want := []string{key(nil, 5).String(), key(&mun.ID, 5).String()}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("due:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var left int
	if err := db.Get(&left, `SELECT count(*) FROM monitoring_snapshot`); err != nil || left != 4 {
		t.Errorf("%d snapshots left (%v), want the one nobody asked for in a week forgotten", left, err)
	}
}
