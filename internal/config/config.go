// Package config reads the service configuration from environment variables
// into one Config struct with defaults.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"regiepool/internal/domain"
)

// Config is the whole configuration of the service. It is filled once in main
// and passed explicitly; nothing reads the environment after that.
type Config struct {
	// Addr is the listen address of the HTTP server (REGIEPOOL_ADDR).
	Addr string
	// DatabaseURL points at an external PostgreSQL (DATABASE_URL). When empty,
	// the service runs its own local cluster under DataDir.
	DatabaseURL string
	// DataDir holds the self-managed PostgreSQL cluster (REGIEPOOL_DATA_DIR).
	DataDir string
	// LogLevel is debug, info, warn or error (REGIEPOOL_LOG_LEVEL).
	LogLevel slog.Level
	// LogFormat is text or json (REGIEPOOL_LOG_FORMAT).
	LogFormat string
	// Demo loads demo data into an empty database at start (REGIEPOOL_DEMO).
	Demo bool
	// ShutdownTimeout bounds how long in-flight requests may take to finish
	// after SIGINT/SIGTERM (REGIEPOOL_SHUTDOWN_TIMEOUT).
	ShutdownTimeout time.Duration
	// SecureCookies marks session cookies Secure and uses the __Host- prefix
	// (REGIEPOOL_SECURE_COOKIES). Browsers accept Secure cookies on
	// http://127.0.0.1 and localhost, so the default is true.
	SecureCookies bool
	// MinRaters is the anonymity threshold of 360 results: a rater group
	// with fewer responses is never shown on its own (REGIEPOOL_MIN_RATERS,
	// at least 3).
	MinRaters int
	// MinCell is the small-cell threshold of monitoring: a figure computed
	// from fewer cases, families or respondents is suppressed in every
	// output (REGIEPOOL_MIN_CELL, from domain.MinCellFloor to 50).
	MinCell int
	// ContinuityDays is how long after a family's case closed its regisseur
	// still comes first for the family's next case (REGIEPOOL_CONTINUITY_DAYS).
	ContinuityDays int
	// PublicURL is the scheme and host people use to reach the service
	// (REGIEPOOL_PUBLIC_URL, e.g. https://regiepool.example.nl); every
	// absolute link the service hands out starts with it. Empty: derived
	// from Addr (http://127.0.0.1:8080 by default).
	PublicURL string
	// RequestTimeout is how long a request may take before it is answered
	// with 503 (REGIEPOOL_REQUEST_TIMEOUT; 1s–60s, default 8s).
	RequestTimeout time.Duration
	// TrustedProxies are the addresses (IPs or CIDR ranges) of the reverse
	// proxies in front of the service (REGIEPOOL_TRUSTED_PROXIES, comma
	// separated). Only a request from one of them may name the client
	// address in X-Forwarded-For; log-in throttling and the audit trail use
	// that address. Empty: no proxy is trusted and the peer is the client.
	TrustedProxies []string
	// HeavyLimit is how many heavy requests (batch proposals, rankings,
	// reports) run at once (REGIEPOOL_HEAVY_LIMIT, 1–64); twice as many more
	// may wait, the rest are answered 503 with Retry-After. 0: one per
	// core, at least 2.
	HeavyLimit int
	// MonitoringRefresh is how often a monitoring report too slow to
	// compute per request (the whole country: seconds) is computed again
	// in the background and served from its last computation meanwhile
	// (REGIEPOOL_MONITORING_REFRESH, 1m–1h, or 0 to compute every report
	// per request). Default 5m.
	MonitoringRefresh time.Duration
	// MetricsAddr is the listen address of the Prometheus metrics
	// (REGIEPOOL_METRICS_ADDR, e.g. 127.0.0.1:9090), served at /metrics
	// there and never on Addr. Empty: no metrics.
	MetricsAddr string
	// OIDCProviders are the organisations' identity providers staff may
	// sign in with (REGIEPOOL_OIDC_ISSUERS: a JSON array, or the path of a
	// file holding one; see README, Sign-in). None by default.
	OIDCProviders []domain.OIDCProvider
	// Retention is the retention term in days per kind of personal data
	// (REGIEPOOL_RETENTION, e.g. "reflections=365,audit_events=2555"):
	// domain.RetentionTerms' defaults, each changed term within its kind's
	// bounds.
	Retention domain.RetentionPolicy
	// SMTP is where e-mail goes (REGIEPOOL_SMTP_URL): smtp://user:pass@host:587
	// uses STARTTLS (required), smtps://user:pass@host:465 TLS from the
	// start, and smtp://host:25?tls=none no encryption (only for a relay on
	// the same host). Nil (the default): nothing is sent, the messages
	// stay in the outbox and admins read them at /beheer/berichten.
	SMTP *SMTP
	// SMTPURL is REGIEPOOL_SMTP_URL as given (logged with the password masked).
	SMTPURL string
	// MailFrom is the sender of every e-mail (REGIEPOOL_MAIL_FROM), e.g.
	// "Regiepool <noreply@regiepool.example.nl>"; required with SMTP.
	MailFrom string
}

