package server_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"regiepool/internal/apitest"
	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
	"regiepool/internal/server"
)

// oidcUser is a person at the in-process identity provider, with the amr
// and acr claims of how they signed in there; audience, when set, replaces
// the ID token's audience (a token meant for another client).
type oidcUser struct {
	mockoidc.MockUser
	Name     string
	AMR      []string
	ACR      string
	audience string
}

func (u *oidcUser) Claims(_ []string, c *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	if u.audience != "" {
		c.Audience = []string{u.audience}
	}
	return &struct {
		*mockoidc.IDTokenClaims
		Email         string   `json:"email,omitempty"`
		EmailVerified bool     `json:"email_verified"`
		Name          string   `json:"name,omitempty"`
		AMR           []string `json:"amr,omitempty"`
		ACR           string   `json:"acr,omitempty"`
	}{c, u.Email, u.EmailVerified, u.Name, u.AMR, u.ACR}, nil
}

type oidcEnv struct {
	idp  *mockoidc.MockOIDC
	db   *postgres.DB
	base string
	org  domain.Organisation
}

// newOIDCEnv runs a real OIDC provider in-process (mockoidc: discovery,
// JWKS, authorisation and token endpoints, PKCE) and the service with it
// as the provider "wijkteam".
func newOIDCEnv(t *testing.T, provision bool) *oidcEnv {
	t.Helper()
	idp, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown() })
	db := pgtest.NewDB(t)
	org := pgtest.MustCreateOrganisation(t, db)
	// The public URL must be known before the handler is built: the
	// provider sends the browser back there.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg := idp.Config()
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), PublicURL: base, OIDCProviders: []domain.OIDCProvider{{
		ID: "wijkteam", Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
		OrganisationID: &org.ID, Name: "Wijkteam Fryslân", Provision: provision,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(apitest.Handler(t, h)) // API answers checked against the document
	_ = srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	t.Cleanup(srv.Close)
	return &oidcEnv{idp: idp, db: db, base: base, org: org}
}

// person queues who signs in at the provider next.
func (e *oidcEnv) person(sub string) *oidcUser {
	u := &oidcUser{MockUser: mockoidc.MockUser{Subject: sub, Email: sub + "@wijkteam.example", EmailVerified: true},
		Name: "Medewerker " + sub, AMR: []string{"pwd", "mfa"}, ACR: "urn:example:loa:substantial"}
	e.idp.QueueUser(u)
	return u
}

// link makes an account for the identity (issuer, sub) with roles.
func (e *oidcEnv) link(t *testing.T, sub string, roles ...domain.Role) domain.User {
	t.Helper()
	u := pgtest.MustCreateUser(t, e.db, domain.User{Roles: roles})
	if _, err := e.db.Exec(`UPDATE app_user SET oidc_issuer = $1, oidc_subject = $2 WHERE id = $3`, e.idp.Issuer(), sub, u.ID); err != nil {
		t.Fatal(err)
	}
	return u
}

// signIn presses the provider's button on the log-in page and follows the
// browser through the provider and back.
func (e *oidcEnv) signIn(t *testing.T, b *browser, back string) (int, string, string) {
	t.Helper()
	return b.post("/inloggen/oidc/wijkteam", url.Values{"terug": {back}})
}

// callback presses the button but stops where the provider sends the
// browser back, and returns that address.
func (e *oidcEnv) callback(t *testing.T, b *browser) string {
	t.Helper()
	var back string
	b.client.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if strings.HasSuffix(req.URL.Path, "/terug") {
			back = req.URL.RequestURI()
			return http.ErrUseLastResponse
		}
		return nil
	}
	defer func() { b.client.CheckRedirect = nil }()
	b.post("/inloggen/oidc/wijkteam", url.Values{"terug": {"/"}})
	if back == "" {
		t.Fatal("the provider did not send the browser back")
	}
	return back
}

