package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"regiepool/internal/domain"
)

// The store of monitoring snapshots (migration 00027): the reports too slow
// to compute on every request, as last computed. Only the application's
// monitoring use cases reach them, after their access check.

// snapshotWhere selects the row of report k; its arguments start at $1.
const snapshotWhere = `period_from = $1 AND period_to = $2 AND coalesce(municipality_id, 0) = coalesce($3, 0)
	AND coalesce(pool_round_id, 0) = coalesce($4, 0) AND min_cell = $5 AND min_raters = $6`

func snapshotArgs(k domain.MonitoringReportKey) []any {
	return []any{k.Filter.From, k.Filter.To, k.Filter.MunicipalityID, k.Filter.PoolRoundID, k.MinCell, k.MinRaters}
}

type snapshotRow struct {
	From           time.Time `db:"period_from"`
	To             time.Time `db:"period_to"`
	MunicipalityID *int64    `db:"municipality_id"`
	PoolRoundID    *int64    `db:"pool_round_id"`
	MinCell        int       `db:"min_cell"`
	MinRaters      int       `db:"min_raters"`
	Sections       []byte    `db:"sections"`
	Cells          []byte    `db:"cells"`
	ComputedAt     time.Time `db:"computed_at"`
	ComputeMillis  int64     `db:"compute_ms"`
}

func (r snapshotRow) key() domain.MonitoringReportKey {
	return domain.MonitoringReportKey{Filter: domain.MonitoringFilter{From: r.From.UTC(), To: r.To.UTC(),
		MunicipalityID: r.MunicipalityID, PoolRoundID: r.PoolRoundID}, MinCell: r.MinCell, MinRaters: r.MinRaters}
}

// FindMonitoringSnapshot returns report k as last computed and whether
// there is one; with asked it notes that a monitor asked for it now (at
// most once a minute, so a busy report does not write on every read).
func (db *DB) FindMonitoringSnapshot(ctx context.Context, k domain.MonitoringReportKey, asked bool) (domain.MonitoringSnapshot, bool, error) {
	var r snapshotRow
	err := db.GetContext(ctx, &r, `SELECT period_from, period_to, municipality_id, pool_round_id, min_cell, min_raters, sections,
		cells, computed_at, compute_ms FROM monitoring_snapshot WHERE `+snapshotWhere, snapshotArgs(k)...)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.MonitoringSnapshot{}, false, nil
	}
	if err != nil {
		return domain.MonitoringSnapshot{}, false, fmt.Errorf("find monitoring snapshot: %w", err)
	}
	if !asked {
		return snapshotOf(r), true, nil
	}
	if _, err := db.ExecContext(ctx, `UPDATE monitoring_snapshot SET requested_at = now()
		WHERE `+snapshotWhere+` AND requested_at < now() - interval '1 minute'`, snapshotArgs(k)...); err != nil {
		return domain.MonitoringSnapshot{}, false, fmt.Errorf("note monitoring snapshot asked for: %w", err)
	}
	return snapshotOf(r), true, nil
}

func snapshotOf(r snapshotRow) domain.MonitoringSnapshot {
	return domain.MonitoringSnapshot{Report: r.key(), Sections: r.Sections, Cells: r.Cells, ComputedAt: r.ComputedAt,
		ComputeTime: time.Duration(r.ComputeMillis) * time.Millisecond}
}

// SaveMonitoringSnapshot stores s as its report's latest computation,
// unless a computation that started later is stored already (two instances
// may compute one report at once). A new report counts as asked for now.
func (db *DB) SaveMonitoringSnapshot(ctx context.Context, s domain.MonitoringSnapshot) error {
	args := append(snapshotArgs(s.Report), []byte(s.Sections), []byte(s.Cells), s.ComputedAt, s.ComputeTime.Milliseconds())
	_, err := db.ExecContext(ctx, `INSERT INTO monitoring_snapshot (period_from, period_to, municipality_id, pool_round_id,
			min_cell, min_raters, sections, cells, computed_at, compute_ms, requested_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
		ON CONFLICT (period_from, period_to, coalesce(municipality_id, 0), coalesce(pool_round_id, 0), min_cell, min_raters)
		DO UPDATE SET sections = EXCLUDED.sections, cells = EXCLUDED.cells, computed_at = EXCLUDED.computed_at,
			compute_ms = EXCLUDED.compute_ms
		WHERE monitoring_snapshot.computed_at < EXCLUDED.computed_at`, args...)
	if err != nil {
		return fmt.Errorf("save monitoring snapshot: %w", err)
	}
	return nil
}

