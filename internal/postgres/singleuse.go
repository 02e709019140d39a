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

// The purposes of single-use tokens: an external 360 rater's link, a
// questionnaire link for a family member or a party (questionnaire.go), and
// a password reset link, whose subject is the account (password_reset.go).
const (
	purposeRater = "rater"
	purposeVoice = "questionnaire"
	purposeReset = "password_reset"
)

// tokenPrefix is the prefix of the tokens of purpose, so a leaked link is
// recognisable and one kind cannot pass for another.
func tokenPrefix(purpose string) string {
	switch purpose {
	case purposeVoice:
		return auth.PrefixVoice
	case purposeReset:
		return auth.PrefixReset
	}
	return auth.PrefixRater
}

// IssueSingleUseToken creates a token for someone without an account (an
// external 360 rater) to act once on subject, until expiresAt. The token is
// returned once; only its hash is stored.
func (db *DB) IssueSingleUseToken(ctx context.Context, purpose string, subjectID int64, expiresAt time.Time) (string, error) {
	var token string
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var err error
		token, err = issueSingleUseToken(ctx, tx, purpose, subjectID, expiresAt)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("issue single-use token: %w", err)
	}
	return token, nil
}

// issueSingleUseToken is IssueSingleUseToken inside tx, so a token and the
// record it acts on are created together.
func issueSingleUseToken(ctx context.Context, tx *Tx, purpose string, subjectID int64, expiresAt time.Time) (string, error) {
	token, hash := auth.NewToken(tokenPrefix(purpose))
	id, err := storeSingleUseToken(ctx, tx, purpose, subjectID, hash, expiresAt)
	if err != nil {
		return "", err
	}
	return token, audit(ctx, tx, "create", "single_use_token", &id, domain.OutcomeAllowed)
}

// storeSingleUseToken stores the hash of a token made by the caller (who
// needed the token first, to put it in a mail), inside tx, and returns its
// id. It does not audit: the caller's own event names the act.
func storeSingleUseToken(ctx context.Context, tx *Tx, purpose string, subjectID int64, hash []byte, expiresAt time.Time) (int64, error) {
	var id int64
	const q = `INSERT INTO single_use_token (token_hash, purpose, subject_id, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`
	if err := tx.GetContext(ctx, &id, q, hash, purpose, subjectID, expiresAt); err != nil {
		return 0, translate(err, "Het token")
	}
	return id, nil
}

// SingleUseActor looks up an unused, unexpired token for purpose and returns
// the token-scoped actor and the subject it may act on. It does not use the
// token up; UseSingleUseToken does, in the transaction that records the act.
// Errors: not_found (unknown, expired, used or for another purpose alike).
func (db *DB) SingleUseActor(ctx context.Context, purpose, token string) (*domain.Actor, int64, error) {
	l, err := db.singleUseLink(ctx, purpose, token)
	if err != nil {
		return nil, 0, err
	}
	if l.Used || l.Expired {
		return nil, 0, errBadLink()
	}
	return tokenActor(ctx, l.ID), l.SubjectID, nil
}

// singleUse is a token as stored, in whatever state.
type singleUse struct {
	ID        int64     `db:"id"`
	SubjectID int64     `db:"subject_id"`
	ExpiresAt time.Time `db:"expires_at"`
	Used      bool      `db:"used"`
	Expired   bool      `db:"expired"`
}

// singleUseLink looks up a token for purpose, used and expired ones too, so
// the caller can say clearly why a link no longer works. Errors: not_found
// (unknown, or for another purpose).
func (db *DB) singleUseLink(ctx context.Context, purpose, token string) (singleUse, error) {
	var l singleUse
	if !auth.LooksLikeToken(tokenPrefix(purpose), token) {
		return l, errBadLink()
	}
	const q = `SELECT id, subject_id, expires_at, used_at IS NOT NULL AS used, expires_at <= now() AS expired
		FROM single_use_token WHERE token_hash = $1 AND purpose = $2`
	if err := db.GetContext(ctx, &l, q, auth.HashToken(token), purpose); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return l, errBadLink()
		}
		return l, fmt.Errorf("single-use token: %w", err)
	}
	return l, nil
}

// tokenActor is the actor of single-use token id: no account, and nothing
// of the caller but the request id and address.
func tokenActor(ctx context.Context, id int64) *domain.Actor {
	prev := domain.ActorFrom(ctx)
	return &domain.Actor{Kind: domain.ActorRater, TokenID: id, RequestID: prev.RequestID, ClientAddr: prev.ClientAddr}
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

// claimSingleUseToken uses up token for purpose inside tx and returns its
// subject, for a link whose act is not done as the token's actor (a
// password reset is done as the account holder, not as the link). As with
// UseSingleUseToken, of two concurrent uses exactly one succeeds; a
// rollback of tx leaves the token unused. Errors: not_found (unknown,
// expired, used or for another purpose alike).
func claimSingleUseToken(ctx context.Context, tx *Tx, purpose, token string) (int64, error) {
	var subjectID int64
	if !auth.LooksLikeToken(tokenPrefix(purpose), token) {
		return 0, errBadLink()
	}
	const q = `UPDATE single_use_token SET used_at = now()
		WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING subject_id`
	if err := tx.GetContext(ctx, &subjectID, q, auth.HashToken(token), purpose); errors.Is(err, sql.ErrNoRows) {
		return 0, errBadLink()
	} else if err != nil {
		return 0, fmt.Errorf("use single-use token: %w", err)
	}
	return subjectID, nil
}

// useSubjectTokens uses up every open token of purpose on subjectID inside
// tx (all reset links of an account, once one of them was used).
func useSubjectTokens(ctx context.Context, tx *Tx, purpose string, subjectID int64) error {
	const q = `UPDATE single_use_token SET used_at = now() WHERE purpose = $1 AND subject_id = $2 AND used_at IS NULL`
	if _, err := tx.ExecContext(ctx, q, purpose, subjectID); err != nil {
		return fmt.Errorf("use single-use tokens: %w", err)
	}
	return nil
}

func errBadLink() error {
	return domain.Errorf(domain.ENotFound, "bad_link", "Deze link is onbekend, verlopen of al gebruikt.")
}

func newRaterToken() (string, []byte) { return auth.NewToken(auth.PrefixRater) }