func TestOIDCSignIn(t *testing.T) {
	e := newOIDCEnv(t, false)
	u := e.link(t, "sub-anne", domain.RoleCoach)
	b := newBrowser(t, e.base)
	if _, _, page := b.get("/inloggen"); !strings.Contains(page, "Inloggen met Wijkteam Fryslân") {
		t.Fatal("the log-in page shows no button for the provider")
	}
	e.person("sub-anne")
	status, at, page := e.signIn(t, b, "/begeleiding")
	if status != 200 || at != "/begeleiding" || !strings.Contains(page, "Ingelogd als") {
		t.Fatalf("sign-in: %d at %s", status, at)
	}
	// How the provider signed the user in is in the audit trail.
	var amr, acr, provider string
	err := e.db.QueryRow(`SELECT detail->>'amr', detail->>'acr', detail->>'provider' FROM audit_event
		WHERE actor_user_id = $1 AND action = 'login' ORDER BY id DESC LIMIT 1`, u.ID).Scan(&amr, &acr, &provider)
	if err != nil || amr != `["pwd", "mfa"]` || acr != "urn:example:loa:substantial" || provider != "wijkteam" {
		t.Errorf("audited login: amr %s acr %s provider %s (%v)", amr, acr, provider, err)
	}
	// An admin signing in through the provider relies on its MFA: no
	// TOTP step.
	e.link(t, "sub-beheer", domain.RoleAdmin)
	e.person("sub-beheer")
	if status, at, _ := e.signIn(t, newBrowser(t, e.base), "/beheer/gebruikers"); status != 200 || at != "/beheer/gebruikers" {
		t.Errorf("admin through the provider: %d at %s", status, at)
	}
}

// TestOIDCRefusals: every way the return from the provider can be wrong is
// refused on the log-in page with a Dutch message, and starts no session.
func TestOIDCRefusals(t *testing.T) {
	e := newOIDCEnv(t, false)
	e.link(t, "sub-anne", domain.RoleCoach)
	refused := func(t *testing.T, b *browser, status int, at, page, want string) {
		t.Helper()
		if status != http.StatusUnauthorized && status != http.StatusForbidden {
			t.Errorf("status %d at %s, want a refusal", status, at)
		}
		if !strings.Contains(page, want) || !strings.Contains(page, `role="alert"`) {
			t.Errorf("the page does not say %q", want)
		}
		if _, at, _ := b.get("/account"); at != "/inloggen" {
			t.Errorf("refused, yet signed in (at %s)", at)
		}
	}
	t.Run("wrong audience", func(t *testing.T) {
		p := e.person("sub-anne")
		p.audience = "another-client"
		b := newBrowser(t, e.base)
		status, at, page := e.signIn(t, b, "/")
		refused(t, b, status, at, page, "niet geldig")
	})
	t.Run("expired ID token", func(t *testing.T) {
		e.idp.FastForward(-2 * time.Hour) // the provider's clock: tokens issued two hours ago
		defer e.idp.FastForward(2 * time.Hour)
		e.person("sub-anne")
		b := newBrowser(t, e.base)
		status, at, page := e.signIn(t, b, "/")
		refused(t, b, status, at, page, "niet geldig")
	})
	t.Run("state replayed, or brought by another browser", func(t *testing.T) {
		e.person("sub-anne")
		b := newBrowser(t, e.base)
		back := e.callback(t, b)
		other := newBrowser(t, e.base)
		status, at, page := other.get(back)
		refused(t, other, status, at, page, "in een andere browser begonnen")
		if status, at, _ := b.get(back); status != 200 || strings.HasPrefix(at, "/inloggen") {
			t.Fatalf("the log-in's own return: %d at %s", status, at)
		}
		// The same browser, replaying its return after logging out.
		b.post("/uitloggen", nil)
		status, at, page = b.get(back)
		refused(t, b, status, at, page, "al gebruikt")
	})
	t.Run("provider refused", func(t *testing.T) {
		b := newBrowser(t, e.base)
		e.person("sub-anne")
		back := e.callback(t, b)
		u, _ := url.Parse(back)
		q := u.Query()
		q.Del("code")
		q.Set("error", "access_denied")
		status, at, page := b.get(u.Path + "?" + q.Encode())
		refused(t, b, status, at, page, "afgebroken of geweigerd")
	})
	t.Run("unknown subject without provisioning", func(t *testing.T) {
		e.person("sub-onbekend")
		b := newBrowser(t, e.base)
		status, at, page := e.signIn(t, b, "/")
		refused(t, b, status, at, page, "nog geen Regiepool-account aan uw account gekoppeld")
		var n int
		if err := e.db.Get(&n, `SELECT count(*) FROM app_user WHERE oidc_subject = 'sub-onbekend'`); err != nil || n != 0 {
			t.Errorf("accounts made: %d (%v)", n, err)
		}
	})
	t.Run("blocked account", func(t *testing.T) {
		u := e.link(t, "sub-geblokkeerd", domain.RoleCoach)
		if _, err := e.db.Exec(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, u.ID); err != nil {
			t.Fatal(err)
		}
		e.person("sub-geblokkeerd")
		b := newBrowser(t, e.base)
		status, at, page := e.signIn(t, b, "/")
		refused(t, b, status, at, page, "geblokkeerd")
	})
}

