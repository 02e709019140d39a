package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

type loginPage struct {
	BasePage
	Email string
	Back  string
	Error string
}

func (p *Pages) handleLoginForm(c *gin.Context) {
	p.render(c, http.StatusOK, "login", loginPage{BasePage: p.base(c, "Inloggen"), Back: safeBack(c.Query("terug"))})
}

// handleLogin checks the credentials, starts a fresh session (a new id at
// every log-in) and goes back to where the user wanted to be. A wrong e-mail
// and a wrong password get the same message.
func (p *Pages) handleLogin(c *gin.Context) {
	email := strings.TrimSpace(c.PostForm("email"))
	back := safeBack(c.PostForm("terug"))
	page := loginPage{BasePage: p.base(c, "Inloggen"), Email: email, Back: back}
	ctx := c.Request.Context()
	if p.Guard != nil {
		if ok, wait := p.Guard.Allow(c.ClientIP()); !ok {
			c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			page.Error = "Te veel inlogpogingen vanaf dit adres. Probeer het over een minuut opnieuw."
			page.Title = "Fout: Inloggen"
			p.render(c, http.StatusTooManyRequests, "login", page)
			return
		}
	}
	userID, err := p.DB.Authenticate(ctx, email, c.PostForm("password"), c.ClientIP())
	if err != nil {
		e, ok := domain.AsError(err)
		if !ok {
			p.Log.Error("login", "requestId", c.GetString("requestID"), "err", err)
			p.ErrorPage(c, http.StatusInternalServerError)
			return
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
		return
	}
	// A session cookie from before the log-in is ended, never reused.
	if old, err := c.Cookie(auth.SessionCookieName(p.SecureCookies)); err == nil && old != "" {
		_ = p.DB.DeleteSession(ctx, old)
	}
	token, err := p.DB.CreateSession(ctx, userID)
	if err != nil {
		p.Log.Error("create session", "requestId", c.GetString("requestID"), "err", err)
		p.ErrorPage(c, http.StatusInternalServerError)
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: auth.SessionCookieName(p.SecureCookies), Value: token, Path: "/",
		MaxAge:   int(postgres.SessionAbsoluteTimeout / time.Second),
		HttpOnly: true, Secure: p.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	c.Redirect(http.StatusSeeOther, back)
}

func (p *Pages) handleLogout(c *gin.Context) {
	name := auth.SessionCookieName(p.SecureCookies)
	if token, err := c.Cookie(name); err == nil && token != "" {
		if err := p.DB.DeleteSession(c.Request.Context(), token); err != nil {
			p.Log.Error("logout", "requestId", c.GetString("requestID"), "err", err)
		}
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: p.SecureCookies, SameSite: http.SameSiteLaxMode})
	c.Redirect(http.StatusSeeOther, "/")
}

// safeBack keeps redirects after log-in on this site: only local paths.
func safeBack(s string) string {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.Contains(s, "\\") {
		return "/"
	}
	return s
}
