package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"regiepool/internal/pgtest"
)

// TestMetricsAddr runs the program with REGIEPOOL_METRICS_ADDR: /metrics is
// served there, and not on the public address. A malformed address stops
// the start with the variable's name.
func TestMetricsAddr(t *testing.T) {
	_, dsn := pgtest.NewDBWithDSN(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0") // find a free port
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()
	env := map[string]string{"DATABASE_URL": dsn, "REGIEPOOL_ADDR": "127.0.0.1:0", "REGIEPOOL_METRICS_ADDR": metricsAddr}
	srv := startServe(t, env, 30*time.Second)
	addr, done, cancel := srv.addr, srv.done, srv.cancel
	get := func(url string) (int, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	get("http://" + addr + "/healthz")
	if status, _ := get("http://" + addr + "/metrics"); status != http.StatusNotFound {
		t.Errorf("public /metrics: %d, want 404", status)
	}
	status, body := get("http://" + metricsAddr + "/metrics")
	if status != http.StatusOK || !strings.Contains(body, `regiepool_http_requests_total{method="GET",route="/healthz",status="200"} 1`) ||
		!strings.Contains(body, `go_sql_max_open_connections{db_name="regiepool"}`) ||
		!strings.Contains(body, `regiepool_queue_stats_up{queue="outbox"} 1`) {
		t.Errorf("metrics address: %d\n%s", status, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if _, err := http.Get("http://" + metricsAddr + "/metrics"); err == nil {
		t.Error("metrics still served after shutdown")
	}

	bad := map[string]string{"REGIEPOOL_METRICS_ADDR": "9090"}
	if err := run(context.Background(), []string{"version"}, func(k string) string { return bad[k] }, io.Discard, nil); err == nil || !strings.Contains(err.Error(), "REGIEPOOL_METRICS_ADDR") {
		t.Errorf("malformed metrics address: %v", err)
	}
}
