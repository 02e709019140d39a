package server_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"regiepool/internal/apitest"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// lockedBuffer collects log lines from the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) lines() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(l.b.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// TestClientGoneIsLogged499: a client that disconnects while its request
// waits for the database is logged as 499 at info, not as an error 500 (or
// a 503: the driver reports the cancel it sends as a canceled statement).
func TestClientGoneIsLogged499(t *testing.T) {
	db := pgtest.NewDB(t)
	var logs lockedBuffer
	h, err := server.New(server.Deps{DB: db, Log: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.NewServer(t, h)
	token := adminToken(t, db)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`LOCK TABLE municipality IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/municipalities", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if res, err := (&http.Client{Timeout: 500 * time.Millisecond}).Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("got %d while the table was locked, want the client to give up", res.StatusCode)
	}
	var line map[string]any
	for start := time.Now(); line == nil && time.Since(start) < 5*time.Second; time.Sleep(50 * time.Millisecond) {
		for _, l := range logs.lines() {
			if l["msg"] == "request" && l["route"] == "/api/v1/municipalities" {
				line = l
			}
		}
	}
	_ = tx.Rollback()
	if line == nil {
		t.Fatal("no access log line for the abandoned request")
	}
	if line["status"] != float64(499) || line["level"] != "INFO" {
		t.Errorf("access log: status %v at %v, want 499 at INFO", line["status"], line["level"])
	}
	for _, l := range logs.lines() {
		if l["level"] == "ERROR" {
			t.Errorf("error logged for a client that went away: %v", l)
		}
	}
}
