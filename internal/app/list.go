package app

import (
	"context"

	"regiepool/internal/domain"
)

// FirstRows is the first page of a list at its largest: what a page that
// shows a list without page navigation reads of it, so that it stays
// bounded however long the list grows.
var FirstRows = domain.Page{Page: 1, PageSize: domain.MaxPageSize}

// pageOf cuts page p out of a list that is read whole because it is small by
// nature, and returns it with the list's length.
func pageOf[T any](items []T, p domain.Page) ([]T, int) {
	from := min(p.Offset(), len(items))
	return items[from:min(from+p.PageSize, len(items))], len(items)
}

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
