package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
)

// TestHeavyLimiter: with a limit of 1 and a queue of 1, one request runs,
// one waits, the next is refused at once with 503, Retry-After and a
// problem body; a waiting request whose client leaves frees its place in
// the queue; when the running one ends, the waiting one runs.
func TestHeavyLimiter(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	l := newHeavyLimiter(map[string]bool{"GET /api/v1/test-heavy": true}, 1, 1, 5*time.Second, slog.New(slog.NewTextHandler(io.Discard, nil)))
	r := gin.New()
	r.Use(func(c *gin.Context) { // a logged-in actor
		c.Request = c.Request.WithContext(domain.WithActor(c.Request.Context(), &domain.Actor{Kind: domain.ActorUser, UserID: 1}))
	}, l.middleware(nil))
	release := make(chan struct{})
	started := make(chan struct{}, 10)
	r.GET("/api/v1/test-heavy", func(c *gin.Context) {
		started <- struct{}{}
		<-release
		c.Status(http.StatusOK)
	})
	srv := httptest.NewServer(r)
	defer srv.Close()

	type result struct {
		status int
		err    error
	}
	get := func(ctx context.Context) chan result {
		out := make(chan result, 1)
		go func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/v1/test-heavy", nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				out <- result{err: err}
				return
			}
			res.Body.Close()
			out <- result{status: res.StatusCode}
		}()
		return out
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for start := time.Now(); !cond(); time.Sleep(5 * time.Millisecond) {
			if time.Since(start) > 5*time.Second {
				t.Fatalf("timed out waiting for %s", what)
			}
		}
	}
	running := get(context.Background())
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	queued := get(ctx)
	waitFor("the second request to queue", func() bool { return len(l.admitted) == 2 })

	res, err := http.Get(srv.URL + "/api/v1/test-heavy")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var p struct {
		Status int    `json:"status"`
		Detail string `json:"detail"`
	}
	secs, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.StatusCode != 503 || secs < 1 || res.Header.Get("Content-Type") != "application/problem+json" || json.Unmarshal(body, &p) != nil || p.Status != 503 || p.Detail == "" {
		t.Fatalf("beyond the queue: %d Retry-After %q %s, want 503 problem+json with Retry-After", res.StatusCode, res.Header.Get("Retry-After"), body)
	}

	cancel()
	if r := <-queued; r.err == nil {
		t.Fatalf("the cancelled request got %d", r.status)
	}
	waitFor("the cancelled request to leave the queue", func() bool { return len(l.admitted) == 1 })
	next := get(context.Background())
	waitFor("the next request to queue", func() bool { return len(l.admitted) == 2 })
	close(release)
	for _, ch := range []chan result{running, next} {
		if r := <-ch; r.err != nil || r.status != 200 {
			t.Errorf("after the release: %d %v, want 200", r.status, r.err)
		}
	}
	if len(l.admitted) != 0 || len(l.running) != 0 {
		t.Errorf("%d admitted, %d running after all ended", len(l.admitted), len(l.running))
	}
}
