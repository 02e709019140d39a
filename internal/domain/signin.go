package domain

import "time"

// SessionStage is how far a web session's log-in has come. Only a full
// session acts (Actor.Has is false otherwise): a half-way session may reach
// just the page that completes the log-in.
type SessionStage string

// The session stages, as stored in web_session.stage.
const (
	// StageFull: the log-in is complete.
	StageFull SessionStage = "full"
	// StageOTP: the password was right; the second factor is still asked.
	StageOTP SessionStage = "otp"
	// StageEnrol: an admin without a second factor signed in with a password
	// and may only set one up (RequiresMFA).
	StageEnrol SessionStage = "enrol"
)

// HalfwaySessionTimeout is how long a half-way session (StageOTP,
// StageEnrol) lives: long enough to find the phone or set up an app.
const HalfwaySessionTimeout = 15 * time.Minute

// RequiresMFA reports whether an account with these roles must use a second
// factor when it signs in with a password (BIO: admins). Accounts that sign
// in through their organisation's identity provider rely on its MFA.
func RequiresMFA(roles []Role) bool {
	for _, r := range roles {
		if r == RoleAdmin {
			return true
		}
	}
	return false
}

// SecondFactor says whether an account has a confirmed TOTP authenticator
// and how many unused recovery codes it has left.
type SecondFactor struct {
	Enrolled      bool
	RecoveryCodes int
}

// TOTPEnrolment is a TOTP secret waiting for its first code: the secret as
// text (for screen readers and manual entry) and as a QR code (a PNG data
// URI of the otpauth:// address).
type TOTPEnrolment struct {
	Secret string
	QRCode string
	// Issuer and Account are what the authenticator app shows.
	Issuer, Account string
}

// RecoveryCodeCount is how many recovery codes an enrolment hands out.
const RecoveryCodeCount = 10

// OIDCLoginLifetime is how long an OIDC log-in may take between leaving for
// the identity provider and coming back.
const OIDCLoginLifetime = 10 * time.Minute

// OIDCProvider is an organisation's identity provider staff sign in with
// (REGIEPOOL_OIDC_ISSUERS).
type OIDCProvider struct {
	// ID names the provider in URLs (/inloggen/oidc/<id>): lower-case
	// letters, digits and hyphens.
	ID           string `json:"id"`
	Issuer       string `json:"issuer"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	// OrganisationID is the organisation the provider's staff belong to;
	// provisioned accounts get it. Nil: none (e.g. the municipality's own
	// provider).
	OrganisationID *int64 `json:"organisationId"`
	// Name is the log-in button's text ("Inloggen met <Name>").
	Name string `json:"name"`
	// Provision creates an account on first sign-in, waiting for an admin
	// to give it roles. Without it only linked accounts may sign in.
	Provision bool `json:"provision"`
}

// OIDCIdentity is who an identity provider says signed in, with how
// (amr/acr, recorded in the audit trail).
type OIDCIdentity struct {
	Issuer, Subject string
	Email, Name     string
	AMR             []string
	ACR             string
}

// OIDCLogin is an OIDC log-in under way: what the browser's return must
// match (its nonce, the PKCE verifier) and where it goes afterwards.
type OIDCLogin struct {
	Nonce    string `db:"nonce"`
	Verifier string `db:"verifier"`
	Back     string `db:"back"`
}

// OIDCAccount is the account linked to an identity: no roles means it waits
// for an admin to give them (provisioned at a first sign-in).
type OIDCAccount struct {
	ID       int64
	Roles    []Role
	Disabled bool
}
