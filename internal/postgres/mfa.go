package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// auditLogin writes an audit row about a log-in of userID with detail: how
// the user signed in (amr/acr, the session stage). Never a name or address.
func auditLogin(ctx context.Context, ex sqlx.ExecerContext, action string, userID int64, detail map[string]any) error {
	b, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("audit detail: %w", err)
	}
	a := domain.ActorFrom(ctx)
	const q = `INSERT INTO audit_event
		(actor_kind, actor_user_id, organisation_id, action, record_type, record_id, request_id, client_addr, outcome, detail)
		VALUES ('user', $1, $2, $3, 'user', $1, $4, $5, 'allowed', $6)`
	if _, err := ex.ExecContext(ctx, q, userID, a.OrganisationID, action, a.RequestID, a.ClientAddr, string(b)); err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// LoginStage returns the stage a password log-in of userID starts at: otp
// when the account has a confirmed authenticator, enrol for an admin
// without one (domain.RequiresMFA), full otherwise.
func (db *DB) LoginStage(ctx context.Context, userID int64) (domain.SessionStage, error) {
	var row struct {
		Enrolled bool           `db:"enrolled"`
		Roles    pq.StringArray `db:"roles"`
	}
	const q = `SELECT EXISTS (SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS enrolled,
		COALESCE((SELECT array_agg(role) FROM user_role WHERE user_id = $1), '{}') AS roles`
	if err := db.GetContext(ctx, &row, q, userID); err != nil {
		return "", fmt.Errorf("login stage of user %d: %w", userID, err)
	}
	roles := make([]domain.Role, len(row.Roles))
	for i, r := range row.Roles {
		roles[i] = domain.Role(r)
	}
	switch {
	case row.Enrolled:
		return domain.StageOTP, nil
	case domain.RequiresMFA(roles):
		return domain.StageEnrol, nil
	}
	return domain.StageFull, nil
}

// CheckSecondFactor checks a TOTP code or a recovery code of userID, typed
// from clientIP. Wrong codes count as failed log-ins of the account and are
// throttled like passwords (auth.LoginWait). A TOTP code is accepted once:
// the same code again within its window is refused; a recovery code is
// used up. Errors: unauthenticated (naming the field otp), too_many_requests
// (with RetryAfter).
func (db *DB) CheckSecondFactor(ctx context.Context, userID int64, code, clientIP string) error {
	var u struct {
		Email string `db:"email"`
	}
	if err := db.GetContext(ctx, &u, `SELECT email FROM app_user WHERE id = $1`, userID); err != nil {
		return fmt.Errorf("second factor of user %d: %w", userID, translate(err, "De gebruiker"))
	}
	var secret []byte
	if err := db.GetContext(ctx, &secret, `SELECT value FROM server_secret WHERE name = 'login_throttle'`); err != nil {
		return fmt.Errorf("second factor: %w", err)
	}
	// Wrong codes are counted apart from wrong passwords: the right password
	// that precedes every code must not wipe them (Authenticate clears its
	// own key's failures).
	key := auth.EmailKey(secret, "otp:"+u.Email)
	if wait, err := db.throttleWait(ctx, key, clientIP); err != nil {
		return err
	} else if wait > 0 {
		return &domain.Error{Code: domain.ETooManyRequests, Key: "throttled", RetryAfter: int(wait.Seconds()) + 1,
			Message: fmt.Sprintf("Te veel mislukte pogingen. Probeer het over %s opnieuw.", dutchDuration(wait))}
	}
	ok := false
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		ok = false
		var t struct {
			Secret   string `db:"secret"`
			LastStep int64  `db:"last_step"`
		}
		err := tx.GetContext(ctx, &t, `SELECT secret, last_step FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL FOR UPDATE`, userID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if step, good := auth.CheckTOTP(t.Secret, code, time.Now(), t.LastStep); good {
			ok = true
			_, err := tx.ExecContext(ctx, `UPDATE user_totp SET last_step = $2 WHERE user_id = $1`, userID, step)
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
			userID, auth.HashRecoveryCode(code))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			ok = true
			return auditLogin(ctx, tx, "use_recovery_code", userID, map[string]any{})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("second factor of user %d: %w", userID, err)
	}
	if !ok {
		if _, err := db.ExecContext(ctx, `INSERT INTO login_failure (email_hash, client_ip) VALUES ($1, $2)`, key, clientIP); err != nil {
			return fmt.Errorf("record failed second factor: %w", err)
		}
		return errWrongOTP()
	}
	_, err = db.ExecContext(ctx, `DELETE FROM login_failure WHERE email_hash = $1 AND client_ip = $2`, key, clientIP)
	return err
}

