package postgres_test

import (
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestFindMemberLeave: the pool overview's read of leave gives the days to
// everyone who sees the member and the reason only to those who may see it
// (the coach), audits just the reads that carried a reason, and leaves out
// members out of scope.
func TestFindMemberLeave(t *testing.T) {
	db := pgtest.NewDB(t)
	mun := pgtest.MustCreateMunicipality(t, db)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 16)
	hidden := pgtest.MustCreateActiveMember(t, db, org.ID, nil, 3, 16) // in no municipality of the dispatcher
	var mid, hid, leave int64
	if err := db.Get(&mid, `SELECT id FROM pool_membership WHERE regisseur_id = $1`, reg.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&hid, `SELECT id FROM pool_membership WHERE regisseur_id = $1`, hidden.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{mid, hid} {
		if err := db.Get(&leave, `INSERT INTO unavailability (membership_id, starts_on, ends_on, reason)
			VALUES ($1, current_date + 3, current_date + 10, 'ziekte') RETURNING id`, id); err != nil {
			t.Fatal(err)
		}
	}
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	disp := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	reads := func(userID int64) int {
		t.Helper()
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM audit_event WHERE actor_user_id = $1 AND action = 'read' AND record_type = 'unavailability'`, userID); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tt := range []struct {
		name   string
		user   int64
		reason string
		audits int
	}{
		{"coach", coach.ID, "ziekte", 1},
		{"dispatcher", disp.ID, "", 0},
	} {
		got, err := db.FindMemberLeave(pgtest.ActorCtx(t, db, tt.user), []int64{mid, hid})
		if err != nil {
			t.Fatal(err)
		}
		if len(got[mid]) != 1 || got[mid][0].Reason != tt.reason || got[mid][0].StartsOn.IsZero() {
			t.Errorf("%s: leave %+v, want one period with reason %q", tt.name, got[mid], tt.reason)
		}
		if len(got[hid]) != 0 {
			t.Errorf("%s: leave of a member out of scope: %+v", tt.name, got[hid])
		}
		if n := reads(tt.user); n != tt.audits {
			t.Errorf("%s: %d reads of leave audited, want %d", tt.name, n, tt.audits)
		}
	}
}
