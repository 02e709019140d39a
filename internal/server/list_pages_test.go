package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestEveryListIsPaginated: the lists that were "small by nature" came back
// whole whatever the client asked (10,000 events of one case on
// ?pageSize=20). Each now honours page and pageSize, refuses a pageSize out
// of range, and the case page shows only the newest events.
func TestEveryListIsPaginated(t *testing.T) {
	srv, db := newServer(t)
	if err := demo.Load(context.Background(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	token := func(email string) string {
		var id int64
		if err := db.Get(&id, `SELECT id FROM app_user WHERE email = $1`, email); err != nil {
			t.Fatal(err)
		}
		return pgtest.MustAccessToken(t, db, id)
	}
	admin, coach, self := token("admin@regiepool.test"), token("begeleider@regiepool.test"), token("regisseur@regiepool.test")
	var caseID, regID, waitingID int64
	if err := db.Get(&waitingID, `SELECT id FROM complex_case WHERE status = 'waiting' ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&caseID, `SELECT id FROM complex_case WHERE status = 'assigned' ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&regID, `SELECT r.id FROM app_user u JOIN regisseur r ON r.user_id = u.id WHERE u.email = 'regisseur@regiepool.test'`); err != nil {
		t.Fatal(err)
	}
	// A long log: 250 events besides the demo's.
	if _, err := db.Exec(`INSERT INTO case_event (case_id, kind, occurred_on, hours)
		SELECT $1, 'hours', DATE '2027-01-01' + i, 1 FROM generate_series(1, 250) i`, caseID); err != nil {
		t.Fatal(err)
	}
	var events int
	if err := db.Get(&events, `SELECT count(*) FROM case_event WHERE case_id = $1`, caseID); err != nil {
		t.Fatal(err)
	}
	type page struct {
		Count   int               `json:"count"`
		Next    *string           `json:"next"`
		Results []json.RawMessage `json:"results"`
	}
	for _, tt := range []struct {
		path, token string
	}{
		{fmt.Sprintf("/api/v1/cases/%d/events", caseID), admin},
		{fmt.Sprintf("/api/v1/cases/%d/candidates", waitingID), admin},
		{"/api/v1/intervisie-themes", coach},
		{"/api/v1/instruments", coach},
		{"/api/v1/pool-rounds", admin},
		{"/api/v1/feedback-requests", coach},
		{fmt.Sprintf("/api/v1/regisseurs/%d/reflections", regID), self},
		{fmt.Sprintf("/api/v1/regisseurs/%d/self-assessments", regID), self},
		{fmt.Sprintf("/api/v1/regisseurs/%d/feedback-rounds", regID), coach},
	} {
		t.Run(tt.path, func(t *testing.T) {
			get := func(query string) (*http.Response, page) {
				res, body := do(t, "GET", srv.URL+tt.path+query, "", "Authorization", "Bearer "+tt.token)
				var p page
				if res.StatusCode == 200 {
					if err := json.Unmarshal(body, &p); err != nil {
						t.Fatal(err)
					}
				}
				return res, p
			}
			if res, _ := get("?pageSize=101"); res.StatusCode != 400 {
				t.Errorf("pageSize=101: %d, want 400", res.StatusCode)
			}
			res, p := get("?pageSize=1")
			if res.StatusCode != 200 || len(p.Results) > 1 || (p.Count > 1) != (p.Next != nil) {
				t.Errorf("pageSize=1: %d, %d results of %d, next %v", res.StatusCode, len(p.Results), p.Count, p.Next)
			}
		})
	}
	// The events list is the case's timeline: the logged events plus the
	// intake and every assignment.
	var assignments int
	if err := db.Get(&assignments, `SELECT count(*) FROM assignment WHERE case_id = $1`, caseID); err != nil {
		t.Fatal(err)
	}
	entries := events + 1 + assignments
	res, body := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/cases/%d/events?pageSize=20&page=2", caseID), "", "Authorization", "Bearer "+admin)
	var p page
	if res.StatusCode != 200 || json.Unmarshal(body, &p) != nil || len(p.Results) != 20 || p.Count != entries || p.Next == nil {
		t.Fatalf("events page 2: %d, %d results of %d (want 20 of %d)", res.StatusCode, len(p.Results), p.Count, entries)
	}

	var adminID int64
	if err := db.Get(&adminID, `SELECT id FROM app_user WHERE email = 'admin@regiepool.test'`); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", srv.URL+fmt.Sprintf("/casussen/%d", caseID), nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: pgtest.MustSession(t, db, adminID)})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if want := fmt.Sprintf("de nieuwste %d van %d regels", domain.MaxPageSize, entries); res.StatusCode != 200 || !strings.Contains(string(html), want) {
		t.Errorf("case page: %d, lacks %q", res.StatusCode, want)
	}
	// The newest event (2027-01-01 + 250 days) is on it; the log is bounded.
	if !strings.Contains(string(html), "08-09-2027") {
		t.Error("case page lacks the newest event")
	}
	if rows := strings.Count(string(html), "<tr class=\"utrecht-table__row\">"); rows > domain.MaxPageSize+50 {
		t.Errorf("case page has %d table rows: the log is not bounded", rows)
	}
}
