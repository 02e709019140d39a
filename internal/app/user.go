package app

import (
	"context"

	"regiepool/internal/domain"
)

// Users returns one page of the accounts the actor may see
// (domain.CanSeeUser), by name.
func (a *App) Users(ctx context.Context, p domain.Page) ([]domain.User, int, error) {
	return a.db.FindUsers(ctx, p)
}

// User returns an account the actor may see. Errors: not_found (also out of
// scope).
func (a *App) User(ctx context.Context, id int64) (domain.User, error) {
	return a.db.FindUserByID(ctx, id)
}

// CreateUser stores a new account with its roles and scopes and returns it
// as stored. password may be empty for an account that will sign in through
// OIDC. Errors: forbidden, invalid, conflict (e-mail address in use, or the
// regisseur is linked to another account).
func (a *App) CreateUser(ctx context.Context, u domain.User, password string) (domain.User, error) {
	if err := a.db.CreateUser(ctx, &u, password); err != nil {
		return domain.User{}, err
	}
	return u, nil
}

// UpdateUser changes an account and returns it as stored. Blocking it
// (upd.Disabled) or setting a password ends its sessions and revokes its
// access tokens at once. Errors: forbidden, not_found, invalid (also for
// blocking oneself or removing the last active admin), conflict.
func (a *App) UpdateUser(ctx context.Context, id int64, upd domain.UserUpdate) (domain.User, error) {
	return a.db.UpdateUser(ctx, id, upd)
}
