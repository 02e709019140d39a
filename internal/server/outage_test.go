package server_test

import (
	"context"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"regiepool/internal/apitest"
	"regiepool/internal/domain"
	"regiepool/internal/pgcluster"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
	"regiepool/internal/server"
)

// TestHungDatabase stops the whole PostgreSQL server (SIGSTOP: it neither
// answers nor closes connections, like a hung host) under a running service:
// API requests and pages must answer 503 within the request deadline,
// /readyz within 2 s, and everything must work again once the server
// continues, without a restart of the service.
func TestHungDatabase(t *testing.T) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "regiepool-outage-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil { // the postgres user must enter it
		t.Fatal(err)
	}
	cluster, err := pgcluster.Start(ctx, dir, pgcluster.Options{Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cluster.SignalAll(syscall.SIGCONT); _ = cluster.Stop() })
	if err := cluster.EnsureDatabase(ctx, "regiepool"); err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(ctx, cluster.DSN("regiepool"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const deadline = 3 * time.Second
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), RequestTimeout: deadline})
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.NewServer(t, h)
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	token := pgtest.MustAccessToken(t, db, admin.ID)
	auth := "Authorization: Bearer " + token
	session := "Cookie: regiepool_session=" + pgtest.MustSession(t, db, admin.ID)
	if res, body := do(t, "GET", srv.URL+"/api/v1/regisseurs", "", "Authorization", "Bearer "+token); res.StatusCode != http.StatusOK {
		t.Fatalf("before: %d %s", res.StatusCode, body)
	}

	if err := cluster.SignalAll(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	type probe struct {
		name, method, path, body string
		header                   []string
		limit                    time.Duration
		wantType                 string
	}
	probes := []probe{
		{"api read", "GET", "/api/v1/regisseurs", "", []string{auth}, deadline + 2*time.Second, "application/problem+json"},
		{"api write", "POST", "/api/v1/municipalities", `{"code":"GM0999","name":"Stilstand","region":"Oost"}`,
			[]string{auth, "Content-Type: application/json"}, deadline + 2*time.Second, "application/problem+json"},
		{"page", "GET", "/", "", []string{session}, deadline + 2*time.Second, "text/html"},
		{"readyz", "GET", "/readyz", "", nil, 2500 * time.Millisecond, "application/problem+json"},
	}
	var wg sync.WaitGroup
	for _, p := range probes {
		for i := 0; i < 3; i++ { // several at once: the pool must not queue them past the deadline
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				req, _ := http.NewRequest(p.method, srv.URL+p.path, strings.NewReader(p.body))
				for _, hd := range p.header {
					k, v, _ := strings.Cut(hd, ": ")
					req.Header.Set(k, v)
				}
				client := &http.Client{Timeout: 30 * time.Second}
				res, err := client.Do(req)
				took := time.Since(start)
				if err != nil {
					t.Errorf("%s: no answer after %s: %v", p.name, took, err)
					return
				}
				res.Body.Close()
				if res.StatusCode != http.StatusServiceUnavailable {
					t.Errorf("%s: status %d after %s, want 503", p.name, res.StatusCode, took)
				}
				if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, p.wantType) {
					t.Errorf("%s: Content-Type %q, want %s", p.name, ct, p.wantType)
				}
				if took > p.limit {
					t.Errorf("%s: answered after %s, want within %s", p.name, took, p.limit)
				}
			}()
		}
	}
	wg.Wait()

	if err := cluster.SignalAll(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	// The service recovers by itself: stuck statements finish, and the pool
	// serves again.
	recovered := false
	for start := time.Now(); time.Since(start) < 20*time.Second; time.Sleep(200 * time.Millisecond) {
		res, _ := do(t, "GET", srv.URL+"/readyz", "")
		if res.StatusCode == http.StatusOK {
			recovered = true
			break
		}
	}
	if !recovered {
		t.Fatal("/readyz did not recover within 20 s after the database continued")
	}
	if res, body := do(t, "GET", srv.URL+"/api/v1/regisseurs", "", "Authorization", "Bearer "+token); res.StatusCode != http.StatusOK {
		t.Fatalf("after: %d %s", res.StatusCode, body)
	}
}
