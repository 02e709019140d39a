package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/domain"
)

type homePage struct {
	BasePage
	RoleLabels []string
	// LoggedOutEverywhere confirms that "Overal uitloggen" ended every
	// session and token.
	LoggedOutEverywhere bool
	// Home holds a section per role of the signed-in user.
	Home app.Home
}

// handleHome is the start page: for a signed-in user their to-dos per
// role (app.Home), for a visitor what Regiepool is.
func (p *Pages) handleHome(c *gin.Context) error {
	// The coach dashboard is the start page of someone who is only a coach;
	// "?start=1" shows the start page itself.
	if a := domain.ActorFrom(c.Request.Context()); a.Has(domain.RoleCoach) && len(a.Roles) == 1 && c.Query("start") == "" {
		c.Redirect(http.StatusSeeOther, coachPath)
		return nil
	}
	b := p.base(c, "Regiepool")
	page := homePage{BasePage: b, LoggedOutEverywhere: b.User == nil && c.Query("uitgelogd") == "overal"}
	if b.User != nil {
		for _, r := range b.User.Roles {
			page.RoleLabels = append(page.RoleLabels, domain.RoleLabels[r])
		}
		h, err := p.App.Home(c.Request.Context())
		if err != nil {
			return err
		}
		page.Home = h
	}
	p.render(c, http.StatusOK, "home", page)
	return nil
}
