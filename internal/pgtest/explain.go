package pgtest

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"regiepool/internal/postgres"
)

// Explain runs EXPLAIN (ANALYZE, BUFFERS) of query with args and returns
// the plan as text; the statement runs in a transaction that is rolled
// back, so a write can be explained too. With noSeqScan the planner avoids
// sequential scans wherever an index can serve, which shows on a small
// test database the plan a national-size one gets: a Seq Scan left in
// such a plan means no index fits the query.
func Explain(ctx context.Context, db *postgres.DB, noSeqScan bool, query string, args ...any) (string, error) {
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback() //nolint:errcheck // always rolled back
	if noSeqScan {
		if _, err := tx.ExecContext(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			return "", err
		}
	}
	var lines []string
	if err := tx.SelectContext(ctx, &lines, `EXPLAIN (ANALYZE, BUFFERS) `+query, args...); err != nil {
		return "", fmt.Errorf("explain: %w", err)
	}
	return strings.Join(lines, "\n"), nil
}

// MustExplain is Explain that fails the test on an error and logs the plan.
func MustExplain(t testing.TB, db *postgres.DB, noSeqScan bool, query string, args ...any) string {
	t.Helper()
	plan, err := Explain(SystemCtx(), db, noSeqScan, query, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	t.Logf("plan:\n%s", plan)
	return plan
}

var seqScan = regexp.MustCompile(`Seq Scan on (\w+)`)

// SeqScans lists the tables a plan reads with a sequential scan, once each.
func SeqScans(plan string) []string {
	var out []string
	for _, m := range seqScan.FindAllStringSubmatch(plan, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}
