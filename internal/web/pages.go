package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// BasePage carries what the layout needs on every page.
type BasePage struct {
	Title       string
	CurrentPath string
	Styles      []string
}

func (p *Pages) base(c *gin.Context, title string) BasePage {
	return BasePage{
		Title:       title,
		CurrentPath: c.Request.URL.Path,
		Styles: []string{
			"/static/vendor/voorbeeld-theme.css?v=" + p.assetVersion("vendor/voorbeeld-theme.css"),
			"/static/vendor/utrecht-component-library.css?v=" + p.assetVersion("vendor/utrecht-component-library.css"),
			"/static/app.css?v=" + p.assetVersion("app.css"),
		},
	}
}

// Register mounts the pages on r.
func (p *Pages) Register(r *gin.Engine) {
	r.GET("/static/*filepath", p.handleStatic)
	r.GET("/", p.handleHome)
}

type homePage struct {
	BasePage
}

func (p *Pages) handleHome(c *gin.Context) {
	p.render(c, http.StatusOK, "home", homePage{BasePage: p.base(c, "Regiepool")})
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
	case http.StatusMethodNotAllowed:
		e.Heading, e.Message = "Dit kan hier niet", "Deze handeling is op deze pagina niet mogelijk."
	default:
		e.Heading, e.Message = "Er ging iets mis", "Er ging iets mis aan onze kant. Uw gegevens zijn niet verloren gegaan. Probeer het over enkele ogenblikken opnieuw."
	}
	e.BasePage = p.base(c, e.Heading)
	p.render(c, status, "error", e)
}
