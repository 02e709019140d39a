package server_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// browser is a cookie-keeping client that follows redirects, as a browser.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, client: &http.Client{Jar: jar}}
}

// get and post return the status, the path the redirects ended at, and the
// page.
func (b *browser) get(path string) (int, string, string) {
	b.t.Helper()
	res, err := b.client.Get(b.base + path)
	return b.read(res, err)
}

func (b *browser) post(path string, form url.Values) (int, string, string) {
	b.t.Helper()
	res, err := b.client.PostForm(b.base+path, form)
	return b.read(res, err)
}

func (b *browser) read(res *http.Response, err error) (int, string, string) {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Request.URL.Path, string(body)
}

var secretRE = regexp.MustCompile(`class="app-totp-secret">([A-Z2-7]+)<`)

// TestAdminMustEnrol: an admin without a second factor who logs in with a
// password reaches only the enrolment page (every other page sends them
// there), gets no API token, and after confirming a first code has a full
// session, recovery codes shown once, and an API token with otp.
func TestAdminMustEnrol(t *testing.T) {
	srv, db := newServer(t)
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})

	// The API refuses a token for the password alone, naming otp.
	res, body := do(t, "POST", srv.URL+"/api/v1/access-tokens", `{"email":"`+admin.Email+`","password":"`+pgtest.Password+`"}`, "Content-Type", "application/json")
	if res.StatusCode != http.StatusForbidden || !namesField(t, res, body, "otp") {
		t.Fatalf("token for an admin without MFA: %d %s, want 403 naming otp", res.StatusCode, body)
	}

	b := newBrowser(t, srv.URL)
	status, at, page := b.post("/inloggen", url.Values{"email": {admin.Email}, "password": {pgtest.Password}, "terug": {"/beheer/gebruikers"}})
	if status != 200 || at != "/account/tweestapsverificatie" || !strings.Contains(page, "moet u tweestapsverificatie gebruiken") {
		t.Fatalf("after the password: %d at %s", status, at)
	}
	if !strings.Contains(page, `src="data:image/png;base64,`) {
		t.Error("the enrolment page shows no QR code")
	}
	m := secretRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the enrolment page does not show the secret as text")
	}
	secret := m[1]
	// Every other page leads back to the enrolment; the account is not yet usable.
	for _, path := range []string{"/", "/beheer/gebruikers", "/account", "/inloggen/code"} {
		if status, at, _ := b.get(path); at != "/account/tweestapsverificatie" {
			t.Errorf("GET %s half-way: %d at %s, want the enrolment page", path, status, at)
		}
	}
	// A wrong first code is told on the field.
	status, _, page = b.post("/account/tweestapsverificatie", url.Values{"code": {"000000"}})
	if status != http.StatusBadRequest || !strings.Contains(page, `id="code-fout"`) || !strings.Contains(page, "<title>Fout:") {
		t.Fatalf("wrong first code: %d", status)
	}
	code := pgtest.OTP(t, secret)
	status, _, page = b.post("/account/tweestapsverificatie", url.Values{"code": {code}, "terug": {"/beheer/gebruikers"}})
	codes := regexp.MustCompile(`<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>`).FindAllStringSubmatch(page, -1)
	if status != 200 || len(codes) != domain.RecoveryCodeCount {
		t.Fatalf("confirming: %d with %d recovery codes", status, len(codes))
	}
	if status, at, _ := b.get("/beheer/gebruikers"); status != 200 || at != "/beheer/gebruikers" {
		t.Fatalf("after enrolling: %d at %s, want the users page", status, at)
	}
	// The recovery codes are shown once: the page now only counts them.
	if _, _, page := b.get("/account/tweestapsverificatie"); strings.Contains(page, codes[0][1]) || !strings.Contains(page, "nog 10 ongebruikte herstelcodes") {
		t.Error("the recovery codes are shown again, or not counted")
	}
	// The API gives a token with a recovery code (the TOTP code is used up
	// in this window), once.
	tokenBody := `{"email":"` + admin.Email + `","password":"` + pgtest.Password + `","otp":"` + strings.ToLower(codes[0][1]) + `"}`
	if res, body := do(t, "POST", srv.URL+"/api/v1/access-tokens", tokenBody, "Content-Type", "application/json"); res.StatusCode != http.StatusCreated {
		t.Fatalf("token with a recovery code: %d %s", res.StatusCode, body)
	}
	if res, body := do(t, "POST", srv.URL+"/api/v1/access-tokens", tokenBody, "Content-Type", "application/json"); res.StatusCode != http.StatusUnauthorized || !namesField(t, res, body, "otp") {
		t.Fatalf("a used recovery code again: %d %s, want 401 naming otp", res.StatusCode, body)
	}
	var actions []string
	if err := db.Select(&actions, `SELECT action FROM audit_event WHERE actor_user_id = $1 AND action IN ('login_started', 'login', 'enrol_mfa', 'use_recovery_code') ORDER BY id`, admin.ID); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(actions, ","); got != "login_started,enrol_mfa,login,use_recovery_code" {
		t.Errorf("audit trail %s", got)
	}
}

