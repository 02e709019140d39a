package postgres_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestFindRaterAccounts_Scale: with thousands of accounts the picker reads
// one page, finds any part of a name, leaves out whom it must (disabled,
// the regisseur, monitors, already invited), and a coach finds only whom
// they may invite; the name search can use the trigram index.
func TestFindRaterAccounts_Scale(t *testing.T) {
	db := pgtest.NewDB(t)
	org := pgtest.MustCreateOrganisation(t, db)
	other := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	regUser := pgtest.MustCreateUser(t, db, domain.User{Name: "Zelf Regisseur", Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org.ID, RegisseurID: &reg.ID})
	admin := pgtest.MustCreateUser(t, db, domain.User{Name: "Beheerder", Roles: []domain.Role{domain.RoleAdmin}})
	coach := pgtest.MustCreateUser(t, db, domain.User{Name: "Carla Coach", Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	contact := pgtest.MustCreateUser(t, db, domain.User{Name: "Otto Contact", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &org.ID})
	const n = 3000
	// Thousands of accounts in another organisation, written in one go
	// (the fixture hashes a password per account).
	if _, err := db.Exec(`INSERT INTO app_user (email, name, organisation_id)
		SELECT 'massa' || i || '@test.example', 'Massa Persoon ' || lpad(i::text, 4, '0'), $1 FROM generate_series(1, $2) i`, other.ID, n); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO user_role (user_id, role) SELECT id, 'dispatcher' FROM app_user WHERE email LIKE 'massa%'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE app_user SET disabled_at = now() WHERE email = 'massa7@test.example'`); err != nil {
		t.Fatal(err)
	}
	monitor := pgtest.MustCreateUser(t, db, domain.User{Name: "Massa Monitor", Roles: []domain.Role{domain.RoleMonitor}})

	ctx := pgtest.ActorCtx(t, db, admin.ID)
	page := domain.Page{Page: 1, PageSize: 20}
	start := time.Now()
	users, total, err := db.FindRaterAccounts(ctx, reg.ID, domain.RaterAccountFilter{}, page)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first page of %d accounts in %v", total, time.Since(start))
	// Every mass account but the disabled one, the coach, the contact, the
	// admin; not the regisseur themself, not the monitor.
	if want := n - 1 + 3; total != want || len(users) != page.PageSize {
		t.Fatalf("empty search: %d rows of %d, want %d of %d", len(users), total, page.PageSize, want)
	}
	for _, u := range users {
		if u.ID == regUser.ID || u.ID == monitor.ID {
			t.Errorf("the picker offers %q", u.Name)
		}
	}
	users, total, err = db.FindRaterAccounts(ctx, reg.ID, domain.RaterAccountFilter{Query: "persoon 2999"}, page)
	if err != nil || total != 1 || len(users) != 1 || users[0].Name != "Massa Persoon 2999" {
		t.Fatalf("search 'persoon 2999': %v, %d found %v", err, total, users)
	}
	if len(users[0].Roles) != 1 || users[0].Roles[0] != domain.RoleDispatcher {
		t.Errorf("roles %v, want the account's own", users[0].Roles)
	}
	if _, total, _ = db.FindRaterAccounts(ctx, reg.ID, domain.RaterAccountFilter{Query: "Persoon 0007"}, page); total != 0 {
		t.Errorf("a disabled account is found (%d)", total)
	}
	if _, total, _ = db.FindRaterAccounts(ctx, reg.ID, domain.RaterAccountFilter{Query: "%"}, page); total != 0 {
		t.Errorf("'%%' matches %d names, want it taken literally", total)
	}
	p9 := domain.Page{Page: 150, PageSize: 20}
	if users, _, _ = db.FindRaterAccounts(ctx, reg.ID, domain.RaterAccountFilter{Query: "massa"}, p9); len(users) != 19 {
		t.Errorf("last page of 2999: %d rows, want 19", len(users))
	}
	users, total, _ = db.FindRaterAccounts(ctx, reg.ID, domain.RaterAccountFilter{IDs: []int64{coach.ID, contact.ID, monitor.ID}, Skip: []int64{contact.ID}}, page)
	if total != 1 || users[0].ID != coach.ID {
		t.Errorf("by id with a skip: %v, want the coach alone", users)
	}

	// A coach sees the regisseur's contacts and themself, none of the other
	// organisation's accounts.
	cctx := pgtest.ActorCtx(t, db, coach.ID)
	users, total, err = db.FindRaterAccounts(cctx, reg.ID, domain.RaterAccountFilter{}, page)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range users {
		names = append(names, u.Name)
	}
	if total != 2 || !strings.Contains(strings.Join(names, ","), "Otto Contact") {
		t.Errorf("coach's picker: %v, want the coach and the contact", names)
	}
	// A coach of someone else gets not found.
	stranger := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	if _, _, err := db.FindRaterAccounts(pgtest.ActorCtx(t, db, stranger.ID), reg.ID, domain.RaterAccountFilter{}, page); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("another coach: %v, want not found", err)
	}

	// The name search can use the trigram index of migration 00022.
	tx, err := db.Beginx()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	var plan []string
	if err := tx.Select(&plan, fmt.Sprintf(`EXPLAIN SELECT u.id FROM app_user u WHERE lower(u.name) LIKE '%s'`, "%persoon 29%")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(plan, "\n"), "app_user_name_trgm_idx") {
		t.Errorf("the name search cannot use the trigram index:\n%s", strings.Join(plan, "\n"))
	}
}
