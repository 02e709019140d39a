package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestPoolMembersCasesHandled: pool members carry casesHandled (every case
// ever assigned, closed included) beside activeCases, and the ranking puts
// a member without any case yet ahead of an equally qualified one who had
// cases (issue 13, item 10).
func TestPoolMembersCasesHandled(t *testing.T) {
	srv, db := newServer(t)
	mun, org := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateOrganisation(t, db)
	disp := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, pgtest.MustCreateUser(t, db,
		domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}}).ID), "Content-Type", "application/json"}
	// Created first, so the engine's last tie-break (the lower id) puts
	// the veteran first without the rule.
	veteran := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 20).ID
	newcomer := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 20).ID
	newCase := func(ref, lifeDomain string) int64 {
		res, body := do(t, "POST", srv.URL+"/api/v1/cases", fmt.Sprintf(`{"reference":%q,"municipalityId":%d,"highRisk":true,"safetyRisk":"high","lifeDomains":[%q]}`, ref, mun.ID, lifeDomain), disp...)
		var c struct {
			ID int64 `json:"id"`
		}
		if res.StatusCode != 201 || json.Unmarshal(body, &c) != nil {
			t.Fatalf("intake %s: %d %s", ref, res.StatusCode, body)
		}
		return c.ID
	}
	first := newCase("Z-10", "veiligheid")
	if res, body := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/cases/%d/assignments", first), fmt.Sprintf(`{"regisseurId":%d}`, veteran), disp...); res.StatusCode != 201 {
		t.Fatalf("assign: %d %s", res.StatusCode, body)
	}
	if res, body := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/cases/%d/closure", first), `{"reason":"goals_reached","endConversation":{"held":false},"finalCheck":{"helpWorks":true,"familyDirectsOwnLife":true}}`, disp...); res.StatusCode != 200 {
		t.Fatalf("close: %d %s", res.StatusCode, body)
	}

	res, body := do(t, "GET", srv.URL+"/api/v1/pool-members", "", disp...)
	var members struct {
		Results []struct {
			RegisseurID  int64 `json:"regisseurId"`
			ActiveCases  int   `json:"activeCases"`
			CasesHandled int   `json:"casesHandled"`
		} `json:"results"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &members) != nil {
		t.Fatalf("pool members: %d %s", res.StatusCode, body)
	}
	want := map[int64]int{veteran: 1, newcomer: 0}
	for _, m := range members.Results {
		if m.ActiveCases != 0 || m.CasesHandled != want[m.RegisseurID] {
			t.Errorf("member %d: active %d, handled %d, want 0 and %d", m.RegisseurID, m.ActiveCases, m.CasesHandled, want[m.RegisseurID])
		}
	}

	// Another life domain, so the veteran's experience does not make a
	// better fit: the two are equally qualified.
	second := newCase("Z-11", "wonen")
	res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/cases/%d/candidates", second), "", disp...)
	var cands struct {
		Results []struct {
			RegisseurID int64    `json:"regisseurId"`
			Qualified   bool     `json:"qualified"`
			Reasons     []string `json:"reasons"`
		} `json:"results"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &cands) != nil || len(cands.Results) != 2 {
		t.Fatalf("candidates: %d %s", res.StatusCode, body)
	}
	if got := cands.Results[0]; got.RegisseurID != newcomer || !got.Qualified || !strings.Contains(strings.Join(got.Reasons, " "), "Nog geen casus") {
		t.Errorf("first candidate %+v, want the newcomer %d with the reason", got, newcomer)
	}
}
