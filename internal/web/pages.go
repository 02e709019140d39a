package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// BasePage carries what the layout needs on every page.
type BasePage struct {
	Title       string
	CurrentPath string
	Styles      []string
	User        *domain.Actor // nil when nobody is logged in
	UserName    string
	Nav         []NavItem
}

// NavItem is one link of the main menu.
type NavItem struct {
	Href, Label string
	Current     bool
}

func (p *Pages) base(c *gin.Context, title string) BasePage {
	b := BasePage{
		Title:       title,
		CurrentPath: c.Request.URL.Path,
		Styles: []string{
			"/static/vendor/voorbeeld-theme.css?v=" + p.assetVersion("vendor/voorbeeld-theme.css"),
			"/static/vendor/utrecht-component-library.css?v=" + p.assetVersion("vendor/utrecht-component-library.css"),
			"/static/app.css?v=" + p.assetVersion("app.css"),
		},
	}
	b.Nav = append(b.Nav, NavItem{Href: "/", Label: "Start", Current: b.CurrentPath == "/"})
	// A half-way log-in (a second factor still to give or set up) shows no
	// account in the header: it only offers its own page and log-out.
	if a := domain.ActorFrom(c.Request.Context()); a.Kind == domain.ActorUser && a.Stage == "" {
		b.User = a
		b.UserName = c.GetString(ctxUserName)
		for _, n := range navItems {
			// An item with work to wait for is shown on its own pages too
			// (after the last request was answered, say).
			current := b.CurrentPath == n.href || strings.HasPrefix(b.CurrentPath, n.href+"/")
			hasWork := navWork[n.href]
			if a.Can(n.perm) && (hasWork == nil || current || hasWork(p, c.Request.Context())) {
				b.Nav = append(b.Nav, NavItem{Href: n.href, Label: n.label, Current: b.CurrentPath == n.href})
			}
		}
	}
	return b
}

// navWork holds the menu items shown only to those for whom work waits
// there: the item's permission is not enough.
var navWork = map[string]func(p *Pages, ctx context.Context) bool{
	feedbackPath: hasFeedbackRequests,
}

// ctxUserName caches the signed-in user's display name for the layout.
const ctxUserName = "userName"

// withUser looks up the display name of the signed-in user for the header.
func (p *Pages) withUser(c *gin.Context) {
	a := domain.ActorFrom(c.Request.Context())
	if a.Kind == domain.ActorUser {
		if u, err := p.App.Me(c.Request.Context()); err == nil {
			c.Set(ctxUserName, u.Name)
		}
	}
	c.Next()
}

// require lets signed-in actors with permission perm through; anonymous
// visitors go to the log-in page and come back, others see "no access".
func (p *Pages) require(perm domain.Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		a := domain.ActorFrom(c.Request.Context())
		if a.Kind != domain.ActorUser {
			c.Redirect(http.StatusSeeOther, "/inloggen?terug="+c.Request.URL.Path)
			c.Abort()
			return
		}
		if !a.Can(perm) {
			// The refusal is audited; failing to write that row does not
			// change the answer.
			_ = p.App.DenyRoute(c.Request.Context(), perm)
			c.Abort()
			p.ErrorPage(c, http.StatusForbidden)
			return
		}
		p.withUser(c)
	}
}

type errorPage struct {
	BasePage
	Status  int
	Heading string
	Message string
}

// ErrorPage renders the Dutch page for an HTTP error status.
func (p *Pages) ErrorPage(c *gin.Context, status int) {
	e := errorPage{Status: status}
	switch status {
	case http.StatusNotFound:
		e.Heading, e.Message = "Pagina niet gevonden", "Deze pagina bestaat niet (meer), of u heeft er geen toegang toe. Controleer het adres of ga terug naar de startpagina."
	case http.StatusForbidden:
		e.Heading, e.Message = "Geen toegang", "U heeft geen toegang tot deze pagina of handeling. Denkt u dat dit niet klopt? Neem contact op met de functioneel beheerder."
	case http.StatusMethodNotAllowed:
		e.Heading, e.Message = "Dit kan hier niet", "Deze handeling is op deze pagina niet mogelijk."
	case http.StatusServiceUnavailable:
		e.Heading, e.Message = "Even niet beschikbaar", "De gegevens zijn op dit moment niet bereikbaar. Uw gegevens zijn niet verloren gegaan. Probeer het over enkele ogenblikken opnieuw."
	case http.StatusUnauthorized:
		e.Heading, e.Message = "Niet ingelogd", "U bent niet (meer) ingelogd. Log opnieuw in om verder te gaan."
	default:
		e.Heading, e.Message = "Er ging iets mis", "Er ging iets mis aan onze kant. Uw gegevens zijn niet verloren gegaan. Probeer het over enkele ogenblikken opnieuw."
	}
	e.BasePage = p.base(c, e.Heading)
	p.render(c, status, "error", e)
}
