package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// minRaters is the anonymity threshold of 360 results in force.
func (p *Pages) minRaters() int { return p.App.MinRaters() }

// dayFormat is how the pages write a date: dd-mm-jjjj.
const dayFormat = domain.DateLayout

// isoDay is the value format of a date input.
const isoDay = "2006-01-02"

func day(t time.Time) string { return t.Format(dayFormat) }

// decimal writes a number the Dutch way, with a decimal comma and two
// decimals: 3,67.
func decimal(f float64) string { return domain.FormatNumber(f, 2) }

// signedDecimal is decimal with a plus sign for positive numbers.
func signedDecimal(f float64) string {
	if f > 0 {
		return "+" + decimal(f)
	}
	return decimal(f)
}

// messagePage is a page with a heading, a few paragraphs and links: the
// confirmation of an external rater, a used link, too many attempts.
type messagePage struct {
	BasePage
	Heading    string
	Paragraphs []string
	Kind       string // the alert kind: ok, warning, error or "" for none
	Links      []messageLink
}

type messageLink struct{ Href, Label string }

func (p *Pages) message(c *gin.Context, status int, m messagePage) {
	m.BasePage = p.base(c, m.Heading)
	p.render(c, status, "assess_message", m)
}

// numericID reads the numeric :id of the path; one that is none is
// not_found, as a page that does not exist.
func numericID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound()
	}
	return id, nil
}

// pathID reads the numeric :id of the path, answering 404 when it is none.
func (p *Pages) pathID(c *gin.Context) (int64, bool) {
	id, ok := adminID(c)
	if !ok {
		p.ErrorPage(c, http.StatusNotFound)
	}
	return id, ok
}

// onForm returns the error a form shows to its user (invalid input or a
// conflict), or false for one that becomes an error page.
func onForm(err error) (*domain.Error, bool) {
	e, ok := domain.AsError(err)
	if ok && (e.Code == domain.EInvalid || e.Code == domain.EConflict) {
		return e, true
	}
	return nil, false
}

// ownRegisseur is the regisseur record of the signed-in regisseur; ok is
// false when the account is linked to none, after answering with a page.
func (p *Pages) ownRegisseur(c *gin.Context) (int64, bool) {
	a := domain.ActorFrom(c.Request.Context())
	if a.RegisseurID == nil {
		p.message(c, http.StatusNotFound, messagePage{Heading: "Geen regisseur gekoppeld", Kind: "warning",
			Paragraphs: []string{"Uw account is (nog) niet gekoppeld aan een regisseur in de pool. Daardoor kunt u geen zelfbeoordeling invullen en zijn er geen resultaten. Neem contact op met de functioneel beheerder."},
			Links:      []messageLink{{Href: "/", Label: "Naar de startpagina"}}})
		return 0, false
	}
	return *a.RegisseurID, true
}

// storeFailed answers a store error that no form can show: 404 for what is
// out of scope, 403, or the "something went wrong" page.
func (p *Pages) storeFailed(c *gin.Context, what string, err error) {
	switch domain.ErrorCode(err) {
	case domain.ENotFound:
		p.ErrorPage(c, http.StatusNotFound)
	case domain.EForbidden:
		p.ErrorPage(c, http.StatusForbidden)
	default:
		p.adminInternalError(c, what, err)
	}
}
