package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// accountPath is the signed-in user's own account: change the password.
const accountPath = "/account"

type accountPage struct {
	BasePage
	Form   form
	Notice string
	// IsRegisseur shows the link to who read their data.
	IsRegisseur bool
}

func accountForm() form {
	return form{Action: accountPath, Fields: []formField{
		{Name: "currentPassword", Label: "Huidig wachtwoord", Kind: "password", Required: true, Autocomplete: "current-password"},
		{Name: "password", Label: "Nieuw wachtwoord", Kind: "password", Required: true, Autocomplete: "new-password",
			Description: fmt.Sprintf("Ten minste %d tekens. Na het wijzigen bent u op al uw andere apparaten uitgelogd en zijn uw API-tokens ongeldig.", auth.MinPasswordLength)},
		{Name: "passwordRepeat", Label: "Nieuw wachtwoord nogmaals", Kind: "password", Required: true, Autocomplete: "new-password"},
	}}
}

func (p *Pages) showAccount(c *gin.Context, status int, f form, notice string) error {
	p.render(c, status, "account", accountPage{BasePage: p.base(c, formTitle("Mijn account", f)), Form: f, Notice: notice,
		IsRegisseur: domain.ActorFrom(c.Request.Context()).RegisseurID != nil})
	return nil
}

func (p *Pages) handleAccount(c *gin.Context) error {
	notice := ""
	if c.Query("gewijzigd") == "1" {
		notice = "Uw wachtwoord is gewijzigd. Op uw andere apparaten bent u uitgelogd."
	}
	return p.showAccount(c, http.StatusOK, accountForm(), notice)
}

// handleAccountPassword changes the user's own password. The store checks the
// current password and the password rules; every session and token of the
// user ends, and this browser gets a fresh session.
func (p *Pages) handleAccountPassword(c *gin.Context) error {
	f := accountForm()
	if p.Guard != nil {
		if ok, wait := p.Guard.Allow(c.ClientIP()); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			f.addErrors(domain.FieldError{Name: "currentPassword", Code: "throttled", Reason: "Te veel pogingen vanaf dit adres. Probeer het over een minuut opnieuw."})
			return p.showAccount(c, http.StatusTooManyRequests, f, "")
		}
	}
	current, next, repeat := c.PostForm("currentPassword"), c.PostForm("password"), c.PostForm("passwordRepeat")
	var fes []domain.FieldError
	if current == "" {
		fes = append(fes, domain.FieldError{Name: "currentPassword", Code: "required", Reason: "Vul uw huidige wachtwoord in."})
	}
	if next == "" {
		fes = append(fes, domain.FieldError{Name: "password", Code: "required", Reason: "Vul een nieuw wachtwoord in."})
	} else if repeat != next {
		fes = append(fes, domain.FieldError{Name: "passwordRepeat", Code: "mismatch", Reason: "Vul hetzelfde nieuwe wachtwoord nogmaals in."})
	}
	if len(fes) > 0 {
		f.addErrors(fes...)
		return p.showAccount(c, http.StatusBadRequest, f, "")
	}
	token, err := p.App.ChangeOwnPassword(c.Request.Context(), current, next)
	if e, ok := onForm(err); ok {
		f.fail(e)
		return p.showAccount(c, formStatus(e), f, "")
	}
	if err != nil {
		return err
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: auth.SessionCookieName(p.SecureCookies), Value: token, Path: "/",
		MaxAge:   int(domain.SessionAbsoluteTimeout / time.Second),
		HttpOnly: true, Secure: p.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	c.Redirect(http.StatusSeeOther, accountPath+"?gewijzigd=1")
	return nil
}
