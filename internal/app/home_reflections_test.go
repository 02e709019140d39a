package app

import (
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestCoachHomeCountsReflectionsWithoutReading: the coach's to-do counts
// each coachee's shared reflections without a reply (all of them, not a
// page), only of their own coachees, and is not audited as a read of the
// reflections (the regisseur's who-read list stays about real reads).
func TestCoachHomeCountsReflectionsWithoutReading(t *testing.T) {
	db := pgtest.NewDB(t)
	org := pgtest.MustCreateOrganisation(t, db)
	mine, other := pgtest.MustCreateRegisseur(t, db, org.ID), pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{mine.ID}})
	for _, r := range []struct {
		regisseur       int64
		shared, replied bool
		n               int
	}{{mine.ID, true, false, 30}, {mine.ID, true, true, 1}, {mine.ID, false, false, 2}, {other.ID, true, false, 3}} {
		for i := 0; i < r.n; i++ {
			var id int64
			if err := db.Get(&id, `INSERT INTO reflection (regisseur_id, written_on, competency_key, body, shared_at)
				VALUES ($1, current_date, 'regie', 'Een reflectie.', CASE WHEN $2 THEN now() END) RETURNING id`, r.regisseur, r.shared); err != nil {
				t.Fatal(err)
			}
			if r.replied {
				if _, err := db.Exec(`INSERT INTO reflection_reply (reflection_id, author_user_id, body) VALUES ($1, $2, 'Goed gezien.')`, id, coach.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	audits := func() int {
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM audit_event WHERE record_type LIKE '%reflection%'`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := audits()
	h, err := New(db, Config{}).Home(pgtest.ActorCtx(t, db, coach.ID))
	if err != nil {
		t.Fatal(err)
	}
	if h.Coach == nil || len(h.Coach.Reflections) != 1 || h.Coach.Reflections[0].RegisseurID != mine.ID || h.Coach.Reflections[0].Unanswered != 30 {
		t.Fatalf("coach's reflections to-do: %+v, want 30 unanswered of their own coachee", h.Coach)
	}
	if after := audits(); after != before {
		var actions []string
		_ = db.Select(&actions, `SELECT action || ' ' || record_type FROM audit_event WHERE record_type LIKE '%reflection%' ORDER BY id DESC LIMIT $1`, after-before)
		t.Errorf("the home page wrote %d audit events about reflections (%v), want none", after-before, actions)
	}
}
