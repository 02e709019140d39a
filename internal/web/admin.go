package web

import (
	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// adminListPage is a management page with a table of one kind of thing and a
// form that adds one (organisations, municipalities, users).
type adminListPage struct {
	BasePage
	Saved bool // the notice that one was added
	Pager pager
	Form  form
	List  adminList
}

// adminList is what the frame shared by the list pages draws (template
// "admin-list" in templates/partials/admin_list.html): the table with its
// caption, column headers and pages, the lines shown without rows, and the
// form that adds one. The page template draws the cells of one row in
// "admin-table-row".
type adminList struct {
	Title   string   // the page title and the caption of the table, e.g. "Gemeenten"
	Plural  string   // e.g. "gemeenten": the caption's id and the lines shown without rows
	Columns []string // the column headers, in the order of the row's cells
	Rows    any      // the rows of this page of the table: a slice
	Add     string   // heading and button of the form, e.g. "Gemeente toevoegen"
	Action  string   // the list's path: where the form posts and the pages link to
}

// renderAdminList shows page pg of a management list with its form.
func (p *Pages) renderAdminList(c *gin.Context, status int, page string, l adminList, pg domain.Page, total int, f form, saved bool) {
	p.render(c, status, page, adminListPage{BasePage: p.base(c, formTitle(l.Title, f)), Saved: saved,
		Pager: newPager(l.Action, pg, total), Form: f, List: l})
}
