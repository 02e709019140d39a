package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lib/pq"
)

// Helpers of the restore command, which works on a connection string
// rather than an open *DB (it runs beside pg_restore).

// systemSchemas excludes PostgreSQL's own schemas.
const systemSchemas = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'`

// CountUserRelations counts the tables, sequences and views outside PostgreSQL's
// own schemas of the database at dsn; restore refuses a database where it is
// not zero.
func CountUserRelations(ctx context.Context, dsn string) (int, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f') AND `+systemSchemas).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("inspect the database: %w", err)
	}
	return n, nil
}

// DropEverything drops every schema but PostgreSQL's own, with everything in
// them, and recreates an empty public schema, in one transaction: what a
// forced restore does first. Only the restore command calls it.
func DropEverything(ctx context.Context, dsn string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The running service may hold locks for a moment; wait, not forever.
	if _, err := tx.ExecContext(ctx, `SET LOCAL lock_timeout = '30s'`); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT n.nspname FROM pg_namespace n WHERE `+systemSchemas+` ORDER BY 1`)
	if err != nil {
		return err
	}
	var schemas []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		schemas = append(schemas, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, s := range schemas {
		if _, err := tx.ExecContext(ctx, `DROP SCHEMA `+pq.QuoteIdentifier(s)+` CASCADE`); err != nil {
			return fmt.Errorf("empty the database: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE SCHEMA public`); err != nil {
		return fmt.Errorf("empty the database: %w", err)
	}
	return tx.Commit()
}
