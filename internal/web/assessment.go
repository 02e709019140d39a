package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

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