// TestOIDCNonce: the ID token must carry the nonce of this log-in; a code
// redeemed for a log-in with another nonce is refused, even with the right
// PKCE verifier.
func TestOIDCNonce(t *testing.T) {
	idp, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = idp.Shutdown() }()
	cfg := idp.Config()
	c := &auth.OIDCClient{Provider: domain.OIDCProvider{ID: "x", Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret},
		RedirectURL: "http://127.0.0.1:1/terug"}
	code := func(nonce, verifier string) string {
		t.Helper()
		u, err := c.AuthURL(context.Background(), "state", nonce, verifier)
		if err != nil {
			t.Fatal(err)
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc, _ := url.Parse(res.Header.Get("Location"))
		return loc.Query().Get("code")
	}
	v := auth.NewOIDCVerifier()
	if _, err := c.Identity(context.Background(), code("nonce-1", v), v, "nonce-2"); err == nil || !strings.Contains(err.Error(), "nonce") {
		t.Errorf("another log-in's nonce: %v, want refused", err)
	}
	id, err := c.Identity(context.Background(), code("nonce-3", v), v, "nonce-3")
	if err != nil || id.Subject == "" || id.Issuer != cfg.Issuer {
		t.Errorf("the log-in's own nonce: %+v %v", id, err)
	}
	// And the wrong PKCE verifier is refused by the provider.
	if _, err := c.Identity(context.Background(), code("nonce-4", v), auth.NewOIDCVerifier(), "nonce-4"); err == nil {
		t.Error("a code redeemed with another PKCE verifier was accepted")
	}
}

