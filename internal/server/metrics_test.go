package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"regiepool/internal/apitest"
	"regiepool/internal/domain"
	"regiepool/internal/metrics"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// TestMetrics makes some requests (a failed log-in, a ranking of a case
// that is not there, a batch proposal, a PDF report) and scrapes the
// metrics: the counters are there, by route template and status, and no
// e-mail address, id, token or raw path appears. The public handler has no
// /metrics.
func TestMetrics(t *testing.T) {
	db := pgtest.NewDB(t)
	m := metrics.New()
	if err := m.RegisterDB(db.DB.DB); err != nil {
		t.Fatal(err)
	}
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.NewServer(t, h)
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	token := pgtest.MustAccessToken(t, db, admin.ID)
	auth := []string{"Authorization", "Bearer " + token}

	if res, _ := do(t, "POST", srv.URL+"/api/v1/access-tokens", `{"email":"`+admin.Email+`","password":"wrong-password-123"}`,
		"Content-Type", "application/json"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("failed log-in: %d", res.StatusCode)
	}
	if res, _ := do(t, "GET", srv.URL+"/api/v1/cases/987654/candidates", "", auth...); res.StatusCode != http.StatusNotFound {
		t.Fatalf("ranking of a missing case: %d", res.StatusCode)
	}
	if res, body := do(t, "POST", srv.URL+"/api/v1/assignment-proposals", `{"caseIds":[]}`, append(auth, "Content-Type", "application/json")...); res.StatusCode != http.StatusOK {
		t.Fatalf("proposal: %d %s", res.StatusCode, body)
	}
	if res, body := do(t, "GET", srv.URL+"/api/v1/reports/pool", "", append(auth, "Accept", "application/pdf")...); res.StatusCode != http.StatusOK {
		t.Fatalf("pool report: %d %s", res.StatusCode, body)
	}
	do(t, "GET", srv.URL+"/nergens/"+admin.Email, "")

	// The public address has no /metrics.
	if res, body := do(t, "GET", srv.URL+"/metrics", ""); res.StatusCode != http.StatusNotFound || strings.Contains(string(body), "regiepool_http_requests_total") {
		t.Fatalf("public /metrics: %d, want 404 without metrics", res.StatusCode)
	}

	// The metrics handler, as the metrics address serves it.
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	res, b := rec.Result(), rec.Body.Bytes()
	out := string(b)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %d", res.StatusCode)
	}
	for _, want := range []string{
		`regiepool_http_requests_total{method="POST",route="/api/v1/access-tokens",status="401"} 1`,
		`regiepool_http_requests_total{method="GET",route="/api/v1/cases/:id/candidates",status="404"} 1`,
		`regiepool_http_requests_total{method="GET",route="(unmatched)",status="404"}`,
		`regiepool_http_request_duration_seconds_bucket{method="GET",route="/api/v1/reports/pool",status="200",le=`,
		`regiepool_login_failures_total{reason="credentials"} 1`,
		`regiepool_login_failures_total{reason="throttled"} 0`,
		`regiepool_matching_duration_seconds_count{op="propose"} 1`,
		`regiepool_pdf_render_duration_seconds_count{report="poolrapport"} 1`,
		`go_sql_open_connections{db_name="regiepool"}`,
		`go_sql_wait_count_total{db_name="regiepool"}`,
		`go_goroutines`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, secret := range []string{admin.Email, "987654", token, "nergens", "wrong-password"} {
		if strings.Contains(out, secret) {
			t.Errorf("metrics contain %q", secret)
		}
	}
}

// TestQueueHook: a queue registered by a function shows its sizes at each
// scrape, and its attempts by result.
func TestQueueHook(t *testing.T) {
	m := metrics.New()
	pending := 3
	if err := m.RegisterQueue("outbox", func(ctx context.Context) (metrics.QueueStats, error) {
		return metrics.QueueStats{Pending: pending, Failed: 1}, nil
	}); err != nil {
		t.Fatal(err)
	}
	m.QueueAttempt("outbox", false)
	scrape := func() string {
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		return rec.Body.String()
	}
	out := scrape()
	for _, want := range []string{`regiepool_queue_pending{queue="outbox"} 3`, `regiepool_queue_failed{queue="outbox"} 1`,
		`regiepool_queue_stats_up{queue="outbox"} 1`, `regiepool_queue_attempts_total{queue="outbox",result="failed"} 1`} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	var off *metrics.Metrics // REGIEPOOL_METRICS_ADDR unset: the hook is a no-op
	if err := off.RegisterQueue("outbox", nil); err != nil {
		t.Fatal(err)
	}
	off.QueueAttempt("outbox", true)
	pending = 0
	if out := scrape(); !strings.Contains(out, `regiepool_queue_pending{queue="outbox"} 0`) {
		t.Error("queue size not read again at the next scrape")
	}
}