// SMTP is the parsed REGIEPOOL_SMTP_URL.
type SMTP struct {
	Host               string
	Port               int
	Username, Password string
	// TLS is "starttls" (smtp://), "implicit" (smtps://) or "none"
	// (smtp://…?tls=none).
	TLS string
}

// Load builds a Config from getenv. It returns an error naming every variable
// that holds an invalid value.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:              "127.0.0.1:8080",
		DataDir:           "./data",
		LogLevel:          slog.LevelInfo,
		LogFormat:         "text",
		ShutdownTimeout:   15 * time.Second,
		SecureCookies:     true,
		MinRaters:         domain.MinRatersFloor,
		MinCell:           domain.DefaultMinCell,
		ContinuityDays:    365,
		RequestTimeout:    8 * time.Second,
		MonitoringRefresh: 5 * time.Minute,
	}
	var errs []error
	if v := getenv("REGIEPOOL_ADDR"); v != "" {
		c.Addr = v
	}
	c.DatabaseURL = getenv("DATABASE_URL")
	if v := getenv("REGIEPOOL_DATA_DIR"); v != "" {
		c.DataDir = v
	}
	if v := getenv("REGIEPOOL_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("REGIEPOOL_LOG_LEVEL=%q: want debug, info, warn or error", v))
		}
	}
	if v := getenv("REGIEPOOL_LOG_FORMAT"); v != "" {
		if v != "text" && v != "json" {
			errs = append(errs, fmt.Errorf("REGIEPOOL_LOG_FORMAT=%q: want text or json", v))
		}
		c.LogFormat = v
	}
	var err error
	if c.Demo, err = parseBool(getenv, "REGIEPOOL_DEMO", false); err != nil {
		errs = append(errs, err)
	}
	if c.SecureCookies, err = parseBool(getenv, "REGIEPOOL_SECURE_COOKIES", true); err != nil {
		errs = append(errs, err)
	}
	if v := getenv("REGIEPOOL_SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("REGIEPOOL_SHUTDOWN_TIMEOUT=%q: want a positive duration such as 15s", v))
		}
		c.ShutdownTimeout = d
	}
	if v := getenv("REGIEPOOL_MIN_RATERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < domain.MinRatersFloor || n > 20 {
			errs = append(errs, fmt.Errorf("REGIEPOOL_MIN_RATERS=%q: want a whole number from 3 to 20", v))
		}
		c.MinRaters = n
	}
	if v := getenv("REGIEPOOL_MIN_CELL"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < domain.MinCellFloor || n > 50 {
			errs = append(errs, fmt.Errorf("REGIEPOOL_MIN_CELL=%q: want a whole number from %d to 50", v, domain.MinCellFloor))
		}
		c.MinCell = n
	}
	if v := getenv("REGIEPOOL_CONTINUITY_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 3650 {
			errs = append(errs, fmt.Errorf("REGIEPOOL_CONTINUITY_DAYS=%q: want a whole number of days from 0 to 3650", v))
		}
		c.ContinuityDays = n
	}
	if v := getenv("REGIEPOOL_REQUEST_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second || d > time.Minute {
			errs = append(errs, fmt.Errorf("REGIEPOOL_REQUEST_TIMEOUT=%q: want a duration from 1s to 60s, such as 8s", v))
		}
		c.RequestTimeout = d
	}
	if v := getenv("REGIEPOOL_HEAVY_LIMIT"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 64 {
			errs = append(errs, fmt.Errorf("REGIEPOOL_HEAVY_LIMIT=%q: want a whole number from 1 to 64", v))
		}
		c.HeavyLimit = n
	}
	if v := getenv("REGIEPOOL_MONITORING_REFRESH"); v != "" {
		d, err := time.ParseDuration(v)
		if v == "0" {
			d, err = 0, nil
		}
		if err != nil || (d != 0 && (d < time.Minute || d > time.Hour)) {
			errs = append(errs, fmt.Errorf("REGIEPOOL_MONITORING_REFRESH=%q: want a duration from 1m to 1h, such as 5m, or 0 for never", v))
		}
		c.MonitoringRefresh = d
	}
	if v := getenv("REGIEPOOL_METRICS_ADDR"); v != "" {
		if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
			errs = append(errs, fmt.Errorf("REGIEPOOL_METRICS_ADDR=%q: want a listen address such as 127.0.0.1:9090", v))
		}
		c.MetricsAddr = v
	}
	if v := getenv("REGIEPOOL_TRUSTED_PROXIES"); v != "" {
		proxies, err := parseProxies(v)
		if err != nil {
			errs = append(errs, err)
		}
		c.TrustedProxies = proxies
	}
	if c.Retention, err = domain.ParseRetention(getenv("REGIEPOOL_RETENTION")); err != nil {
		errs = append(errs, fmt.Errorf("REGIEPOOL_RETENTION: %w", err))
	}
	if v := getenv("REGIEPOOL_PUBLIC_URL"); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			errs = append(errs, fmt.Errorf("REGIEPOOL_PUBLIC_URL=%q: want an http(s) address such as https://regiepool.example.nl", v))
		}
		c.PublicURL = strings.TrimRight(v, "/")
	}
	if v := strings.TrimSpace(getenv("REGIEPOOL_OIDC_ISSUERS")); v != "" {
		providers, err := parseOIDCProviders(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("REGIEPOOL_OIDC_ISSUERS: %w", err))
		}
		c.OIDCProviders = providers
	}
	if !c.SecureCookies && !LoopbackAddr(c.Addr) {
		errs = append(errs, fmt.Errorf("REGIEPOOL_SECURE_COOKIES=false with REGIEPOOL_ADDR=%q: session cookies without Secure are refused on an address other "+
			"browsers can reach; listen on 127.0.0.1 or localhost, or keep secure cookies and put a TLS-terminating proxy in front (see README, Sign-in)", c.Addr))
	}
	if v := getenv("REGIEPOOL_SMTP_URL"); v != "" {
		c.SMTPURL = v
		smtp, err := ParseSMTPURL(v)
		if err != nil {
			errs = append(errs, err)
		}
		c.SMTP = smtp
	}
	if v := getenv("REGIEPOOL_MAIL_FROM"); v != "" {
		a, err := mail.ParseAddress(v)
		if err != nil || !strings.Contains(a.Address, "@") {
			errs = append(errs, fmt.Errorf("REGIEPOOL_MAIL_FROM=%q: want an address such as \"Regiepool <noreply@regiepool.example.nl>\"", v))
		}
		c.MailFrom = v
	}
	if c.SMTP != nil && c.MailFrom == "" {
		errs = append(errs, errors.New("REGIEPOOL_MAIL_FROM is required with REGIEPOOL_SMTP_URL: the sender address of the e-mails"))
	}
	return c, errors.Join(errs...)
}

