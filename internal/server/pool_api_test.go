package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestPoolAPI: nominating over the quota, the list shape the issue fixes,
// and IDOR on members and pre-selections: other organisations and other
// municipalities get 404, and nothing changes.
func TestPoolAPI(t *testing.T) {
	srv, db := newServer(t)
	orgA, orgB := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	munA, munB := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
	h := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID), "Content-Type", "application/json"}
	}
	admin := h(pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}}))
	coachUser := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	coach := h(coachUser)
	contactA := h(pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &orgA.ID}))
	contactB := h(pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &orgB.ID}))
	dispB := h(pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{munB.ID}}))

	res, body := do(t, "POST", srv.URL+"/api/v1/pool-rounds", fmt.Sprintf(`{"name":"Pilot","organisations":[{"organisationId":%d,"quota":1},{"organisationId":%d,"quota":1}]}`, orgA.ID, orgB.ID), admin...)
	var round struct {
		ID int64 `json:"id"`
	}
	if res.StatusCode != 201 || json.Unmarshal(body, &round) != nil {
		t.Fatalf("create round: %d %s", res.StatusCode, body)
	}
	nominate := func(hdr []string, name string) (*http.Response, []byte) {
		return do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/pool-rounds/%d/nominations", round.ID),
			fmt.Sprintf(`{"regisseurName":%q,"motivation":"Sterk in netwerken","hoursPerWeek":16,"municipalityIds":[%d]}`, name, munA.ID), hdr...)
	}
	res, body = nominate(contactA, "Kandidaat A")
	var member struct {
		ID          int64 `json:"id"`
		RegisseurID int64 `json:"regisseurId"`
	}
	if res.StatusCode != 201 || json.Unmarshal(body, &member) != nil {
		t.Fatalf("nominate: %d %s", res.StatusCode, body)
	}
	// Until an admin links a coach, the nominee is the admins' alone.
	res, body = do(t, "PUT", srv.URL+fmt.Sprintf("/api/v1/pool-members/%d/pre-selection", member.ID),
		`{"testDate":"2026-10-01","instrumentName":"NEO","provider":"Bureau","outcome":"suitable"}`, coach...)
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("a coach records the pre-selection of a nominee without a coach: %d %s, want 404", res.StatusCode, body)
	}
	pgtest.MustLinkCoach(t, db, coachUser.ID, member.RegisseurID)
	res, body = nominate(contactA, "Kandidaat A2")
	if p := decodeProblem(t, res, body); res.StatusCode != http.StatusConflict || !strings.Contains(p.Detail, "1 van de 1") {
		t.Fatalf("over quota: %d %s", res.StatusCode, p.Detail)
	}
	res, body = do(t, "PUT", srv.URL+fmt.Sprintf("/api/v1/pool-members/%d/pre-selection", member.ID),
		`{"testDate":"2026-10-01","instrumentName":"NEO","provider":"Bureau","outcome":"suitable_with_attention_points","pitfalls":["Neemt over"],"attentionPoints":["Grenzen"]}`, coach...)
	if res.StatusCode != 200 {
		t.Fatalf("record pre-selection: %d %s", res.StatusCode, body)
	}
	res, body = do(t, "PUT", srv.URL+fmt.Sprintf("/api/v1/pool-members/%d/pre-selection/report?filename=rapport.pdf", member.ID), "%PDF-1.4 rapport", "Authorization", coach[1], "Content-Type", "application/pdf")
	if res.StatusCode != 204 {
		t.Fatalf("upload report: %d %s", res.StatusCode, body)
	}
	res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/pool-members/%d/pre-selection/report", member.ID), "", coach...)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(body), "%PDF") {
		t.Fatalf("download report: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	res, body = do(t, "GET", srv.URL+"/api/v1/pool-members?status=preselected", "", admin...)
	var list struct {
		Count   int              `json:"count"`
		Results []map[string]any `json:"results"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &list) != nil || list.Count != 1 {
		t.Fatalf("list: %d %s", res.StatusCode, body)
	}
	for _, k := range []string{"id", "regisseurId", "name", "organisationId", "status", "maxCases", "activeCases", "hoursPerWeek"} {
		if _, ok := list.Results[0][k]; !ok {
			t.Errorf("pool member lacks %q", k)
		}
	}
	if res, body := do(t, "GET", srv.URL+"/api/v1/pool-members?status=bezig&municipalityId=x", "", admin...); decodeProblem(t, res, body).InvalidParams == nil || res.StatusCode != 400 {
		t.Errorf("bad filters: %d", res.StatusCode)
	}

	for _, tt := range []struct {
		name   string
		hdr    []string
		method string
		path   string
		body   string
		want   int
	}{
		{"other organisation reads the member", contactB, "GET", "/api/v1/pool-members/%d", "", 404},
		{"other organisation reads the pre-selection", contactB, "GET", "/api/v1/pool-members/%d/pre-selection", "", 404},
		{"other organisation withdraws", contactB, "POST", "/api/v1/pool-members/%d/transitions", `{"to":"withdrawn","reason":"x"}`, 404},
		{"dispatcher of another municipality reads the member", dispB, "GET", "/api/v1/pool-members/%d", "", 404},
		{"dispatcher reads a pre-selection", dispB, "GET", "/api/v1/pool-members/%d/pre-selection", "", 403},
		{"nominating organisation downloads the report", contactA, "GET", "/api/v1/pool-members/%d/pre-selection/report", "", 404},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, db)
			res, body := do(t, tt.method, srv.URL+fmt.Sprintf(tt.path, member.ID), tt.body, tt.hdr...)
			if res.StatusCode != tt.want {
				t.Fatalf("got %d %s, want %d", res.StatusCode, body, tt.want)
			}
			if snapshot(t, db) != before {
				t.Error("the database changed")
			}
		})
	}
	// The nominating organisation sees the outcome only.
	res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/pool-members/%d/pre-selection", member.ID), "", contactA...)
	if res.StatusCode != 200 || strings.Contains(string(body), "Neemt over") || !strings.Contains(string(body), `"outcomeOnly":true`) {
		t.Fatalf("org contact view: %d %s", res.StatusCode, body)
	}
	// Withdrawing before a decision works, with the history recorded; the
	// reason is for the member, their coach and admins.
	res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/pool-members/%d/transitions", member.ID), `{"to":"withdrawn","reason":"Kandidaat kiest ander werk"}`, contactA...)
	if res.StatusCode != 201 || !strings.Contains(string(body), `"status":"withdrawn"`) || strings.Contains(string(body), "Kandidaat kiest ander werk") {
		t.Fatalf("withdraw: %d %s, want withdrawn without the reason", res.StatusCode, body)
	}
	res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/pool-members/%d", member.ID), "", coach...)
	if res.StatusCode != 200 || !strings.Contains(string(body), "Kandidaat kiest ander werk") {
		t.Fatalf("the coach reads the withdrawal: %d %s, want the reason", res.StatusCode, body)
	}
}
