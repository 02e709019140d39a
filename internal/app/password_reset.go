package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// resetAnswerTime is the least time a request for a reset link takes.
const resetAnswerTime = 50 * time.Millisecond

// RequestPasswordReset asks for a reset link for email from clientAddr.
// When an active account with a password has that address, the link (single
// use, valid auth.PasswordResetExpires) is mailed to it through the outbox;
// otherwise nothing is sent. The answer is the same either way, and takes
// about as long (the mail is sent later by the outbox worker), so it tells
// nobody which addresses have an account. Errors: too_many_requests (with
// RetryAfter; per address and per client, known or not).
func (a *App) RequestPasswordReset(ctx context.Context, email, clientAddr string) error {
	// A known address costs a few more writes than an unknown one (about a
	// millisecond): every answer waits until resetAnswerTime has passed, so
	// the time tells nothing either.
	defer func(start time.Time) {
		select {
		case <-time.After(resetAnswerTime - time.Since(start)):
		case <-ctx.Done():
		}
	}(time.Now())
	token, hash := auth.NewToken(auth.PrefixReset)
	minutes := int(auth.PasswordResetExpires.Minutes())
	m := domain.ComposeMail(domain.MailPasswordReset, "Nieuw wachtwoord instellen voor Regiepool", []string{
		"Goedendag,",
		"U, of iemand anders, heeft gevraagd om een nieuw wachtwoord voor uw account bij Regiepool. Via de link hieronder kiest u een nieuw wachtwoord.",
		fmt.Sprintf("De link werkt één keer en %d minuten lang. Daarna bent u op al uw apparaten uitgelogd en werken uw API-tokens niet meer.", minutes),
		"Heeft u dit niet gevraagd? Dan hoeft u niets te doen: uw wachtwoord blijft zoals het is.",
	}, "Nieuw wachtwoord kiezen", a.AbsoluteURL(domain.PasswordResetPath+token))
	return a.db.RequestPasswordReset(ctx, strings.TrimSpace(email), clientAddr, hash, m)
}

// CheckPasswordReset reports whether a reset link still works, before its
// form is shown. Errors: gone.
func (a *App) CheckPasswordReset(ctx context.Context, token string) error {
	if !auth.LooksLikeToken(auth.PrefixReset, token) {
		return domain.Errorf(domain.EGone, "reset_gone", "Deze link werkt niet meer: hij is al gebruikt of verlopen. Vraag een nieuwe link aan.")
	}
	return a.db.CheckPasswordReset(ctx, token)
}

// ResetPassword sets a new password through a reset link, once; every
// session and API token of the account ends (audited). Errors: gone,
// invalid (password).
func (a *App) ResetPassword(ctx context.Context, token, password string) error {
	if err := a.CheckPasswordReset(ctx, token); err != nil {
		return err
	}
	return a.db.ResetPassword(ctx, token, password)
}
