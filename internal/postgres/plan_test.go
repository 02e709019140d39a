package postgres_test

import (
	"slices"
	"strings"
	"testing"

	"regiepool/internal/pgtest"
)

// TestHotQueriesUseIndexes: the lookups the national load test found slow
// (migration 00025) are served by an index. With sequential scans off, a
// small test database gets the plan a national one does; a Seq Scan left
// on the table means no index fits the query any more.
func TestHotQueriesUseIndexes(t *testing.T) {
	db := pgtest.NewDB(t)
	for _, tt := range []struct {
		name, table, query string
		args               []any
	}{
		{"a case's assignments, newest first", "assignment",
			`SELECT * FROM assignment WHERE case_id = $1 ORDER BY assigned_at DESC`, []any{1}},
		{"hours logged on a case", "case_event",
			`SELECT COALESCE(sum(hours), 0) FROM case_event WHERE case_id = $1 AND kind = 'hours'`, []any{1}},
		{"a round's nominations per organisation", "pool_membership",
			`SELECT count(*) FROM pool_membership WHERE round_id = $1 AND organisation_id = $2`, []any{1, 1}},
		{"cases registered in a period", "complex_case",
			`SELECT count(*) FROM complex_case WHERE created_at >= $1 AND created_at < $2`, []any{"2026-01-01", "2026-04-01"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			plan := pgtest.MustExplain(t, db, true, tt.query, tt.args...)
			if slices.Contains(pgtest.SeqScans(plan), tt.table) {
				t.Errorf("%s is read whole:\n%s", tt.table, plan)
			}
			if !strings.Contains(plan, "Index") {
				t.Errorf("no index in the plan:\n%s", plan)
			}
		})
	}
}
