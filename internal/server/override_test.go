package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

type problemJSON struct {
	Code          string             `json:"code"`
	Detail        string             `json:"detail"`
	Exclusions    []domain.Exclusion `json:"exclusions"`
	InvalidParams []struct {
		Name string `json:"name"`
	} `json:"invalidParams"`
}

// TestAssignOverride (issue 14, item 2): assigning a candidate the ranking
// excludes needs a reason. Without one: 409 naming the exclusions (codes
// and texts, in words for a dispatcher, with the score for an admin), and
// nothing stored. With one: 201, and the reason and the overridden codes
// are in the case timeline, the audit trail and the monitoring count. Hard
// rules stay hard with a reason; for a qualified candidate a reason is
// ignored.
func TestAssignOverride(t *testing.T) {
	e := newCandidateEnv(t)
	path := fmt.Sprintf("/api/v1/cases/%d/assignments", e.caseID)
	post := func(token, body string) (*http.Response, []byte) {
		return do(t, "POST", e.srv+path, body, "Authorization", "Bearer "+token, "Content-Type", "application/json")
	}
	refused := func(token, body string, status int) problemJSON {
		t.Helper()
		res, raw := post(token, body)
		var p problemJSON
		if res.StatusCode != status || json.Unmarshal(raw, &p) != nil {
			t.Fatalf("%s: %d %s, want %d", body, res.StatusCode, raw, status)
		}
		return p
	}

	under := fmt.Sprintf(`{"regisseurId":%d`, e.under)
	p := refused(e.dispToken, under+`}`, 409)
	want := []domain.Exclusion{{Code: domain.ReasonBelowMinimum, Reason: "Onder het minimum op Daadkrachtig"}}
	if p.Code != "override_required" || !slices.Equal(p.Exclusions, want) || !strings.Contains(p.Detail, "Onder het minimum op Daadkrachtig") ||
		!strings.Contains(p.Detail, "reden") {
		t.Errorf("dispatcher without a reason: %+v, want override_required with %v", p, want)
	}
	p = refused(e.adminToken, under+`}`, 409)
	if len(p.Exclusions) != 1 || p.Exclusions[0].Reason != "Onder het minimum op Daadkrachtig (1 < 2)" {
		t.Errorf("admin without a reason: %+v, want the score against the minimum", p.Exclusions)
	}
	if p := refused(e.dispToken, under+`,"overrideReason":"   "}`, 409); p.Code != "override_required" {
		t.Errorf("a blank reason: %+v", p)
	}
	long := strings.Repeat("é", domain.MaxOverrideReason+1)
	if p := refused(e.dispToken, under+`,"overrideReason":"`+long+`"}`, 400); len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "overrideReason" {
		t.Errorf("a reason too long: %+v", p)
	}
	// An offer is for qualified candidates only: it records no reason.
	if p := refused(e.dispToken, under+`,"offer":true,"overrideReason":"toch"}`, 409); p.Code != "override_required" || len(p.Exclusions) != 1 {
		t.Errorf("an offer to an excluded candidate: %+v, want override_required", p)
	}
	var n int
	if err := e.db.Get(&n, `SELECT count(*) FROM assignment WHERE case_id = $1`, e.caseID); err != nil || n != 0 {
		t.Fatalf("%d assignments after refusals (%v)", n, err)
	}
	if err := e.db.Get(&n, `SELECT count(*) FROM case_offer WHERE case_id = $1`, e.caseID); err != nil || n != 0 {
		t.Fatalf("%d offers after refusals (%v)", n, err)
	}

	reason := "Enige regisseur met ervaring met deze gezinssituatie; begeleider kijkt mee op daadkracht."
	if res, raw := post(e.dispToken, under+`,"overrideReason":"  `+reason+`  "}`); res.StatusCode != 201 {
		t.Fatalf("with a reason: %d %s", res.StatusCode, raw)
	}
	var row struct {
		Reason     string `db:"override_reason"`
		Overridden string `db:"overridden"`
	}
	if err := e.db.Get(&row, `SELECT override_reason, overridden::text FROM assignment WHERE case_id = $1`, e.caseID); err != nil ||
		row.Reason != reason || row.Overridden != "{below_hard_minimum}" {
		t.Fatalf("stored %+v (%v)", row, err)
	}
	if err := e.db.Get(&n, `SELECT count(*) FROM audit_event WHERE actor_user_id = $1 AND action = 'override' AND record_type = 'assignment'`,
		e.dispatcher.ID); err != nil || n != 1 {
		t.Errorf("%d override audit rows (%v)", n, err)
	}

	var events struct {
		Results []struct {
			Kind           string   `json:"kind"`
			RegisseurID    *int64   `json:"regisseurId"`
			OverrideReason *string  `json:"overrideReason"`
			Overridden     []string `json:"overridden"`
		} `json:"results"`
	}
	raw := e.api(t, e.dispToken, "GET", fmt.Sprintf("/api/v1/cases/%d/events", e.caseID), "")
	if err := json.Unmarshal(raw, &events); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ev := range events.Results {
		if ev.Kind == domain.TimelineAssigned {
			found = ev.OverrideReason != nil && *ev.OverrideReason == reason && slices.Equal(ev.Overridden, []string{"below_hard_minimum"}) &&
				ev.RegisseurID != nil && *ev.RegisseurID == e.under
		}
	}
	if !found {
		t.Errorf("the timeline does not show the override: %s", raw)
	}

	// Monitoring counts overrides per exclusion code; a dispatcher may not.
	monitor := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	today := time.Now()
	counts, err := e.db.CountOverrides(pgtest.ActorCtx(t, e.db, monitor.ID), today.AddDate(0, 0, -1), today, nil)
	if err != nil || counts[domain.ReasonBelowMinimum] != 1 || len(counts) != 1 {
		t.Errorf("override counts %v (%v), want 1 below_hard_minimum", counts, err)
	}
	// The monitoring report's question 2 carries these counts, under its small-cell rule.
	other := pgtest.MustCreateMunicipality(t, e.db)
	if counts, err := e.db.CountOverrides(pgtest.ActorCtx(t, e.db, monitor.ID), today.AddDate(0, 0, -1), today, &other.ID); err != nil || len(counts) != 0 {
		t.Errorf("override counts in another municipality %v (%v), want none", counts, err)
	}
	if _, err := e.db.CountOverrides(pgtest.ActorCtx(t, e.db, e.dispatcher.ID), today, today, nil); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("a dispatcher counts overrides: %v, want forbidden", err)
	}
}

