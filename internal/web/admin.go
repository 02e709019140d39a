package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// adminField is one control of a management form, as the templates draw it. Name
// is both the form parameter and the API's field name, so the store's field
// errors land on the right control; it is also the control's id.
type adminField struct {
	Name         string
	Label        string
	Kind         string // text, email, password, select or checkboxes
	Value        string // text value; unused for select and checkboxes
	Required     bool
	Optional     bool // the label says "(niet verplicht)"
	Autocomplete string
	Inputmode    string
	Description  string
	Options      []adminOption // select options or checkboxes
	Empty        string        // shown instead of an empty checkbox group
	Error        string
}

// adminOption is one choice of a select or one checkbox of a group.
type adminOption struct {
	Value, Label string
	Checked      bool
}

// Anchor is where the error summary links to: the control itself, or the
// first checkbox of a group.
func (f adminField) Anchor() string {
	if f.Kind == "checkboxes" && len(f.Options) > 0 {
		return f.Name + "-" + f.Options[0].Value
	}
	return f.Name
}

// DescribedBy lists the ids of the description and the error message.
func (f adminField) DescribedBy() string {
	var ids []string
	if f.Description != "" {
		ids = append(ids, f.Name+"-uitleg")
	}
	if f.Error != "" {
		ids = append(ids, f.Name+"-fout")
	}
	return strings.Join(ids, " ")
}

// adminError is one line of the error summary; Href is empty when the error
// belongs to no control.
type adminError struct {
	Href, Text string
}

// adminForm is the state of a management form: its controls in order and the
// errors of the last attempt.
type adminForm struct {
	Fields []adminField
	Errors []adminError
}

// Failed reports whether the form is shown with errors.
func (f adminForm) Failed() bool { return len(f.Errors) > 0 }

// adminExtraAnchors places errors of things that are no form control: the store
// names a refused self-block "disabled"; its button has id "blokkeren".
var adminExtraAnchors = map[string]adminError{
	"disabled": {Href: "#blokkeren", Text: "Account blokkeren"},
}

// addErrors puts field errors on their controls and in the summary, in the
// order of the form; errors of no control come last.
func (f *adminForm) addErrors(fes ...domain.FieldError) {
	used := make([]bool, len(fes))
	for i := range f.Fields {
		fl := &f.Fields[i]
		for j, fe := range fes {
			if fe.Name != fl.Name {
				continue
			}
			used[j] = true
			if fl.Error != "" {
				fl.Error += " "
			}
			fl.Error += fe.Reason
			f.Errors = append(f.Errors, adminError{Href: "#" + fl.Anchor(), Text: fl.Label + ": " + fe.Reason})
		}
	}
	for j, fe := range fes {
		if used[j] {
			continue
		}
		if a, ok := adminExtraAnchors[fe.Name]; ok {
			f.Errors = append(f.Errors, adminError{Href: a.Href, Text: a.Text + ": " + fe.Reason})
			continue
		}
		f.Errors = append(f.Errors, adminError{Text: fe.Reason})
	}
}

// fail shows a domain error on the form: its field errors, or its message
// when it names no field.
func (f *adminForm) fail(e *domain.Error) {
	if len(e.Fields) == 0 {
		f.Errors = append(f.Errors, adminError{Text: e.Message})
		return
	}
	f.addErrors(e.Fields...)
}

// adminFormStatus is the HTTP status of a form shown again with errors.
func adminFormStatus(e *domain.Error) int {
	if e.Code == domain.EConflict {
		return http.StatusConflict
	}
	return http.StatusBadRequest
}

// adminStoreError sorts out an error of a store call behind a form. It returns
// the domain error to show on the form (invalid or conflict), or nil after it
// has answered the request with an error page itself.
func (p *Pages) adminStoreError(c *gin.Context, err error, what string) *domain.Error {
	e, ok := domain.AsError(err)
	switch {
	case !ok:
		p.Log.Error(what, "requestId", c.GetString("requestID"), "err", err)
		p.ErrorPage(c, http.StatusInternalServerError)
	case e.Code == domain.EInvalid || e.Code == domain.EConflict:
		return e
	case e.Code == domain.EForbidden:
		p.ErrorPage(c, http.StatusForbidden)
	case e.Code == domain.ENotFound:
		p.ErrorPage(c, http.StatusNotFound)
	default:
		p.Log.Error(what, "requestId", c.GetString("requestID"), "err", err)
		p.ErrorPage(c, http.StatusInternalServerError)
	}
	return nil
}

// adminInternalError logs err and shows the "something went wrong" page.
func (p *Pages) adminInternalError(c *gin.Context, what string, err error) {
	p.Log.Error(what, "requestId", c.GetString("requestID"), "err", err)
	p.ErrorPage(c, http.StatusInternalServerError)
}

// adminTitle is the page title, prefixed with "Fout: " when a form failed, so
// screen reader users hear it first.
func adminTitle(title string, f *adminForm) string {
	if f != nil && f.Failed() {
		return "Fout: " + title
	}
	return title
}

// adminPager is the page navigation under a table.
type adminPager struct {
	Page, Pages, Total int
	Prev, Next         string
	First              string
}

// adminListPage is a management page with a table of one kind of thing and a
// form that adds one (organisations, municipalities, users).
type adminListPage struct {
	BasePage
	Saved bool // the notice that one was added
	Pager adminPager
	Form  adminForm
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
func (p *Pages) renderAdminList(c *gin.Context, status int, page string, l adminList, pg domain.Page, total int, f adminForm, saved bool) {
	p.render(c, status, page, adminListPage{BasePage: p.base(c, adminTitle(l.Title, &f)), Saved: saved,
		Pager: newAdminPager(l.Action, pg, total), Form: f, List: l})
}

// adminPageSize is the number of rows of the management tables.
const adminPageSize = domain.DefaultPageSize

// adminMaxPage keeps a hand-typed ?pagina= from overflowing the offset.
const adminMaxPage = 1_000_000

// adminPageParam reads ?pagina=; anything missing or malformed is page 1.
func adminPageParam(c *gin.Context) domain.Page {
	n, err := strconv.Atoi(c.Query("pagina"))
	if err != nil || n < 1 || n > adminMaxPage {
		n = 1
	}
	return domain.Page{Page: n, PageSize: adminPageSize}
}

func newAdminPager(path string, pg domain.Page, total int) adminPager {
	pages := max(1, (total+pg.PageSize-1)/pg.PageSize)
	out := adminPager{Page: pg.Page, Pages: pages, Total: total, First: path}
	if pg.Page > 1 {
		out.Prev = path + "?pagina=" + strconv.Itoa(min(pg.Page-1, pages))
	}
	if pg.Page < pages {
		out.Next = path + "?pagina=" + strconv.Itoa(pg.Page+1)
	}
	return out
}

// collectAll reads every page of a store list, for select options and
// checkboxes.
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

// adminID reads the numeric :id of the path; ok is false when it is not one.
func adminID(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	return id, err == nil && id > 0
}
