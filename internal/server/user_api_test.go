package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

func TestUserAPI(t *testing.T) {
	srv, db := newServer(t)
	admin := adminToken(t, db)
	org := pgtest.MustCreateOrganisation(t, db)
	mun := pgtest.MustCreateMunicipality(t, db)
	auth := []string{"Content-Type", "application/json", "Authorization", "Bearer " + admin}

	t.Run("create 400 lists every field error and stores nothing", func(t *testing.T) {
		before := snapshot(t, db)
		res, body := do(t, "POST", srv.URL+"/api/v1/users", `{"email":"geen-adres","name":"","roles":["dispatcher","chef"]}`, auth...)
		p := decodeProblem(t, res, body)
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("status %d", res.StatusCode)
		}
		var names []string
		for _, f := range p.InvalidParams {
			names = append(names, f.Name)
		}
		sort.Strings(names)
		if fmt.Sprint(names) != "[name roles[1]]" {
			t.Errorf("invalidParams %v, want name and roles[1] (shape errors first)", names)
		}
		if snapshot(t, db) != before {
			t.Error("the database changed")
		}
	})
	t.Run("domain rules report every field too", func(t *testing.T) {
		res, body := do(t, "POST", srv.URL+"/api/v1/users", `{"email":"geen-adres","name":"X","roles":["dispatcher","org_contact"],"password":"kort"}`, auth...)
		p := decodeProblem(t, res, body)
		got := map[string]bool{}
		for _, f := range p.InvalidParams {
			got[f.Name] = true
		}
		if res.StatusCode != 400 || !got["email"] || !got["organisationId"] || !got["municipalityIds"] {
			t.Errorf("got %d %+v, want email, organisationId and municipalityIds", res.StatusCode, p.InvalidParams)
		}
	})
	t.Run("unknown field and wrong content type", func(t *testing.T) {
		res, body := do(t, "POST", srv.URL+"/api/v1/users", `{"email":"a@b.nl","isAdmin":true}`, auth...)
		if decodeProblem(t, res, body); res.StatusCode != 400 {
			t.Errorf("unknown field: %d", res.StatusCode)
		}
		res, body = do(t, "POST", srv.URL+"/api/v1/users", `email=a@b.nl`, "Content-Type", "application/x-www-form-urlencoded", "Authorization", "Bearer "+admin)
		if decodeProblem(t, res, body); res.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("form body: %d, want 415", res.StatusCode)
		}
	})

	var created struct {
		ID              int64    `json:"id"`
		Roles           []string `json:"roles"`
		MunicipalityIDs []int64  `json:"municipalityIds"`
	}
	t.Run("create 201 and conflict 409", func(t *testing.T) {
		payload := fmt.Sprintf(`{"email":"Sietske@Gemeente.nl","name":"Sietske","password":"een-lang-wachtwoord","roles":["dispatcher"],"municipalityIds":[%d],"organisationId":%d}`, mun.ID, org.ID)
		res, body := do(t, "POST", srv.URL+"/api/v1/users", payload, auth...)
		if res.StatusCode != http.StatusCreated || res.Header.Get("Location") == "" {
			t.Fatalf("create: %d %s", res.StatusCode, body)
		}
		if err := json.Unmarshal(body, &created); err != nil || created.MunicipalityIDs[0] != mun.ID {
			t.Fatalf("created %s: %v", body, err)
		}
		res, body = do(t, "POST", srv.URL+"/api/v1/users", payload, auth...)
		if decodeProblem(t, res, body); res.StatusCode != http.StatusConflict {
			t.Errorf("same e-mail (other case): %d, want 409", res.StatusCode)
		}
	})
	t.Run("the new user logs in; me; revoke", func(t *testing.T) {
		res, body := do(t, "POST", srv.URL+"/api/v1/access-tokens", `{"email":"sietske@gemeente.nl","password":"een-lang-wachtwoord"}`, "Content-Type", "application/json")
		var tok struct {
			ID    int64  `json:"id"`
			Token string `json:"token"`
		}
		if res.StatusCode != 201 || json.Unmarshal(body, &tok) != nil {
			t.Fatalf("log-in: %d %s", res.StatusCode, body)
		}
		res, body = do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+tok.Token)
		var me map[string]any
		if res.StatusCode != 200 || json.Unmarshal(body, &me) != nil || me["email"] != "sietske@gemeente.nl" {
			t.Fatalf("me: %d %s", res.StatusCode, body)
		}
		if _, has := me["regisseurId"]; has {
			t.Error("me of a non-regisseur carries regisseurId")
		}
		res, _ = do(t, "DELETE", srv.URL+fmt.Sprintf("/api/v1/access-tokens/%d", tok.ID), "", "Authorization", "Bearer "+tok.Token)
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		if res, _ = do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+tok.Token); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("revoked token: %d, want 401", res.StatusCode)
		}
	})
	t.Run("me of a regisseur has regisseurId", func(t *testing.T) {
		reg := pgtest.MustCreateRegisseur(t, db, org.ID)
		u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID, OrganisationID: &org.ID})
		res, body := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+pgtest.MustAccessToken(t, db, u.ID))
		var me struct {
			RegisseurID    *int64 `json:"regisseurId"`
			OrganisationID *int64 `json:"organisationId"`
		}
		if res.StatusCode != 200 || json.Unmarshal(body, &me) != nil || me.RegisseurID == nil || *me.RegisseurID != reg.ID || *me.OrganisationID != org.ID {
			t.Fatalf("me: %d %s", res.StatusCode, body)
		}
	})
	t.Run("patch roles and block", func(t *testing.T) {
		res, body := do(t, "PATCH", srv.URL+fmt.Sprintf("/api/v1/users/%d", created.ID), `{"roles":["monitor"],"municipalityIds":[],"disabled":true}`, auth...)
		if res.StatusCode != 200 {
			t.Fatalf("patch: %d %s", res.StatusCode, body)
		}
		var u struct {
			Roles    []string `json:"roles"`
			Disabled bool     `json:"disabled"`
		}
		if json.Unmarshal(body, &u) != nil || fmt.Sprint(u.Roles) != "[monitor]" || !u.Disabled {
			t.Errorf("after patch: %s", body)
		}
		res, _ = do(t, "POST", srv.URL+"/api/v1/access-tokens", `{"email":"sietske@gemeente.nl","password":"een-lang-wachtwoord"}`, "Content-Type", "application/json")
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("blocked account logs in: %d", res.StatusCode)
		}
	})
}
