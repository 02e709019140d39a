package app

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// OIDCCallbackPath is where an identity provider sends the browser back
// after signing in (the pages mount it: /inloggen/oidc/:provider/terug).
func OIDCCallbackPath(providerID string) string {
	return "/inloggen/oidc/" + providerID + "/terug"
}

func newOIDCClients(cfg Config) []*auth.OIDCClient {
	out := make([]*auth.OIDCClient, len(cfg.OIDCProviders))
	for i, p := range cfg.OIDCProviders {
		out[i] = &auth.OIDCClient{Provider: p, RedirectURL: cfg.PublicURL + OIDCCallbackPath(p.ID)}
	}
	return out
}

// OIDCButton is one identity provider on the log-in page.
type OIDCButton struct {
	ID, Name string
}

// OIDCButtons lists the identity providers staff may sign in with, in the
// configured order.
func (a *App) OIDCButtons() []OIDCButton {
	out := make([]OIDCButton, len(a.oidc))
	for i, c := range a.oidc {
		out[i] = OIDCButton{ID: c.Provider.ID, Name: c.Provider.Name}
	}
	return out
}

func (a *App) oidcClient(id string) (*auth.OIDCClient, error) {
	i := slices.IndexFunc(a.oidc, func(c *auth.OIDCClient) bool { return c.Provider.ID == id })
	if i < 0 {
		return nil, domain.Errorf(domain.ENotFound, "not_found", "Deze manier van inloggen bestaat niet.")
	}
	return a.oidc[i], nil
}

// StartOIDCLogIn begins signing in through provider: it records a state
// (single use, short-lived) bound to the browser by browserSecret, the
// value of a cookie the caller sets, with a nonce and a PKCE verifier, and
// returns where to send the browser. back is where to go after the log-in.
// Errors: not_found (unknown provider), unavailable (the provider cannot be
// reached).
func (a *App) StartOIDCLogIn(ctx context.Context, providerID, back string) (authURL, browserSecret string, err error) {
	c, err := a.oidcClient(providerID)
	if err != nil {
		return "", "", err
	}
	state, stateHash := auth.NewToken("st")
	browserSecret, browserHash := auth.NewToken("br")
	nonce, _ := auth.NewToken("n")
	l := domain.OIDCLogin{Nonce: nonce, Verifier: auth.NewOIDCVerifier(), Back: back}
	authURL, err = c.AuthURL(ctx, state, l.Nonce, l.Verifier)
	if err != nil {
		return "", "", fmt.Errorf("%w (%v)", domain.Errorf(domain.EUnavailable, "oidc_unavailable",
			"Inloggen via %s kan op dit moment niet: de inlogdienst is niet bereikbaar. Probeer het later opnieuw.", c.Provider.Name), err)
	}
	if err := a.db.CreateOIDCLogin(ctx, stateHash, browserHash, providerID, l); err != nil {
		return "", "", err
	}
	return authURL, browserSecret, nil
}

// OIDCReturn is what the identity provider sent the browser back with.
type OIDCReturn struct {
	State, Code string
	// Error is the provider's error code (access_denied …), when it
	// refused.
	Error string
	// BrowserSecret is the binding cookie's value; OldToken the session
	// cookie the browser brought ("" when none), ended and never reused.
	BrowserSecret, OldToken string
}

