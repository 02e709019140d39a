package server_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestChangeOwnPassword: /account changes the signed-in user's password after
// checking the current one and the password rules; every other session and
// API token ends, this browser stays signed in, the old password stops
// working, and the change (and a wrong current password) is audited.
func TestChangeOwnPassword(t *testing.T) {
	srv, db := newSecureServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}})
	here := pgtest.MustSession(t, db, u.ID)
	there := pgtest.MustSession(t, db, u.ID)
	token := pgtest.MustAccessToken(t, db, u.ID)
	cookie := auth.SessionCookieName(true) + "=" + here
	post := func(form url.Values) (*http.Response, string) {
		req, _ := http.NewRequest("POST", srv.URL+"/account", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Cookie", cookie)
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	const next = "een-nieuw-lang-wachtwoord"
	for _, tc := range []struct {
		name, current, password, repeat, want string
	}{
		{"empty", "", "", "", `href="#currentPassword"`},
		{"repeat differs", pgtest.Password, next, next + "x", "Vul hetzelfde nieuwe wachtwoord nogmaals in."},
		{"too short", pgtest.Password, "kort", "kort", "ten minste 12 tekens"},
		{"wrong current", "niet-het-wachtwoord", next, next, "Het huidige wachtwoord klopt niet."},
	} {
		res, body := post(url.Values{"currentPassword": {tc.current}, "password": {tc.password}, "passwordRepeat": {tc.repeat}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want 400 with %q", tc.name, res.StatusCode, tc.want)
		}
	}
	if !signedIn(t, srv.URL, there) {
		t.Fatal("a refused change ended the other session")
	}
	res, _ := post(url.Values{"currentPassword": {pgtest.Password}, "password": {next}, "passwordRepeat": {next}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account?gewijzigd=1" {
		t.Fatalf("change: %d to %q, want 303 to /account?gewijzigd=1", res.StatusCode, res.Header.Get("Location"))
	}
	var fresh string
	for _, c := range res.Cookies() {
		if c.Name == auth.SessionCookieName(true) {
			fresh = c.Value
		}
	}
	if fresh == "" || fresh == here || !signedIn(t, srv.URL, fresh) {
		t.Fatal("this browser did not get a fresh session")
	}
	if signedIn(t, srv.URL, here) || signedIn(t, srv.URL, there) {
		t.Error("the sessions from before the change are still live")
	}
	if res, _ := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+token); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("API token after the change: %d, want 401", res.StatusCode)
	}
	login := func(pw string) int {
		return postForm(t, srv.URL+"/inloggen", url.Values{"email": {u.Email}, "password": {pw}}).StatusCode
	}
	if got := login(pgtest.Password); got != http.StatusBadRequest {
		t.Errorf("log-in with the old password: %d, want 400", got)
	}
	if got := login(next); got != http.StatusSeeOther {
		t.Errorf("log-in with the new password: %d, want 303", got)
	}
	var allowed, denied int
	if err := db.Get(&allowed, `SELECT count(*) FROM audit_event WHERE action = 'change_password' AND outcome = 'allowed' AND record_id = $1`, u.ID); err != nil || allowed != 1 {
		t.Errorf("audited changes: %d (%v), want 1", allowed, err)
	}
	if err := db.Get(&denied, `SELECT count(*) FROM audit_event WHERE action = 'change_password' AND outcome = 'denied' AND record_id = $1`, u.ID); err != nil || denied != 1 {
		t.Errorf("audited refusals (wrong current password): %d (%v), want 1", denied, err)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/account?gewijzigd=1", nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(true), Value: fresh})
	if _, body := doReq(t, req); !strings.Contains(string(body), "Uw wachtwoord is gewijzigd.") {
		t.Error("the account page does not confirm the change")
	}
}
