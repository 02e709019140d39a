package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

type loginPage struct {
	BasePage
	Email string
	Back  string
	Error string
	// EmailError and PasswordError say which field of the form was left
	// empty; the summary links to them.
	EmailError, PasswordError string
	LoggedOut                 bool // "U bent uitgelogd." after log-out
	// Providers are the organisations' identity providers (signin_oidc.go).
	Providers     []app.OIDCButton
	PasswordReset bool // the password was just reset
}

// loggedOutPath is the log-in page saying that the user logged out.
const loggedOutPath = "/inloggen?uitgelogd=1"

func (p *Pages) handleLoginForm(c *gin.Context) error {
	page := p.loginPageFor(c)
	page.LoggedOut = c.Query("uitgelogd") == "1"
	page.PasswordReset = c.Query("wachtwoord") == "gewijzigd"
	p.render(c, http.StatusOK, "login", page)
	return nil
}

// handleLogin checks the credentials, starts a fresh session (a new id at
// every log-in) and goes back to where the user wanted to be. A wrong e-mail
// and a wrong password get the same message.
func (p *Pages) handleLogin(c *gin.Context) error {
	email := strings.TrimSpace(c.PostForm("email"))
	back := safeBack(c.PostForm("terug"))
	page := loginPage{BasePage: p.base(c, "Inloggen"), Email: email, Back: back, Providers: p.App.OIDCButtons()}
	// An empty field is told per field, before any credential is checked
	// (so it costs no attempt).
	if email == "" {
		page.EmailError = "Vul uw e-mailadres in."
	}
	if c.PostForm("password") == "" {
		page.PasswordError = "Vul uw wachtwoord in."
	}
	if page.EmailError != "" || page.PasswordError != "" {
		page.Title = "Fout: Inloggen"
		p.render(c, http.StatusBadRequest, "login", page)
		return nil
	}
	if p.Guard != nil {
		if ok, wait := p.Guard.Allow(c.ClientIP()); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			page.Error = "Te veel inlogpogingen vanaf dit adres. Probeer het over een minuut opnieuw."
			page.Title = "Fout: Inloggen"
			p.render(c, http.StatusTooManyRequests, "login", page)
			return nil
		}
	}
	cookieName := auth.SessionCookieName(p.SecureCookies)
	// A session cookie from before the log-in is ended, never reused.
	old, _ := c.Cookie(cookieName)
	token, err := p.App.LogIn(c.Request.Context(), email, c.PostForm("password"), c.ClientIP(), old)
	if err != nil {
		e, ok := domain.AsError(err)
		if !ok {
			return err
		}
		// 400 like any form with an error; the page says what went wrong.
		status := http.StatusBadRequest
		if e.Code == domain.ETooManyRequests {
			status = http.StatusTooManyRequests
			c.Header("Retry-After", strconv.Itoa(e.RetryAfter))
		}
		page.Error = e.Message
		page.Title = "Fout: Inloggen"
		p.render(c, status, "login", page)
		return nil
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: cookieName, Value: token, Path: "/",
		MaxAge:   int(domain.SessionAbsoluteTimeout / time.Second),
		HttpOnly: true, Secure: p.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	c.Redirect(http.StatusSeeOther, back)
	return nil
}

// handleLogout ends this session only and clears the cookie; the user's
// other sessions and API tokens stay valid ("Overal uitloggen" ends those).
// Failing to end the session is logged; the cookie is cleared all the same.
func (p *Pages) handleLogout(c *gin.Context) error {
	name := auth.SessionCookieName(p.SecureCookies)
	if token, err := c.Cookie(name); err == nil && token != "" {
		if err := p.App.LogOut(c.Request.Context(), token); err != nil {
			p.Log.Error("logout", "requestId", c.GetString("requestID"), "err", err)
		}
	}
	p.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, loggedOutPath)
	return nil
}

// handleLogoutEverywhere ends every session and API token of the user, on
// every device, and says so on the start page. When that fails the user
// sees the error page and stays signed in: nothing may suggest that a lost
// device was signed out when it was not.
func (p *Pages) handleLogoutEverywhere(c *gin.Context) error {
	if err := p.App.LogOutEverywhere(c.Request.Context()); err != nil {
		return err
	}
	p.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, loggedOutEverywherePath)
	return nil
}

// loggedOutEverywherePath is the start page saying that every session and
// token has ended.
const loggedOutEverywherePath = "/?uitgelogd=overal"

func (p *Pages) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: auth.SessionCookieName(p.SecureCookies), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: p.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// safeBack keeps the redirect after log-in on this site: it returns s when s
// is a path on this origin ("/casussen/3?tab=log") and "/" otherwise. Browsers
// drop tabs and newlines from a Location and read a backslash as "/", so
// "/<tab>/evil.example" and "/<backslash>evil.example" lead off-site just
// like "//evil.example"; anything that is not plainly a local path is refused.
func safeBack(s string) string {
	if !localPath(s) {
		return "/"
	}
	return s
}

func localPath(s string) bool {
	if len(s) > 2048 || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || !plainText(s) {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	// Decoded, the path must hold no trick either ("/%2F%2Fevil.example",
	// "/%09/evil.example", "/%5Cevil.example"): a proxy may decode it.
	return !strings.HasPrefix(u.Path, "//") && plainText(u.Path)
}

// plainText reports whether s is valid UTF-8 without backslashes, control or
// format characters.
func plainText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\\' || !unicode.IsGraphic(r) {
			return false
		}
	}
	return true
}
