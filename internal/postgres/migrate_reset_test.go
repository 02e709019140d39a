package postgres_test

import (
	"context"
	"testing"

	"github.com/pressly/goose/v3"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/migrations"
)

// TestMigration_ResetLinks takes a database back to the twin table of
// reset links (before 00026), stores a live, a used and an expired link,
// and migrates up: the live one still works as a single-use token of
// purpose password_reset on its account, the others are gone with the
// table; and down again brings the live one back.
func TestMigration_ResetLinks(t *testing.T) {
	ctx := context.Background()
	db := pgtest.NewDB(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	p, err := goose.NewProvider(goose.DialectPostgres, db.DB.DB, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 25); err != nil {
		t.Fatalf("down to 25: %v", err)
	}
	live, _ := auth.NewToken(auth.PrefixReset)
	used, _ := auth.NewToken(auth.PrefixReset)
	expired, _ := auth.NewToken(auth.PrefixReset)
	if _, err := db.ExecContext(ctx, `INSERT INTO password_reset (token_hash, user_id, expires_at, used_at) VALUES
		($2, $1, now() + interval '20 minutes', NULL),
		($3, $1, now() + interval '20 minutes', now()),
		($4, $1, now() - interval '1 minute', NULL)`,
		u.ID, auth.HashToken(live), auth.HashToken(used), auth.HashToken(expired)); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	var n int
	if err := db.GetContext(ctx, &n, `SELECT count(*) FROM single_use_token WHERE purpose = 'password_reset'`); err != nil || n != 1 {
		t.Fatalf("%d reset links moved over (%v), want the live one only", n, err)
	}
	if err := db.CheckPasswordReset(ctx, live); err != nil {
		t.Errorf("the live link after the migration: %v", err)
	}
	for _, tok := range []string{used, expired} {
		if err := db.CheckPasswordReset(ctx, tok); domain.ErrorCode(err) != domain.EGone {
			t.Errorf("a used or expired link after the migration: %v, want gone", err)
		}
	}
	if _, err := p.DownTo(ctx, 25); err != nil {
		t.Fatalf("down again: %v", err)
	}
	if err := db.GetContext(ctx, &n, `SELECT count(*) FROM password_reset WHERE token_hash = $1 AND user_id = $2`, auth.HashToken(live), u.ID); err != nil || n != 1 {
		t.Errorf("down: the live link is back %d times (%v), want once", n, err)
	}
}
