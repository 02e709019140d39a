package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// The questionnaire links page is a form, as the rater links page is: an
// e-mail field beside each link, "Links mailen" writes the mails to the
// outbox, and the page is drawn again from what was posted.

// voiceLinkView is a link as posted back: its kind, URL and expiry.
type voiceLinkView struct {
	Kind   domain.RespondentKind
	URL    string
	Until  time.Time
	Mailed string
}

func (p *Pages) renderVoiceLinks(c *gin.Context, status int, caseID int64, views []voiceLinkView, lf linksForm) {
	page := voiceLinksPage{Heading: "Links voor de vragenlijst", CaseHref: casePath(caseID), Threshold: p.App.MinRaters(),
		CopyScript: "/static/copy.js?v=" + p.assetVersion("copy.js"), MailAction: casePath(caseID) + "/vragenlijsten/mailen"}
	n := 0
	for _, k := range domain.RespondentKinds {
		g := voiceLinkGroup{Label: domain.RespondentKindLabels[k]}
		for _, v := range views {
			if v.Kind != k {
				continue
			}
			n++
			i := len(g.Links) + 1
			name := fmt.Sprintf("%d voor %s", i, strings.ToLower(g.Label))
			row := voiceLinkRow{ID: fmt.Sprintf("link-%s-%d", k, i), Label: "Link " + name, URL: v.URL, N: n, Mailed: v.Mailed,
				Email: formField{Name: "email-" + strconv.Itoa(n), Label: "E-mailadres voor link " + name, Kind: "email", Optional: true,
					Autocomplete: "off", Value: lf.typed[n], Error: lf.errs[n]}}
			if row.Email.Error != "" {
				page.Form.Errors = append(page.Form.Errors, formError{Href: "#" + row.Email.Name, Text: row.Email.Label + ": " + row.Email.Error})
			}
			if row.Mailed == "" {
				page.CanMail = true
			}
			g.Links = append(g.Links, row)
			if !v.Until.IsZero() {
				page.Until = domain.FormatDate(v.Until)
			}
		}
		if len(g.Links) > 0 {
			page.Groups = append(page.Groups, g)
		}
	}
	for _, msg := range lf.general {
		page.Form.Errors = append(page.Form.Errors, formError{Text: msg})
	}
	page.BasePage = p.base(c, formTitle(page.Heading, page.Form))
	p.render(c, status, "case_voice_links", page)
}

// handleCaseVoiceMail mails the questionnaire links that got an address.
func (p *Pages) handleCaseVoiceMail(c *gin.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	var views []voiceLinkView
	var asks []domain.VoiceLinkMail
	var at []int
	lf := linksForm{typed: map[int]string{}, errs: map[int]string{}}
	for n := 1; n <= maxMailLinks; n++ {
		url := c.PostForm("url-" + strconv.Itoa(n))
		if url == "" {
			break
		}
		v := voiceLinkView{URL: url, Kind: domain.RespondentParty}
		token := url[strings.LastIndex(url, "/")+1:]
		if inv, err := p.App.VoiceInvite(ctx, token); err == nil {
			v.Kind, v.Until = inv.Kind, inv.ExpiresAt
		}
		email := strings.TrimSpace(c.PostForm("email-" + strconv.Itoa(n)))
		lf.typed[n] = email
		if email != "" {
			asks = append(asks, domain.VoiceLinkMail{Token: url, Email: email})
			at = append(at, n)
		}
		views = append(views, v)
	}
	if len(views) == 0 {
		c.Redirect(http.StatusSeeOther, casePath(id))
		return nil
	}
	_, err = p.App.MailVoiceLinks(ctx, id, asks)
	if err == nil {
		for i, a := range asks {
			views[at[i]-1].Mailed = a.Email
			delete(lf.typed, at[i])
		}
		p.renderVoiceLinks(c, http.StatusOK, id, views, lf)
		return nil
	}
	e, ok := onForm(err)
	if !ok {
		return err
	}
	lf.addErrors(e, at)
	p.renderVoiceLinks(c, formStatus(e), id, views, lf)
	return nil
}
