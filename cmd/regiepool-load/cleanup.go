package main

import (
	"context"
	"fmt"

	"regiepool/internal/postgres"
)

// writePrefix starts the reference of every case the write phase
// registers.
const writePrefix = "L-"

// removeWrites deletes the cases the write phase registered (reference
// writePrefix…) with everything hanging on them, in one transaction, so
// every run measures the data set as it was loaded: most of those cases
// stay waiting in the dispatcher's scope (their assignment is refused when
// the contended members are full), and left there they would grow the
// inbox and the batch proposal by some 2,400 cases a run. It runs before
// the measurements (what an interrupted run left) and after them. The
// hours the writes logged on the data set's own cases stay.
func removeWrites(ctx context.Context, db *postgres.DB) (int64, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit a no-op
	// Thousands of cases with their events: past the service's statement
	// time limit on a loaded machine.
	if _, err := tx.ExecContext(ctx, `SET LOCAL statement_timeout = 0`); err != nil {
		return 0, err
	}
	// The cases as an array, so each table is reached by its index on
	// case_id.
	var ids string
	if err := tx.GetContext(ctx, &ids, `SELECT COALESCE(array_agg(id), '{}')::text FROM complex_case WHERE reference LIKE '`+writePrefix+`%'`); err != nil {
		return 0, fmt.Errorf("the writes' cases: %w", err)
	}
	if ids == "{}" {
		return 0, nil
	}
	for _, table := range []string{"case_event", "assignment", "case_offer", "case_organisation", "case_questionnaire_invite",
		"case_questionnaire_answer"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE case_id = ANY($1::bigint[])`, ids); err != nil {
			return 0, fmt.Errorf("remove the writes' %s: %w", table, err)
		}
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM complex_case WHERE id = ANY($1::bigint[])`, ids)
	if err != nil {
		return 0, fmt.Errorf("remove the writes' cases: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, tx.Commit()
}
