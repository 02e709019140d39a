package server_test

import (
	"encoding/json"
	"net/url"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestMunicipalityCodeAPIAndPageAgree: the API and the management page read
// a municipality code the same way (" gm0080" is GM0080) and refuse the same
// malformed codes.
func TestMunicipalityCodeAPIAndPageAgree(t *testing.T) {
	srv, db := newServer(t)
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	bearer := []string{"Content-Type", "application/json", "Authorization", "Bearer " + pgtest.MustAccessToken(t, db, admin.ID)}
	cookie := []string{"Content-Type", "application/x-www-form-urlencoded",
		"Cookie", auth.SessionCookieName(false) + "=" + pgtest.MustSession(t, db, admin.ID)}
	stored := func(code string) bool {
		t.Helper()
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM municipality WHERE code = $1`, code); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}

	res, body := do(t, "POST", srv.URL+"/api/v1/municipalities", `{"code":"gm0081","name":"Via de API"}`, bearer...)
	var m struct{ Code string }
	if err := json.Unmarshal(body, &m); err != nil || res.StatusCode != 201 || m.Code != "GM0081" {
		t.Errorf("API: %d %s, want 201 with code GM0081", res.StatusCode, body)
	}
	form := url.Values{"code": {" gm0082"}, "name": {"Via de pagina"}}
	if res, _ := do(t, "POST", srv.URL+"/beheer/gemeenten", form.Encode(), cookie...); res.Request.URL.Path != "/beheer/gemeenten" || res.StatusCode != 200 {
		t.Errorf("page: %d at %s, want the list again", res.StatusCode, res.Request.URL)
	}
	if !stored("GM0081") || !stored("GM0082") {
		t.Error("a code was not stored in capitals")
	}

	res, _ = do(t, "POST", srv.URL+"/api/v1/municipalities", `{"code":"XX1234","name":"Fout"}`, bearer...)
	pageRes, _ := do(t, "POST", srv.URL+"/beheer/gemeenten", url.Values{"code": {"XX1234"}, "name": {"Fout"}}.Encode(), cookie...)
	if res.StatusCode != 400 || pageRes.StatusCode != 400 {
		t.Errorf("malformed code: API %d, page %d, want 400 from both", res.StatusCode, pageRes.StatusCode)
	}
}
