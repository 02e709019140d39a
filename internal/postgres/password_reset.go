package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// A password reset link is a single-use token (singleuse.go) of purpose
// password_reset whose subject is the account: stored hashed, valid for
// auth.PasswordResetExpires, used once. The requests for links are kept
// apart (password_reset_request), for the throttle, whether or not the
// address has an account.

// RequestPasswordReset records a request for a reset link for email from
// clientIP and, when an active account with a password has that address,
// stores the link's token hash (valid for auth.PasswordResetExpires) and
// writes m, the mail with the link, to the outbox for that account, in one
// transaction. The answer is the same whether or not the account exists
// (the mail goes out later, from the outbox worker); only the throttle
// (auth.ResetWait, per address and per client, the same for unknown
// addresses) refuses. Errors: too_many_requests (with RetryAfter).
func (db *DB) RequestPasswordReset(ctx context.Context, email, clientIP string, tokenHash []byte, m domain.Mail) error {
	var secret []byte
	if err := db.GetContext(ctx, &secret, `SELECT value FROM server_secret WHERE name = 'login_throttle'`); err != nil {
		return fmt.Errorf("password reset: %w", err)
	}
	key := auth.EmailKey(secret, email)
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var row struct {
			EmailN     int          `db:"email_n"`
			EmailLast  sql.NullTime `db:"email_last"`
			ClientN    int          `db:"client_n"`
			ClientLast sql.NullTime `db:"client_last"`
		}
		const q = `SELECT count(*) FILTER (WHERE email_hash = $1) AS email_n, max(at) FILTER (WHERE email_hash = $1) AS email_last,
				count(*) FILTER (WHERE client_ip = $2) AS client_n, max(at) FILTER (WHERE client_ip = $2) AS client_last
			FROM password_reset_request WHERE (email_hash = $1 OR client_ip = $2) AND at > now() - $3::interval`
		if err := tx.GetContext(ctx, &row, q, key, clientIP, auth.ResetWindow.String()); err != nil {
			return err
		}
		wait := auth.ResetWait(auth.Failures{N: row.EmailN, Last: row.EmailLast.Time}, auth.Failures{N: row.ClientN, Last: row.ClientLast.Time}, time.Now())
		if wait > 0 {
			return &domain.Error{Code: domain.ETooManyRequests, Key: "throttled", RetryAfter: int(wait.Seconds()) + 1,
				Message: fmt.Sprintf("Er is net al een link aangevraagd. Probeer het over %s opnieuw.", dutchDuration(wait))}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_reset_request (email_hash, client_ip) VALUES ($1, $2)`, key, clientIP); err != nil {
			return err
		}
		var userID int64
		err := tx.GetContext(ctx, &userID, `SELECT id FROM app_user WHERE lower(email) = lower($1) AND disabled_at IS NULL AND password_hash IS NOT NULL`, email)
		if errors.Is(err, sql.ErrNoRows) {
			// No such account: the same answer, and an audit row that
			// names no account.
			return audit(ctx, tx, "request_password_reset", "user", nil, domain.OutcomeDenied)
		}
		if err != nil {
			return err
		}
		if _, err := storeSingleUseToken(ctx, tx, purposeReset, userID, tokenHash, time.Now().Add(auth.PasswordResetExpires)); err != nil {
			return err
		}
		m.To, m.ToUserID = "", &userID
		if _, err := enqueueMail(ctx, tx, m); err != nil {
			return err
		}
		return audit(ctx, tx, "request_password_reset", "user", &userID, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.ETooManyRequests {
		return err
	}
	return wrap(err, "request password reset")
}

// errResetGone is the answer for an unknown, used or expired reset link.
func errResetGone() error {
	return domain.Errorf(domain.EGone, "reset_gone", "Deze link werkt niet meer: hij is al gebruikt of verlopen. Vraag een nieuwe link aan.")
}

// CheckPasswordReset reports whether token is a reset link that still
// works: unused, unexpired, and its account not blocked. Errors: gone.
func (db *DB) CheckPasswordReset(ctx context.Context, token string) error {
	l, err := db.singleUseLink(ctx, purposeReset, token)
	if domain.ErrorCode(err) == domain.ENotFound || (err == nil && (l.Used || l.Expired)) {
		return errResetGone()
	}
	if err != nil {
		return err
	}
	if ok, err := activeAccount(ctx, db, l.SubjectID); err != nil {
		return fmt.Errorf("check password reset: %w", err)
	} else if !ok {
		return errResetGone()
	}
	return nil
}

// activeAccount reports whether account userID exists and is not blocked.
func activeAccount(ctx context.Context, q sqlx.QueryerContext, userID int64) (bool, error) {
	var ok bool
	err := sqlx.GetContext(ctx, q, &ok, `SELECT EXISTS (SELECT 1 FROM app_user WHERE id = $1 AND disabled_at IS NULL)`, userID)
	return ok, err
}

// ResetPassword sets a new password through a reset link, once: the link
// and every other open link of the account are used up, every web session
// and API token of the account ends, and the reset is audited, in one
// transaction. Errors: gone (unknown, used or expired link, or a blocked
// account), invalid (password; the link stays unused).
func (db *DB) ResetPassword(ctx context.Context, token, password string) error {
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		userID, err := claimSingleUseToken(ctx, tx, purposeReset, token)
		if domain.ErrorCode(err) == domain.ENotFound {
			return errResetGone()
		} else if err != nil {
			return err
		}
		if ok, err := activeAccount(ctx, tx, userID); err != nil {
			return err
		} else if !ok {
			return errResetGone()
		}
		h, err := passwordHash(password)
		if err != nil {
			return err
		}
		if h == nil {
			return domain.Invalid(domain.FieldError{Name: "password", Code: "required", Reason: "Vul een nieuw wachtwoord in."})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE app_user SET password_hash = $2 WHERE id = $1`, userID, *h); err != nil {
			return err
		}
		if err := useSubjectTokens(ctx, tx, purposeReset, userID); err != nil {
			return err
		}
		if err := revokeUserCredentials(ctx, tx, userID); err != nil {
			return err
		}
		return audit(ctx, tx, "reset_password", "user", &userID, domain.OutcomeAllowed)
	})
	if c := domain.ErrorCode(err); c == domain.EGone || c == domain.EInvalid {
		return err
	}
	return wrap(err, "reset password")
}
