package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestCaseAPI: intake, ranked candidates with reasons, assignment with 409
// when full, batch proposal, and the dispatcher's municipality scope.
func TestCaseAPI(t *testing.T) {
	srv, db := newServer(t)
	mun, other := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
	org, involved := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	hdr := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, pgtest.MustCreateUser(t, db, u).ID), "Content-Type", "application/json"}
	}
	disp := hdr(domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	dispOther := hdr(domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{other.ID}})
	// Two active members: one free, one of an organisation in the family's care.
	regs := []int64{
		pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 1, 20).ID,
		pgtest.MustCreateActiveMember(t, db, involved.ID, []int64{mun.ID}, 1, 20).ID,
	}
	newCase := func(ref string) int64 {
		res, body := do(t, "POST", srv.URL+"/api/v1/cases", fmt.Sprintf(`{"reference":%q,"municipalityId":%d,"parentsStruggle":true,"highRisk":true,"safetyRisk":"high","lifeDomains":["veiligheid"],"leansOn":["daadkrachtig"],"involvedOrganisationIds":[%d]}`, ref, mun.ID, involved.ID), disp...)
		var c struct {
			ID              int64 `json:"id"`
			MeetsDefinition bool  `json:"meetsDefinition"`
		}
		if res.StatusCode != 201 || json.Unmarshal(body, &c) != nil || !c.MeetsDefinition {
			t.Fatalf("intake: %d %s", res.StatusCode, body)
		}
		return c.ID
	}
	c1, c2 := newCase("Z-1"), newCase("Z-2")
	res, body := do(t, "POST", srv.URL+"/api/v1/cases", `{"reference":"Fam. Jansen","municipalityId":1,"safetyRisk":"laag"}`, disp...)
	if p := decodeProblem(t, res, body); res.StatusCode != 400 || len(p.InvalidParams) == 0 {
		t.Fatalf("bad intake: %d %+v", res.StatusCode, p)
	}

	res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/cases/%d/candidates", c1), "", disp...)
	var cands struct {
		Results []struct {
			RegisseurID int64    `json:"regisseurId"`
			Qualified   bool     `json:"qualified"`
			Reasons     []string `json:"reasons"`
			Capacity    struct {
				ActiveCases int `json:"activeCases"`
				MaxCases    int `json:"maxCases"`
			} `json:"capacity"`
		} `json:"results"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &cands) != nil || len(cands.Results) != 2 {
		t.Fatalf("candidates: %d %s", res.StatusCode, body)
	}
	if !cands.Results[0].Qualified || cands.Results[0].RegisseurID != regs[0] || cands.Results[1].Qualified ||
		!strings.Contains(strings.Join(cands.Results[1].Reasons, " "), "onafhankelijk") {
		t.Fatalf("ranking %+v: want the independent member qualified first, the involved one excluded with the reason", cands.Results)
	}

	res, body = do(t, "POST", srv.URL+"/api/v1/assignment-proposals", "{}", disp...)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"pairs":[{`) || !strings.Contains(string(body), `"unplaced":[{`) {
		t.Fatalf("proposal: %d %s", res.StatusCode, body)
	}
	if res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/cases/%d/assignments", c1), fmt.Sprintf(`{"regisseurId":%d}`, regs[0]), disp...); res.StatusCode != 201 {
		t.Fatalf("assign: %d %s", res.StatusCode, body)
	}
	res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/cases/%d/assignments", c2), fmt.Sprintf(`{"regisseurId":%d}`, regs[0]), disp...)
	if p := decodeProblem(t, res, body); res.StatusCode != 409 || !strings.Contains(p.Detail, "geen ruimte") {
		t.Fatalf("assign to a full member: %d %s", res.StatusCode, p.Detail)
	}
	if res, _ = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/cases/%d", c1), "", dispOther...); res.StatusCode != 404 {
		t.Errorf("dispatcher of another municipality reads the case: %d, want 404", res.StatusCode)
	}
	if res, _ = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/cases/%d/closure", c1), `{"reason":"own_regie","endConversation":{"held":false},"finalCheck":{"helpWorks":true,"familyDirectsOwnLife":true}}`, disp...); res.StatusCode != 200 {
		t.Fatalf("close: %d", res.StatusCode)
	}
	// A closed case keeps its last regisseur, with the time of the close
	// (issue 13, item 7).
	res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/cases/%d", c1), "", disp...)
	var closed struct {
		Status      string  `json:"status"`
		RegisseurID *int64  `json:"regisseurId"`
		ClosedAt    *string `json:"closedAt"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &closed) != nil || closed.Status != "closed" || closed.RegisseurID == nil ||
		*closed.RegisseurID != regs[0] || closed.ClosedAt == nil {
		t.Fatalf("closed case: %d %s, want regisseurId %d and closedAt", res.StatusCode, body, regs[0])
	}
	if res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/cases/%d/assignments", c2), fmt.Sprintf(`{"regisseurId":%d}`, regs[0]), disp...); res.StatusCode != 201 {
		t.Errorf("after close the capacity is free: %d %s", res.StatusCode, body)
	}
	// hoursSpent is the sum of the hours events (issue 13, item 9).
	for _, h := range []string{"12.5", "20"} {
		if res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/cases/%d/events", c2), `{"kind":"hours","occurredOn":"2026-01-05","hours":`+h+`}`, disp...); res.StatusCode != 201 {
			t.Fatalf("log hours: %d %s", res.StatusCode, body)
		}
	}
	res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/cases/%d", c2), "", disp...)
	var spent struct {
		ArrangementHours float64 `json:"arrangementHours"`
		HoursSpent       float64 `json:"hoursSpent"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &spent) != nil || spent.HoursSpent != 32.5 || spent.ArrangementHours != 50 {
		t.Errorf("hours: %d %s, want hoursSpent 32.5 of arrangementHours 50", res.StatusCode, body)
	}

	// The code lists are the domain's: a value outside one is a 400 naming
	// the field, from the use case's validation.
	c3 := newCase("Z-3")
	for _, tt := range []struct {
		name, path, body, field string
	}{
		{"close reason", fmt.Sprintf("/api/v1/cases/%d/closure", c3), `{"reason":"weg","endConversation":{"held":false},"finalCheck":{"helpWorks":true,"familyDirectsOwnLife":true}}`, "reason"},
		{"event kind", fmt.Sprintf("/api/v1/cases/%d/events", c3), `{"kind":"feest","occurredOn":"2026-01-05"}`, "kind"},
		{"safety risk", "/api/v1/cases", fmt.Sprintf(`{"reference":"Z-4","municipalityId":%d,"parentsStruggle":true,"highRisk":true,"safetyRisk":"laag"}`, mun.ID), "safetyRisk"},
		{"urgency", "/api/v1/cases", fmt.Sprintf(`{"reference":"Z-4","municipalityId":%d,"parentsStruggle":true,"highRisk":true,"safetyRisk":"high","urgency":4}`, mun.ID), "urgency"},
		{"life domain", "/api/v1/cases", fmt.Sprintf(`{"reference":"Z-4","municipalityId":%d,"parentsStruggle":true,"highRisk":true,"safetyRisk":"high","lifeDomains":["sport"]}`, mun.ID), "lifeDomains"},
		// The definition checklist must agree with the assessment (issue 13, item 1).
		{"several domains without two life domains", "/api/v1/cases", fmt.Sprintf(`{"reference":"Z-4","municipalityId":%d,"parentsStruggle":true,"severalDomains":true,"safetyRisk":"medium","lifeDomains":[]}`, mun.ID), "lifeDomains"},
		{"high risk with a low safety risk", "/api/v1/cases", fmt.Sprintf(`{"reference":"Z-4","municipalityId":%d,"highRisk":true,"safetyRisk":"low"}`, mun.ID), "highRisk"},
		{"a high safety risk without high risk", "/api/v1/cases", fmt.Sprintf(`{"reference":"Z-4","municipalityId":%d,"parentsStruggle":true,"severalDomains":true,"safetyRisk":"high","lifeDomains":["wonen","werk"]}`, mun.ID), "highRisk"},
		{"two life domains without several domains", "/api/v1/cases", fmt.Sprintf(`{"reference":"Z-4","municipalityId":%d,"highRisk":true,"safetyRisk":"high","lifeDomains":["wonen","werk"]}`, mun.ID), "severalDomains"},
		{"proposal of a case that does not wait", "/api/v1/assignment-proposals", fmt.Sprintf(`{"caseIds":[%d]}`, c1), "caseIds"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, "POST", srv.URL+tt.path, tt.body, disp...)
			p := decodeProblem(t, res, body)
			if res.StatusCode != 400 || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != tt.field {
				t.Errorf("%d %+v, want 400 naming %s", res.StatusCode, p.InvalidParams, tt.field)
			}
		})
	}

	// A crisis: high risk, parents who cope, one life domain. It meets the
	// working definition and needs no reason (issue 13, item 1).
	res, body = do(t, "POST", srv.URL+"/api/v1/cases", fmt.Sprintf(`{"reference":"Z-5","municipalityId":%d,"highRisk":true,"safetyRisk":"high","lifeDomains":["veiligheid"]}`, mun.ID), disp...)
	var crisis struct {
		MeetsDefinition bool `json:"meetsDefinition"`
	}
	if res.StatusCode != 201 || json.Unmarshal(body, &crisis) != nil || !crisis.MeetsDefinition {
		t.Errorf("crisis case: %d %s, want 201 meeting the definition", res.StatusCode, body)
	}
}
