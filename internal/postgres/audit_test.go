package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

func countAudit(t *testing.T, db *postgres.DB, where string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Get(&n, `SELECT count(*) FROM audit_event WHERE `+where, args...); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAudit_OneRowPerMutation: every store mutation writes exactly one
// allowed row naming the record, in its own transaction.
func TestAudit_OneRowPerMutation(t *testing.T) {
	db := pgtest.NewDB(t)
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	ctx := pgtest.ActorCtx(t, db, admin.ID)
	org := domain.Organisation{Name: "Audit BV"}
	mun := domain.Municipality{Code: "GM0363", Name: "Amsterdam"}
	var user domain.User
	var reg domain.Regisseur
	for _, tt := range []struct {
		name, action, recordType string
		do                       func() (int64, error)
	}{
		{"create organisation", "create", "organisation", func() (int64, error) { return org.ID, db.CreateOrganisation(ctx, &org) }},
		{"update organisation", "update", "organisation", func() (int64, error) {
			org.Name = "Audit Groep BV"
			return org.ID, db.UpdateOrganisation(ctx, &org)
		}},
		{"create municipality", "create", "municipality", func() (int64, error) { return mun.ID, db.CreateMunicipality(ctx, &mun) }},
		{"create regisseur", "create", "regisseur", func() (int64, error) {
			reg = domain.Regisseur{Name: "R. Egisseur", OrganisationID: org.ID}
			return reg.ID, db.CreateRegisseur(ctx, &reg)
		}},
		{"create user", "create", "user", func() (int64, error) {
			user = domain.User{Email: "nieuw@test.example", Name: "Nieuw", Roles: []domain.Role{domain.RoleMonitor}}
			return user.ID, db.CreateUser(ctx, &user, "een-lang-wachtwoord")
		}},
		{"update user", "update", "user", func() (int64, error) {
			name := "Nieuwe naam"
			_, err := db.UpdateUser(ctx, user.ID, domain.UserUpdate{Name: &name})
			return user.ID, err
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := countAudit(t, db, "TRUE")
			if _, err := tt.do(); err != nil {
				t.Fatal(err)
			}
			if got := countAudit(t, db, "TRUE") - before; got != 1 {
				t.Fatalf("%d audit rows written, want 1", got)
			}
			var e domain.AuditEvent
			if err := db.Get(&e, `SELECT id, at, actor_kind, actor_user_id, actor_token_id, organisation_id, action, record_type, record_id,
				request_id, client_addr, outcome FROM audit_event ORDER BY id DESC LIMIT 1`); err != nil {
				t.Fatal(err)
			}
			if e.Action != tt.action || e.RecordType != tt.recordType || e.RecordID == nil || *e.RecordID == 0 ||
				e.ActorUserID == nil || *e.ActorUserID != admin.ID || e.Outcome != domain.OutcomeAllowed {
				t.Errorf("audit row %+v, want %s %s by user %d, allowed", e, tt.action, tt.recordType, admin.ID)
			}
		})
	}
}

// TestAudit_FailedMutationLeavesNoRow: the audit row commits or rolls back
// with what it records.
func TestAudit_FailedMutationLeavesNoRow(t *testing.T) {
	db := pgtest.NewDB(t)
	ctx := pgtest.SystemCtx()
	o := domain.Organisation{Name: "Dubbel"}
	if err := db.CreateOrganisation(ctx, &o); err != nil {
		t.Fatal(err)
	}
	before := countAudit(t, db, "TRUE")
	dup := domain.Organisation{Name: "dubbel"}
	if err := db.CreateOrganisation(ctx, &dup); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("duplicate: %v, want conflict", err)
	}
	if got := countAudit(t, db, "TRUE"); got != before {
		t.Errorf("a failed insert left %d audit rows", got-before)
	}
}

// TestAudit_Denied: a refused action is recorded as denied and changes nothing.
func TestAudit_Denied(t *testing.T) {
	db := pgtest.NewDB(t)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	ctx := pgtest.ActorCtx(t, db, coach.ID)
	o := domain.Organisation{Name: "Niet toegestaan"}
	if err := db.CreateOrganisation(ctx, &o); domain.ErrorCode(err) != domain.EForbidden {
		t.Fatalf("coach creates organisation: %v, want forbidden", err)
	}
	if n := countAudit(t, db, "actor_user_id = $1 AND action = 'create' AND record_type = 'organisation' AND outcome = 'denied'", coach.ID); n != 1 {
		t.Errorf("%d denied rows, want 1", n)
	}
	var orgs int
	if err := db.Get(&orgs, `SELECT count(*) FROM organisation`); err != nil || orgs != 0 {
		t.Errorf("organisations: %d, %v", orgs, err)
	}
}

