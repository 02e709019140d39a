package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// CreateOIDCLogin records a log-in that leaves for provider: the hashes of
// its state and of the browser's binding cookie, its nonce, PKCE verifier
// and where to go afterwards. It expires after domain.OIDCLoginLifetime;
// expired ones are removed on the way.
func (db *DB) CreateOIDCLogin(ctx context.Context, stateHash, browserHash []byte, provider string, l domain.OIDCLogin) error {
	return db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM oidc_login WHERE expires_at < now() - interval '1 hour'`); err != nil {
			return fmt.Errorf("clean oidc logins: %w", err)
		}
		const q = `INSERT INTO oidc_login (state_hash, browser_hash, provider, nonce, verifier, back, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, now() + $7::interval)`
		if _, err := tx.ExecContext(ctx, q, stateHash, browserHash, provider, l.Nonce, l.Verifier, l.Back, domain.OIDCLoginLifetime.String()); err != nil {
			return fmt.Errorf("create oidc login: %w", err)
		}
		return nil
	})
}

// UseOIDCLogin takes the log-in of stateHash, once: it must be unused,
// unexpired, for provider, and come back in the browser that started it.
// Errors: unauthenticated (unknown, used, expired, or another browser).
func (db *DB) UseOIDCLogin(ctx context.Context, stateHash, browserHash []byte, provider string) (domain.OIDCLogin, error) {
	var l domain.OIDCLogin
	const q = `UPDATE oidc_login SET used_at = now()
		WHERE state_hash = $1 AND browser_hash = $2 AND provider = $3 AND used_at IS NULL AND expires_at > now()
		RETURNING nonce, verifier, back`
	err := db.GetContext(ctx, &l, q, stateHash, browserHash, provider)
	if errors.Is(err, sql.ErrNoRows) {
		return l, domain.Errorf(domain.EUnauthenticated, "oidc_state",
			"Deze inlogpoging is verlopen, al gebruikt of in een andere browser begonnen. Log opnieuw in.")
	}
	if err != nil {
		return l, fmt.Errorf("use oidc login: %w", err)
	}
	return l, nil
}

// FindOIDCAccount returns the account linked to (issuer, subject). Errors:
// not_found.
func (db *DB) FindOIDCAccount(ctx context.Context, issuer, subject string) (domain.OIDCAccount, error) {
	var a struct {
		ID       int64          `db:"id"`
		Roles    pq.StringArray `db:"roles"`
		Disabled bool           `db:"disabled"`
	}
	const q = `SELECT u.id, u.disabled_at IS NOT NULL AS disabled,
			COALESCE((SELECT array_agg(role) FROM user_role WHERE user_id = u.id), '{}') AS roles
		FROM app_user u WHERE u.oidc_issuer = $1 AND u.oidc_subject = $2`
	if err := db.GetContext(ctx, &a, q, issuer, subject); err != nil {
		return domain.OIDCAccount{}, wrap(translate(err, "Het account"), "find oidc account")
	}
	out := domain.OIDCAccount{ID: a.ID, Disabled: a.Disabled}
	for _, r := range a.Roles {
		out.Roles = append(out.Roles, domain.Role(r))
	}
	return out, nil
}

// ProvisionOIDCAccount creates the account of an identity at its first
// sign-in: no password, no roles (waiting for an admin to give them), the
// provider's organisation. Audited as provision by the new account.
// Errors: invalid (no usable e-mail address or name), conflict (the e-mail
// address belongs to another account).
func (db *DB) ProvisionOIDCAccount(ctx context.Context, id domain.OIDCIdentity, provider string, organisationID *int64) (int64, error) {
	u := domain.User{Email: id.Email, Name: id.Name, OrganisationID: organisationID, Roles: []domain.Role{domain.RoleMonitor}}
	if u.Name == "" {
		u.Name = id.Email
	}
	// Validate checks e-mail and name; the placeholder role is not stored.
	if err := u.Validate(); err != nil {
		return 0, err
	}
	var userID int64
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `INSERT INTO app_user (email, name, organisation_id, oidc_issuer, oidc_subject) VALUES ($1, $2, $3, $4, $5) RETURNING id`
		if err := tx.GetContext(ctx, &userID, q, u.Email, u.Name, u.OrganisationID, id.Issuer, id.Subject); err != nil {
			return translate(err, "Een account met dit e-mailadres")
		}
		return auditLogin(ctx, tx, "provision", userID, map[string]any{"provider": provider})
	})
	return userID, wrap(err, "provision oidc account")
}

// LinkInvitedAccount links an identity at its first sign-in to the account
// an admin made for that person beforehand: same e-mail address (which the
// provider says it verified), no password, not yet linked, and, when the
// provider belongs to an organisation, of that organisation. Audited as
// link_identity. Errors: not_found (no such account).
func (db *DB) LinkInvitedAccount(ctx context.Context, id domain.OIDCIdentity, provider string, organisationID *int64) (int64, error) {
	if id.Email == "" {
		return 0, domain.Errorf(domain.ENotFound, "not_found", "Er is geen account voor dit e-mailadres.")
	}
	var userID int64
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `UPDATE app_user SET oidc_issuer = $1, oidc_subject = $2
			WHERE lower(email) = lower($3) AND password_hash IS NULL AND oidc_issuer IS NULL
				AND ($4::bigint IS NULL OR organisation_id = $4)
			RETURNING id`
		if err := tx.GetContext(ctx, &userID, q, id.Issuer, id.Subject, id.Email, organisationID); err != nil {
			return translate(err, "Het account")
		}
		return auditLogin(ctx, tx, "link_identity", userID, map[string]any{"provider": provider})
	})
	return userID, wrap(err, "link invited account")
}
