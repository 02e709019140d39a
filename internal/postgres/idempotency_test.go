package postgres_test

import (
	"context"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestIdempotencyClaim follows a key through its life: claimed, in
// progress, answered and replayed; dropped when its request wrote nothing
// and failed; taken over when its request is gone, after which that request
// can no longer write; and never run twice once a write has committed and
// the answer was lost.
func TestIdempotencyClaim(t *testing.T) {
	db := pgtest.NewDB(t)
	coach := pgtest.ActorCtx(t, db, pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}}).ID)
	req := []byte("request")
	claim := func(key string, hash []byte) (domain.IdempotencyClaim, string) {
		t.Helper()
		c, err := db.ClaimIdempotencyKey(coach, key, hash)
		if err != nil {
			e, ok := domain.AsError(err)
			if !ok {
				t.Fatal(err)
			}
			return c, e.Key
		}
		return c, ""
	}
	age := func(id int64) {
		t.Helper()
		if _, err := db.Exec(`UPDATE idempotency_key SET created_at = now() - $2::interval WHERE id = $1`, id, (domain.IdempotencyLease * 2).String()); err != nil {
			t.Fatal(err)
		}
	}
	theme := func(claimID int64, name string) error {
		_, err := db.CreateTheme(domain.WithIdempotencyClaim(coach, claimID), name)
		return err
	}
	themes := func() int {
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM intervisie_theme`); err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("answered", func(t *testing.T) {
		c, code := claim("a", req)
		if code != "" || c.ID == 0 || c.Replay != nil {
			t.Fatalf("first claim: %+v %s", c, code)
		}
		if _, code := claim("a", req); code != "idempotency_key_in_progress" {
			t.Errorf("while running: %q", code)
		}
		if _, code := claim("a", []byte("other")); code != "idempotency_key_reused" {
			t.Errorf("another request: %q", code)
		}
		if err := theme(c.ID, "Thema A"); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishIdempotencyKey(coach, c.ID, domain.IdempotentAnswer{Status: 201, Body: []byte("B"), Location: "/x/1"}); err != nil {
			t.Fatal(err)
		}
		r, code := claim("a", req)
		if code != "" || r.Replay == nil || r.Replay.Status != 201 || string(r.Replay.Body) != "B" || r.Replay.Location != "/x/1" {
			t.Errorf("replay: %+v %s", r.Replay, code)
		}
	})

	t.Run("failed without a write", func(t *testing.T) {
		c, _ := claim("b", req)
		if err := db.FinishIdempotencyKey(coach, c.ID, domain.IdempotentAnswer{Status: 503}); err != nil {
			t.Fatal(err)
		}
		if again, code := claim("b", req); code != "" || again.Replay != nil || again.ID == c.ID {
			t.Errorf("retry after a 503: %+v %q, want a new claim", again, code)
		}
	})

	t.Run("failed after a write", func(t *testing.T) {
		c, _ := claim("c", req)
		if err := theme(c.ID, "Thema C"); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishIdempotencyKey(coach, c.ID, domain.IdempotentAnswer{Status: 500}); err != nil {
			t.Fatal(err)
		}
		age(c.ID)
		if _, code := claim("c", req); code != "idempotency_key_outcome_unknown" {
			t.Errorf("retry after a write and a 500: %q, want outcome unknown", code)
		}
	})

	t.Run("taken over", func(t *testing.T) {
		c, _ := claim("d", req)
		age(c.ID) // its request is gone, having written nothing
		next, code := claim("d", req)
		if code != "" || next.ID == 0 || next.ID == c.ID {
			t.Fatalf("take over: %+v %q", next, code)
		}
		before := themes()
		err := theme(c.ID, "Thema D")
		if domain.ErrorCode(err) != domain.EConflict || themes() != before {
			t.Errorf("write of the overtaken request: %v, %d themes (had %d); want conflict and nothing written", err, themes(), before)
		}
		if err := theme(next.ID, "Thema D"); err != nil {
			t.Errorf("write of the retry: %v", err)
		}
	})

	t.Run("keys are per user", func(t *testing.T) {
		other := pgtest.ActorCtx(t, db, pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}}).ID)
		if c, err := db.ClaimIdempotencyKey(other, "a", req); err != nil || c.Replay != nil {
			t.Errorf("another user's key a: %+v %v", c, err)
		}
		if _, err := db.ClaimIdempotencyKey(context.Background(), "z", req); domain.ErrorCode(err) != domain.EForbidden {
			t.Errorf("anonymous claim: %v", err)
		}
	})
}
