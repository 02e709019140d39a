package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// wrap adds context to a non-nil error.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// pageTotal reads the COUNT(*) OVER() total from the first row. A page past
// the end has no row to carry it, so then countQuery is run instead.
func pageTotal[T any](ctx context.Context, q sqlx.QueryerContext, rows []T, total func(T) int, countQuery string, args ...any) (int, error) {
	if len(rows) > 0 {
		return total(rows[0]), nil
	}
	var n int
	if err := sqlx.GetContext(ctx, q, &n, countQuery, args...); err != nil {
		return 0, fmt.Errorf("count: %w", err)
	}
	return n, nil
}

// idRow is the id of a list's row with the list's COUNT(*) OVER() total.
type idRow struct {
	ID    int64 `db:"id"`
	Total int   `db:"total"`
}

// joinAnd joins SQL conditions built from fixed fragments and $n placeholders.
func joinAnd(conds []string) string {
	out := ""
	for i, c := range conds {
		if i > 0 {
			out += " AND "
		}
		out += "(" + c + ")"
	}
	return out
}

// int64Array passes a slice as a PostgreSQL bigint[]; nil becomes '{}'.
func int64Array(v []int64) any {
	if v == nil {
		v = []int64{}
	}
	return pq.Int64Array(v)
}

// queryer is what read helpers need: the DB or a transaction.
type queryer interface {
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}
