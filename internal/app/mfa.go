package app

import (
	"context"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// totpIssuer is the name authenticator apps show beside the code.
const totpIssuer = "Regiepool"

// CompleteLogIn checks the second factor (a TOTP code or a recovery code)
// of the half-way session of token and returns the token of the full
// session that replaces it. Wrong codes are throttled like passwords; a
// code is accepted once. Errors: unauthenticated (no half-way session; a
// wrong code, naming the field otp), too_many_requests (with RetryAfter).
func (a *App) CompleteLogIn(ctx context.Context, token, code string) (string, error) {
	actor := domain.ActorFrom(ctx)
	if actor.Kind != domain.ActorUser || actor.Stage != domain.StageOTP {
		return "", domain.Errorf(domain.EUnauthenticated, "no_session", "U bent niet (meer) ingelogd.")
	}
	if err := a.db.CheckSecondFactor(ctx, actor.UserID, code, actor.ClientAddr); err != nil {
		return "", err
	}
	return a.db.PromoteSession(ctx, token, []string{"pwd", "otp"})
}

// SecondFactor says whether the signed-in user has set up a second factor
// and how many recovery codes are left. Errors: unauthenticated.
func (a *App) SecondFactor(ctx context.Context) (domain.SecondFactor, error) {
	return a.db.SecondFactorStatus(ctx)
}

// StartTOTPEnrolment returns the signed-in user's new TOTP secret (the same
// one until it is confirmed) with its QR code. Errors: unauthenticated,
// conflict (already set up).
func (a *App) StartTOTPEnrolment(ctx context.Context) (domain.TOTPEnrolment, error) {
	secret, email, err := a.db.PendingTOTPSecret(ctx)
	if err != nil {
		return domain.TOTPEnrolment{}, err
	}
	qr, err := auth.TOTPQRCode(totpIssuer, email, secret)
	if err != nil {
		return domain.TOTPEnrolment{}, err
	}
	return domain.TOTPEnrolment{Secret: secret, QRCode: qr, Issuer: totpIssuer, Account: email}, nil
}

// ConfirmTOTP confirms the signed-in user's new authenticator with a first
// code and returns the recovery codes (shown once). When the session of
// token could only set up a second factor (an admin), it is replaced by a
// full session whose token is returned; otherwise newToken is "".
// Errors: unauthenticated, invalid (field code), conflict.
func (a *App) ConfirmTOTP(ctx context.Context, token, code string) (codes []string, newToken string, err error) {
	codes, err = a.db.ConfirmTOTP(ctx, code)
	if err != nil {
		return nil, "", err
	}
	if domain.ActorFrom(ctx).Stage == domain.StageEnrol {
		if newToken, err = a.db.PromoteSession(ctx, token, []string{"pwd", "otp"}); err != nil {
			return nil, "", err
		}
	}
	return codes, newToken, nil
}

// ResetSecondFactor removes a user's second factor (lost phone) and ends
// their sessions and tokens. Errors: forbidden, not_found.
func (a *App) ResetSecondFactor(ctx context.Context, userID int64) error {
	return a.db.ResetSecondFactor(ctx, userID)
}
