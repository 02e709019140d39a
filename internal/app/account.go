package app

import (
	"context"

	"regiepool/internal/domain"
)

// ChangeOwnPassword sets the signed-in user's new password after checking the
// current one. Every session and API token of the user ends, as on any
// password change; a fresh session for this browser is returned. Errors:
// unauthenticated, invalid (currentPassword, password).
func (a *App) ChangeOwnPassword(ctx context.Context, current, next string) (string, error) {
	if err := a.db.ChangeOwnPassword(ctx, current, next); err != nil {
		return "", err
	}
	return a.db.CreateSession(ctx, domain.ActorFrom(ctx).UserID)
}
