package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The links page of a 360 round (shown once after raters were added) is a
// form: beside each link an e-mail field, and "Links mailen" writes the
// invitations to the outbox. The page is drawn again from what was posted
// (the store checks each link against its rater), so the links that were
// not mailed stay on screen.

// maxMailLinks bounds the links one post may carry.
const maxMailLinks = 100

// linksForm is what the mail form of the links page holds besides the
// links: the typed addresses and their errors by link number, and errors
// of no link.
type linksForm struct {
	typed, errs map[int]string
	general     []string
}

// addErrors puts the store's refusal of a mail post on the form: an error
// on links[k] beside the k-th link that was asked for (at[k] is its link
// number), any other as an error of no link.
func (lf *linksForm) addErrors(e *domain.Error, at []int) {
	for _, fe := range e.Fields {
		var k int
		if _, err := fmt.Sscanf(fe.Name, "links[%d]", &k); err != nil || k < 0 || k >= len(at) {
			lf.general = append(lf.general, fe.Reason)
			continue
		}
		lf.errs[at[k]] = strings.TrimSpace(lf.errs[at[k]] + " " + fe.Reason)
	}
	if len(e.Fields) == 0 {
		lf.general = append(lf.general, e.Message)
	}
}

// renderLinks draws the links page; views carry RaterID, URL, the group's
// one-word name in Label, and Mailed.
func (p *Pages) renderLinks(c *gin.Context, status int, heading string, round domain.FeedbackRound, views []raterLinkView, lf linksForm) {
	page := linksPage{BasePage: p.base(c, heading), Heading: heading, Regisseur: round.RegisseurName, RoundHref: roundPath(round.ID),
		CopyScript: "/static/copy.js?v=" + p.assetVersion("copy.js")}
	if round.Status == domain.RoundOpen {
		page.MailAction = roundPath(round.ID) + "/links-mailen"
	}
	count := map[string]int{}
	for i, v := range views {
		group := v.Label
		count[group]++
		n := i + 1
		name := group + " " + strconv.Itoa(count[group])
		v.N, v.ID, v.Label = n, "link-"+strconv.Itoa(n), "Link voor "+name
		v.Email = formField{Name: "email-" + strconv.Itoa(n), Label: "E-mailadres voor " + name, Kind: "email", Optional: true,
			Autocomplete: "off", Value: lf.typed[n], Error: lf.errs[n]}
		if v.Email.Error != "" {
			page.Form.Errors = append(page.Form.Errors, formError{Href: "#" + v.Email.Name, Text: v.Email.Label + ": " + v.Email.Error})
		}
		if v.Mailed == "" {
			page.CanMail = true
		}
		page.Links = append(page.Links, v)
	}
	for _, g := range lf.general {
		page.Form.Errors = append(page.Form.Errors, formError{Text: g})
	}
	page.Title = formTitle(heading, page.Form)
	p.render(c, status, "assess_links", page)
}

// handleRoundMailLinks mails the links that got an address, and shows the
// links again saying which were mailed.
func (p *Pages) handleRoundMailLinks(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	round, err := p.App.FeedbackRound(ctx, id)
	if err != nil {
		return err
	}
	groups := map[int64]domain.RaterGroup{}
	for _, r := range round.Raters {
		if r.External {
			groups[r.ID] = r.Group
		}
	}
	var views []raterLinkView
	var asks []domain.RaterLinkMail
	var at []int // the link number of each ask
	lf := linksForm{typed: map[int]string{}, errs: map[int]string{}}
	for n := 1; n <= maxMailLinks; n++ {
		raterID, err := strconv.ParseInt(c.PostForm("rater-"+strconv.Itoa(n)), 10, 64)
		if err != nil {
			break
		}
		g, ok := groups[raterID]
		if !ok {
			return domain.Errorf(domain.EInvalid, "link", "Deze link hoort niet bij deze feedbackronde.")
		}
		url := c.PostForm("url-" + strconv.Itoa(n))
		email := strings.TrimSpace(c.PostForm("email-" + strconv.Itoa(n)))
		lf.typed[n] = email
		if email != "" {
			asks = append(asks, domain.RaterLinkMail{RaterID: raterID, Token: url, Email: email})
			at = append(at, n)
		}
		views = append(views, raterLinkView{RaterID: raterID, URL: url, Label: g.Names().One})
	}
	if len(views) == 0 {
		c.Redirect(http.StatusSeeOther, roundPath(id))
		return nil
	}
	const heading = "Links voor externe beoordelaars"
	_, err = p.App.MailRaterLinks(ctx, id, asks)
	if err == nil {
		for i, a := range asks {
			views[at[i]-1].Mailed = a.Email
			delete(lf.typed, at[i])
		}
		p.renderLinks(c, http.StatusOK, heading, round, views, lf)
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	lf.addErrors(e, at)
	p.renderLinks(c, formStatus(e), heading, round, views, lf)
	return nil
}
