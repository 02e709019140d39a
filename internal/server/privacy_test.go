package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestMyAuditEvents: after an admin, a coach and an organisation contact
// read a regisseur's records, GET /api/v1/me/audit-events lists those three
// reads with role and name (none for the admin), and neither the
// regisseur's own reads nor reads of another regisseur's records.
func TestMyAuditEvents(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateActiveMember(t, db, org.ID, nil, 3, 16)
	other := pgtest.MustCreateActiveMember(t, db, org.ID, nil, 3, 16)
	var mid int64
	if err := db.Get(&mid, `SELECT id FROM pool_membership WHERE regisseur_id = $1`, reg.ID); err != nil {
		t.Fatal(err)
	}
	me := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID, OrganisationID: &org.ID})
	admin := pgtest.MustCreateUser(t, db, domain.User{Name: "Ada Beheer", Roles: []domain.Role{domain.RoleAdmin}})
	coach := pgtest.MustCreateUser(t, db, domain.User{Name: "Cor Coach", Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID, other.ID}})
	contact := pgtest.MustCreateUser(t, db, domain.User{Name: "Olga Contact", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &org.ID})
	bearer := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID)}
	}
	for _, r := range []struct {
		who  domain.User
		path string
	}{
		{admin, fmt.Sprintf("/api/v1/pool-members/%d/pre-selection", mid)},
		{coach, fmt.Sprintf("/api/v1/regisseurs/%d/assessment-results", reg.ID)},
		{contact, fmt.Sprintf("/api/v1/pool-members/%d/pre-selection", mid)},
		{me, fmt.Sprintf("/api/v1/regisseurs/%d/assessment-results", reg.ID)},      // own read: not listed
		{coach, fmt.Sprintf("/api/v1/regisseurs/%d/assessment-results", other.ID)}, // another's record
	} {
		if res, body := do(t, "GET", srv.URL+r.path, "", bearer(r.who)...); res.StatusCode != 200 {
			t.Fatalf("%s as %s: %d %s", r.path, r.who.Name, res.StatusCode, body)
		}
	}
	got, count := whoReadMe(t, srv.URL, bearer(me))
	want := []string{
		"org_contact Olga Contact read pre_selection",
		"coach Cor Coach read assessment_result",
		"admin - read pre_selection",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("who read my data:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if count != len(want) {
		t.Errorf("count %d, want %d", count, len(want))
	}
	// The same list on the regisseur's page, and per regisseur for an admin.
	cookie := func(u domain.User) []string {
		return []string{"Cookie", auth.SessionCookieName(false) + "=" + pgtest.MustSession(t, db, u.ID)}
	}
	for _, tt := range []struct {
		who          domain.User
		path         string
		want, absent []string
	}{
		{me, "/account/inzage", []string{"Olga Contact", "Cor Coach", "Beheerder", "Preselectie", "360-resultaten"}, []string{"Ada Beheer"}},
		{admin, fmt.Sprintf("/regisseurs/%d/inzage", reg.ID), []string{"Olga Contact", "Cor Coach", "Beheerder", "Regisseur"}, nil}, // the header names the admin viewing
		{me, "/account", []string{`href="/account/gegevens?formaat=pdf"`, `href="/account/inzage"`}, nil},
	} {
		res, body := do(t, "GET", srv.URL+tt.path, "", cookie(tt.who)...)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", tt.path, res.StatusCode)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(body), w) {
				t.Errorf("%s lacks %q", tt.path, w)
			}
		}
		for _, a := range tt.absent {
			if strings.Contains(string(body), a) {
				t.Errorf("%s shows %q", tt.path, a)
			}
		}
	}
	if res, _ := do(t, "GET", srv.URL+fmt.Sprintf("/regisseurs/%d/inzage", reg.ID), "", cookie(coach)...); res.StatusCode != 403 && res.StatusCode != 404 {
		t.Errorf("coach reads the admin's who-read page: %d", res.StatusCode)
	}
	if res, body := do(t, "GET", srv.URL+"/account/gegevens?formaat=pdf", "", cookie(me)...); res.StatusCode != 200 || !strings.HasPrefix(string(body), "%PDF") {
		t.Errorf("download as PDF: %d", res.StatusCode)
	}
	// Someone who is no regisseur has an empty list.
	if res, body := do(t, "GET", srv.URL+"/api/v1/me/audit-events", "", bearer(contact)...); res.StatusCode != 200 || !strings.Contains(string(body), `"count":0`) {
		t.Errorf("contact's own list: %d %s", res.StatusCode, body)
	}
}

// whoReadMe is the caller's who-read list (GET /api/v1/me/audit-events) as
// "role name action recordType" lines ("-" for no name), and its count.
func whoReadMe(t *testing.T, base string, auth []string) ([]string, int) {
	t.Helper()
	res, body := do(t, "GET", base+"/api/v1/me/audit-events", "", auth...)
	if res.StatusCode != 200 {
		t.Fatalf("me/audit-events: %d %s", res.StatusCode, body)
	}
	var page struct {
		Count   int `json:"count"`
		Results []struct {
			Action     string  `json:"action"`
			RecordType string  `json:"recordType"`
			Role       string  `json:"role"`
			Name       *string `json:"name"`
		} `json:"results"`
	}
	if err := json.Unmarshal(body, &page); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range page.Results {
		name := "-"
		if r.Name != nil {
			name = *r.Name
		}
		got = append(got, fmt.Sprintf("%s %s %s %s", r.Role, name, r.Action, r.RecordType))
	}
	return got, page.Count
}