// LoopbackAddr reports whether the listen address addr (host:port) accepts
// connections from this machine only: a loopback IP or "localhost". An empty
// host listens on every interface and is not loopback.
func LoopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// ParseSMTPURL reads an SMTP address: smtp://[user:pass@]host[:port] with
// STARTTLS (port 587 by default), smtps://… with TLS from the start (port
// 465), or smtp://host[:port]?tls=none without encryption.
func ParseSMTPURL(v string) (*SMTP, error) {
	bad := fmt.Errorf("REGIEPOOL_SMTP_URL=%q: want smtp://user:password@host:587 (STARTTLS), smtps://user:password@host:465 or smtp://host:25?tls=none", MaskURL(v))
	u, err := url.Parse(v)
	if err != nil || u.Hostname() == "" || (u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return nil, bad
	}
	s := &SMTP{Host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		s.TLS, s.Port = "starttls", 587
		switch u.Query().Get("tls") {
		case "", "starttls":
		case "none":
			s.TLS, s.Port = "none", 25
		default:
			return nil, bad
		}
	case "smtps":
		s.TLS, s.Port = "implicit", 465
		if u.RawQuery != "" {
			return nil, bad
		}
	default:
		return nil, bad
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, bad
		}
		s.Port = n
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	return s, nil
}

