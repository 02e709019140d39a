package web

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// pager is the page navigation under a table.
type pager struct {
	Page, Pages, Total int
	Prev, Next         string
	First              string
}

// listPageSize is the number of rows of a list page.
const listPageSize = domain.DefaultPageSize

// maxPageParam keeps a hand-typed ?pagina= from overflowing the offset.
const maxPageParam = 1_000_000

// pageParam reads ?pagina=; anything missing or malformed is page 1.
func pageParam(c *gin.Context) domain.Page {
	n, err := strconv.Atoi(c.Query("pagina"))
	if err != nil || n < 1 || n > maxPageParam {
		n = 1
	}
	return domain.Page{Page: n, PageSize: listPageSize}
}

// shownOf says "de nieuwste 100 van 150 gebeurtenissen" when a page shows
// only the newest shown of total items, and nothing when it shows them all.
func shownOf(shown, total int, what string) string {
	if shown >= total {
		return ""
	}
	return "de nieuwste " + strconv.Itoa(shown) + " van " + strconv.Itoa(total) + " " + what
}

func newPager(path string, pg domain.Page, total int) pager {
	pages := max(1, (total+pg.PageSize-1)/pg.PageSize)
	out := pager{Page: pg.Page, Pages: pages, Total: total, First: path}
	if pg.Page > 1 {
		out.Prev = path + "?pagina=" + strconv.Itoa(min(pg.Page-1, pages))
	}
	if pg.Page < pages {
		out.Next = path + "?pagina=" + strconv.Itoa(pg.Page+1)
	}
	return out
}
