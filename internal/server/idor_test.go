package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// snapshot fingerprints every table a request could change, except the
// audit trail (which records the refusals) and usage timestamps.
func snapshot(t *testing.T, db *postgres.DB) string {
	t.Helper()
	var parts []string
	for _, q := range []string{
		`SELECT md5(COALESCE(string_agg(t::text, ',' ORDER BY t.id), '')) FROM organisation t`,
		`SELECT md5(COALESCE(string_agg(t::text, ',' ORDER BY t.id), '')) FROM municipality t`,
		`SELECT md5(COALESCE(string_agg(t::text, ',' ORDER BY t.id), '')) FROM app_user t`,
		`SELECT md5(COALESCE(string_agg(t::text, ',' ORDER BY t::text), '')) FROM user_role t`,
		`SELECT md5(COALESCE(string_agg(t::text, ',' ORDER BY t::text), '')) FROM user_municipality t`,
		`SELECT md5(COALESCE(string_agg(t::text, ',' ORDER BY t.id), '')) FROM regisseur t`,
		`SELECT md5(COALESCE(string_agg(t::text, ',' ORDER BY t::text), '')) FROM coach_regisseur t`,
		`SELECT md5(COALESCE(string_agg(id::text || ':' || COALESCE(revoked_at::text, ''), ',' ORDER BY id), '')) FROM access_token`,
		`SELECT md5(COALESCE(string_agg(t::text, ',' ORDER BY t.id), '')) FROM pool_membership t`,
		`SELECT md5(COALESCE(string_agg(t::text, ',' ORDER BY t.id), '')) FROM membership_transition t`,
		`SELECT md5(COALESCE(string_agg(t.membership_id::text || t.outcome || t.recorded_at::text, ',' ORDER BY t.membership_id), '')) FROM pre_selection t`,
	} {
		var s string
		if err := db.Get(&s, q); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "|")
}

// TestIDOR: a user with the right role but another organisation, coachee or
// municipality gets 404 for every object type with an id, and nothing in the
// database changes.
func TestIDOR(t *testing.T) {
	srv, db := newServer(t)
	orgA, orgB := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	munA, munB := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
	regA, regB := pgtest.MustCreateRegisseur(t, db, orgA.ID), pgtest.MustCreateRegisseur(t, db, orgB.ID)
	user := func(u domain.User) (domain.User, string) {
		u = pgtest.MustCreateUser(t, db, u)
		return u, pgtest.MustAccessToken(t, db, u.ID)
	}
	contactA, contactATok := user(domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &orgA.ID})
	contactB, _ := user(domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &orgB.ID})
	_, coachATok := user(domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{regA.ID}})
	_, dispATok := user(domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{munA.ID}})
	_, regATok := user(domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &orgA.ID, RegisseurID: &regA.ID})
	_, regBTok := user(domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &orgB.ID, RegisseurID: &regB.ID})
	// contactB's token, which contactA must not be able to revoke.
	ctxB := pgtest.ActorCtx(t, db, contactB.ID)
	toksB, _, err := db.FindAccessTokens(ctxB, domain.Page{Page: 1, PageSize: 10})
	if err != nil || len(toksB) == 0 {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		name, token, method, path, body string
		ownPath                         string // the same request on the actor's own record, which must work
	}{
		{"org contact reads another organisation", contactATok, "GET", "/api/v1/organisations/%d", "", ""},
		{"org contact reads a user of another organisation", contactATok, "GET", "/api/v1/users/%d", "", ""},
		{"org contact reads a regisseur of another organisation", contactATok, "GET", "/api/v1/regisseurs/%d", "", ""},
		{"coach reads another coach's regisseur", coachATok, "GET", "/api/v1/regisseurs/%d", "", ""},
		{"dispatcher reads another municipality", dispATok, "GET", "/api/v1/municipalities/%d", "", ""},
		{"regisseur reads another regisseur", regATok, "GET", "/api/v1/regisseurs/%d", "", ""},
		{"user revokes another user's token", contactATok, "DELETE", "/api/v1/access-tokens/%d", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ids := map[string][2]int64{
				"/api/v1/organisations/":  {orgB.ID, orgA.ID},
				"/api/v1/users/":          {contactB.ID, contactA.ID},
				"/api/v1/municipalities/": {munB.ID, munA.ID},
				"/api/v1/access-tokens/":  {toksB[0].ID, 0},
			}
			other := ids[strings.TrimSuffix(tt.path, "%d")]
			if strings.HasPrefix(tt.path, "/api/v1/regisseurs/") {
				other = [2]int64{regB.ID, regA.ID}
			}
			before := snapshot(t, db)
			res, body := do(t, tt.method, srv.URL+fmt.Sprintf(tt.path, other[0]), tt.body, "Authorization", "Bearer "+tt.token)
			if res.StatusCode != http.StatusNotFound {
				t.Fatalf("got %d %s, want 404", res.StatusCode, body)
			}
			decodeProblem(t, res, body)
			if after := snapshot(t, db); after != before {
				t.Error("the database changed")
			}
			if other[1] != 0 {
				if res, body := do(t, tt.method, srv.URL+fmt.Sprintf(tt.path, other[1]), tt.body, "Authorization", "Bearer "+tt.token); res.StatusCode != http.StatusOK {
					t.Errorf("own record: got %d %s, want 200", res.StatusCode, body)
				}
			}
		})
	}
	// The other regisseur's token still works: nothing was revoked.
	if res, _ := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+regBTok); res.StatusCode != 200 {
		t.Errorf("regisseur B's token stopped working: %d", res.StatusCode)
	}
	if _, err := db.TokenActor(context.Background(), regBTok); err != nil {
		t.Error(err)
	}
}

