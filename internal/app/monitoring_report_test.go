package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
	"regiepool/internal/report"
)

// satisfactionQuestion stands in for question 7 in these tests: the
// families' mean satisfaction with result area 1, one rating per family,
// written in its answer, as a builder does.
func satisfactionQuestion(a *App, ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	m, err := a.db.MonitoringFiguresFor(ctx, f)
	if err != nil {
		return report.Question{}, err
	}
	s := m.ResultAreas[0].Satisfaction
	fig := report.Figure{Key: "satisfaction_mean", Label: "Tevredenheid", Value: &s.Mean, N: s.N, Unit: report.UnitMean}
	fig.Suppress(minCell)
	q := newQuestion(7)
	q.Figures, q.Answer = []report.Figure{fig}, "Gemiddelde tevredenheid: "+fig.Text()+"."
	q.Chart = &report.Chart{Title: "Tevredenheid", Max: 5, Unit: report.UnitMean, Bars: []report.ChartBar{{Label: "Resultaatgebied 1", Value: fig.Value, N: fig.N}}}
	return q, nil
}

// rated registers a case in mun on day, assigns it to member and logs
// one family's satisfaction score.
func rated(t *testing.T, db *postgres.DB, mun, member int64, day time.Time, score int) {
	t.Helper()
	ctx := pgtest.SystemCtx()
	c := domain.Case{Reference: fmt.Sprintf("Z-%d", time.Now().UnixNano()%1e9), MunicipalityID: mun, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high"}
	if err := db.CreateCase(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Assign(ctx, c.ID, member); err != nil {
		t.Fatal(err)
	}
	area := 1
	e := domain.CaseEvent{Kind: domain.EventSatisfaction, OccurredOn: time.Now(), Score: &score, ResultArea: &area}
	if err := db.AddCaseEvent(ctx, c.ID, &e); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE complex_case SET created_at = $2 WHERE id = $1`, c.ID, day); err != nil {
		t.Fatal(err)
	}
}

// TestMonitoringCellRuleMeans: one family's satisfaction score would be
// the difference of two reports' means (times their N), by subtracting a
// municipality from the region or a period from one a quarter longer. The
// cell rule suppresses the narrowed and the extended report's mean, bar
// and the answer that named it; the region's and the earlier quarter's
// stay. The same with every report kept as a snapshot, where a narrowed
// report takes the wider one's counts from its snapshot (widerCells).
func TestMonitoringCellRuleMeans(t *testing.T) {
	for _, cfg := range []struct {
		name string
		cfg  Config
	}{
		{"computed per request", Config{}},
		{"kept as snapshots", Config{MonitoringRefresh: 5 * time.Minute, MonitoringLiveBudget: time.Nanosecond}},
	} {
		t.Run(cfg.name, func(t *testing.T) { testMonitoringCellRuleMeans(t, cfg.cfg) })
	}
}

func testMonitoringCellRuleMeans(t *testing.T, cfg Config) {
	saved := questionBuilders[6]
	questionBuilders[6] = satisfactionQuestion
	t.Cleanup(func() { questionBuilders[6] = saved })

	today := time.Now().UTC().Truncate(24 * time.Hour)
	quarter := domain.QuarterStart(today)
	before := quarter.AddDate(0, 0, -20)
	prevQ := domain.MonitoringFilter{From: domain.QuarterStart(before), To: domain.QuarterEnd(before)}
	both := domain.MonitoringFilter{From: domain.QuarterStart(before), To: today}
	thisQ := domain.MonitoringFilter{From: quarter, To: today}
	in := func(f domain.MonitoringFilter, mun int64) domain.MonitoringFilter { f.MunicipalityID = &mun; return f }
	setup := func(t *testing.T) (*App, context.Context, *postgres.DB, int64, int64) {
		db := pgtest.NewDB(t)
		monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
		org := pgtest.MustCreateOrganisation(t, db)
		many, one := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
		pgtest.MustCreateActiveMember(t, db, org.ID, []int64{many.ID, one.ID}, 20, 32)
		return New(db, cfg), pgtest.ActorCtx(t, db, monitor.ID), db, many.ID, one.ID
	}
	check := func(t *testing.T, a *App, ctx context.Context, f domain.MonitoringFilter, want string) {
		t.Helper()
		m, err := a.MonitoringReport(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		q := m.Questions[6]
		fig, bar := q.Figures[0], q.Chart.Bars[0]
		if got := fig.Text(); (want == "" && fig.Value != nil) || (want != "" && got != want) {
			t.Errorf("mean %s (n = %d), want %q", got, fig.N, want)
		}
		if (bar.Value == nil) != (fig.Value == nil) {
			t.Errorf("the bar %v and the figure %v disagree", bar.Value, fig.Value)
		}
		if want == "" && !strings.Contains(q.Answer, report.Suppressed) && !strings.Contains(q.Answer, "weggelaten") {
			t.Errorf("the answer names a suppressed mean: %s", q.Answer)
		}
	}
	t.Run("subtracting a municipality from the region", func(t *testing.T) {
		a, ctx, db, many, one := setup(t)
		member := memberOf(t, db)
		for range 5 {
			rated(t, db, many, member, before, 4)
		}
		rated(t, db, one, member, before, 1) // one family of its own: 6 × 3,5 − 5 × 4
		check(t, a, ctx, prevQ, "3,5")
		check(t, a, ctx, in(prevQ, many), "")
		check(t, a, ctx, in(prevQ, one), "")
	})
	t.Run("extending the period by a quarter", func(t *testing.T) {
		a, ctx, db, many, _ := setup(t)
		member := memberOf(t, db)
		for range 5 {
			rated(t, db, many, member, before, 5)
		}
		rated(t, db, many, member, today, 2) // one family this quarter: 6 × 4,5 − 5 × 5
		check(t, a, ctx, prevQ, "5,0")
		check(t, a, ctx, in(prevQ, many), "5,0")
		check(t, a, ctx, both, "")
		check(t, a, ctx, in(both, many), "")
		check(t, a, ctx, thisQ, "")
	})
}

// memberOf is the one regisseur of the test database.
func memberOf(t *testing.T, db *postgres.DB) int64 {
	t.Helper()
	var id int64
	if err := db.Get(&id, `SELECT id FROM regisseur LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	return id
}
