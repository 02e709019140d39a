package server_test

import (
	"fmt"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestMemberPageReadsAudited: a coach and an organisation contact open a
// member's page, an admin reads the member through the API; the member's
// who-read list names all three with role and name (none for the admin),
// each with the membership (its motivation is sensitive) and, for the
// page, the pre-selection. A dispatcher sees only the work profile, which
// is not audited; the regisseur's own read is not listed; the pool
// overview reads no member's file.
func TestMemberPageReadsAudited(t *testing.T) {
	srv, db := newServer(t)
	mun := pgtest.MustCreateMunicipality(t, db)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 16)
	var mid int64
	if err := db.Get(&mid, `UPDATE pool_membership SET motivation = 'Houdt overzicht in drukke gezinnen.' WHERE regisseur_id = $1 RETURNING id`, reg.ID); err != nil {
		t.Fatal(err)
	}
	me := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID, OrganisationID: &org.ID})
	admin := pgtest.MustCreateUser(t, db, domain.User{Name: "Ada Beheer", Roles: []domain.Role{domain.RoleAdmin}})
	coach := pgtest.MustCreateUser(t, db, domain.User{Name: "Cor Coach", Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	contact := pgtest.MustCreateUser(t, db, domain.User{Name: "Olga Contact", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &org.ID})
	dispatcher := pgtest.MustCreateUser(t, db, domain.User{Name: "Dirk Verdeler", Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	bearer := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID)}
	}
	cookie := func(u domain.User) []string {
		return []string{"Cookie", auth.SessionCookieName(false) + "=" + pgtest.MustSession(t, db, u.ID)}
	}
	page := fmt.Sprintf("/pool/leden/%d", mid)
	api := fmt.Sprintf("/api/v1/pool-members/%d", mid)
	for _, r := range []struct {
		path   string
		header []string
	}{
		{"/pool", cookie(coach)}, // the overview: no member's file
		{page, cookie(coach)},
		{page, cookie(contact)},
		{page, cookie(dispatcher)}, // the work profile only: not audited
		{api, bearer(dispatcher)},
		{api, bearer(admin)},
		{api, bearer(me)}, // own read: not listed
	} {
		if res, body := do(t, "GET", srv.URL+r.path, "", r.header...); res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", r.path, res.StatusCode, body)
		}
	}
	got, _ := whoReadMe(t, srv.URL, bearer(me))
	want := []string{
		"admin - read pool_membership",
		"org_contact Olga Contact read pre_selection",
		"org_contact Olga Contact read pool_membership",
		"coach Cor Coach read pre_selection",
		"coach Cor Coach read pool_membership",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("who read my data:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The own read is audited all the same; the list leaves it out.
	var own int
	if err := db.Get(&own, `SELECT count(*) FROM audit_event WHERE actor_user_id = $1 AND action = 'read' AND record_type = 'pool_membership' AND record_id = $2`,
		me.ID, mid); err != nil {
		t.Fatal(err)
	}
	if own != 1 {
		t.Errorf("own reads audited: %d, want 1", own)
	}
	// The regisseur's page names the readers, in Dutch.
	res, body := do(t, "GET", srv.URL+"/account/inzage", "", cookie(me)...)
	if res.StatusCode != 200 {
		t.Fatalf("/account/inzage: %d", res.StatusCode)
	}
	for _, w := range []string{"Olga Contact", "Cor Coach", "Beheerder", "Lidmaatschap"} {
		if !strings.Contains(string(body), w) {
			t.Errorf("/account/inzage lacks %q", w)
		}
	}
	if strings.Contains(string(body), "Dirk Verdeler") {
		t.Error("/account/inzage lists the dispatcher, who read no sensitive part")
	}
}
