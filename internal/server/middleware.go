package server

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/problem"
)

// ctxRequestID is the gin context key of the request id.
const ctxRequestID = "requestID"

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// requestID takes a well-formed X-Request-ID from the client (a proxy's) or
// makes one, and echoes it in the response.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if !validRequestID.MatchString(id) {
			var b [12]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Set(ctxRequestID, id)
		c.Header("X-Request-ID", id)
		c.Next()
	}
}

// accessLog writes one line per request. It logs the route template, never the
// raw path or query, which may hold identifiers or search terms.
func accessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "(unmatched)"
		}
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		log.LogAttrs(c.Request.Context(), level, "request",
			slog.String("requestId", c.GetString(ctxRequestID)),
			slog.String("method", c.Request.Method),
			slog.String("route", route),
			slog.Int("status", status),
			slog.Float64("durationMs", float64(time.Since(start).Microseconds())/1000),
		)
	}
}

// recovery turns a panic into a 500 (problem+json on the API, a Dutch page
// elsewhere) and logs it with the request id.
func recovery(log *slog.Logger, page func(c *gin.Context, status int)) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic", "requestId", c.GetString(ctxRequestID), "panic", p)
				if c.Writer.Written() {
					c.Abort()
					return
				}
				writeError(c, http.StatusInternalServerError, page)
			}
		}()
		c.Next()
	}
}

// APIVersion is the semver of the JSON API, sent on every response.
const APIVersion = "1.0.0"

// contentSecurityPolicy allows our own styles and nothing else: no scripts,
// no frames, forms only to ourselves.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers of the API Design Rules' transport rules on
// every response. Nothing but static assets may be cached.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("API-Version", APIVersion)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Strict-Transport-Security", "max-age=31536000")
		if isAPI(c.Request.URL.Path) {
			h.Set("Content-Security-Policy", "frame-ancestors 'none'")
		} else {
			h.Set("Content-Security-Policy", contentSecurityPolicy)
		}
		if !strings.HasPrefix(c.Request.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		c.Next()
	}
}

func isAPI(path string) bool {
	return path == "/api" || strings.HasPrefix(path, "/api/")
}

// writeError answers status in the form the client expects: problem+json on
// the API and for /healthz-style endpoints, an HTML page elsewhere.
func writeError(c *gin.Context, status int, page func(c *gin.Context, status int)) {
	if isAPI(c.Request.URL.Path) || page == nil {
		detail := map[int]string{
			http.StatusNotFound:            "Deze URL bestaat niet.",
			http.StatusMethodNotAllowed:    "Deze methode is niet toegestaan op deze URL; zie de Allow-header.",
			http.StatusInternalServerError: "Er ging iets mis aan onze kant. Probeer het later opnieuw.",
		}[status]
		p := problem.New(status, detail)
		c.Header("Content-Type", problem.ContentType)
		c.AbortWithStatusJSON(status, p)
		return
	}
	c.Abort()
	page(c, status)
}
