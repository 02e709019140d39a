package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// Sign-in through an organisation's identity provider (OIDC): the log-in
// page shows a button per provider; it posts here, the browser goes to the
// provider and comes back at app.OIDCCallbackPath.
const oidcPath = "/inloggen/oidc/"

// oidcCookieName is the cookie that binds an OIDC log-in to the browser
// that started it (only its hash is stored with the state).
func oidcCookieName(secure bool) string {
	if secure {
		return "__Host-regiepool_oidc"
	}
	return "regiepool_oidc"
}

func (p *Pages) setOIDCCookie(c *gin.Context, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: oidcCookieName(p.SecureCookies), Value: value, Path: "/", MaxAge: maxAge,
		// Lax: the cookie comes along on the provider's redirect back (a
		// top-level GET), never on another site's POST.
		HttpOnly: true, Secure: p.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

// handleOIDCStart sends the browser to the identity provider.
func (p *Pages) handleOIDCStart(c *gin.Context) error {
	back := safeBack(c.PostForm("terug"))
	authURL, secret, err := p.App.StartOIDCLogIn(c.Request.Context(), c.Param("provider"), back)
	if err != nil {
		return p.oidcFailed(c, err)
	}
	p.setOIDCCookie(c, secret, int(domain.OIDCLoginLifetime.Seconds()))
	c.Redirect(http.StatusSeeOther, authURL)
	return nil
}

// handleOIDCReturn completes the log-in when the provider sends the browser
// back: a session like a password log-in, or the log-in page saying in
// Dutch why not.
func (p *Pages) handleOIDCReturn(c *gin.Context) error {
	secret, _ := c.Cookie(oidcCookieName(p.SecureCookies))
	old, _ := c.Cookie(auth.SessionCookieName(p.SecureCookies))
	p.setOIDCCookie(c, "", -1) // one log-in, one cookie
	token, back, err := p.App.FinishOIDCLogIn(c.Request.Context(), c.Param("provider"), app.OIDCReturn{
		State: c.Query("state"), Code: c.Query("code"), Error: c.Query("error"), BrowserSecret: secret, OldToken: old,
	})
	if err != nil {
		return p.oidcFailed(c, err)
	}
	p.setSessionCookie(c, token)
	c.Redirect(http.StatusSeeOther, safeBack(back))
	return nil
}

// oidcFailed shows the log-in page with what went wrong; the cause, which
// may hold the provider's own words, goes to the log only.
func (p *Pages) oidcFailed(c *gin.Context, err error) error {
	e, ok := domain.AsError(err)
	if !ok || e.Code == domain.EInternal {
		return err
	}
	if e.Code == domain.ENotFound {
		return err
	}
	if errors.Unwrap(err) != nil {
		p.Log.Warn("oidc log-in refused", "requestId", c.GetString("requestID"), "err", err)
	}
	status := map[string]int{domain.EUnauthenticated: http.StatusUnauthorized, domain.EForbidden: http.StatusForbidden,
		domain.EConflict: http.StatusConflict, domain.EUnavailable: http.StatusServiceUnavailable}[e.Code]
	if status == 0 {
		status = http.StatusBadRequest
	}
	page := p.loginPageFor(c)
	page.Error = e.Message
	page.Title = "Fout: Inloggen"
	if strings.HasPrefix(e.Key, "waiting_for_roles") {
		page.Title = "Inloggen: account wacht op rollen"
	}
	p.render(c, status, "login", page)
	return nil
}

// loginPageFor is the log-in page as first shown: the e-mail form, a button
// per identity provider, back to where the user wanted to go.
func (p *Pages) loginPageFor(c *gin.Context) loginPage {
	back := c.Query("terug")
	if back == "" {
		back = c.PostForm("terug")
	}
	return loginPage{BasePage: p.base(c, "Inloggen"), Back: safeBack(back), Providers: p.App.OIDCButtons()}
}
