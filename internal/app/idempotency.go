package app

import (
	"context"
	"fmt"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// ClaimIdempotencyKey presents the Idempotency-Key of a request by the
// signed-in user, with a hash of the request (method, path and body): it
// returns the first answer to replay, or a claim to run the request under
// (domain.WithIdempotencyClaim) and finish with FinishIdempotencyKey.
// Errors: invalid (a malformed key), unprocessable (the key came with
// another request), conflict (the first request still runs, or its outcome
// is unknown).
func (a *App) ClaimIdempotencyKey(ctx context.Context, key string, requestHash []byte) (domain.IdempotencyClaim, error) {
	if err := domain.CheckIdempotencyKey(key); err != nil {
		return domain.IdempotencyClaim{}, err
	}
	c, err := a.db.ClaimIdempotencyKey(ctx, key, requestHash)
	if err != nil || c.Replay == nil {
		return c, err
	}
	if c.Replay.Body, err = auth.Open(key, c.Replay.Body); err != nil {
		return domain.IdempotencyClaim{}, fmt.Errorf("open stored answer of idempotency key %d: %w", c.ID, err)
	}
	return c, nil
}

// FinishIdempotencyKey stores the answer to the request that ran under the
// claim id for key, for its retries. The body is sealed with the key (which
// the store never holds): a stored answer may carry personal data or the
// rater links of a new 360 round. Errors: internal only.
func (a *App) FinishIdempotencyKey(ctx context.Context, key string, id int64, ans domain.IdempotentAnswer) error {
	var err error
	if ans.Body, err = auth.Seal(key, ans.Body); err != nil {
		return err
	}
	return a.db.FinishIdempotencyKey(ctx, id, ans)
}
