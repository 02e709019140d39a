package server_test

import (
	"net/http"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestMissingRegisseur: every route below /regisseurs/{id} answers 404 for
// an id that does not exist, for an admin, who may see every regisseur, and
// for a coach and a regisseur, for whom a missing id is out of scope.
func TestMissingRegisseur(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	self := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org.ID, RegisseurID: &reg.ID})
	const missing = "/999999"
	for _, u := range []domain.User{admin, coach, self} {
		tok, cookie := pgtest.MustAccessToken(t, db, u.ID), pgtest.MustSession(t, db, u.ID)
		for _, p := range []string{
			"/api/v1/regisseurs" + missing,
			"/api/v1/regisseurs" + missing + "/self-assessments",
			"/api/v1/regisseurs" + missing + "/feedback-rounds",
			"/api/v1/regisseurs" + missing + "/assessment-results",
			"/api/v1/regisseurs" + missing + "/attendance",
			"/api/v1/regisseurs" + missing + "/reflections",
			"/api/v1/regisseurs" + missing + "/development-plan",
			"/api/v1/regisseurs" + missing + "/development-report",
		} {
			res, body := do(t, "GET", srv.URL+p, "", "Authorization", "Bearer "+tok)
			if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s = %d %.200s, want 404", u.Roles, p, res.StatusCode, body)
			}
		}
		for _, p := range []string{
			"/regisseurs" + missing + "/ontwikkeling",
			"/regisseurs" + missing + "/reflecties",
			"/regisseurs" + missing + "/ontwikkelplan",
			"/regisseurs" + missing + "/ontwikkelrapport",
		} {
			req, _ := http.NewRequest("GET", srv.URL+p, nil)
			req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: cookie})
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s = %d, want 404", u.Roles, p, res.StatusCode)
			}
		}
	}
}