// TestSecondFactorLogIn: an account with a second factor gives a code after
// its password; a wrong code is refused on the field, a right one is
// accepted once (not replayed within its window), and the API asks otp.
func TestSecondFactorLogIn(t *testing.T) {
	srv, db := newServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	secret := pgtest.MustEnrolTOTP(t, db, u.ID)

	b := newBrowser(t, srv.URL)
	status, at, page := b.post("/inloggen", url.Values{"email": {u.Email}, "password": {pgtest.Password}, "terug": {"/monitoring"}})
	if status != 200 || at != "/inloggen/code" || !strings.Contains(page, `name="terug" value="/monitoring"`) {
		t.Fatalf("after the password: %d at %s", status, at)
	}
	if _, at, _ := b.get("/monitoring"); at != "/inloggen/code" {
		t.Fatalf("a page half-way: at %s, want the code page", at)
	}
	status, _, page = b.post("/inloggen/code", url.Values{"otp": {""}})
	if status != http.StatusBadRequest || !strings.Contains(page, "Vul de code") {
		t.Errorf("empty code: %d", status)
	}
	status, _, page = b.post("/inloggen/code", url.Values{"otp": {"123456"}})
	if status != http.StatusBadRequest || !strings.Contains(page, "onjuist of al gebruikt") || !strings.Contains(page, `aria-invalid="true"`) {
		t.Errorf("wrong code: %d", status)
	}
	code := pgtest.OTP(t, secret)
	if status, at, _ := b.post("/inloggen/code", url.Values{"otp": {code}, "terug": {"/monitoring"}}); status != 200 || at != "/monitoring" {
		t.Fatalf("right code: %d at %s, want /monitoring", status, at)
	}
	// The same code again, from another browser: refused (replay).
	b2 := newBrowser(t, srv.URL)
	b2.post("/inloggen", url.Values{"email": {u.Email}, "password": {pgtest.Password}})
	if status, _, page := b2.post("/inloggen/code", url.Values{"otp": {code}}); status != http.StatusBadRequest || !strings.Contains(page, "al gebruikt") {
		t.Errorf("replayed code: %d", status)
	}
	// The API: otp missing is 400, wrong 401, both naming otp.
	for _, tt := range []struct {
		otp    string
		status int
	}{{"", http.StatusBadRequest}, {"654321", http.StatusUnauthorized}, {code, http.StatusUnauthorized}} {
		res, body := do(t, "POST", srv.URL+"/api/v1/access-tokens", `{"email":"`+u.Email+`","password":"`+pgtest.Password+`","otp":"`+tt.otp+`"}`, "Content-Type", "application/json")
		if res.StatusCode != tt.status || !namesField(t, res, body, "otp") {
			t.Errorf("otp %q: %d %s, want %d naming otp", tt.otp, res.StatusCode, body, tt.status)
		}
	}
	var amr string
	if err := db.Get(&amr, `SELECT detail->>'amr' FROM audit_event WHERE actor_user_id = $1 AND action = 'login' ORDER BY id DESC LIMIT 1`, u.ID); err != nil || amr != `["pwd", "otp"]` {
		t.Errorf("login audited with amr %q (%v)", amr, err)
	}
}

// TestSecondFactorThrottled: wrong codes count as failed log-ins of the
// account: after five from one address the next attempt waits (429), even
// with the right code.
func TestSecondFactorThrottled(t *testing.T) {
	srv, db := newServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	secret := pgtest.MustEnrolTOTP(t, db, u.ID)
	body := func(otp string) string {
		return `{"email":"` + u.Email + `","password":"` + pgtest.Password + `","otp":"` + otp + `"}`
	}
	for i := range 5 {
		if res, b := do(t, "POST", srv.URL+"/api/v1/access-tokens", body("00000"+string(rune('0'+i))), "Content-Type", "application/json"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: %d %s", i, res.StatusCode, b)
		}
	}
	res, b := do(t, "POST", srv.URL+"/api/v1/access-tokens", body(pgtest.OTP(t, secret)), "Content-Type", "application/json")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Fatalf("after five wrong codes: %d %s, want 429 with Retry-After", res.StatusCode, b)
	}
}

// TestResetSecondFactor: a user who lost their phone gets a new start from
// an admin; their sessions end.
func TestResetSecondFactor(t *testing.T) {
	srv, db := newServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	pgtest.MustEnrolTOTP(t, db, u.ID)
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	b := newBrowser(t, srv.URL)
	setSession(t, b, srv.URL, pgtest.MustSession(t, db, admin.ID))
	if status, at, _ := b.post("/beheer/gebruikers/"+itoa(u.ID)+"/tweestapsverificatie-herstellen", nil); status != 200 || at != "/beheer/gebruikers/"+itoa(u.ID) {
		t.Fatalf("reset: %d at %s", status, at)
	}
	var n int
	if err := db.Get(&n, `SELECT count(*) FROM user_totp WHERE user_id = $1`, u.ID); err != nil || n != 0 {
		t.Errorf("authenticators left: %d (%v)", n, err)
	}
	// Without a second factor the coach logs in with the password alone.
	b2 := newBrowser(t, srv.URL)
	if status, at, _ := b2.post("/inloggen", url.Values{"email": {u.Email}, "password": {pgtest.Password}, "terug": {"/"}}); status != 200 || strings.HasPrefix(at, "/inloggen") {
		t.Errorf("log-in after the reset ended at %s", at)
	}
}

func setSession(t *testing.T, b *browser, base, token string) {
	t.Helper()
	u, _ := url.Parse(base)
	b.client.Jar.SetCookies(u, []*http.Cookie{{Name: auth.SessionCookieName(false), Value: token, Path: "/"}})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// namesField reports whether a problem answer names field in invalidParams.
func namesField(t *testing.T, res *http.Response, body []byte, field string) bool {
	t.Helper()
	p := decodeProblem(t, res, body)
	for _, ip := range p.InvalidParams {
		if ip.Name == field {
			return true
		}
	}
	return false
}
