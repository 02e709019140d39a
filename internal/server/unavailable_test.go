package server_test

import (
	"net/http"
	"testing"
)

// TestUnavailableWhileAuthenticating: when the database cannot look up the
// bearer token in time (here a lock held past lock_timeout), the API answers
// 503 with Retry-After, as the OpenAPI document says every 503 does.
func TestUnavailableWhileAuthenticating(t *testing.T) {
	srv, db := newServer(t)
	token := adminToken(t, db)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`LOCK TABLE access_token IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	res, body := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+token)
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("got %d %s, want 503", res.StatusCode, body)
	}
	decodeProblem(t, res, body)
	if got := res.Header.Get("Retry-After"); got == "" {
		t.Error("503 without Retry-After")
	}
}
