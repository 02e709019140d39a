package app

import (
	"context"

	"regiepool/internal/domain"
)

// collectAll reads every page of a store list, MaxPageSize rows at a time:
// for select options, checkboxes and reports that need the whole list.
func collectAll[T any](ctx context.Context, find func(context.Context, domain.Page) ([]T, int, error)) ([]T, error) {
	var out []T
	for n := 1; ; n++ {
		items, total, err := find(ctx, domain.Page{Page: n, PageSize: domain.MaxPageSize})
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if len(items) == 0 || len(out) >= total {
			return out, nil
		}
	}
}
