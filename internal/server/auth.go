package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/problem"
)

// authenticate puts the actor of the request in its context: from the
// bearer token on the API, from the session cookie on pages, anonymous
// otherwise. A bad bearer token is refused at once; a stale cookie is
// cleared and the request goes on anonymously (the page may ask to log in).
func authenticate(a *app.App, secureCookies bool, page func(c *gin.Context, status int)) gin.HandlerFunc {
	cookieName := auth.SessionCookieName(secureCookies)
	return func(c *gin.Context) {
		ctx := domain.WithActor(c.Request.Context(), &domain.Actor{
			Kind: domain.ActorAnonymous, RequestID: c.GetString(ctxRequestID), ClientAddr: c.ClientIP(),
		})
		var actor *domain.Actor
		var err error
		if isAPI(c.Request.URL.Path) {
			if hdr := c.GetHeader("Authorization"); hdr != "" {
				token, ok := strings.CutPrefix(hdr, "Bearer ")
				if !ok {
					token = ""
				}
				if actor, err = a.TokenActor(ctx, strings.TrimSpace(token)); err != nil {
					refuse(c, err, page)
					return
				}
			}
		} else if cookie, cerr := c.Cookie(cookieName); cerr == nil && cookie != "" {
			if actor, err = a.SessionActor(ctx, cookie); err != nil {
				if domain.ErrorCode(err) != domain.EUnauthenticated {
					refuse(c, err, page)
					return
				}
				clearCookie(c, cookieName, secureCookies)
				actor = nil
			}
		}
		if actor != nil {
			ctx = domain.WithActor(ctx, actor)
		}
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

func refuse(c *gin.Context, err error, page func(c *gin.Context, status int)) {
	p := problem.FromError(err)
	if p.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="regiepool", error="invalid_token"`)
	}
	// A database that does not answer while the session or token is looked
	// up is a 503 like any other, with the same Retry-After.
	if e, ok := domain.AsError(err); ok && e.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	if isAPI(c.Request.URL.Path) {
		c.Header("Content-Type", problem.ContentType)
		c.AbortWithStatusJSON(p.Status, p)
		return
	}
	c.Abort()
	page(c, p.Status)
}

func clearCookie(c *gin.Context, name string, secure bool) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// crossOriginProtection refuses state-changing requests that a browser sends
// from another origin (CSRF), using Go's Sec-Fetch-Site/Origin check. API
// clients that are not browsers send neither header and pass.
func crossOriginProtection(page func(c *gin.Context, status int)) gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			if isAPI(c.Request.URL.Path) {
				p := problem.New(http.StatusForbidden, "Verzoeken van een andere website worden geweigerd.")
				c.Header("Content-Type", problem.ContentType)
				c.AbortWithStatusJSON(http.StatusForbidden, p)
				return
			}
			c.Abort()
			page(c, http.StatusForbidden)
			return
		}
		c.Next()
	}
}
