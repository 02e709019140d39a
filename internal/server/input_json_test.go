package server_test

import (
	"fmt"
	"strings"
	"testing"

	"regiepool/internal/pgtest"
)

// TestJSONInputIsNamed: an unknown field, a value after the object, a date
// outside the years the service accepts and a null PATCH body are 400s, and
// each names what is wrong in invalidParams where there is a field to name.
func TestJSONInputIsNamed(t *testing.T) {
	srv, db := newServer(t)
	token := adminToken(t, db)
	org := pgtest.MustCreateOrganisation(t, db)
	mun := pgtest.MustCreateMunicipality(t, db)
	reg := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 2, 16)
	var memberID int64
	if err := db.Get(&memberID, `SELECT id FROM pool_membership WHERE regisseur_id = $1`, reg.ID); err != nil {
		t.Fatal(err)
	}
	leave := fmt.Sprintf("/api/v1/pool-members/%d/unavailability", memberID)
	for _, tt := range []struct {
		name, method, path, body string
		wantParam, wantCode      string
	}{
		{"unknown field", "POST", "/api/v1/municipalities", `{"code":"GM0001","name":"A","region":"Oost","colour":"blauw"}`, "colour", "unknown"},
		{"unknown field in a PATCH", "PATCH", fmt.Sprintf("/api/v1/municipalities/%d", mun.ID), `{"nmae":"B"}`, "nmae", "unknown"},
		{"value after the object", "POST", "/api/v1/municipalities", `{"code":"GM0002","name":"A"} {"code":"GM0003"}`, "", ""},
		{"leave from year 0000", "POST", leave, `{"startsOn":"0000-01-01","endsOn":"2027-01-10"}`, "startsOn", "range"},
		{"leave until year 9999", "POST", leave, `{"startsOn":"2027-01-01","endsOn":"9999-12-31"}`, "endsOn", "range"},
		{"leave of ten years", "POST", leave, `{"startsOn":"2027-01-01","endsOn":"2036-12-31"}`, "endsOn", "range"},
		{"monitoring from year 0001", "GET", "/api/v1/reports/monitoring?from=0001-01-01", "", "from", "range"},
		{"null PATCH body on a member", "PATCH", fmt.Sprintf("/api/v1/pool-members/%d", memberID), `null`, "body", "type"},
		{"null PATCH body on an organisation", "PATCH", fmt.Sprintf("/api/v1/organisations/%d", org.ID), ` null `, "body", "type"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, tt.method, srv.URL+tt.path, tt.body, "Content-Type", "application/json", "Authorization", "Bearer "+token,
				"Accept", "application/json")
			if res.StatusCode != 400 {
				t.Fatalf("status %d, want 400: %s", res.StatusCode, body)
			}
			p := decodeProblem(t, res, body)
			if tt.wantParam == "" {
				return
			}
			if len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != tt.wantParam {
				t.Fatalf("invalidParams %+v, want one for %s", p.InvalidParams, tt.wantParam)
			}
			if !strings.Contains(string(body), `"code":"`+tt.wantCode+`"`) {
				t.Errorf("invalidParams code is not %s: %s", tt.wantCode, body)
			}
		})
	}
	m, err := db.FindMembership(pgtest.SystemCtx(), memberID)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Availability) != 0 {
		t.Errorf("refused leave was stored: %+v", m.Availability)
	}
}