// TestAssignOverrideHardRules: capacity and independence stay hard with a
// reason (the store's own 409), and a reason for a qualified candidate
// records no override.
func TestAssignOverrideHardRules(t *testing.T) {
	e := newCandidateEnv(t)
	ctx := pgtest.ActorCtx(t, e.db, e.dispatcher.ID)
	var org int64
	if err := e.db.Get(&org, `SELECT organisation_id FROM pool_membership WHERE regisseur_id = $1`, e.atNorm); err != nil {
		t.Fatal(err)
	}
	var mun int64
	if err := e.db.Get(&mun, `SELECT municipality_id FROM complex_case WHERE id = $1`, e.caseID); err != nil {
		t.Fatal(err)
	}
	involved := domain.Case{Reference: "Z-361", MunicipalityID: mun, ParentsStruggle: true, HighRisk: true, SafetyRisk: domain.RiskHigh,
		LeansOn: []string{"daadkrachtig"}, InvolvedOrganisationIDs: []int64{org}}
	if err := e.db.CreateCase(ctx, &involved); err != nil {
		t.Fatal(err)
	}
	res, raw := do(t, "POST", e.srv+fmt.Sprintf("/api/v1/cases/%d/assignments", involved.ID),
		fmt.Sprintf(`{"regisseurId":%d,"overrideReason":"Toch graag"}`, e.atNorm), "Authorization", "Bearer "+e.dispToken, "Content-Type", "application/json")
	if res.StatusCode != 409 || !strings.Contains(string(raw), `"code":"not_independent"`) {
		t.Errorf("not independent with a reason: %d %s, want 409 not_independent", res.StatusCode, raw)
	}

	res, raw = do(t, "POST", e.srv+fmt.Sprintf("/api/v1/cases/%d/assignments", e.caseID),
		fmt.Sprintf(`{"regisseurId":%d,"overrideReason":"Niet nodig"}`, e.above), "Authorization", "Bearer "+e.dispToken, "Content-Type", "application/json")
	if res.StatusCode != 201 {
		t.Fatalf("qualified with a reason: %d %s", res.StatusCode, raw)
	}
	var stored *string
	if err := e.db.Get(&stored, `SELECT override_reason FROM assignment WHERE case_id = $1`, e.caseID); err != nil || stored != nil {
		t.Errorf("a qualified assignment recorded an override: %v (%v)", stored, err)
	}
}
