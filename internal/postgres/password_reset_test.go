package postgres_test

import (
	"context"
	"sync"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// requestReset asks for a reset link for u and returns its token.
func requestReset(t *testing.T, db *postgres.DB, u domain.User, client string) string {
	t.Helper()
	token, hash := auth.NewToken(auth.PrefixReset)
	m := domain.Mail{Kind: domain.MailPasswordReset, Subject: "Nieuw wachtwoord", Text: "link", HTML: "<p>link</p>"}
	if err := db.RequestPasswordReset(context.Background(), u.Email, client, hash, m); err != nil {
		t.Fatal(err)
	}
	return token
}

// TestPasswordReset_SingleUseTokens: a reset link is a single-use token of
// its own purpose: it opens no rater form; of two concurrent resets through
// one link exactly one succeeds; a reset uses up the account's other open
// links; a blocked account's link no longer works.
func TestPasswordReset_SingleUseTokens(t *testing.T) {
	ctx := context.Background()
	db := pgtest.NewDB(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	first, second := requestReset(t, db, u, "192.0.2.1"), requestReset(t, db, u, "192.0.2.2")

	if _, _, err := db.SingleUseActor(ctx, "rater", first); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a reset link as a rater link: %v, want not_found", err)
	}

	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = db.ResetPassword(ctx, first, "een-heel-nieuw-wachtwoord")
		}(i)
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two resets through one link: %v and %v, want exactly one to succeed", errs[0], errs[1])
	}
	for _, err := range errs {
		if err != nil && domain.ErrorCode(err) != domain.EGone {
			t.Errorf("the losing reset: %v, want gone", err)
		}
	}
	if err := db.CheckPasswordReset(ctx, second); domain.ErrorCode(err) != domain.EGone {
		t.Errorf("the account's other link after a reset: %v, want gone", err)
	}

	third := requestReset(t, db, u, "192.0.2.3")
	if err := db.CheckPasswordReset(ctx, third); err != nil {
		t.Fatalf("a fresh link: %v", err)
	}
	if _, err := db.Exec(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckPasswordReset(ctx, third); domain.ErrorCode(err) != domain.EGone {
		t.Errorf("a blocked account's link: %v, want gone", err)
	}
	if err := db.ResetPassword(ctx, third, "nog-een-nieuw-wachtwoord"); domain.ErrorCode(err) != domain.EGone {
		t.Errorf("a reset of a blocked account: %v, want gone", err)
	}
}