// TestScopedLists: lists hold only what the actor may see.
func TestScopedLists(t *testing.T) {
	srv, db := newServer(t)
	orgA, orgB := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	pgtest.MustCreateRegisseur(t, db, orgA.ID)
	pgtest.MustCreateRegisseur(t, db, orgB.ID)
	pgtest.MustCreateRegisseur(t, db, orgB.ID)
	contact := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &orgA.ID})
	tok := pgtest.MustAccessToken(t, db, contact.ID)
	for _, tt := range []struct {
		path  string
		count string
	}{
		{"/api/v1/regisseurs", `"count":1`},
		{"/api/v1/organisations", `"count":1`},
		{"/api/v1/users", `"count":1`},
	} {
		res, body := do(t, "GET", srv.URL+tt.path, "", "Authorization", "Bearer "+tok)
		if res.StatusCode != 200 || !strings.Contains(string(body), tt.count) {
			t.Errorf("GET %s as org contact: %d %s, want %s", tt.path, res.StatusCode, body, tt.count)
		}
	}
}

// TestIDORMemberReadDenied: a dispatcher of another municipality who reads
// a pool member (the API and the member's page) gets 404, and each attempt
// is recorded as one denied read of the membership, as refused reads of the
// pre-selection are; the member's who-read list leaves denied attempts out
// (they read nothing).
func TestIDORMemberReadDenied(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	munA, munB := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
	reg := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{munA.ID}, 3, 16)
	var mid int64
	if err := db.Get(&mid, `SELECT id FROM pool_membership WHERE regisseur_id = $1`, reg.ID); err != nil {
		t.Fatal(err)
	}
	me := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID, OrganisationID: &org.ID})
	disp := pgtest.MustCreateUser(t, db, domain.User{Name: "Dirk Elders", Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{munB.ID}})
	denied := func() int {
		t.Helper()
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM audit_event WHERE actor_user_id = $1 AND action = 'read'
			AND record_type = 'pool_membership' AND record_id = $2 AND outcome = $3`, disp.ID, mid, domain.OutcomeDenied); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, r := range []struct {
		path   string
		header []string
	}{
		{fmt.Sprintf("/api/v1/pool-members/%d", mid), []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, disp.ID)}},
		{fmt.Sprintf("/pool/leden/%d", mid), []string{"Cookie", auth.SessionCookieName(false) + "=" + pgtest.MustSession(t, db, disp.ID)}},
	} {
		before := denied()
		if res, body := do(t, "GET", srv.URL+r.path, "", r.header...); res.StatusCode != http.StatusNotFound {
			t.Fatalf("%s as a dispatcher of another municipality: %d %s, want 404", r.path, res.StatusCode, body)
		}
		if n := denied() - before; n != 1 {
			t.Errorf("%s: %d denied reads recorded, want 1", r.path, n)
		}
	}
	got, _ := whoReadMe(t, srv.URL, []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, me.ID)})
	for _, g := range got {
		if strings.Contains(g, "Dirk Elders") {
			t.Errorf("the who-read list shows a denied attempt: %s", g)
		}
	}
}