// parseProxies reads a comma-separated list of IP addresses and CIDR ranges.
func parseProxies(v string) ([]string, error) {
	var out, bad []string
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, err := netip.ParsePrefix(f); err != nil {
			if _, err := netip.ParseAddr(f); err != nil {
				bad = append(bad, f)
				continue
			}
		}
		out = append(out, f)
	}
	if len(bad) > 0 || len(out) == 0 {
		return out, fmt.Errorf("REGIEPOOL_TRUSTED_PROXIES=%q: want IP addresses or CIDR ranges separated by commas, such as 10.0.0.5,192.168.0.0/24", v)
	}
	return out, nil
}

func parseBool(getenv func(string) string, key string, def bool) (bool, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, fmt.Errorf("%s=%q: want true or false", key, v)
	}
	return b, nil
}

// LogValue masks the database password so the Config can be logged at start.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("addr", c.Addr),
		slog.String("databaseURL", MaskURL(c.DatabaseURL)),
		slog.String("dataDir", c.DataDir),
		slog.String("logLevel", c.LogLevel.String()),
		slog.String("logFormat", c.LogFormat),
		slog.Bool("demo", c.Demo),
		slog.Duration("shutdownTimeout", c.ShutdownTimeout),
		slog.Int("minRaters", c.MinRaters),
		slog.Int("minCell", c.MinCell),
		slog.Int("continuityDays", c.ContinuityDays),
		slog.String("publicURL", c.PublicURL),
		slog.Duration("requestTimeout", c.RequestTimeout),
		slog.Duration("monitoringRefresh", c.MonitoringRefresh),
		slog.String("trustedProxies", strings.Join(c.TrustedProxies, ",")),
		slog.String("metricsAddr", c.MetricsAddr),
		slog.String("oidcProviders", oidcIDs(c.OIDCProviders)),
		slog.String("smtpURL", MaskURL(c.SMTPURL)),
		slog.String("mailFrom", c.MailFrom),
	)
}

// MaskURL hides the password in a connection string, in URL or key=value form.
func MaskURL(s string) string {
	if s == "" {
		return ""
	}
	if u, err := url.Parse(s); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	fields := strings.Fields(s)
	for i, f := range fields {
		if strings.HasPrefix(f, "password=") {
			fields[i] = "password=xxxxx"
		}
	}
	return strings.Join(fields, " ")
}
