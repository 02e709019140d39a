package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"regiepool/internal/domain"
)

// OIDCClient signs staff in through one identity provider: the
// authorisation code flow with PKCE (S256), a nonce in the ID token and a
// state the caller binds to the browser. The provider's discovery document
// is fetched at the first log-in (and again after a failure), so the
// service starts while a provider is down.
type OIDCClient struct {
	Provider domain.OIDCProvider
	// RedirectURL is where the provider sends the browser back.
	RedirectURL string
	// HTTPClient, when set, is used to reach the provider (tests).
	HTTPClient *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
}

// ErrOIDC marks a log-in the provider or its ID token refused.
var ErrOIDC = errors.New("oidc")

func (c *OIDCClient) ctx(ctx context.Context) context.Context {
	if c.HTTPClient != nil {
		return oidc.ClientContext(ctx, c.HTTPClient)
	}
	return ctx
}

// discover returns the provider's configuration, fetching it once.
func (c *OIDCClient) discover(ctx context.Context) (*oidc.Provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return c.provider, nil
	}
	dctx, cancel := context.WithTimeout(c.ctx(ctx), 5*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(dctx, c.Provider.Issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: discovery of %s: %v", ErrOIDC, c.Provider.Issuer, err)
	}
	c.provider = p
	return p, nil
}

func (c *OIDCClient) config(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID: c.Provider.ClientID, ClientSecret: c.Provider.ClientSecret,
		Endpoint: p.Endpoint(), RedirectURL: c.RedirectURL,
		Scopes: []string{oidc.ScopeOpenID, "profile", "email"},
	}
}

// NewOIDCVerifier returns a fresh PKCE code verifier.
func NewOIDCVerifier() string { return oauth2.GenerateVerifier() }

// AuthURL is where the browser goes to sign in at the provider.
func (c *OIDCClient) AuthURL(ctx context.Context, state, nonce, verifier string) (string, error) {
	p, err := c.discover(ctx)
	if err != nil {
		return "", err
	}
	return c.config(p).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// Identity redeems the code the provider sent back (with the PKCE
// verifier) and checks the ID token: signature, issuer, audience (our
// client id), expiry and nonce. It returns who signed in and how (amr,
// acr).
func (c *OIDCClient) Identity(ctx context.Context, code, verifier, nonce string) (domain.OIDCIdentity, error) {
	p, err := c.discover(ctx)
	if err != nil {
		return domain.OIDCIdentity{}, err
	}
	tctx, cancel := context.WithTimeout(c.ctx(ctx), 10*time.Second)
	defer cancel()
	tok, err := c.config(p).Exchange(tctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return domain.OIDCIdentity{}, fmt.Errorf("%w: token exchange: %v", ErrOIDC, err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return domain.OIDCIdentity{}, fmt.Errorf("%w: no id_token in the token response", ErrOIDC)
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: c.Provider.ClientID}).Verify(tctx, raw)
	if err != nil {
		return domain.OIDCIdentity{}, fmt.Errorf("%w: id token: %v", ErrOIDC, err)
	}
	if !ConstantTimeEqual(idt.Nonce, nonce) {
		return domain.OIDCIdentity{}, fmt.Errorf("%w: id token nonce does not match", ErrOIDC)
	}
	var claims struct {
		Email         string   `json:"email"`
		EmailVerified *bool    `json:"email_verified"`
		Name          string   `json:"name"`
		PreferredName string   `json:"preferred_username"`
		AMR           []string `json:"amr"`
		ACR           string   `json:"acr"`
	}
	if err := idt.Claims(&claims); err != nil {
		return domain.OIDCIdentity{}, fmt.Errorf("%w: id token claims: %v", ErrOIDC, err)
	}
	id := domain.OIDCIdentity{Issuer: idt.Issuer, Subject: idt.Subject, Name: claims.Name, AMR: claims.AMR, ACR: claims.ACR}
	if claims.EmailVerified == nil || *claims.EmailVerified {
		id.Email = claims.Email
	}
	if id.Name == "" {
		id.Name = claims.PreferredName
	}
	return id, nil
}
