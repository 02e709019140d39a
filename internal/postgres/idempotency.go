package postgres

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// ClaimIdempotencyKey presents the actor's idempotency key with the hash of
// the request it came with. The first time, it claims the key and returns
// the claim's ID, under which the request runs (domain.WithIdempotencyClaim);
// once that request has its answer, it returns the answer to replay. A
// claim whose request ended without an answer and without writing anything
// (it crashed, or its answer was a 5xx) is taken over after
// domain.IdempotencyLease. Expired keys are forgotten on the way. Errors:
// unprocessable (the key came with another request), conflict (the first
// request still runs, or wrote something and lost its answer).
func (db *DB) ClaimIdempotencyKey(ctx context.Context, key string, requestHash []byte) (domain.IdempotencyClaim, error) {
	a := domain.ActorFrom(ctx)
	if a.Kind != domain.ActorUser || a.UserID == 0 {
		return domain.IdempotencyClaim{}, errForbidden()
	}
	keyHash := auth.HashToken(key)
	ttl, lease := domain.IdempotencyKeyTTL.String(), domain.IdempotencyLease.String()
	var out domain.IdempotencyClaim
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		stmts := []struct {
			q    string
			args []any
		}{
			// Expired: this key, and a few of anyone's, oldest first;
			// SKIP LOCKED so that concurrent claims never wait on each other.
			{`DELETE FROM idempotency_key WHERE user_id = $1 AND key_hash = $2 AND created_at < now() - $3::interval`, []any{a.UserID, keyHash, ttl}},
			{`DELETE FROM idempotency_key WHERE id IN (SELECT id FROM idempotency_key WHERE created_at < now() - $1::interval
				ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED)`, []any{ttl}},
			// Abandoned: the first request ended long ago, without an
			// answer and without a write. If it is still writing, this
			// waits for that transaction and then finds wrote set.
			{`DELETE FROM idempotency_key WHERE user_id = $1 AND key_hash = $2 AND request_hash = $3
				AND status IS NULL AND NOT wrote AND created_at < now() - $4::interval`, []any{a.UserID, keyHash, requestHash, lease}},
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
				return err
			}
		}
		err := tx.GetContext(ctx, &out.ID, `INSERT INTO idempotency_key (user_id, key_hash, request_hash) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, key_hash) DO NOTHING RETURNING id`, a.UserID, keyHash, requestHash)
		if err != sql.ErrNoRows {
			return err // claimed, or failed
		}
		var r struct {
			RequestHash []byte    `db:"request_hash"`
			Wrote       bool      `db:"wrote"`
			Status      *int      `db:"status"`
			Body        []byte    `db:"body"`
			Location    *string   `db:"location"`
			CreatedAt   time.Time `db:"created_at"`
		}
		const q = `SELECT request_hash, wrote, status, body, location, created_at FROM idempotency_key WHERE user_id = $1 AND key_hash = $2`
		if err := tx.GetContext(ctx, &r, q, a.UserID, keyHash); err != nil {
			return err
		}
		switch {
		case !bytes.Equal(r.RequestHash, requestHash):
			return domain.ErrIdempotencyKeyReused()
		case r.Status != nil:
			out.Replay = &domain.IdempotentAnswer{Status: *r.Status, Body: r.Body, Location: deref(r.Location)}
			return nil
		case r.Wrote && time.Since(r.CreatedAt) > domain.IdempotencyLease:
			return domain.ErrIdempotencyOutcomeUnknown()
		}
		return domain.ErrIdempotencyInProgress()
	})
	return out, wrap(err, "claim idempotency key")
}

// FinishIdempotencyKey stores the answer of the request that runs under
// claim id: a success, or any answer but a 5xx of a request that wrote
// something, is replayed from now on. The claim of a request that wrote
// nothing and failed is dropped, so that a retry runs afresh; one that wrote
// and then failed is kept without an answer: its outcome is unknown.
func (db *DB) FinishIdempotencyKey(ctx context.Context, id int64, ans domain.IdempotentAnswer) error {
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const qu = `UPDATE idempotency_key SET status = $2, body = $3, location = NULLIF($4, '')
			WHERE id = $1 AND status IS NULL AND ($2 < 400 OR (wrote AND $2 < 500))`
		if _, err := tx.ExecContext(ctx, qu, id, ans.Status, ans.Body, ans.Location); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM idempotency_key WHERE id = $1 AND status IS NULL AND NOT wrote`, id)
		return err
	})
	return wrap(err, "finish idempotency key %d", id)
}

// markIdempotencyClaim records, in the transaction of a write, that the
// request running under the claim in ctx has written. A claim that is gone
// was taken over by a retry: the write is then refused (conflict) and rolls
// back, so that the two never both take effect.
func markIdempotencyClaim(ctx context.Context, ex sqlx.ExecerContext) error {
	id := domain.IdempotencyClaimFrom(ctx)
	if id == 0 {
		return nil
	}
	res, err := ex.ExecContext(ctx, `UPDATE idempotency_key SET wrote = true WHERE id = $1 AND status IS NULL`, id)
	if err != nil {
		return fmt.Errorf("mark idempotency key %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return domain.ErrIdempotencyTakenOver()
	}
	return nil
}
