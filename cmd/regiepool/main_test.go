package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"regiepool/internal/config"
	"regiepool/internal/demo"
	"regiepool/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// syncBuffer is a log sink that the server goroutine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// served is `regiepool serve` running inside a test.
type served struct {
	addr   string
	done   <-chan error // what run returned, once it returns
	logs   *syncBuffer
	cancel context.CancelFunc // ends the program as a signal would
}

// startServe runs the program's serve with env and waits up to wait for it
// to accept connections; the program ends with the test at the latest.
func startServe(t *testing.T, env map[string]string, wait time.Duration) served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ready := make(chan string, 1)
	done := make(chan error, 1)
	s := served{done: done, logs: &syncBuffer{}, cancel: cancel}
	go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, s.logs, ready) }()
	select {
	case s.addr = <-ready:
	case err := <-done:
		t.Fatalf("run ended before serving: %v\n%s", err, s.logs.String())
	case <-time.After(wait):
		t.Fatalf("not ready after %s", wait)
	}
	return s
}

// TestServe runs the real program against a test database: it migrates,
// loads demo data, serves, logs one line per request without the query
// string, and shuts down cleanly when its context ends.
func TestServe(t *testing.T) {
	_, dsn := pgtest.NewDBWithDSN(t)
	env := map[string]string{"DATABASE_URL": dsn, "REGIEPOOL_ADDR": "127.0.0.1:0", "REGIEPOOL_DEMO": "true", "REGIEPOOL_LOG_FORMAT": "json"}
	srv := startServe(t, env, 30*time.Second)
	addr, done, logs, cancel := srv.addr, srv.done, srv.logs, srv.cancel
	// Log in as the demo admin through the API, then read demo data.
	res, err := http.Post("http://"+addr+"/api/v1/access-tokens", "application/json",
		strings.NewReader(fmt.Sprintf(`{"email":%q,"password":%q,"otp":%q}`, demo.AdminEmail, demo.Password, pgtest.OTP(t, demo.AdminTOTPSecret))))
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("demo admin log-in: %d %v", res.StatusCode, err)
	}
	res.Body.Close()
	req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/municipalities?pageSize=1", nil)
	req.Header.Set("Authorization", "Bearer "+tok.Token)
	if res, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"count":5`) {
		t.Fatalf("demo municipalities: %d %s", res.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v, want nil after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no clean shutdown within 20s")
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("server still accepts connections after shutdown")
	}
	out := logs.String()
	if !strings.Contains(out, `"route":"/api/v1/municipalities"`) || strings.Contains(out, "pageSize=1") {
		t.Errorf("access log should name the route and never the query:\n%s", out)
	}
}

// TestGracefulShutdown checks that a request in flight when the signal comes
// still gets its answer, and that new connections are refused.
func TestGracefulShutdown(t *testing.T) {
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(500 * time.Millisecond)
		io.WriteString(w, "done")
	})
	cfg := config.Config{Addr: "127.0.0.1:0", ShutdownTimeout: 5 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- listenAndServe(ctx, cfg, pgtest.Logger(), slow, ready) }()
	addr := <-ready
	got := make(chan string, 1)
	go func() {
		res, err := http.Get("http://" + addr + "/")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		got <- string(b)
	}()
	<-started
	cancel()
	if body := <-got; body != "done" {
		t.Fatalf("in-flight request got %q, want done", body)
	}
	if err := <-done; err != nil {
		t.Fatalf("listenAndServe = %v, want nil", err)
	}
	if _, err := http.Get("http://" + addr + "/"); err == nil {
		t.Error("new connection accepted after shutdown")
	}
}

func TestVersionAndUnknownCommand(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, func(string) string { return "" }, &out, nil); err != nil || !strings.HasPrefix(out.String(), "regiepool ") {
		t.Fatalf("version: %v %q", err, out.String())
	}
	err := run(context.Background(), []string{"frobnicate"}, func(string) string { return "" }, &out, nil)
	if err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Fatalf("unknown command: %v", err)
	}
}

// TestInsecureCookiesRefused: session cookies without Secure are refused on
// an address other machines can reach; the service does not start.
func TestInsecureCookiesRefused(t *testing.T) {
	env := map[string]string{"REGIEPOOL_SECURE_COOKIES": "false", "REGIEPOOL_ADDR": "0.0.0.0:0", "DATABASE_URL": "postgres://nowhere.invalid/x"}
	var out bytes.Buffer
	err := run(context.Background(), []string{"serve"}, func(k string) string { return env[k] }, &out, nil)
	if err == nil || !strings.Contains(err.Error(), "REGIEPOOL_SECURE_COOKIES=false") || !strings.Contains(err.Error(), "127.0.0.1") {
		t.Fatalf("run = %v, want a refusal naming REGIEPOOL_SECURE_COOKIES", err)
	}
}
