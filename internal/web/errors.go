package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// handlerFunc is a page handler: it renders its page and returns nil, or
// returns an error that wrap turns into the right error page. Errors that a
// form can show (invalid input, conflicts) are shown on the form by the
// handler itself and never returned.
type handlerFunc func(c *gin.Context) error

// wrap adapts a page handler to gin, the one place where errors become pages:
// not_found 404 (out of scope looks the same as missing), forbidden 403,
// unauthenticated the log-in page, invalid 400 and conflict 409 with the
// domain error's Dutch message, anything else is logged and answered with
// the "something went wrong" page. Internal text never reaches the user.
func (p *Pages) wrap(h handlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			p.fail(c, err)
		}
	}
}

// fail answers a request with the page for err; see wrap.
func (p *Pages) fail(c *gin.Context, err error) {
	err = domain.ForRequest(c.Request.Context(), err)
	e, ok := domain.AsError(err)
	switch {
	case ok && e.Code == domain.ECanceled:
		// The client went away: nobody reads the answer.
		p.Log.Info("request canceled", "requestId", c.GetString("requestID"))
		c.Status(499)
	case ok && e.Code == domain.EUnavailable:
		p.Log.Warn("database unavailable", "route", c.FullPath(), "requestId", c.GetString("requestID"), "err", err)
		c.Header("Retry-After", "5")
		p.ErrorPage(c, http.StatusServiceUnavailable)
	case !ok || e.Code == domain.EInternal:
		p.Log.Error("page failed", "route", c.FullPath(), "requestId", c.GetString("requestID"), "err", err)
		p.ErrorPage(c, http.StatusInternalServerError)
	case e.Code == domain.ENotFound:
		p.ErrorPage(c, http.StatusNotFound)
	case e.Code == domain.EForbidden:
		p.ErrorPage(c, http.StatusForbidden)
	case e.Code == domain.EUnauthenticated:
		c.Redirect(http.StatusSeeOther, "/inloggen?terug="+c.Request.URL.Path)
	case e.Code == domain.EConflict:
		p.refused(c, http.StatusConflict, e.Message)
	default:
		p.refused(c, http.StatusBadRequest, e.Message)
	}
}

// refused answers a request that no form can show again with a readable
// Dutch message.
func (p *Pages) refused(c *gin.Context, status int, text string) {
	p.message(c, status, messagePage{Heading: "Dit kan zo niet", Kind: "error", Paragraphs: []string{text},
		Links: []messageLink{{Href: "/", Label: "Naar de startpagina"}}})
}

// pathID reads the numeric :id of the path; anything else is not_found, as a
// page that does not exist.
func pathID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound()
	}
	return id, nil
}

// onForm returns the error a form shows again to its user: invalid input or
// a conflict. Any other error goes back to wrap.
func onForm(err error) (*domain.Error, bool) {
	e, ok := domain.AsError(err)
	if ok && (e.Code == domain.EInvalid || e.Code == domain.EConflict) {
		return e, true
	}
	return nil, false
}

// notFound is the error for a page that does not exist (or is out of scope).
func notFound() error {
	return domain.Errorf(domain.ENotFound, "not_found", "Deze pagina bestaat niet.")
}

// InputRefused answers input the server refused before any handler ran
// (bad characters, a body too large) with a readable Dutch page.
func (p *Pages) InputRefused(c *gin.Context, status int, text string) { p.refused(c, status, text) }
