package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// A monitoring report over a large pool takes seconds to compute: the whole
// country over a year reads some 28,000 cases with their logs, 30,000 closed
// 360 rounds and 20,000 members, five times for the cell rule (4 s on two
// cores; README, "National size"). Computed per request, a few monitors
// then saturate the cores and wait longer than a page may take. So a
// report whose computation took longer than the live budget is kept as a
// snapshot in the database, shared by every instance, and served from
// there with the moment it was computed (report.Monitoring.GeneratedAt, on
// every output), while the refresher inside serve (RefreshMonitoring)
// computes again, every MonitoringRefresh, each snapshot a monitor asked
// for in the last day. A report computed within the budget — every
// pilot-size one — is computed on every request as before, current to the
// second. A snapshot older than three refresh intervals (the refresher is
// behind or down) is not served: the report is computed for the request.

// DefaultMonitoringLiveBudget is the live budget when the configuration
// sets none: a report that computes within it is never kept.
const DefaultMonitoringLiveBudget = 250 * time.Millisecond

// The refresher's bounds: what nobody asked for in a day is not computed
// again, and what nobody asked for in a week is forgotten.
const (
	monitoringKeepFresh = 24 * time.Hour
	monitoringForget    = 7 * 24 * time.Hour
)

// monitoringFigures are a report's sections (the ten questions, then the
// other figures), when they were computed, and, for a report kept as a
// snapshot, how often it is computed again (0: computed for this request
// and not kept).
type monitoringFigures struct {
	sections     []report.Question
	cells        quarterCells
	at           time.Time
	refreshEvery time.Duration
}

// monitoringKey names the report of filter f (whole quarters) under this
// configuration's thresholds.
func (a *App) monitoringKey(f domain.MonitoringFilter) domain.MonitoringReportKey {
	return domain.MonitoringReportKey{Filter: f, MinCell: a.cfg.MinCell, MinRaters: a.cfg.MinRaters}
}

// monitoringLiveBudget is the configured live budget or the default.
func (a *App) monitoringLiveBudget() time.Duration {
	if a.cfg.MonitoringLiveBudget > 0 {
		return a.cfg.MonitoringLiveBudget
	}
	return DefaultMonitoringLiveBudget
}

// monitoringFiguresFor returns report f's figures: from its snapshot when
// it has a fresh one, else computed now (and kept when that took longer
// than the live budget). Snapshots are off when MonitoringRefresh is 0.
func (a *App) monitoringFiguresFor(ctx context.Context, f domain.MonitoringFilter) (monitoringFigures, error) {
	if a.cfg.MonitoringRefresh <= 0 {
		at := time.Now()
		s, cells, err := a.computeMonitoring(ctx, f)
		return monitoringFigures{sections: s, cells: cells, at: at}, err
	}
	k := a.monitoringKey(f)
	// A monitor's request (also for the wider report its cell rule needs)
	// keeps a report fresh for a day; the refresher's own reads do not.
	asked := domain.ActorFrom(ctx).Kind != domain.ActorSystem
	snap, ok, err := a.db.FindMonitoringSnapshot(ctx, k, asked)
	if err != nil {
		return monitoringFigures{}, err
	}
	if ok && time.Since(snap.ComputedAt) < 3*a.cfg.MonitoringRefresh {
		return a.fromSnapshot(snap)
	}
	var seen time.Time // a snapshot computed after the one seen will do
	if ok {
		seen = snap.ComputedAt.Add(time.Microsecond)
	}
	return a.recomputeMonitoring(ctx, k, ok, seen)
}

// fromSnapshot decodes a kept report.
func (a *App) fromSnapshot(snap domain.MonitoringSnapshot) (monitoringFigures, error) {
	figs := monitoringFigures{at: snap.ComputedAt, refreshEvery: a.cfg.MonitoringRefresh}
	if err := json.Unmarshal(snap.Sections, &figs.sections); err != nil {
		return monitoringFigures{}, fmt.Errorf("monitoring snapshot %s: %w", snap.Report, err)
	}
	if err := json.Unmarshal(snap.Cells, &figs.cells); err != nil {
		return monitoringFigures{}, fmt.Errorf("monitoring snapshot %s: %w", snap.Report, err)
	}
	if len(figs.sections) != len(questionBuilders)+1 || len(figs.cells) != len(snap.Report.Filter.Quarters()) {
		return monitoringFigures{}, fmt.Errorf("monitoring snapshot %s: %d sections and %d quarters", snap.Report, len(figs.sections), len(figs.cells))
	}
	return figs, nil
}

