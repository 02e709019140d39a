package app

import (
	"context"
	"strings"

	"regiepool/internal/domain"
)

// LogIn checks an e-mail address and password and starts a fresh web
// session (a new token at every log-in, against session fixation). The
// session of oldToken, the cookie the browser brought from before, is ended
// and never reused; "" means none. It returns the new session's token.
// An account with a second factor gets a half-way session (StageOTP) that
// CompleteLogIn finishes; an admin without one gets a session that may only
// set one up (StageEnrol). Errors: unauthenticated (the same for a wrong
// e-mail, a wrong password and a disabled account), too_many_requests (with
// RetryAfter).
func (a *App) LogIn(ctx context.Context, email, password, clientAddr, oldToken string) (string, error) {
	userID, err := a.db.Authenticate(ctx, email, password, clientAddr)
	if err != nil {
		return "", err
	}
	if oldToken != "" {
		// Ending the old session is tidying up; the log-in stands without it.
		_ = a.db.DeleteSession(ctx, oldToken)
	}
	stage, err := a.db.LoginStage(ctx, userID)
	if err != nil {
		return "", err
	}
	return a.db.CreateLoginSession(ctx, userID, stage, map[string]any{"amr": []string{"pwd"}})
}

// LogOut ends the web session of token (audited): this browser only. The
// user's other sessions and API access tokens stay valid. An unknown token
// is no error.
func (a *App) LogOut(ctx context.Context, token string) error {
	return a.db.DeleteSession(ctx, token)
}

// LogOutEverywhere ends every web session and revokes every API access token
// of the signed-in user, this session included (audited). Errors:
// unauthenticated (nobody is signed in).
func (a *App) LogOutEverywhere(ctx context.Context) error {
	return a.db.EndCredentials(ctx)
}

// SessionActor returns the actor of a live web session. Errors:
// unauthenticated (unknown, idle, expired, or the account is disabled).
func (a *App) SessionActor(ctx context.Context, token string) (*domain.Actor, error) {
	return a.db.SessionActor(ctx, token)
}

// TokenActor returns the actor of a valid API access token. Errors:
// unauthenticated (unknown, expired, revoked, or the account is disabled).
func (a *App) TokenActor(ctx context.Context, token string) (*domain.Actor, error) {
	return a.db.TokenActor(ctx, token)
}

// CreateAccessToken checks an e-mail address, password and, for an account
// with a second factor, its one-time code (otp: a TOTP code or a recovery
// code), and issues an API access token, returned once with its record.
// An admin without a second factor gets no token: a password alone is not
// enough. Errors: unauthenticated (also a wrong otp, naming it), invalid
// (otp missing), forbidden (an admin without a second factor),
// too_many_requests (with RetryAfter).
func (a *App) CreateAccessToken(ctx context.Context, email, password, otp, clientAddr string) (string, domain.AccessToken, error) {
	userID, err := a.db.Authenticate(ctx, email, password, clientAddr)
	if err != nil {
		return "", domain.AccessToken{}, err
	}
	stage, err := a.db.LoginStage(ctx, userID)
	if err != nil {
		return "", domain.AccessToken{}, err
	}
	switch stage {
	case domain.StageEnrol:
		return "", domain.AccessToken{}, &domain.Error{Code: domain.EForbidden, Key: "mfa_required",
			Message: "Een functioneel beheerder krijgt alleen een toegangstoken met tweestapsverificatie. Stel die eerst in: log in op de website en volg de stappen.",
			Fields:  []domain.FieldError{{Name: "otp", Code: "not_enrolled", Reason: "Dit account heeft nog geen tweestapsverificatie."}}}
	case domain.StageOTP:
		if strings.TrimSpace(otp) == "" {
			return "", domain.AccessToken{}, domain.Invalid(domain.FieldError{Name: "otp", Code: "required",
				Reason: "Dit account gebruikt tweestapsverificatie: vul de code uit uw authenticator-app in (of een herstelcode)."})
		}
		if err := a.db.CheckSecondFactor(ctx, userID, otp, clientAddr); err != nil {
			return "", domain.AccessToken{}, err
		}
	}
	return a.db.CreateAccessToken(ctx, userID)
}

// AccessTokens returns one page of the actor's own access tokens, newest
// first.
func (a *App) AccessTokens(ctx context.Context, p domain.Page) ([]domain.AccessToken, int, error) {
	return a.db.FindAccessTokens(ctx, p)
}

// RevokeAccessToken revokes one of the actor's own access tokens. Errors:
// not_found (also for another user's token).
func (a *App) RevokeAccessToken(ctx context.Context, id int64) error {
	return a.db.RevokeAccessToken(ctx, id)
}

// DenyRoute records in the audit trail that the actor was refused a route
// for lacking permission perm, and returns the forbidden error to answer
// with (internal when the audit row could not be written).
func (a *App) DenyRoute(ctx context.Context, perm domain.Permission) error {
	return a.db.DenyRoute(ctx, perm)
}

// Me returns the signed-in user's own account. Errors: not_found (nobody is
// signed in).
func (a *App) Me(ctx context.Context) (domain.User, error) {
	return a.db.FindUserByID(ctx, domain.ActorFrom(ctx).UserID)
}
