package app

import (
	"context"

	"regiepool/internal/domain"
)

// LogIn checks an e-mail address and password and starts a fresh web
// session (a new token at every log-in, against session fixation). The
// session of oldToken, the cookie the browser brought from before, is ended
// and never reused; "" means none. It returns the new session's token.
// Errors: unauthenticated (the same for a wrong e-mail, a wrong password and
// a disabled account), too_many_requests (with RetryAfter).
func (a *App) LogIn(ctx context.Context, email, password, clientAddr, oldToken string) (string, error) {
	userID, err := a.db.Authenticate(ctx, email, password, clientAddr)
	if err != nil {
		return "", err
	}
	if oldToken != "" {
		// Ending the old session is tidying up; the log-in stands without it.
		_ = a.db.DeleteSession(ctx, oldToken)
	}
	return a.db.CreateSession(ctx, userID)
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

// CreateAccessToken checks an e-mail address and password and issues an API
// access token, returned once with its record. Errors: unauthenticated,
// too_many_requests (with RetryAfter).
func (a *App) CreateAccessToken(ctx context.Context, email, password, clientAddr string) (string, domain.AccessToken, error) {
	userID, err := a.db.Authenticate(ctx, email, password, clientAddr)
	if err != nil {
		return "", domain.AccessToken{}, err
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
