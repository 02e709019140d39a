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
func (p *Pages) handleRoundProposal(c *gin.Context) error {
	rid, ok := p.ownRegisseur(c)
	if !ok {
		return nil
	}
	var fes []domain.FieldError
	deadline, fe := readDeadline(c.PostForm("deadline"))
	if fe != nil {
		fes = append(fes, *fe)
	}
	var raters []domain.NewRater
	for _, g := range domain.LinkRaterGroups {
		name := externalName(g)
		v := c.PostForm(name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxExternal {
			fes = append(fes, domain.FieldError{Name: name, Code: "range", Reason: externalLabel(g) + ": vul een aantal van 0 tot en met " + strconv.Itoa(maxExternal) + " in."})
			continue
		}
		for range n {
			raters = append(raters, domain.NewRater{Group: g})
		}
	}
	if fes == nil && len(raters) == 0 {
		fes = append(fes, domain.FieldError{Name: externalName(domain.GroupPartner), Code: "required", Reason: "Nodig ten minste één beoordelaar uit."})
	}
	if fes == nil {
		_, err := p.App.ProposeFeedbackRound(c.Request.Context(), rid, deadline, raters)
		if err == nil {
			c.Redirect(http.StatusSeeOther, myResultsPath+"?voorgesteld=1")
			return nil
		}
		e, ok := domain.AsError(err)
		if !ok {
			return err
		}
		fes = append(fes, e.Fields...)
		if len(e.Fields) == 0 {
			fes = append(fes, domain.FieldError{Name: "deadline", Code: e.Key, Reason: e.Message})
		}
	}
	c.Redirect(http.StatusSeeOther, myResultsPath+"?voorstelfout="+url.QueryEscape(fes[0].Reason))
	return nil
}
