package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

var resetLink = regexp.MustCompile(`/wachtwoord-herstellen/(rpw_[A-Za-z0-9_-]+)`)

func TestPasswordReset(t *testing.T) {
	srv, db := newSecureServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}})
	session := pgtest.MustSession(t, db, u.ID)
	token := pgtest.MustAccessToken(t, db, u.ID)
	post := func(path string, form url.Values) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	get := func(path string) (int, string) {
		t.Helper()
		res, b := do(t, "GET", srv.URL+path, "")
		return res.StatusCode, string(b)
	}
	outbox := func() []string {
		t.Helper()
		var texts []string
		if err := db.SelectContext(context.Background(), &texts, `SELECT body_text FROM outbox_message WHERE kind = 'password_reset' AND to_user_id = $1 ORDER BY id`, u.ID); err != nil {
			t.Fatal(err)
		}
		return texts
	}

	// The log-in page links to it.
	if _, body := get("/inloggen"); !strings.Contains(body, `href="/wachtwoord-vergeten"`) {
		t.Error("the log-in page has no 'Wachtwoord vergeten?' link")
	}
	if status, _ := get("/wachtwoord-vergeten"); status != http.StatusOK {
		t.Fatalf("form: %d", status)
	}
	if res, body := post("/wachtwoord-vergeten", url.Values{"email": {""}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `href="#email"`) {
		t.Errorf("empty address: %d, want 400 linked to the field", res.StatusCode)
	}

	// No enumeration: an unknown and a known address get the same page.
	res, unknown := post("/wachtwoord-vergeten", url.Values{"email": {"niemand@voorbeeld.nl"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(unknown, "Als er een account bij dit e-mailadres hoort") {
		t.Fatalf("unknown address: %d\n%s", res.StatusCode, unknown)
	}
	res, known := post("/wachtwoord-vergeten", url.Values{"email": {strings.ToUpper(u.Email)}})
	if res.StatusCode != http.StatusOK || known != unknown {
		t.Fatalf("known address: %d; the page differs from the unknown address's", res.StatusCode)
	}
	var n int
	if err := db.GetContext(context.Background(), &n, `SELECT count(*) FROM outbox_message`); err != nil || n != 1 {
		t.Fatalf("%d messages in the outbox, want 1 (for the account only)", n)
	}
	m := resetLink.FindStringSubmatch(outbox()[0])
	if m == nil {
		t.Fatalf("no reset link in the mail:\n%s", outbox()[0])
	}
	link := "/wachtwoord-herstellen/" + m[1]
	var stored int
	if err := db.GetContext(context.Background(), &stored, `SELECT count(*) FROM single_use_token WHERE purpose = 'password_reset' AND subject_id = $1 AND token_hash = $2`, u.ID, auth.HashToken(m[1])); err != nil || stored != 1 {
		t.Fatalf("the token is not stored hashed: %d, %v", stored, err)
	}

	if status, body := get(link); status != http.StatusOK || !strings.Contains(body, `autocomplete="new-password"`) {
		t.Fatalf("the link: %d", status)
	}
	const next = "een-nieuw-lang-wachtwoord"
	if res, body := post(link, url.Values{"password": {next}, "passwordRepeat": {next + "x"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `href="#passwordRepeat"`) {
		t.Errorf("repeat differs: %d", res.StatusCode)
	}
	if res, body := post(link, url.Values{"password": {"kort"}, "passwordRepeat": {"kort"}}); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "ten minste") {
		t.Errorf("too short: %d", res.StatusCode)
	}
	res, _ = post(link, url.Values{"password": {next}, "passwordRepeat": {next}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/inloggen?wachtwoord=gewijzigd" {
		t.Fatalf("reset: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if signedIn(t, srv.URL, session) {
		t.Error("the session from before the reset is still live")
	}
	if res, _ := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+token); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("API token after the reset: %d, want 401", res.StatusCode)
	}
	if got := postForm(t, srv.URL+"/inloggen", url.Values{"email": {u.Email}, "password": {next}}).StatusCode; got != http.StatusSeeOther {
		t.Errorf("log-in with the new password: %d", got)
	}
	var audited int
	if err := db.GetContext(context.Background(), &audited, `SELECT count(*) FROM audit_event WHERE action = 'reset_password' AND record_id = $1`, u.ID); err != nil || audited != 1 {
		t.Errorf("%d reset_password audit events", audited)
	}

	// Single use.
	if status, _ := get(link); status != http.StatusGone {
		t.Errorf("the used link: %d, want 410", status)
	}
	if res, _ := post(link, url.Values{"password": {next + "2"}, "passwordRepeat": {next + "2"}}); res.StatusCode != http.StatusGone {
		t.Errorf("using the link again: %d, want 410", res.StatusCode)
	}
	// Expiry.
	post("/wachtwoord-vergeten", url.Values{"email": {u.Email}})
	texts := outbox()
	m = resetLink.FindStringSubmatch(texts[len(texts)-1])
	if _, err := db.ExecContext(context.Background(), `UPDATE single_use_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, auth.HashToken(m[1])); err != nil {
		t.Fatal(err)
	}
	if status, _ := get("/wachtwoord-herstellen/" + m[1]); status != http.StatusGone {
		t.Errorf("an expired link: %d, want 410", status)
	}
	if status, _ := get("/wachtwoord-herstellen/rpw_" + strings.Repeat("x", 43)); status != http.StatusGone {
		t.Errorf("a made-up link: %d, want 410", status)
	}

	// Throttled per address, the same for a known and an unknown one: the
	// third request of the hour passes, the fourth waits.
	post("/wachtwoord-vergeten", url.Values{"email": {"niemand@voorbeeld.nl"}}) // two each now
	for _, email := range []string{u.Email, "niemand@voorbeeld.nl"} {
		if res, _ := post("/wachtwoord-vergeten", url.Values{"email": {email}}); res.StatusCode != http.StatusOK {
			t.Errorf("third request for %s: %d", email, res.StatusCode)
		}
		res, body := post("/wachtwoord-vergeten", url.Values{"email": {email}})
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Probeer het over") {
			t.Errorf("fourth request for %s: %d, want 429 with Retry-After", email, res.StatusCode)
		}
	}
	if got := len(outbox()); got != 3 {
		t.Errorf("%d reset mails, want 3", got)
	}
}
