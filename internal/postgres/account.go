package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// ChangeOwnPassword sets a new password for the signed-in user after checking
// the current one. Like a password change by an admin it ends every web
// session and revokes every API token of the user in the same transaction
// (audited as change_password; a wrong current password is audited as
// denied). Errors: unauthenticated, invalid (currentPassword, password).
func (db *DB) ChangeOwnPassword(ctx context.Context, current, next string) error {
	a := domain.ActorFrom(ctx)
	if a.Kind != domain.ActorUser || a.UserID == 0 {
		return errNoSession()
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var hash *string
		if err := tx.GetContext(ctx, &hash, `SELECT password_hash FROM app_user WHERE id = $1 FOR UPDATE`, a.UserID); err != nil {
			return translate(err, "De gebruiker")
		}
		ok := false
		if hash == nil {
			auth.CheckDummy(current)
		} else {
			var err error
			if ok, err = auth.CheckPassword(*hash, current); err != nil {
				return fmt.Errorf("check password: %w", err)
			}
		}
		if !ok {
			return errWrongCurrentPassword
		}
		h, err := passwordHash(next)
		if err != nil {
			return err
		}
		if h == nil {
			return domain.Invalid(domain.FieldError{Name: "password", Code: "required", Reason: "Vul een nieuw wachtwoord in."})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE app_user SET password_hash = $2 WHERE id = $1`, a.UserID, *h); err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if err := revokeUserCredentials(ctx, tx, a.UserID); err != nil {
			return err
		}
		return audit(ctx, tx, "change_password", "user", &a.UserID, domain.OutcomeAllowed)
	})
	if errors.Is(err, errWrongCurrentPassword) {
		// The refusal is audited outside the rolled-back transaction.
		if aerr := audit(ctx, db, "change_password", "user", &a.UserID, domain.OutcomeDenied); aerr != nil {
			return wrap(aerr, "audit change password of user %d", a.UserID)
		}
		return domain.Invalid(domain.FieldError{Name: "currentPassword", Code: "wrong", Reason: "Het huidige wachtwoord klopt niet."})
	}
	return wrap(err, "change password of user %d", a.UserID)
}

var errWrongCurrentPassword = errors.New("wrong current password")
