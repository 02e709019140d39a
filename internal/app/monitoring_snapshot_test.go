package app

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// registered is the report's count of registered cases (question 1).
func registered(t *testing.T, m report.Monitoring) float64 {
	t.Helper()
	for _, f := range m.Questions[0].Figures {
		if f.Key == "cases_registered" && f.Value != nil {
			return *f.Value
		}
	}
	t.Fatalf("no count of registered cases in %+v", m.Questions[0].Figures)
	return 0
}

// sectionsJSON is what every output shows of a report's figures.
func sectionsJSON(t *testing.T, m report.Monitoring) string {
	t.Helper()
	b, err := json.Marshal(append(append([]report.Question{}, m.Questions...), *m.Other))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMonitoringSnapshot: a report slower than the live budget is kept and
// served from its snapshot with the moment it was computed, exactly as
// computed (suppressed figures included); records made since do not count
// until the refresher computes it again; a snapshot three refresh
// intervals old is not served; the refresher forgets what nobody asked for
// in a week and leaves alone what nobody asked for in a day; a report that
// became quick loses its snapshot; and a snapshot is never served to who
// may not see the monitoring.
func TestMonitoringSnapshot(t *testing.T) {
	e := newMonEnv(t)
	for i := range 6 {
		c := e.assignedCase(t, i)
		e.log(t, c.ID, analysis(i))
	}
	e.newCase(t, func(c *domain.Case) { c.MeetsDefinition = false; c.DefinitionReason = "Toch regie nodig." })
	const every = 5 * time.Minute
	slow := New(e.db, Config{MonitoringRefresh: every, MonitoringLiveBudget: time.Nanosecond})
	live := e.app
	f := e.filter()
	snapshots := func() (n int) {
		t.Helper()
		if err := e.db.Get(&n, `SELECT count(*) FROM monitoring_snapshot`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	report := func(a *App) report.Monitoring {
		t.Helper()
		m, err := a.MonitoringReport(e.monitor, f)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	first := report(slow)
	if first.RefreshEvery != every || snapshots() != 1 {
		t.Fatalf("a slow report: refresh every %v, %d snapshots; want %v and 1", first.RefreshEvery, snapshots(), every)
	}
	if got, want := sectionsJSON(t, report(slow)), sectionsJSON(t, report(live)); got != want {
		t.Fatalf("served from the snapshot\n%s\nwant what is computed\n%s", got, want)
	}

	e.newCase(t, nil)
	stale := report(slow)
	if !stale.GeneratedAt.Equal(first.GeneratedAt) || registered(t, stale) != registered(t, first) {
		t.Errorf("before the refresh: computed at %v with %v cases; want the snapshot of %v with %v",
			stale.GeneratedAt, registered(t, stale), first.GeneratedAt, registered(t, first))
	}
	if registered(t, report(live)) != registered(t, first)+1 {
		t.Fatalf("computed per request: %v cases, want %v", registered(t, report(live)), registered(t, first)+1)
	}

	sys := domain.WithActor(context.Background(), domain.SystemActor())
	if n, err := slow.RefreshMonitoring(sys, time.Now(), false); err != nil || n != 0 {
		t.Errorf("refresh of a fresh snapshot computed %d reports (%v); want none", n, err)
	}
	if _, err := e.db.Exec(`UPDATE monitoring_snapshot SET requested_at = now() - interval '2 hours'`); err != nil {
		t.Fatal(err)
	}
	if n, err := slow.RefreshMonitoring(sys, time.Now().Add(every+time.Second), false); err != nil || n != 1 {
		t.Fatalf("refresh after %v computed %d reports (%v); want 1", every, n, err)
	}
	var askedAgo time.Duration
	if err := e.db.Get(&askedAgo, `SELECT extract(epoch FROM now() - requested_at)::bigint * 1000000000 FROM monitoring_snapshot`); err != nil {
		t.Fatal(err)
	}
	if askedAgo < time.Hour {
		t.Errorf("the refresh counted as a monitor asking (asked %v ago); only monitors keep a report fresh", askedAgo)
	}
	fresh := report(slow)
	if !fresh.GeneratedAt.After(first.GeneratedAt) || sectionsJSON(t, fresh) != sectionsJSON(t, report(live)) {
		t.Errorf("after the refresh: computed at %v (before %v), figures as computed: %v",
			fresh.GeneratedAt, first.GeneratedAt, sectionsJSON(t, fresh) == sectionsJSON(t, report(live)))
	}

	if _, err := e.db.Exec(`UPDATE monitoring_snapshot SET computed_at = now() - interval '16 minutes'`); err != nil {
		t.Fatal(err)
	}
	if old := report(slow); time.Since(old.GeneratedAt) > time.Minute {
		t.Errorf("a snapshot three refresh intervals old was served (computed at %v)", old.GeneratedAt)
	}

	if _, err := e.db.Exec(`UPDATE monitoring_snapshot SET computed_at = now() - interval '6 minutes', requested_at = now() - interval '2 days'`); err != nil {
		t.Fatal(err)
	}
	if n, err := slow.RefreshMonitoring(sys, time.Now(), false); err != nil || n != 0 || snapshots() != 1 {
		t.Errorf("nobody asked for it in a day: refresh computed %d (%v), %d snapshots; want none and the snapshot kept", n, err, snapshots())
	}
	if _, err := e.db.Exec(`UPDATE monitoring_snapshot SET requested_at = now() - interval '8 days'`); err != nil {
		t.Fatal(err)
	}
	if n, err := slow.RefreshMonitoring(sys, time.Now(), false); err != nil || n != 0 || snapshots() != 0 {
		t.Errorf("nobody asked for it in a week: refresh computed %d (%v), %d snapshots; want it forgotten", n, err, snapshots())
	}

	report(slow)
	if _, err := e.db.Exec(`UPDATE monitoring_snapshot SET computed_at = now() - interval '6 minutes'`); err != nil {
		t.Fatal(err)
	}
	quick := New(e.db, Config{MonitoringRefresh: every, MonitoringLiveBudget: time.Hour})
	if n, err := quick.RefreshMonitoring(sys, time.Now(), false); err != nil || n != 1 || snapshots() != 0 {
		t.Errorf("a report that became quick: refresh computed %d (%v), %d snapshots left; want 1 and none", n, err, snapshots())
	}
	if m := report(quick); m.RefreshEvery != 0 || snapshots() != 0 {
		t.Errorf("a quick report: refresh every %v, %d snapshots; want computed per request", m.RefreshEvery, snapshots())
	}

	report(slow)
	_, err := slow.MonitoringReport(e.dispatcher, f)
	if de, ok := domain.AsError(err); !ok || de.Code != domain.EForbidden {
		t.Errorf("a dispatcher asking for a kept report: %v, want forbidden", err)
	}
}

// TestMonitoringRefreshWarmsAndLocks: the refresher's first round computes
// the default report, and while one instance refreshes another skips.
func TestMonitoringRefreshWarmsAndLocks(t *testing.T) {
	e := newMonEnv(t)
	e.assignedCase(t, 0)
	slow := New(e.db, Config{MonitoringRefresh: time.Minute, MonitoringLiveBudget: time.Nanosecond})
	sys := domain.WithActor(context.Background(), domain.SystemActor())
	now := time.Now()
	if n, err := slow.RefreshMonitoring(sys, now, true); err != nil || n != 1 {
		t.Fatalf("warm-up computed %d reports (%v); want the default one", n, err)
	}
	from, to := DefaultMonitoringPeriod(now)
	m, err := slow.MonitoringReport(e.monitor, domain.MonitoringFilter{From: from, To: to})
	if err != nil || m.RefreshEvery == 0 {
		t.Fatalf("the default report after the warm-up: refresh every %v (%v); want it from its snapshot", m.RefreshEvery, err)
	}
	if n, err := slow.RefreshMonitoring(sys, now, true); err != nil || n != 0 {
		t.Errorf("a second warm-up computed %d reports (%v); want none", n, err)
	}

	errHeld := errors.New("held")
	ran, err := e.db.WithMonitoringRefreshLock(sys, func(ctx context.Context) error {
		other := New(e.db, Config{MonitoringRefresh: time.Minute, MonitoringLiveBudget: time.Nanosecond})
		if n, err := other.RefreshMonitoring(sys, now.Add(time.Hour), false); err != nil || n != 0 {
			t.Errorf("while another refreshes: computed %d (%v); want it skipped", n, err)
		}
		return errHeld
	})
	if !ran || !errors.Is(err, errHeld) {
		t.Errorf("holding the lock: ran %v, %v", ran, err)
	}
	if n, err := slow.RefreshMonitoring(sys, now.Add(time.Hour), false); err != nil || n != 1 {
		t.Errorf("after the lock is given back: computed %d (%v); want 1", n, err)
	}
}

// TestMonitoringNarrowedUsesWiderSnapshot: with snapshots on, a narrowed
// report's cell rule subtracts it from the wider report as monitors see it,
// its snapshot: one case more in the kept region's counts than in the
// municipality makes a complement of one, and the municipality's count is
// suppressed.
func TestMonitoringNarrowedUsesWiderSnapshot(t *testing.T) {
	e := newMonEnv(t)
	for i := range 6 {
		e.assignedCase(t, i)
	}
	slow := New(e.db, Config{MonitoringRefresh: 5 * time.Minute, MonitoringLiveBudget: time.Nanosecond})
	region := e.filter()
	mun := region
	mun.MunicipalityID = &e.mun.ID
	if _, err := slow.MonitoringReport(e.monitor, region); err != nil {
		t.Fatal(err)
	}
	m, err := slow.MonitoringReport(e.monitor, mun)
	if err != nil || registered(t, m) != 6 {
		t.Fatalf("the municipality's report: %v", err)
	}

	var raw []byte
	if err := e.db.Get(&raw, `SELECT cells FROM monitoring_snapshot WHERE municipality_id IS NULL`); err != nil {
		t.Fatal(err)
	}
	var cells quarterCells
	if err := json.Unmarshal(raw, &cells); err != nil {
		t.Fatal(err)
	}
	cell := figureCell(1, "cases_registered")
	for _, q := range cells {
		if q[cell] > 0 {
			q[cell]++
		}
	}
	if raw, err = json.Marshal(cells); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Exec(`UPDATE monitoring_snapshot SET cells = $1 WHERE municipality_id IS NULL`, raw); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Exec(`DELETE FROM monitoring_snapshot WHERE municipality_id IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	m, err = slow.MonitoringReport(e.monitor, mun)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Questions[0].Figures {
		if f.Key == "cases_registered" && f.Value != nil {
			t.Errorf("registered cases shown (%v) where the kept region's count leaves a complement of one", *f.Value)
		}
	}
}

// TestMonitoringComputedOnceAcrossInstances: two instances asked for the
// same uncomputed report at once compute it once; the other serves that
// computation.
func TestMonitoringComputedOnceAcrossInstances(t *testing.T) {
	e := newMonEnv(t)
	for i := range 6 {
		e.assignedCase(t, i)
	}
	cfg := Config{MonitoringRefresh: 5 * time.Minute, MonitoringLiveBudget: time.Nanosecond}
	apps := []*App{New(e.db, cfg), New(e.db, cfg)}
	at := make([]time.Time, len(apps))
	errs := make(chan error, len(apps))
	for i, a := range apps {
		go func() {
			m, err := a.MonitoringReport(e.monitor, e.filter())
			at[i] = m.GeneratedAt
			errs <- err
		}()
	}
	for range apps {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if !at[0].Equal(at[1]) {
		t.Errorf("two computations (at %v and %v); want one served to both", at[0], at[1])
	}
}
