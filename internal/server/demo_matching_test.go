package server_test

import (
	"encoding/json"
	"slices"
	"testing"

	"regiepool/internal/demo"
	"regiepool/internal/pgtest"
)

// TestDemoProposalPlacesHighRisk (issue 14, item 1): on the demo data the
// batch proposal left the waiting high-safety-risk cases unplaced while
// members with free slots were excluded for being just under a norm. Norms
// are development targets now: for the admin and for each dispatcher,
// every waiting high-risk case in scope is placed.
func TestDemoProposalPlacesHighRisk(t *testing.T) {
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	var highRisk []int64
	if err := db.Select(&highRisk, `SELECT id FROM complex_case WHERE status = 'waiting' AND safety_risk = 'high' ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(highRisk) < 3 {
		t.Fatalf("the demo must have waiting high-risk cases, has %v", highRisk)
	}
	seen := map[int64]bool{}
	for _, email := range []string{"admin@regiepool.test", "werkverdeler@regiepool.test", "werkverdeler2@regiepool.test"} {
		var uid int64
		if err := db.Get(&uid, `SELECT id FROM app_user WHERE email = $1`, email); err != nil {
			t.Fatal(err)
		}
		hdr := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, uid), "Content-Type", "application/json"}
		res, raw := do(t, "POST", srv.URL+"/api/v1/assignment-proposals", `{}`, hdr...)
		var p struct {
			Pairs []struct {
				CaseID int64 `json:"caseId"`
			} `json:"pairs"`
			Unplaced []struct {
				CaseID int64  `json:"caseId"`
				Reason string `json:"reason"`
			} `json:"unplaced"`
		}
		if res.StatusCode != 200 || json.Unmarshal(raw, &p) != nil {
			t.Fatalf("%s: %d %s", email, res.StatusCode, raw)
		}
		for _, u := range p.Unplaced {
			if slices.Contains(highRisk, u.CaseID) {
				t.Errorf("%s: high-risk case %d unplaced: %s", email, u.CaseID, u.Reason)
			}
		}
		for _, pr := range p.Pairs {
			seen[pr.CaseID] = true
		}
	}
	for _, id := range highRisk {
		if !seen[id] {
			t.Errorf("high-risk case %d is in no proposal", id)
		}
	}
}
