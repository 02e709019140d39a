package server_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// proposalCases decodes a proposal and returns the ids of the cases it
// covers (placed or not), sorted.
func proposalCases(t *testing.T, body []byte) []int64 {
	t.Helper()
	var p struct {
		Pairs []struct {
			CaseID int64 `json:"caseId"`
		} `json:"pairs"`
		Unplaced []struct {
			CaseID int64 `json:"caseId"`
		} `json:"unplaced"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("decode proposal %s: %v", body, err)
	}
	var ids []int64
	for _, x := range p.Pairs {
		ids = append(ids, x.CaseID)
	}
	for _, x := range p.Unplaced {
		ids = append(ids, x.CaseID)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// TestProposalCaseIDs (issue 14, item 4): caseIds covers exactly the cases
// it names; {} covers every waiting case in the caller's scope; an id that
// does not wait or lies outside the scope is a 400 naming caseIds.
func TestProposalCaseIDs(t *testing.T) {
	srv, db := newServer(t)
	mun, other := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
	org := pgtest.MustCreateOrganisation(t, db)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	disp := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID), "Content-Type", "application/json"}
	pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 10, 40)
	n := 0
	newCase := func(munID int64) int64 {
		n++
		c := domain.Case{Reference: fmt.Sprintf("S-%d", n), MunicipalityID: munID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high"}
		if err := db.CreateCase(pgtest.SystemCtx(), &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	var waiting []int64
	for i := 0; i < 5; i++ {
		waiting = append(waiting, newCase(mun.ID))
	}
	outside := newCase(other.ID)
	assigned := newCase(mun.ID)
	if res, body := do(t, "POST", fmt.Sprintf("%s/api/v1/cases/%d/assignments", srv.URL, assigned), fmt.Sprintf(`{"regisseurId":%d}`, pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 1, 40).ID), disp...); res.StatusCode != 201 {
		t.Fatalf("assign: %d %s", res.StatusCode, body)
	}

	for _, tt := range []struct {
		name string
		body string
		want []int64
	}{
		{"one case", fmt.Sprintf(`{"caseIds":[%d]}`, waiting[2]), []int64{waiting[2]}},
		{"the last case", fmt.Sprintf(`{"caseIds":[%d]}`, waiting[4]), []int64{waiting[4]}},
		{"two cases", fmt.Sprintf(`{"caseIds":[%d,%d]}`, waiting[3], waiting[0]), []int64{waiting[0], waiting[3]}},
		{"a case named twice", fmt.Sprintf(`{"caseIds":[%d,%d]}`, waiting[1], waiting[1]), []int64{waiting[1]}},
		{"all waiting", `{}`, waiting},
		{"an empty list", `{"caseIds":[]}`, waiting},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, "POST", srv.URL+"/api/v1/assignment-proposals", tt.body, disp...)
			if res.StatusCode != 200 {
				t.Fatalf("%d %s", res.StatusCode, body)
			}
			if got := proposalCases(t, body); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("proposal covers %v, want %v", got, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		name string
		id   int64
	}{
		{"out of scope", outside},
		{"assigned", assigned},
		{"unknown", 1 << 40},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, "POST", srv.URL+"/api/v1/assignment-proposals", fmt.Sprintf(`{"caseIds":[%d,%d]}`, waiting[0], tt.id), disp...)
			p := decodeProblem(t, res, body)
			if res.StatusCode != 400 || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "caseIds" {
				t.Errorf("%d %+v, want 400 naming caseIds", res.StatusCode, p.InvalidParams)
			}
		})
	}
}