// TestOIDCProvisioning: with provisioning an unknown identity gets an
// account in the provider's organisation, without roles: the user is told
// it waits for roles, the admin's start page counts it to review, and once
// an admin gave roles the user signs in.
func TestOIDCProvisioning(t *testing.T) {
	e := newOIDCEnv(t, true)
	e.person("sub-nieuw")
	b := newBrowser(t, e.base)
	status, _, page := e.signIn(t, b, "/")
	if status != http.StatusForbidden || !strings.Contains(page, "wacht op rollen") {
		t.Fatalf("first sign-in: %d", status)
	}
	var u struct {
		ID    int64  `db:"id"`
		Email string `db:"email"`
		Name  string `db:"name"`
		Org   *int64 `db:"organisation_id"`
		Roles int    `db:"roles"`
	}
	if err := e.db.Get(&u, `SELECT id, email, name, organisation_id, (SELECT count(*) FROM user_role WHERE user_id = u.id) AS roles
		FROM app_user u WHERE oidc_issuer = $1 AND oidc_subject = 'sub-nieuw'`, e.idp.Issuer()); err != nil {
		t.Fatal(err)
	}
	if u.Email != "sub-nieuw@wijkteam.example" || u.Name != "Medewerker sub-nieuw" || u.Org == nil || *u.Org != e.org.ID || u.Roles != 0 {
		t.Errorf("provisioned account %+v", u)
	}
	// The admin sees it to review.
	admin := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	ab := newBrowser(t, e.base)
	setSession(t, ab, e.base, pgtest.MustSession(t, e.db, admin.ID))
	if _, _, home := ab.get("/"); !strings.Contains(home, "Accounts te beoordelen: 1") {
		t.Error("the admin's start page does not count the account to review")
	}
	if _, _, list := ab.get("/beheer/gebruikers"); !strings.Contains(list, "Wacht op rollen") {
		t.Error("the users page does not show the account waiting for roles")
	}
	// Signing in again while waiting: the same message, no second account.
	e.person("sub-nieuw")
	if status, _, page := e.signIn(t, newBrowser(t, e.base), "/"); status != http.StatusForbidden || !strings.Contains(page, "wacht op rollen") {
		t.Errorf("while waiting: %d", status)
	}
	// The admin gives a role.
	res, body := do(t, "PATCH", e.base+"/api/v1/users/"+itoa(u.ID), `{"roles":["coach"]}`,
		"Authorization", "Bearer "+pgtest.MustAccessToken(t, e.db, admin.ID), "Content-Type", "application/json")
	if res.StatusCode != 200 {
		t.Fatalf("giving a role: %d %s", res.StatusCode, body)
	}
	e.person("sub-nieuw")
	if status, at, _ := e.signIn(t, newBrowser(t, e.base), "/begeleiding"); status != 200 || at != "/begeleiding" {
		t.Errorf("after the admin gave a role: %d at %s", status, at)
	}
}

// TestOIDCInvitedAccount: an account an admin made beforehand without a
// password is linked at the person's first sign-in by its verified e-mail
// address; an account with a password, or of another organisation, never
// is.
func TestOIDCInvitedAccount(t *testing.T) {
	e := newOIDCEnv(t, false)
	other := pgtest.MustCreateOrganisation(t, e.db)
	mk := func(email string, org int64, password string) domain.User {
		u := domain.User{Email: email, Name: "Uitgenodigd", Roles: []domain.Role{domain.RoleCoach}, OrganisationID: &org}
		if err := e.db.CreateUser(pgtest.SystemCtx(), &u, password); err != nil {
			t.Fatal(err)
		}
		return u
	}
	invited := mk("sub-uitgenodigd@wijkteam.example", e.org.ID, "")
	mk("sub-wachtwoord@wijkteam.example", e.org.ID, pgtest.Password)
	mk("sub-elders@wijkteam.example", other.ID, "")

	e.person("sub-uitgenodigd")
	if status, at, _ := e.signIn(t, newBrowser(t, e.base), "/begeleiding"); status != 200 || at != "/begeleiding" {
		t.Fatalf("invited account: %d at %s", status, at)
	}
	var sub string
	if err := e.db.Get(&sub, `SELECT oidc_subject FROM app_user WHERE id = $1`, invited.ID); err != nil || sub != "sub-uitgenodigd" {
		t.Errorf("linked subject %q (%v)", sub, err)
	}
	for _, who := range []string{"sub-wachtwoord", "sub-elders"} {
		e.person(who)
		if status, _, page := e.signIn(t, newBrowser(t, e.base), "/"); status != http.StatusForbidden || !strings.Contains(page, "nog geen Regiepool-account") {
			t.Errorf("%s: %d, want refused", who, status)
		}
	}
}
