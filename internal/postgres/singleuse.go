package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// IssueSingleUseToken creates a token for someone without an account (an
// external 360 rater) to act once on subject, until expiresAt. The token is
// returned once; only its hash is stored.
func (db *DB) IssueSingleUseToken(ctx context.Context, purpose string, subjectID int64, expiresAt time.Time) (string, error) {
	token, hash := auth.NewToken(auth.PrefixRater)
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var id int64
		const q = `INSERT INTO single_use_token (token_hash, purpose, subject_id, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`
		if err := tx.GetContext(ctx, &id, q, hash, purpose, subjectID, expiresAt); err != nil {
			return translate(err, "Het token")
		}
		return audit(ctx, tx, "create", "single_use_token", &id, domain.OutcomeAllowed)
	})
	if err != nil {
		return "", fmt.Errorf("issue single-use token: %w", err)
	}
	return token, nil
}

// SingleUseActor looks up an unused, unexpired token for purpose and returns
// the token-scoped actor and the subject it may act on. It does not use the
// token up; UseSingleUseToken does, in the transaction that records the act.
// Errors: not_found (unknown, expired, used or for another purpose alike).
func (db *DB) SingleUseActor(ctx context.Context, purpose, token string) (*domain.Actor, int64, error) {
	if !auth.LooksLikeToken(auth.PrefixRater, token) {
		return nil, 0, errBadLink()
	}
	var row struct {
		ID        int64 `db:"id"`
		SubjectID int64 `db:"subject_id"`
	}
	const q = `SELECT id, subject_id FROM single_use_token
		WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`
	if err := db.GetContext(ctx, &row, q, auth.HashToken(token), purpose); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, 0, errBadLink()
		}
		return nil, 0, fmt.Errorf("single-use token: %w", err)
	}
	prev := domain.ActorFrom(ctx)
	return &domain.Actor{Kind: domain.ActorRater, TokenID: row.ID, RequestID: prev.RequestID, ClientAddr: prev.ClientAddr}, row.SubjectID, nil
}

// UseSingleUseToken marks the actor's token used, inside tx, so the act and
// the use commit together. A token used concurrently by another request
// loses the race here: exactly one of them succeeds. Errors: not_found.
func UseSingleUseToken(ctx context.Context, tx *Tx) error {
	a := domain.ActorFrom(ctx)
	res, err := tx.ExecContext(ctx, `UPDATE single_use_token SET used_at = now() WHERE id = $1 AND used_at IS NULL AND expires_at > now()`, a.TokenID)
	if err != nil {
		return fmt.Errorf("use single-use token: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errBadLink()
	}
	return audit(ctx, tx, "use", "single_use_token", &a.TokenID, domain.OutcomeAllowed)
}

func errBadLink() error {
	return domain.Errorf(domain.ENotFound, "bad_link", "Deze link is onbekend, verlopen of al gebruikt.")
}

func newRaterToken() (string, []byte) { return auth.NewToken(auth.PrefixRater) }
