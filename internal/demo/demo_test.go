package demo_test

import (
	"errors"
	"testing"

	"regiepool/internal/demo"
	"regiepool/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestLoadAuditsActors loads the demo data as `make run` does and checks
// the audit trail it leaves: no row names a user without an account (the
// who-read list would show "Gebruiker"), every nomination names the
// nominating organisation's contact, and a second load is refused.
func TestLoadAuditsActors(t *testing.T) {
	db := pgtest.NewDB(t)
	ctx := pgtest.SystemCtx()
	if err := demo.Load(ctx, db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	var anonymous int
	if err := db.GetContext(ctx, &anonymous, `SELECT count(*) FROM audit_event WHERE actor_kind = 'user' AND actor_user_id IS NULL`); err != nil {
		t.Fatal(err)
	}
	if anonymous != 0 {
		t.Errorf("%d audit rows name a user without an account", anonymous)
	}
	var nominations, byContact int
	const q = `SELECT count(*), count(*) FILTER (WHERE u.organisation_id = m.organisation_id
			AND EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = 'org_contact'))
		FROM audit_event e JOIN pool_membership m ON m.id = e.record_id LEFT JOIN app_user u ON u.id = e.actor_user_id
		WHERE e.action = 'create' AND e.record_type = 'pool_membership'`
	if err := db.QueryRowxContext(ctx, q).Scan(&nominations, &byContact); err != nil {
		t.Fatal(err)
	}
	if nominations != 10 || byContact != nominations {
		t.Errorf("%d nominations audited, %d by the organisation's contact; want 10 by the contact", nominations, byContact)
	}
	// The first regisseur's who-read list names the contact's read of the
	// member file.
	var contactReads int
	if err := db.GetContext(ctx, &contactReads, `SELECT count(*) FROM audit_event e JOIN app_user u ON u.id = e.actor_user_id
		WHERE e.action = 'read' AND e.record_type = 'pool_membership' AND u.email = 'organisatie@regiepool.test'`); err != nil {
		t.Fatal(err)
	}
	if contactReads != 1 {
		t.Errorf("the contact's reads of a member file: %d, want 1", contactReads)
	}
	if err := demo.Load(ctx, db, pgtest.Logger()); !errors.Is(err, demo.ErrNotEmpty) {
		t.Errorf("second load: %v, want ErrNotEmpty", err)
	}
}
