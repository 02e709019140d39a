package server_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
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

// TestDemoOverride: the demo has one assignment against the ranking, with
// its reason; the ranking does exclude that regisseur from that case
// (below the hard minimum), and the case timeline shows the override.
func TestDemoOverride(t *testing.T) {
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	var o []struct {
		CaseID      int64  `db:"case_id"`
		RegisseurID int64  `db:"regisseur_id"`
		Reason      string `db:"override_reason"`
	}
	if err := db.Select(&o, `SELECT case_id, regisseur_id, override_reason FROM assignment WHERE cardinality(overridden) > 0`); err != nil || len(o) != 1 || o[0].Reason == "" {
		t.Fatalf("demo overrides %+v (%v), want one with a reason", o, err)
	}
	var uid int64
	if err := db.Get(&uid, `SELECT id FROM app_user WHERE email = 'admin@regiepool.test'`); err != nil {
		t.Fatal(err)
	}
	hdr := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, uid)}
	res, raw := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/cases/%d/candidates?pageSize=100", o[0].CaseID), "", hdr...)
	var r struct {
		Results []struct {
			RegisseurID int64    `json:"regisseurId"`
			Qualified   bool     `json:"qualified"`
			ReasonCodes []string `json:"reasonCodes"`
		} `json:"results"`
	}
	if res.StatusCode != 200 || json.Unmarshal(raw, &r) != nil {
		t.Fatalf("ranking: %d %s", res.StatusCode, raw)
	}
	for _, c := range r.Results {
		if c.RegisseurID == o[0].RegisseurID && (c.Qualified || !slices.Contains(c.ReasonCodes, "below_hard_minimum")) {
			t.Errorf("the overridden regisseur in the ranking: %+v, want excluded below the hard minimum", c)
		}
	}
	res, raw = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/cases/%d/events", o[0].CaseID), "", hdr...)
	if res.StatusCode != 200 || !strings.Contains(string(raw), `"overrideReason":`) || !strings.Contains(string(raw), `"overridden":["below_hard_minimum"]`) {
		t.Errorf("the timeline of the overridden case: %d %s", res.StatusCode, raw)
	}
}
