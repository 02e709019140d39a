package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// CreateAccessToken issues an API bearer token for a user who has just
// authenticated. The token is returned once; only its hash is stored.
func (db *DB) CreateAccessToken(ctx context.Context, userID int64) (string, domain.AccessToken, error) {
	token, hash := auth.NewToken(auth.PrefixAccess)
	var t domain.AccessToken
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `INSERT INTO access_token (token_hash, user_id, expires_at) VALUES ($1, $2, now() + $3::interval)
			RETURNING id, user_id, created_at, expires_at, last_used_at, revoked_at`
		if err := tx.GetContext(ctx, &t, q, hash, userID, domain.AccessTokenLifetime.String()); err != nil {
			return err
		}
		ctx := domain.WithActor(ctx, &domain.Actor{Kind: domain.ActorUser, UserID: userID, RequestID: domain.ActorFrom(ctx).RequestID, ClientAddr: domain.ActorFrom(ctx).ClientAddr})
		return audit(ctx, tx, "create", "access_token", &t.ID, domain.OutcomeAllowed)
	})
	if err != nil {
		return "", domain.AccessToken{}, fmt.Errorf("create access token: %w", err)
	}
	return token, t, nil
}

// TokenActor returns the actor of a valid bearer token. Errors:
// unauthenticated (unknown, expired, revoked, or the account is disabled).
func (db *DB) TokenActor(ctx context.Context, token string) (*domain.Actor, error) {
	if !auth.LooksLikeToken(auth.PrefixAccess, token) {
		return nil, errBadToken()
	}
	var userID int64
	// last_used_at is refreshed at most once a minute: a write (and its WAL
	// flush) on every request would cap the API at the disk's fsync rate.
	const q = `WITH t AS (
			SELECT id, user_id, last_used_at FROM access_token
			WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
		), touch AS (
			UPDATE access_token a SET last_used_at = now() FROM t
			WHERE a.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')
		)
		SELECT user_id FROM t`
	if err := db.GetContext(ctx, &userID, q, auth.HashToken(token)); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errBadToken()
		}
		return nil, fmt.Errorf("access token: %w", err)
	}
	a, err := db.actorFor(ctx, userID)
	if err != nil {
		if domain.ErrorCode(err) == domain.EUnauthenticated {
			return nil, errBadToken()
		}
		return nil, err
	}
	return a, nil
}

func errBadToken() error {
	return domain.Errorf(domain.EUnauthenticated, "bad_token", "Het toegangstoken is onbekend, verlopen of ingetrokken.")
}

// FindAccessTokens lists the actor's own tokens, newest first.
func (db *DB) FindAccessTokens(ctx context.Context, p domain.Page) ([]domain.AccessToken, int, error) {
	a := domain.ActorFrom(ctx)
	type row struct {
		domain.AccessToken
		Total int `db:"total"`
	}
	var rows []row
	const q = `SELECT id, user_id, created_at, expires_at, last_used_at, revoked_at, COUNT(*) OVER() AS total
		FROM access_token WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`
	if err := db.SelectContext(ctx, &rows, q, a.UserID, p.PageSize, p.Offset()); err != nil {
		return nil, 0, fmt.Errorf("find access tokens: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r row) int { return r.Total }, `SELECT count(*) FROM access_token WHERE user_id = $1`, a.UserID)
	if err != nil {
		return nil, 0, fmt.Errorf("find access tokens: %w", err)
	}
	out := make([]domain.AccessToken, len(rows))
	for i, r := range rows {
		out[i] = r.AccessToken
	}
	return out, total, nil
}

// RevokeAccessToken revokes one of the actor's own tokens. Errors: not_found
// (also for another user's token).
func (db *DB) RevokeAccessToken(ctx context.Context, id int64) error {
	a := domain.ActorFrom(ctx)
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `UPDATE access_token SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`
		var got int64
		if err := tx.GetContext(ctx, &got, q, id, a.UserID); err != nil {
			return translate(err, "Het toegangstoken")
		}
		return audit(ctx, tx, "revoke", "access_token", &id, domain.OutcomeAllowed)
	})
	return wrap(err, "revoke access token %d", id)
}
