package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lib/pq"
)

// Bulk is one transaction for a bulk load (the national data set,
// internal/demo/national): COPY and plain statements, without the
// service's per-statement time limits. Triggers and constraints stay on.
type Bulk struct{ tx *sql.Tx }

// Bulk runs fn in one transaction and commits when it returns nil: all
// or nothing.
func (db *DB) Bulk(ctx context.Context, fn func(*Bulk) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit a no-op
	for _, q := range []string{`SET LOCAL statement_timeout = 0`, `SET LOCAL idle_in_transaction_session_timeout = 0`, `SET LOCAL lock_timeout = 0`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := fn(&Bulk{tx: tx}); err != nil {
		return err
	}
	return tx.Commit()
}

// Copy streams rows into table's columns with COPY; row is called until it
// returns nil, and done after every row written.
func (b *Bulk) Copy(ctx context.Context, table string, cols []string, row func() []any, done func()) error {
	stmt, err := b.tx.PrepareContext(ctx, pq.CopyIn(table, cols...))
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	for {
		vals := row()
		if vals == nil {
			break
		}
		if _, err := stmt.ExecContext(ctx, vals...); err != nil {
			stmt.Close()
			return fmt.Errorf("copy %s: %w", table, err)
		}
		done()
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		stmt.Close()
		return fmt.Errorf("copy %s: %w", table, err)
	}
	return stmt.Close()
}

// Exec runs one statement in the load's transaction.
func (b *Bulk) Exec(ctx context.Context, q string, args ...any) error {
	_, err := b.tx.ExecContext(ctx, q, args...)
	return err
}

// VacuumAnalyze refreshes the statistics and the visibility map of every
// table, as autovacuum would on a live database; after a bulk load.
func (db *DB) VacuumAnalyze(ctx context.Context) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, q := range []string{`SET statement_timeout = 0`, `VACUUM ANALYZE`, `RESET statement_timeout`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}