// recomputeMonitoring computes report k once at a time: in this instance
// who asks meanwhile waits for the same computation, and across instances
// (and the refresher) the store's lock per report lets one compute while
// the others wait and then take its snapshot, when it was computed at or
// after fresh. It keeps the result as a snapshot when the computation took
// longer than the live budget, and forgets the snapshot it had (had) when
// it no longer does.
func (a *App) recomputeMonitoring(ctx context.Context, k domain.MonitoringReportKey, had bool, fresh time.Time) (monitoringFigures, error) {
	v, err, _ := a.monitoringFlight.Do(k.String(), func() (any, error) {
		// Detached from the request that started it: when that one gives
		// up, the computation still lands for the next.
		ctx := context.WithoutCancel(ctx)
		var figs monitoringFigures
		err := a.db.WithMonitoringReportLock(ctx, k, func(ctx context.Context) error {
			snap, ok, err := a.db.FindMonitoringSnapshot(ctx, k, false)
			if err != nil {
				return err
			}
			if ok && !snap.ComputedAt.Before(fresh) {
				figs, err = a.fromSnapshot(snap) // computed by another while this one waited
				return err
			}
			had = had || ok
			start := time.Now().Truncate(time.Microsecond) // as the database keeps it
			s, cells, err := a.computeMonitoring(ctx, k.Filter)
			if err != nil {
				return err
			}
			took := time.Since(start)
			figs = monitoringFigures{sections: s, cells: cells, at: start}
			if took <= a.monitoringLiveBudget() {
				if had {
					return a.db.DeleteMonitoringSnapshot(ctx, k)
				}
				return nil
			}
			figs.refreshEvery = a.cfg.MonitoringRefresh
			body, err := json.Marshal(s)
			if err != nil {
				return fmt.Errorf("monitoring snapshot: %w", err)
			}
			cellBody, err := json.Marshal(cells)
			if err != nil {
				return fmt.Errorf("monitoring snapshot: %w", err)
			}
			return a.db.SaveMonitoringSnapshot(ctx, domain.MonitoringSnapshot{Report: k, Sections: body, Cells: cellBody,
				ComputedAt: start, ComputeTime: took})
		})
		return figs, err
	})
	if err != nil {
		return monitoringFigures{}, err
	}
	return v.(monitoringFigures), nil
}

// computeMonitoring computes the sections of report f (whole quarters)
// under the heavy limit: the ten questions and the other figures, with the
// cell rule applied, and f's cell counts per quarter.
func (a *App) computeMonitoring(ctx context.Context, f domain.MonitoringFilter) ([]report.Question, quarterCells, error) {
	done, err := a.enterHeavy(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer done()
	ctx = withHeavyHeld(withMonitoringMemo(ctx, f))
	sections, err := a.monitoringSections(ctx, f, a.cfg.MinCell)
	if err != nil {
		return nil, nil, err
	}
	cells, err := a.applyCellRule(ctx, f, a.cfg.MinCell, sections)
	if err != nil {
		return nil, nil, err
	}
	return sections, cells, nil
}

// widerCells are the counts per quarter of the wider report w that the
// cell rule subtracts a narrowed report from. With snapshots on they are
// the counts of w as monitors see it: from its snapshot when it is kept
// (so the rule checks the very figures a monitor could subtract, and a
// municipality's report costs its own cases, not the country's), else
// computed with it. Otherwise w is computed per quarter.
func (a *App) widerCells(ctx context.Context, w domain.MonitoringFilter, minCell int) (quarterCells, error) {
	if a.cfg.MonitoringRefresh > 0 {
		figs, err := a.monitoringFiguresFor(ctx, w)
		return figs.cells, err
	}
	return a.cellsPerQuarter(ctx, w, minCell, nil)
}

// RefreshMonitoring is the refresher's round, run inside serve by one
// instance at a time (the others skip while it holds the lock): it
// forgets the snapshots nobody asked for in a week and computes again,
// oldest first, those asked for in the last day that are MonitoringRefresh
// old at now. With warm it first computes the default report (the whole
// region over the default period), so the first monitor of the day need not
// wait for it. It returns how many reports it computed.
func (a *App) RefreshMonitoring(ctx context.Context, now time.Time, warm bool) (int, error) {
	if a.cfg.MonitoringRefresh <= 0 {
		return 0, nil
	}
	n := 0
	_, err := a.db.WithMonitoringRefreshLock(ctx, func(ctx context.Context) error {
		if warm {
			from, to := DefaultMonitoringPeriod(now)
			f := domain.MonitoringFilter{From: from, To: to}.SnapToQuarters()
			_, ok, err := a.db.FindMonitoringSnapshot(ctx, a.monitoringKey(f), false)
			if err != nil {
				return err
			}
			if !ok {
				if _, err := a.recomputeMonitoring(ctx, a.monitoringKey(f), false, time.Time{}); err != nil {
					return fmt.Errorf("warm the monitoring report: %w", err)
				}
				n++
			}
		}
		due, err := a.db.DueMonitoringSnapshots(ctx, now.Add(-monitoringForget), now.Add(-monitoringKeepFresh), now.Add(-a.cfg.MonitoringRefresh))
		if err != nil {
			return err
		}
		for _, k := range due {
			if k.MinCell != a.cfg.MinCell || k.MinRaters != a.cfg.MinRaters {
				continue // another configuration's report: it ages out
			}
			if _, err := a.recomputeMonitoring(ctx, k, true, now.Add(-a.cfg.MonitoringRefresh)); err != nil {
				return fmt.Errorf("refresh the monitoring report %s: %w", k, err)
			}
			n++
		}
		return nil
	})
	return n, err
}

// RunMonitoringRefresh is the refresher of `serve`: at the start it warms
// the default report, then every fifth of MonitoringRefresh
// it runs a refresh round (RefreshMonitoring) as the system. Every instance
// runs it; the store's lock lets one of them work at a time. A failed round
// is logged and tried again next time. It returns when ctx ends, at once
// when snapshots are off.
func (a *App) RunMonitoringRefresh(ctx context.Context, log *slog.Logger) {
	if a.cfg.MonitoringRefresh <= 0 {
		return
	}
	sys := domain.WithActor(ctx, domain.SystemActor())
	var wait time.Duration
	warm := true
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = a.cfg.MonitoringRefresh / 5
		start := time.Now()
		n, err := a.RefreshMonitoring(sys, start, warm)
		switch {
		case err != nil && ctx.Err() == nil:
			log.Error("monitoring refresh failed", "err", err)
		case err == nil:
			warm = false
			if n > 0 {
				log.Info("monitoring reports refreshed", "reports", n, "took", time.Since(start).Round(time.Millisecond))
			}
		}
	}
}
