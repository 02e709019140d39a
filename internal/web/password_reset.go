package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// "Wachtwoord vergeten": ask for a link by e-mail at passwordForgotPath,
// choose a new password at the link (passwordResetPath + token). The answer
// to a request is the same whether or not the address has an account.
const (
	passwordForgotPath = domain.PasswordForgotPath
	passwordResetPath  = domain.PasswordResetPath
)

// passwordChangedPath is the log-in page saying the password was reset.
const passwordChangedPath = "/inloggen?wachtwoord=gewijzigd"

type passwordForgotPage struct {
	BasePage
	Form form
	Sent bool // the request was taken: "if the address has an account…"
}

func forgotForm(email string) form {
	return form{Action: passwordForgotPath, Fields: []formField{
		{Name: "email", Label: "E-mailadres", Kind: "email", Required: true, Autocomplete: "username", Value: email,
			Description: "Het e-mailadres waarmee u inlogt. Als daar een account bij hoort, sturen we er een link naartoe om een nieuw wachtwoord te kiezen."},
	}}
}

func (p *Pages) showForgot(c *gin.Context, status int, page passwordForgotPage) error {
	page.BasePage = p.base(c, formTitle("Wachtwoord vergeten", page.Form))
	p.render(c, status, "password_forgot", page)
	return nil
}

func (p *Pages) handlePasswordForgotForm(c *gin.Context) error {
	return p.showForgot(c, http.StatusOK, passwordForgotPage{Form: forgotForm("")})
}

// handlePasswordForgot takes a request for a reset link. Whether the
// address has an account is never shown: the page says the same either way.
func (p *Pages) handlePasswordForgot(c *gin.Context) error {
	email := strings.TrimSpace(c.PostForm("email"))
	f := forgotForm(email)
	if email == "" {
		f.addErrors(domain.FieldError{Name: "email", Code: "required", Reason: "Vul uw e-mailadres in."})
		return p.showForgot(c, http.StatusBadRequest, passwordForgotPage{Form: f})
	}
	if _, fe := domain.ParseEmail("email", email); fe != nil {
		f.addErrors(*fe)
		return p.showForgot(c, http.StatusBadRequest, passwordForgotPage{Form: f})
	}
	if p.Guard != nil {
		if ok, wait := p.Guard.Allow(c.ClientIP()); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			f.addErrors(domain.FieldError{Name: "email", Code: "throttled", Reason: "Te veel pogingen vanaf dit adres. Probeer het over een minuut opnieuw."})
			return p.showForgot(c, http.StatusTooManyRequests, passwordForgotPage{Form: f})
		}
	}
	err := p.App.RequestPasswordReset(c.Request.Context(), email, c.ClientIP())
	if e, ok := domain.AsError(err); ok && e.Code == domain.ETooManyRequests {
		c.Header("Retry-After", strconv.Itoa(e.RetryAfter))
		f.addErrors(domain.FieldError{Name: "email", Code: "throttled", Reason: e.Message})
		return p.showForgot(c, http.StatusTooManyRequests, passwordForgotPage{Form: f})
	}
	if err != nil {
		return err
	}
	return p.showForgot(c, http.StatusOK, passwordForgotPage{Form: forgotForm(""), Sent: true})
}

type passwordResetPage struct {
	BasePage
	Form form
}

func resetForm(token string) form {
	return form{Action: passwordResetPath + token, Fields: []formField{
		{Name: "password", Label: "Nieuw wachtwoord", Kind: "password", Required: true, Autocomplete: "new-password",
			Description: fmt.Sprintf("Ten minste %d tekens. Daarna bent u op al uw apparaten uitgelogd en werken uw API-tokens niet meer.", auth.MinPasswordLength)},
		{Name: "passwordRepeat", Label: "Nieuw wachtwoord nogmaals", Kind: "password", Required: true, Autocomplete: "new-password"},
	}}
}

func (p *Pages) showReset(c *gin.Context, status int, f form) error {
	p.render(c, status, "password_reset", passwordResetPage{BasePage: p.base(c, formTitle("Nieuw wachtwoord kiezen", f)), Form: f})
	return nil
}

// resetGone tells that a reset link was used or expired, with 410.
func (p *Pages) resetGone(c *gin.Context) error {
	p.message(c, http.StatusGone, messagePage{Heading: "Deze link werkt niet meer", Kind: "warning",
		Paragraphs: []string{fmt.Sprintf("Een link om een nieuw wachtwoord te kiezen werkt één keer en %d minuten lang. Deze link is al gebruikt of verlopen.",
			int(auth.PasswordResetExpires.Minutes()))},
		Links: []messageLink{{Href: passwordForgotPath, Label: "Vraag een nieuwe link aan"}}})
	return nil
}

func (p *Pages) handlePasswordResetForm(c *gin.Context) error {
	token := c.Param("token")
	if err := p.App.CheckPasswordReset(c.Request.Context(), token); err != nil {
		if domain.ErrorCode(err) == domain.EGone {
			return p.resetGone(c)
		}
		return err
	}
	return p.showReset(c, http.StatusOK, resetForm(token))
}

// handlePasswordReset sets the new password and sends the user to log in
// with it.
func (p *Pages) handlePasswordReset(c *gin.Context) error {
	token := c.Param("token")
	f := resetForm(token)
	next, repeat := c.PostForm("password"), c.PostForm("passwordRepeat")
	var fes []domain.FieldError
	if next == "" {
		fes = append(fes, domain.FieldError{Name: "password", Code: "required", Reason: "Vul een nieuw wachtwoord in."})
	} else if repeat != next {
		fes = append(fes, domain.FieldError{Name: "passwordRepeat", Code: "mismatch", Reason: "Vul hetzelfde nieuwe wachtwoord nogmaals in."})
	}
	if len(fes) > 0 {
		if err := p.App.CheckPasswordReset(c.Request.Context(), token); domain.ErrorCode(err) == domain.EGone {
			return p.resetGone(c)
		}
		f.addErrors(fes...)
		return p.showReset(c, http.StatusBadRequest, f)
	}
	err := p.App.ResetPassword(c.Request.Context(), token, next)
	if domain.ErrorCode(err) == domain.EGone {
		return p.resetGone(c)
	}
	if e, ok := onForm(err); ok {
		f.fail(e)
		return p.showReset(c, formStatus(e), f)
	}
	if err != nil {
		return err
	}
	p.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, passwordChangedPath)
	return nil
}