// DeleteMonitoringSnapshot forgets report k's snapshot (it became quick
// enough to compute on every request).
func (db *DB) DeleteMonitoringSnapshot(ctx context.Context, k domain.MonitoringReportKey) error {
	if _, err := db.ExecContext(ctx, `DELETE FROM monitoring_snapshot WHERE `+snapshotWhere, snapshotArgs(k)...); err != nil {
		return fmt.Errorf("delete monitoring snapshot: %w", err)
	}
	return nil
}

// DueMonitoringSnapshots forgets the snapshots nobody asked for since
// forgetBefore and returns the reports, asked for since requestedSince,
// whose snapshot was computed before computedBefore: the wider reports
// first (a narrowed report's cell rule then takes their fresh counts), and
// among equals the oldest first.
func (db *DB) DueMonitoringSnapshots(ctx context.Context, forgetBefore, requestedSince, computedBefore time.Time) ([]domain.MonitoringReportKey, error) {
	if _, err := db.ExecContext(ctx, `DELETE FROM monitoring_snapshot WHERE requested_at < $1`, forgetBefore); err != nil {
		return nil, fmt.Errorf("forget monitoring snapshots: %w", err)
	}
	var rows []snapshotRow
	if err := db.SelectContext(ctx, &rows, `SELECT period_from, period_to, municipality_id, pool_round_id, min_cell, min_raters,
			'' AS sections, '' AS cells, computed_at, compute_ms
		FROM monitoring_snapshot WHERE requested_at >= $1 AND computed_at < $2
		ORDER BY (municipality_id IS NOT NULL)::int + (pool_round_id IS NOT NULL)::int, computed_at, id`,
		requestedSince, computedBefore); err != nil {
		return nil, fmt.Errorf("due monitoring snapshots: %w", err)
	}
	out := make([]domain.MonitoringReportKey, len(rows))
	for i, r := range rows {
		out[i] = r.key()
	}
	return out, nil
}

// WithMonitoringReportLock runs fn while holding the lock of report k,
// waiting up to monitoringLockWait while another computation of k holds it.
func (db *DB) WithMonitoringReportLock(ctx context.Context, k domain.MonitoringReportKey, fn func(context.Context) error) error {
	_, err := db.withAdvisoryLock(ctx, "monitoring report "+k.String(), monitoringLockWait, fn)
	return err
}

// WithMonitoringRefreshLock runs fn while holding the refresh lock, and
// reports whether it ran: false when another instance holds the lock.
func (db *DB) WithMonitoringRefreshLock(ctx context.Context, fn func(context.Context) error) (bool, error) {
	return db.withAdvisoryLock(ctx, "monitoring refresh", 0, fn)
}

// monitoringLockWait bounds the wait for another computation of the same
// report: a national one takes seconds, with cold caches up to ten.
const monitoringLockWait = 2 * time.Minute

// withAdvisoryLock runs fn while a transaction of its own holds the
// transaction-level advisory lock named name, waiting for it up to wait (0:
// not at all; then it reports false when the lock is taken). A
// transaction-level lock, not a session one, so it holds behind a
// transaction pooler (PgBouncer) too and ends with the transaction however
// fn ends; fn does its work on other connections meanwhile, so the
// transaction may stay idle longer than the service's usual bound, and the
// wait may outlast its lock_timeout.
func (db *DB) withAdvisoryLock(ctx context.Context, name string, wait time.Duration, fn func(context.Context) error) (bool, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("lock %s: %w", name, err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	setup := []string{`SET LOCAL idle_in_transaction_session_timeout = '1h'`}
	if wait > 0 {
		ms := strconv.FormatInt(wait.Milliseconds(), 10)
		setup = append(setup, `SET LOCAL lock_timeout = `+ms, `SET LOCAL statement_timeout = `+ms)
	}
	for _, q := range setup {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return false, fmt.Errorf("lock %s: %w", name, err)
		}
	}
	locked := true
	if wait > 0 {
		_, err = tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, name)
	} else {
		err = tx.GetContext(ctx, &locked, `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))`, name)
	}
	if err != nil {
		return false, fmt.Errorf("lock %s: %w", name, err)
	}
	if !locked {
		return false, nil
	}
	if err := fn(ctx); err != nil {
		return true, err
	}
	return true, tx.Commit()
}