// FinishOIDCLogIn completes signing in through provider: the state must be
// this browser's, unused and unexpired; the code is redeemed with the PKCE
// verifier and the ID token checked (signature, issuer, audience, expiry,
// nonce). The identity must belong to an account with roles: linked
// before, or made by an admin for the same verified e-mail address without
// a password (linked now); with provisioning, an unknown identity gets an
// account that waits for roles.
// It returns the new session's token (audited as login with the amr and
// acr claims) and where to go. Errors: unauthenticated (state or token
// refused), forbidden (no account, or one waiting for roles or blocked),
// conflict (provisioning met an existing e-mail address), not_found.
func (a *App) FinishOIDCLogIn(ctx context.Context, providerID string, r OIDCReturn) (token, back string, err error) {
	c, err := a.oidcClient(providerID)
	if err != nil {
		return "", "", err
	}
	name := c.Provider.Name
	l, err := a.db.UseOIDCLogin(ctx, auth.HashToken(r.State), auth.HashToken(r.BrowserSecret), providerID)
	if err != nil {
		return "", "", err
	}
	if r.Error != "" || r.Code == "" {
		return "", "", domain.Errorf(domain.EUnauthenticated, "oidc_refused",
			"Inloggen via %s is afgebroken of geweigerd. Probeer het opnieuw.", name)
	}
	id, err := c.Identity(ctx, r.Code, l.Verifier, l.Nonce)
	if errors.Is(err, auth.ErrOIDC) {
		return "", "", fmt.Errorf("%w (%v)", domain.Errorf(domain.EUnauthenticated, "oidc_refused",
			"Inloggen via %s is niet gelukt: het antwoord van de inlogdienst is niet geldig. Probeer het opnieuw; blijft het misgaan, neem dan contact op met de functioneel beheerder.", name), err)
	}
	if err != nil {
		return "", "", err
	}
	acct, err := a.db.FindOIDCAccount(ctx, id.Issuer, id.Subject)
	if domain.ErrorCode(err) == domain.ENotFound {
		// An account an admin made for this person (no password, same
		// verified e-mail address) is linked at the first sign-in.
		if _, lerr := a.db.LinkInvitedAccount(ctx, id, providerID, c.Provider.OrganisationID); lerr == nil {
			acct, err = a.db.FindOIDCAccount(ctx, id.Issuer, id.Subject)
		} else if domain.ErrorCode(lerr) != domain.ENotFound {
			return "", "", lerr
		}
	}
	switch {
	case domain.ErrorCode(err) == domain.ENotFound && !c.Provider.Provision:
		return "", "", domain.Errorf(domain.EForbidden, "oidc_unknown",
			"U bent ingelogd bij %s, maar er is nog geen Regiepool-account aan uw account gekoppeld. Vraag de functioneel beheerder van Regiepool om toegang.", name)
	case domain.ErrorCode(err) == domain.ENotFound:
		if id.Email == "" {
			return "", "", domain.Errorf(domain.EForbidden, "oidc_no_email",
				"%s gaf geen (bevestigd) e-mailadres van u door, dus Regiepool kan geen account voor u aanmaken. Neem contact op met de functioneel beheerder.", name)
		}
		if _, err := a.db.ProvisionOIDCAccount(ctx, id, providerID, c.Provider.OrganisationID); err != nil {
			if domain.ErrorCode(err) == domain.EConflict {
				return "", "", domain.Errorf(domain.EConflict, "oidc_email_in_use",
					"Er bestaat al een Regiepool-account met uw e-mailadres. Vraag de functioneel beheerder het te koppelen aan uw account bij %s.", name)
			}
			return "", "", err
		}
		return "", "", errWaitingForRoles()
	case err != nil:
		return "", "", err
	case acct.Disabled:
		return "", "", domain.Errorf(domain.EForbidden, "blocked", "Uw Regiepool-account is geblokkeerd. Neem contact op met de functioneel beheerder.")
	case len(acct.Roles) == 0:
		return "", "", errWaitingForRoles()
	}
	if r.OldToken != "" {
		_ = a.db.DeleteSession(ctx, r.OldToken)
	}
	detail := map[string]any{"provider": providerID, "amr": id.AMR, "acr": id.ACR}
	if id.AMR == nil {
		detail["amr"] = []string{}
	}
	token, err = a.db.CreateLoginSession(ctx, acct.ID, domain.StageFull, detail)
	return token, l.Back, err
}

func errWaitingForRoles() error {
	return domain.Errorf(domain.EForbidden, "waiting_for_roles",
		"Uw Regiepool-account is aangemaakt en wacht op rollen van de functioneel beheerder. Zodra die zijn toegekend, kunt u inloggen.")
}