func errWrongOTP() error {
	return &domain.Error{Code: domain.EUnauthenticated, Key: "bad_otp", Message: "De code is onjuist of al gebruikt.",
		Fields: []domain.FieldError{{Name: "otp", Code: "wrong", Reason: "De code is onjuist of al gebruikt. Neem de nieuwste code uit uw app, of een herstelcode."}}}
}

// PromoteSession turns the half-way session of token into a full one after
// the second factor was checked or set up: the old session ends and a new
// one (new token, against fixation) starts, audited as login with amr.
// Errors: unauthenticated (no half-way session of token).
func (db *DB) PromoteSession(ctx context.Context, token string, amr []string) (string, error) {
	var userID int64
	err := db.GetContext(ctx, &userID, `DELETE FROM web_session WHERE token_hash = $1 AND stage <> 'full' AND expires_at > now() RETURNING user_id`,
		auth.HashToken(token))
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNoSession()
	}
	if err != nil {
		return "", fmt.Errorf("promote session: %w", err)
	}
	return db.CreateLoginSession(ctx, userID, domain.StageFull, map[string]any{"amr": amr})
}

// ownAccount is the signed-in user's id for the second-factor pages: a full
// session, or one that must set up its second factor. Errors:
// unauthenticated.
func ownAccount(ctx context.Context) (int64, error) {
	a := domain.ActorFrom(ctx)
	if a.Kind != domain.ActorUser || a.UserID == 0 || (a.Stage != "" && a.Stage != domain.StageEnrol) {
		return 0, errNoSession()
	}
	return a.UserID, nil
}

// SecondFactorStatus says whether the signed-in user has a confirmed
// authenticator and how many recovery codes are left. Errors:
// unauthenticated.
func (db *DB) SecondFactorStatus(ctx context.Context) (domain.SecondFactor, error) {
	id, err := ownAccount(ctx)
	if err != nil {
		return domain.SecondFactor{}, err
	}
	var s domain.SecondFactor
	const q = `SELECT EXISTS (SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL),
		(SELECT count(*) FROM recovery_code WHERE user_id = $1 AND used_at IS NULL)`
	if err := db.QueryRowxContext(ctx, q, id).Scan(&s.Enrolled, &s.RecoveryCodes); err != nil {
		return s, fmt.Errorf("second factor status: %w", err)
	}
	return s, nil
}

// PendingTOTPSecret returns the signed-in user's TOTP secret waiting for
// its first code, making one when there is none, and the account's e-mail
// address (the label in the app). Errors: unauthenticated, conflict
// (already enrolled).
func (db *DB) PendingTOTPSecret(ctx context.Context) (secret, email string, err error) {
	id, err := ownAccount(ctx)
	if err != nil {
		return "", "", err
	}
	err = db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if err := tx.GetContext(ctx, &email, `SELECT email FROM app_user WHERE id = $1`, id); err != nil {
			return translate(err, "De gebruiker")
		}
		const q = `INSERT INTO user_totp (user_id, secret) VALUES ($1, $2)
			ON CONFLICT (user_id) DO UPDATE SET user_id = EXCLUDED.user_id
			RETURNING secret, confirmed_at IS NOT NULL`
		var confirmed bool
		if err := tx.QueryRowxContext(ctx, q, id, auth.NewTOTPSecret()).Scan(&secret, &confirmed); err != nil {
			return fmt.Errorf("pending totp: %w", err)
		}
		if confirmed {
			return domain.Errorf(domain.EConflict, "enrolled", "Tweestapsverificatie is voor dit account al ingesteld.")
		}
		return nil
	})
	return secret, email, wrap(err, "pending totp of user %d", id)
}

