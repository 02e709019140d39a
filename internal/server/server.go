// Package server assembles the HTTP handler: gin, middleware, the JSON API,
// the pages and the health endpoints.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/api"
	"regiepool/internal/app"
	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/metrics"
	"regiepool/internal/postgres"
	"regiepool/internal/problem"
	"regiepool/internal/web"
)

// Deps are what the handler needs from main.
type Deps struct {
	DB  *postgres.DB
	Log *slog.Logger
	// SecureCookies marks the session cookie Secure with the __Host- prefix.
	SecureCookies bool
	// MinRaters is the anonymity threshold of 360 results (at least 3).
	MinRaters int
	// MinCell is the small-cell threshold of monitoring; 0 means
	// domain.DefaultMinCell.
	MinCell int
	// ContinuityDays is the matching engine's continuity period; 0 means its default.
	ContinuityDays int
	// PublicURL is where people reach the service; empty means
	// http://127.0.0.1:8080.
	PublicURL string
	// RequestTimeout is how long a request may take before it is answered
	// with 503; 0 means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// TrustedProxies are the reverse proxies (IPs, CIDR ranges) whose
	// X-Forwarded-For names the client address; none when empty.
	TrustedProxies []string
	// HeavyLimit is how many heavy requests (proposals, rankings, reports)
	// run at once; 0 means app.DefaultHeavyLimit. HeavyQueue is how many
	// more may wait for a place; 0 means twice HeavyLimit. Beyond that: 503
	// with Retry-After.
	HeavyLimit, HeavyQueue int
	// MonitoringRefresh is app.Config.MonitoringRefresh: 0 computes every
	// monitoring report per request.
	MonitoringRefresh time.Duration
	// Metrics, when not nil, counts requests, engine and PDF timings and
	// log-in failures; it is served elsewhere (never on this handler).
	Metrics *metrics.Metrics
	// OIDCProviders are the identity providers staff may sign in with.
	OIDCProviders []domain.OIDCProvider
	// MailDelivery: a mail server delivers the outbox (see app.Config).
	MailDelivery bool
}

// NewApp is the application layer the handler of d runs on. serve's
// background jobs that compute what requests read (the monitoring
// refresher) run on one built the same way, so both use one configuration
// (a kept monitoring report is keyed by its thresholds).
func NewApp(d Deps) *app.App {
	var observer app.Observer // a nil *metrics.Metrics must stay a nil Observer
	if d.Metrics != nil {
		observer = d.Metrics
	}
	heavy := d.HeavyLimit
	if heavy <= 0 {
		heavy = app.DefaultHeavyLimit()
	}
	// A queued heavy request gives up halfway to the deadline, so its 503
	// carries a Retry-After that fits the queue.
	return app.New(d.DB, app.Config{PublicURL: d.PublicURL, MinRaters: d.MinRaters, MinCell: d.MinCell, ContinuityDays: d.ContinuityDays,
		HeavyLimit: heavy, HeavyQueue: d.HeavyQueue, MonitoringRefresh: d.MonitoringRefresh, HeavyWait: d.requestTimeout() / 2, Observer: observer,
		OIDCProviders: d.OIDCProviders, MailDelivery: d.MailDelivery})
}

// New builds the whole HTTP handler.
func New(d Deps) (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// API Design Rules: a trailing slash is 404, never a redirect; a wrong
	// method is 405 with Allow.
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	// c.ClientIP() is the peer address, unless the peer is one of the
	// trusted proxies: then it is the nearest untrusted address in
	// X-Forwarded-For. Nobody else can dodge log-in throttling or forge
	// audit addresses with a header.
	r.RemoteIPHeaders = []string{"X-Forwarded-For"}
	if err := r.SetTrustedProxies(d.TrustedProxies); err != nil {
		return nil, err
	}

	// One guard for all password entry points: 30 attempts at once per
	// client address, then one every 2 seconds. Per-account throttling
	// (in PostgreSQL) comes on top.
	guard := auth.NewLimiter(2*time.Second, 30)
	if d.Metrics != nil {
		guard.OnRefuse = d.Metrics.GuardRefused
		r.Use(observeRequests(d.Metrics))
	}
	application := NewApp(d)
	pages, err := web.New(web.Deps{App: application, Log: d.Log, SecureCookies: d.SecureCookies, Guard: guard})
	if err != nil {
		return nil, err
	}
	r.Use(requestID(), accessLog(d.Log), securityHeaders(), recovery(d.Log, pages.ErrorPage),
		crossOriginProtection(pages.ErrorPage), checkInput(refuseInput(pages.InputRefused)), authenticate(application, d.SecureCookies, pages.ErrorPage),
		pages.StageGate)
	r.NoRoute(func(c *gin.Context) { writeError(c, http.StatusNotFound, pages.ErrorPage) })
	r.NoMethod(func(c *gin.Context) { writeError(c, http.StatusMethodNotAllowed, pages.ErrorPage) })

	r.GET("/healthz", func(c *gin.Context) {
		c.JSON(http.StatusOK, gin.H{"status": "ok"})
	})
	r.GET("/readyz", readyz(d.DB))

	api.Register(r.Group("/api/v1"), api.Deps{App: application, Log: d.Log, Guard: guard})
	pages.Register(r)
	return withDeadline(r, d.requestTimeout(), d.Log), nil
}

// requestTimeout is d's request deadline, or the default.
func (d Deps) requestTimeout() time.Duration {
	if d.RequestTimeout <= 0 {
		return DefaultRequestTimeout
	}
	return d.RequestTimeout
}

// readyz answers 200 when the database is reachable and every migration is
// applied, 503 with a problem body otherwise.
func readyz(db *postgres.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		fail := func(detail string) {
			c.Header("Content-Type", problem.ContentType)
			c.AbortWithStatusJSON(http.StatusServiceUnavailable, problem.New(http.StatusServiceUnavailable, detail))
		}
		// A hung server does not answer a ping even after ctx ends (the
		// driver cannot interrupt a read), so the checks run aside and
		// readyz answers when ctx ends.
		type result struct {
			reachable, current bool
			err                error
		}
		res := make(chan result, 1)
		go func() {
			if err := db.PingContext(ctx); err != nil {
				res <- result{err: err}
				return
			}
			current, err := db.SchemaCurrent(ctx)
			res <- result{reachable: true, current: current, err: err}
		}()
		var r result
		select {
		case r = <-res:
		case <-ctx.Done():
		}
		switch {
		case !r.reachable:
			fail("De database is niet bereikbaar.")
			return
		case r.err != nil:
			fail("De versie van het databaseschema kon niet worden bepaald.")
			return
		case !r.current:
			fail("Het databaseschema is niet bijgewerkt: er staan migraties open.")
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ok"})
	}
}
