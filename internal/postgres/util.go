package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
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
