package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// handleRoundProposal lets a regisseur propose a 360 round about themself:
// a deadline and how many external raters per group. It opens when their
// coach approves it on the round page; the coach then hands out the links.
func (p *Pages) handleRoundProposal(c *gin.Context) {
	rid, ok := p.ownRegisseur(c)
	if !ok {
		return
	}
	var fes []domain.FieldError
	deadline, fe := readDeadline(c.PostForm("deadline"))
	if fe != nil {
		fes = append(fes, *fe)
	}
	var raters []domain.NewRater
	for _, g := range externalGroups {
		name := "extern-" + string(g.group)
		v := c.PostForm(name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 30 {
			fes = append(fes, domain.FieldError{Name: name, Code: "range", Reason: g.label + ": vul een aantal van 0 tot en met 30 in."})
			continue
		}
		for i := 0; i < n; i++ {
			raters = append(raters, domain.NewRater{Group: string(g.group)})
		}
	}
	if fes == nil && len(raters) == 0 {
		fes = append(fes, domain.FieldError{Name: "extern-partner", Code: "required", Reason: "Nodig ten minste één beoordelaar uit."})
	}
	if fes == nil {
		_, err := p.DB.ProposeFeedbackRound(c.Request.Context(), rid, deadline, raters)
		if err == nil {
			c.Redirect(http.StatusSeeOther, "/mijn-resultaten?voorgesteld=1")
			return
		}
		e, ok := domain.AsError(err)
		if !ok {
			p.storeFailed(c, "propose round", err)
			return
		}
		fes = append(fes, e.Fields...)
		if len(e.Fields) == 0 {
			fes = append(fes, domain.FieldError{Name: "deadline", Code: e.Key, Reason: e.Message})
		}
	}
	c.Redirect(http.StatusSeeOther, "/mijn-resultaten?voorstelfout="+url.QueryEscape(fes[0].Reason))
}
