// Package app is Regiepool's application layer: one method per use case
// (register a case, rank candidates, open a 360 round, nominate, …), shared
// by the JSON API and the pages. A use case decides access with the
// predicates of internal/domain, calls the engines (matching, assessment,
// report) and the store, and leaves the audit trail to the store's
// transaction. The acting user travels in the context (domain.WithActor,
// set by the server's authentication); the store scopes every query to it,
// so out-of-scope records are not_found here too.
//
// internal/api and internal/web are thin adapters over this package: they
// parse, call one method, and render. Neither imports internal/postgres.
package app

import (
	"net/url"
	"strings"
	"time"

	"golang.org/x/sync/singleflight"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// Config holds the settings the use cases need.
type Config struct {
	// PublicURL is the scheme and host (and optional path prefix) under which
	// people reach the service, e.g. https://regiepool.example.nl. Every
	// absolute link the service hands out starts with it.
	PublicURL string
	// MinRaters is the anonymity threshold of 360 results; values under
	// domain.MinRatersFloor are raised to it.
	MinRaters int
	// MinCell is the small-cell threshold of monitoring; 0 means
	// domain.DefaultMinCell, values under domain.MinCellFloor are raised
	// to it.
	MinCell int
	// ContinuityDays is the matching engine's continuity period; 0 means its default.
	ContinuityDays int
	// HeavyLimit is how many heavy use cases (batch proposals, rankings,
	// reports) run at once; 0 means no limit. HeavyQueue is how many more
	// may wait (0: twice HeavyLimit), each at most HeavyWait (0: 4 s);
	// beyond that they are refused with unavailable. See enterHeavy.
	HeavyLimit, HeavyQueue int
	HeavyWait              time.Duration
	// Observer is told engine and PDF timings and log-in failures, for
	// the metrics; nil observes nothing.
	Observer Observer
	// OIDCProviders are the identity providers staff may sign in with.
	OIDCProviders []domain.OIDCProvider
	// MailDelivery is true when a mail server delivers the outbox
	// (REGIEPOOL_SMTP_URL); then admins no longer read its single-use links.
	MailDelivery bool
	// MonitoringRefresh is how often a monitoring report too slow to
	// compute per request is computed again in the background and served
	// from its snapshot meanwhile (monitoring_snapshot.go); 0 computes
	// every report for its request. MonitoringLiveBudget is the time a
	// report may take to be computed per request (0: the default).
	MonitoringRefresh, MonitoringLiveBudget time.Duration
}

// App runs the use cases against the store.
type App struct {
	db    Store
	cfg   Config
	heavy *heavyGate // nil: no limit
	obs   Observer
	oidc  []*auth.OIDCClient
	// monitoringFlight lets concurrent requests for one monitoring report
	// share its computation.
	monitoringFlight singleflight.Group
}

// New returns the application layer over db (a *postgres.DB).
func New(db Store, cfg Config) *App {
	cfg.MinRaters = max(cfg.MinRaters, domain.MinRatersFloor)
	if cfg.MinCell == 0 {
		cfg.MinCell = domain.DefaultMinCell
	}
	cfg.MinCell = max(cfg.MinCell, domain.MinCellFloor)
	cfg.PublicURL = strings.TrimRight(cfg.PublicURL, "/")
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://127.0.0.1:8080"
	}
	a := &App{db: db, cfg: cfg, obs: nopObserver{}, oidc: newOIDCClients(cfg)}
	if cfg.Observer != nil {
		a.db, a.obs = observedStore{Store: db, obs: cfg.Observer}, cfg.Observer
	}
	if cfg.HeavyLimit > 0 {
		a.heavy = newHeavyGate(cfg.HeavyLimit, cfg.HeavyQueue, cfg.HeavyWait)
	}
	return a
}

// MinRaters is the anonymity threshold of 360 results in force.
func (a *App) MinRaters() int { return a.cfg.MinRaters }

// AbsoluteURL is the link to path (which starts with "/") as people outside
// the service use it: in e-mails, rater links and documents. It is the only
// place that builds absolute links.
func (a *App) AbsoluteURL(path string) string {
	return a.cfg.PublicURL + path
}

// PublicURLFromAddr derives the default public URL from a listen address:
// http on the address itself, with an unspecified host ("", 0.0.0.0, [::])
// read as 127.0.0.1.
func PublicURLFromAddr(addr string) string {
	host, port := addr, ""
	if i := strings.LastIndex(addr, ":"); i >= 0 && !strings.HasSuffix(addr, "]") {
		host, port = addr[:i], addr[i+1:]
	}
	switch strings.Trim(host, "[]") {
	case "", "0.0.0.0", "::":
		host = "127.0.0.1"
	}
	u := url.URL{Scheme: "http", Host: host}
	if port != "" && port != "80" {
		u.Host = host + ":" + port
	}
	return u.String()
}