// ConfirmTOTP confirms the signed-in user's pending authenticator with its
// first code and returns fresh recovery codes (shown once; only their
// hashes are stored). Audited as enrol_mfa. Errors: unauthenticated,
// invalid (field code), conflict (nothing pending).
func (db *DB) ConfirmTOTP(ctx context.Context, code string) ([]string, error) {
	id, err := ownAccount(ctx)
	if err != nil {
		return nil, err
	}
	var codes []string
	err = db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var t struct {
			Secret    string `db:"secret"`
			Confirmed bool   `db:"confirmed"`
		}
		err := tx.GetContext(ctx, &t, `SELECT secret, confirmed_at IS NOT NULL AS confirmed FROM user_totp WHERE user_id = $1 FOR UPDATE`, id)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && t.Confirmed) {
			return domain.Errorf(domain.EConflict, "nothing_pending", "Er wacht geen nieuwe authenticator op een eerste code; open de pagina opnieuw.")
		}
		if err != nil {
			return err
		}
		step, ok := auth.CheckTOTP(t.Secret, code, time.Now(), 0)
		if !ok {
			return domain.Invalid(domain.FieldError{Name: "code", Code: "wrong",
				Reason: "De code klopt niet. Controleer of de tijd op uw telefoon klopt en vul de nieuwste code van 6 cijfers in."})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE user_totp SET confirmed_at = now(), last_step = $2 WHERE user_id = $1`, id, step); err != nil {
			return err
		}
		codes, err = replaceRecoveryCodes(ctx, tx, id)
		if err != nil {
			return err
		}
		return audit(ctx, tx, "enrol_mfa", "user", &id, domain.OutcomeAllowed)
	})
	return codes, wrap(err, "confirm totp of user %d", id)
}

func replaceRecoveryCodes(ctx context.Context, tx *Tx, userID int64) ([]string, error) {
	codes := auth.NewRecoveryCodes(domain.RecoveryCodeCount)
	hashes := make([][]byte, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashRecoveryCode(c)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_code WHERE user_id = $1`, userID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_code (user_id, code_hash) SELECT $1, unnest($2::bytea[])`, userID, pq.Array(hashes)); err != nil {
		return nil, fmt.Errorf("store recovery codes: %w", err)
	}
	return codes, nil
}

// EnrolFixedTOTP gives userID a confirmed authenticator with a known secret:
// demo data only (the demo admin's secret is printed in README). System
// actor only. Errors: forbidden.
func (db *DB) EnrolFixedTOTP(ctx context.Context, userID int64, secret string) error {
	if domain.ActorFrom(ctx).Kind != domain.ActorSystem {
		return errForbidden()
	}
	const q = `INSERT INTO user_totp (user_id, secret, confirmed_at) VALUES ($1, $2, now())
		ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, confirmed_at = now(), last_step = 0`
	if _, err := db.ExecContext(ctx, q, userID, secret); err != nil {
		return fmt.Errorf("enrol totp of user %d: %w", userID, err)
	}
	return nil
}

// ResetSecondFactor removes a user's authenticator and recovery codes (an
// admin helping someone who lost their phone) and ends the user's sessions
// and tokens; an admin then sets one up again at the next log-in.
// Errors: forbidden, not_found.
func (db *DB) ResetSecondFactor(ctx context.Context, userID int64) error {
	if !domain.ActorFrom(ctx).Can(domain.PermManageUsers) {
		return db.deny(ctx, "reset_mfa", "user", &userID, errForbidden())
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if _, err := findUser(ctx, tx, userID); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM user_totp WHERE user_id = $1`, `DELETE FROM recovery_code WHERE user_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, userID); err != nil {
				return err
			}
		}
		if err := revokeUserCredentials(ctx, tx, userID); err != nil {
			return err
		}
		return audit(ctx, tx, "reset_mfa", "user", &userID, domain.OutcomeAllowed)
	})
	return wrap(err, "reset second factor of user %d", userID)
}