// TestAudit_AppendOnly: the database refuses to change or remove audit rows,
// whoever asks.
func TestAudit_AppendOnly(t *testing.T) {
	db := pgtest.NewDB(t)
	o := domain.Organisation{Name: "Spoor"}
	if err := db.CreateOrganisation(pgtest.SystemCtx(), &o); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE audit_event SET outcome = 'denied'`,
		`DELETE FROM audit_event`,
		`TRUNCATE audit_event`,
	} {
		_, err := db.Exec(stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: got %v, want the append-only refusal", stmt, err)
		}
	}
	if n := countAudit(t, db, "TRUE"); n != 1 {
		t.Errorf("%d audit rows after the attempts, want 1", n)
	}
}

// TestAudit_ReadIsAudited: reading the trail is itself recorded, and only
// admins may.
func TestAudit_ReadIsAudited(t *testing.T) {
	db := pgtest.NewDB(t)
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	ctx := pgtest.ActorCtx(t, db, admin.ID)
	userType := "user"
	events, total, err := db.FindAuditEvents(ctx, domain.AuditFilter{RecordType: &userType, RecordID: &admin.ID}, domain.Page{Page: 1, PageSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || len(events) != 1 || events[0].Action != "create" {
		t.Fatalf("events for the admin's own account: %d %+v, want its creation", total, events)
	}
	if n := countAudit(t, db, "action = 'read' AND record_type = 'audit_event' AND actor_user_id = $1", admin.ID); n != 1 {
		t.Errorf("%d audit-read rows, want 1", n)
	}
	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	if _, _, err := db.FindAuditEvents(pgtest.ActorCtx(t, db, monitor.ID), domain.AuditFilter{}, domain.Page{Page: 1, PageSize: 10}); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("monitor reads the audit trail: %v, want forbidden", err)
	}
}

// TestSingleUseToken covers the rater-link mechanism: hashed, expiring, used
// once, even when two requests race.
func TestSingleUseToken(t *testing.T) {
	db := pgtest.NewDB(t)
	ctx := pgtest.SystemCtx()
	token, err := db.IssueSingleUseToken(ctx, "rater", 42, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var stored int
	if err := db.Get(&stored, `SELECT count(*) FROM single_use_token WHERE token_hash::text LIKE '%' || $1 || '%'`, token); err != nil || stored != 0 {
		t.Fatalf("the token is stored in the clear (%d, %v)", stored, err)
	}
	a, subject, err := db.SingleUseActor(context.Background(), "rater", token)
	if err != nil || subject != 42 || a.Kind != domain.ActorRater {
		t.Fatalf("look-up: %+v %d %v", a, subject, err)
	}
	// Two requests race to use the token: exactly one wins.
	var wg sync.WaitGroup
	results := make(chan error, 2)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actx := domain.WithActor(context.Background(), a)
			results <- db.Transact(actx, 0, func(tx *postgres.Tx) error { return postgres.UseSingleUseToken(actx, tx) })
		}()
	}
	wg.Wait()
	close(results)
	var ok, refused int
	for err := range results {
		if err == nil {
			ok++
		} else if domain.ErrorCode(err) == domain.ENotFound {
			refused++
		}
	}
	if ok != 1 || refused != 1 {
		t.Fatalf("%d uses succeeded and %d were refused, want 1 and 1", ok, refused)
	}
	if _, _, err := db.SingleUseActor(context.Background(), "rater", token); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a used token still works: %v", err)
	}
	expired, err := db.IssueSingleUseToken(ctx, "rater", 43, time.Now().Add(-time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{expired, "rpr_guess", token + "x", ""} {
		if _, _, err := db.SingleUseActor(context.Background(), "rater", bad); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("token %q: %v, want not found", bad, err)
		}
	}
}

// TestUser_KeepsAnAdmin: the last active admin cannot be demoted or blocked.
func TestUser_KeepsAnAdmin(t *testing.T) {
	db := pgtest.NewDB(t)
	a := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	monitor := []domain.Role{domain.RoleMonitor}
	if _, err := db.UpdateUser(pgtest.SystemCtx(), a.ID, domain.UserUpdate{Roles: &monitor}); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("demote the only admin: %v, want invalid", err)
	}
	b := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	if _, err := db.UpdateUser(pgtest.SystemCtx(), a.ID, domain.UserUpdate{Roles: &monitor}); err != nil {
		t.Fatalf("demote one of two admins: %v", err)
	}
	yes := true
	if _, err := db.UpdateUser(pgtest.SystemCtx(), b.ID, domain.UserUpdate{Disabled: &yes}); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("block the last admin: %v, want invalid", err)
	}
}
