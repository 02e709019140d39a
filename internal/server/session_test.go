package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"regiepool/internal/apitest"
	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
	"regiepool/internal/server"
)

// newSecureServer is the handler with Secure __Host- cookies, as in production.
func newSecureServer(t *testing.T) (*httptest.Server, *postgres.DB) {
	t.Helper()
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), SecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.NewServer(t, h)
	return srv, db
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func postForm(t *testing.T, u string, form url.Values, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

// signedIn reports whether the cookie value is a live session, by asking the
// start page whether it greets a logged-in user.
func signedIn(t *testing.T, srvURL, cookie string) bool {
	t.Helper()
	req, _ := http.NewRequest("GET", srvURL+"/", nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(true), Value: cookie})
	res, body := doReq(t, req)
	return res.StatusCode == 200 && strings.Contains(string(body), "Uitloggen")
}

func doReq(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	return do(t, req.Method, req.URL.String(), "", flattenHeader(req)...)
}

func flattenHeader(req *http.Request) []string {
	var out []string
	for k, v := range req.Header {
		out = append(out, k, v[0])
	}
	return out
}

func sessionCookie(t *testing.T, res *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == auth.SessionCookieName(true) && c.Value != "" {
			return c
		}
	}
	t.Fatalf("no session cookie in %d response", res.StatusCode)
	return nil
}

func TestSession(t *testing.T) {
	srv, db := newSecureServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	login := func() *http.Cookie {
		res := postForm(t, srv.URL+"/inloggen", url.Values{"email": {u.Email}, "password": {pgtest.Password}, "terug": {"/"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("log-in: %d", res.StatusCode)
		}
		return sessionCookie(t, res)
	}

	t.Run("cookie attributes", func(t *testing.T) {
		c := login()
		if !strings.HasPrefix(c.Name, "__Host-") || !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
			t.Fatalf("cookie %+v: want __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", c)
		}
	})
	t.Run("new id at every log-in; the old session ends", func(t *testing.T) {
		first := login()
		req, _ := http.NewRequest("POST", srv.URL+"/inloggen", strings.NewReader(url.Values{"email": {u.Email}, "password": {pgtest.Password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(first)
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		second := sessionCookie(t, res)
		if second.Value == first.Value {
			t.Fatal("log-in kept the session id")
		}
		if signedIn(t, srv.URL, first.Value) || !signedIn(t, srv.URL, second.Value) {
			t.Error("after a second log-in the first session must be gone and the second live")
		}
	})
	t.Run("after log-in the redirect stays on this site", func(t *testing.T) {
		for back, want := range map[string]string{
			"/\t/evil.example/x":   "/",
			"/\\evil.example":      "/",
			"https://evil.example": "/",
			"/casussen?pagina=2":   "/casussen?pagina=2",
		} {
			res := postForm(t, srv.URL+"/inloggen", url.Values{"email": {u.Email}, "password": {pgtest.Password}, "terug": {back}})
			if got := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || got != want {
				t.Errorf("terug=%q: %d Location %q, want 303 %q", back, res.StatusCode, got, want)
			}
		}
	})
	t.Run("log-out revokes at once", func(t *testing.T) {
		c := login()
		req, _ := http.NewRequest("POST", srv.URL+"/uitloggen", nil)
		req.AddCookie(c)
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if signedIn(t, srv.URL, c.Value) {
			t.Error("session still live after log-out")
		}
	})
	t.Run("log-out ends this session only", func(t *testing.T) {
		here := login()
		there := pgtest.MustSession(t, db, u.ID)
		token := pgtest.MustAccessToken(t, db, u.ID)
		res := postForm(t, srv.URL+"/uitloggen", nil, "Cookie", here.Name+"="+here.Value)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("log-out: %d", res.StatusCode)
		}
		if signedIn(t, srv.URL, here.Value) {
			t.Error("the session logged out of is still live")
		}
		if !signedIn(t, srv.URL, there) {
			t.Error("log-out ended the user's session in another browser")
		}
		if res, _ := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+token); res.StatusCode != http.StatusOK {
			t.Errorf("token after log-out: %d, want 200", res.StatusCode)
		}
	})
	t.Run("overal uitloggen ends every session and token", func(t *testing.T) {
		here := login()
		there := pgtest.MustSession(t, db, u.ID)
		tokens := []string{pgtest.MustAccessToken(t, db, u.ID), pgtest.MustAccessToken(t, db, u.ID)}
		other := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
		otherSession, otherToken := pgtest.MustSession(t, db, other.ID), pgtest.MustAccessToken(t, db, other.ID)

		res := postForm(t, srv.URL+"/overal-uitloggen", nil, "Cookie", here.Name+"="+here.Value)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/?uitgelogd=overal" {
			t.Fatalf("overal uitloggen: %d to %q, want 303 to /?uitgelogd=overal", res.StatusCode, res.Header.Get("Location"))
		}
		if c := res.Cookies(); len(c) != 1 || c[0].Name != here.Name || c[0].MaxAge >= 0 {
			t.Errorf("cookies %v: want the session cookie cleared", c)
		}
		for name, cookie := range map[string]string{"this": here.Value, "another": there} {
			if signedIn(t, srv.URL, cookie) {
				t.Errorf("%s session still live", name)
			}
		}
		for i, tok := range tokens {
			if res, _ := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+tok); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("token %d: %d, want 401", i, res.StatusCode)
			}
		}
		if !signedIn(t, srv.URL, otherSession) {
			t.Error("another user's session ended")
		}
		if res, _ := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+otherToken); res.StatusCode != http.StatusOK {
			t.Errorf("another user's token: %d, want 200", res.StatusCode)
		}
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM audit_event WHERE action = 'logout_everywhere' AND actor_user_id = $1 AND record_id = $1`, u.ID); err != nil || n != 1 {
			t.Errorf("audit rows: %d (%v), want 1", n, err)
		}
		_, page := do(t, "GET", srv.URL+"/?uitgelogd=overal", "")
		if !strings.Contains(string(page), `role="status"`) || !strings.Contains(string(page), "U bent overal uitgelogd") {
			t.Error("the start page does not confirm the log-out everywhere")
		}
	})
	t.Run("overal uitloggen needs a session", func(t *testing.T) {
		res := postForm(t, srv.URL+"/overal-uitloggen", nil)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/inloggen") {
			t.Errorf("anonymous: %d to %q, want 303 to /inloggen", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("idle timeout", func(t *testing.T) {
		c := login()
		if _, err := db.Exec(`UPDATE web_session SET last_seen_at = now() - $1::interval WHERE token_hash = $2`, (domain.SessionIdleTimeout + time.Second).String(), auth.HashToken(c.Value)); err != nil {
			t.Fatal(err)
		}
		if signedIn(t, srv.URL, c.Value) {
			t.Error("idle session still live")
		}
	})
	t.Run("absolute timeout", func(t *testing.T) {
		c := login()
		if _, err := db.Exec(`UPDATE web_session SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, auth.HashToken(c.Value)); err != nil {
			t.Fatal(err)
		}
		if signedIn(t, srv.URL, c.Value) {
			t.Error("expired session still live")
		}
	})
	t.Run("disabling the account revokes sessions and tokens at once", func(t *testing.T) {
		v := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
		cookie := pgtest.MustSession(t, db, v.ID)
		token := pgtest.MustAccessToken(t, db, v.ID)
		disabled := true
		if _, err := db.UpdateUser(pgtest.SystemCtx(), v.ID, domain.UserUpdate{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		if signedIn(t, srv.URL, cookie) {
			t.Error("session of a disabled account still live")
		}
		if res, _ := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+token); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("token of a disabled account: %d, want 401", res.StatusCode)
		}
		if res, _ := do(t, "POST", srv.URL+"/api/v1/access-tokens", `{"email":"`+v.Email+`","password":"`+pgtest.Password+`"}`, "Content-Type", "application/json"); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("log-in of a disabled account: %d, want 401", res.StatusCode)
		}
	})
}

func TestCSRF(t *testing.T) {
	srv, db := newSecureServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	cookie := pgtest.MustSession(t, db, u.ID)
	token := pgtest.MustAccessToken(t, db, u.ID)
	for _, tt := range []struct {
		name   string
		header []string
		want   int
	}{
		{"cross-site fetch metadata", []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"foreign origin", []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"same origin", []string{"Sec-Fetch-Site", "same-origin"}, http.StatusSeeOther},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", srv.URL+"/uitloggen", nil)
			req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(true), Value: cookie})
			for i := 0; i+1 < len(tt.header); i += 2 {
				req.Header.Set(tt.header[i], tt.header[i+1])
			}
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.want {
				t.Fatalf("got %d, want %d", res.StatusCode, tt.want)
			}
			if tt.want == http.StatusForbidden && !signedIn(t, srv.URL, cookie) {
				t.Error("a refused cross-site log-out still ended the session")
			}
		})
	}
	t.Run("overal uitloggen refuses cross-site requests", func(t *testing.T) {
		cookie := pgtest.MustSession(t, db, u.ID) // the same-origin log-out above ended the first
		res := postForm(t, srv.URL+"/overal-uitloggen", nil, "Cookie", auth.SessionCookieName(true)+"="+cookie, "Sec-Fetch-Site", "cross-site")
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("got %d, want 403", res.StatusCode)
		}
		if !signedIn(t, srv.URL, cookie) {
			t.Error("a refused cross-site log-out everywhere still ended the session")
		}
		if res, _ := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+token); res.StatusCode != http.StatusOK {
			t.Errorf("token after a refused cross-site log-out everywhere: %d, want 200", res.StatusCode)
		}
	})
	t.Run("api refuses cross-site writes too", func(t *testing.T) {
		before := snapshot(t, db)
		res, body := do(t, "POST", srv.URL+"/api/v1/organisations", `{"name":"Via CSRF"}`, "Content-Type", "application/json",
			"Authorization", "Bearer "+token, "Sec-Fetch-Site", "cross-site")
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("got %d, want 403", res.StatusCode)
		}
		decodeProblem(t, res, body)
		if snapshot(t, db) != before {
			t.Error("the database changed")
		}
	})
}

func TestLoginThrottling(t *testing.T) {
	srv, db := newServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	attempt := func(email, password string) (int, string, string) {
		res, body := do(t, "POST", srv.URL+"/api/v1/access-tokens", `{"email":"`+email+`","password":"`+password+`"}`, "Content-Type", "application/json")
		return res.StatusCode, string(body), res.Header.Get("Retry-After")
	}
	// Known and unknown addresses get the same answer.
	s1, b1, _ := attempt(u.Email, "wrong-password-1")
	s2, b2, _ := attempt("nobody@test.example", "wrong-password-1")
	if s1 != http.StatusUnauthorized || s1 != s2 || b1 != b2 {
		t.Fatalf("known: %d %s; unknown: %d %s; want identical 401s", s1, b1, s2, b2)
	}
	for i := 0; i < 4; i++ {
		attempt(u.Email, "wrong-password-2")
	}
	// Five failures: now even the right password waits.
	status, body, retry := attempt(u.Email, pgtest.Password)
	if status != http.StatusTooManyRequests || retry == "" {
		t.Fatalf("after 5 failures: %d %s (Retry-After %q), want 429 with Retry-After", status, body, retry)
	}
	// No permanent lock-out: once the failures are older than the window,
	// the right password works again.
	if _, err := db.Exec(`UPDATE login_failure SET at = at - interval '2 hours'`); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := attempt(u.Email, pgtest.Password); status != http.StatusCreated {
		t.Fatalf("after the window: %d %s, want 201", status, body)
	}
	// The web form throttles the same way, with a Dutch message.
	for i := 0; i < 5; i++ {
		attempt(u.Email, "wrong-password-3")
	}
	res, page := do(t, "POST", srv.URL+"/inloggen", url.Values{"email": {u.Email}, "password": {pgtest.Password}}.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(page), "Te veel mislukte pogingen") {
		t.Fatalf("web log-in after failures: %d", res.StatusCode)
	}
	_ = context.Background
}

// newProxiedServer is the handler behind a reverse proxy at trusted (the
// test client connects from 127.0.0.1).
func newProxiedServer(t *testing.T, trusted ...string) (*httptest.Server, *postgres.DB) {
	t.Helper()
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), TrustedProxies: trusted})
	if err != nil {
		t.Fatal(err)
	}
	return apitest.NewServer(t, h), db
}

// TestLoginThrottlingPerClient: a guesser slows down only their own
// attempts on an account; guessing from many addresses meets the account's
// ceiling; the client address comes from X-Forwarded-For only through a
// trusted proxy.
func TestLoginThrottlingPerClient(t *testing.T) {
	srv, db := newProxiedServer(t, "127.0.0.1")
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	attempt := func(url, client, email, password string) (int, string) {
		res, body := do(t, "POST", url+"/api/v1/access-tokens", `{"email":"`+email+`","password":"`+password+`"}`,
			"Content-Type", "application/json", "X-Forwarded-For", client)
		return res.StatusCode, res.Header.Get("Retry-After") + " " + string(body)
	}
	clean := func() {
		t.Helper()
		if _, err := db.Exec(`DELETE FROM login_failure`); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("a guesser does not lock the user out", func(t *testing.T) {
		clean()
		for i := 0; i < auth.PairFreeAttempts; i++ {
			attempt(srv.URL, "203.0.113.9", u.Email, "wrong-password")
		}
		if status, body := attempt(srv.URL, "203.0.113.9", u.Email, pgtest.Password); status != http.StatusTooManyRequests || strings.HasPrefix(body, " ") {
			t.Errorf("the guesser's next attempt: %d %s, want 429 with Retry-After", status, body)
		}
		if status, body := attempt(srv.URL, "198.51.100.7", u.Email, pgtest.Password); status != http.StatusCreated {
			t.Errorf("the user at another address: %d %s, want 201", status, body)
		}
		// An unknown address is throttled the same way, with the same answer.
		for i := 0; i < auth.PairFreeAttempts; i++ {
			attempt(srv.URL, "203.0.113.9", "nobody@test.example", "wrong-password")
		}
		s1, known := attempt(srv.URL, "203.0.113.9", u.Email, "wrong-password")
		s2, unknown := attempt(srv.URL, "203.0.113.9", "nobody@test.example", "wrong-password")
		// Only the seconds to wait may differ: the failures were a moment apart.
		digits := regexp.MustCompile(`[0-9]+`)
		if s1 != http.StatusTooManyRequests || s1 != s2 || digits.ReplaceAllString(known, "N") != digits.ReplaceAllString(unknown, "N") {
			t.Errorf("throttled answers differ: known %d %q, unknown %d %q", s1, known, s2, unknown)
		}
	})
	t.Run("guessing from many addresses meets the account's ceiling", func(t *testing.T) {
		clean()
		for i := 0; i < auth.AccountFreeAttempts; i++ {
			if status, body := attempt(srv.URL, fmt.Sprintf("203.0.113.%d", i+1), u.Email, "wrong-password"); status != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d %s, want 401", i+1, status, body)
			}
		}
		if status, body := attempt(srv.URL, "198.51.100.7", u.Email, pgtest.Password); status != http.StatusTooManyRequests || strings.HasPrefix(body, " ") {
			t.Errorf("after %d failures from as many addresses: %d %s, want 429 with Retry-After", auth.AccountFreeAttempts, status, body)
		}
		// Another account at that address is not held back.
		v := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
		if status, body := attempt(srv.URL, "198.51.100.7", v.Email, pgtest.Password); status != http.StatusCreated {
			t.Errorf("another account: %d %s, want 201", status, body)
		}
	})
	t.Run("one address trying many accounts meets the address's ceiling", func(t *testing.T) {
		clean()
		// The in-memory guard would stop this many attempts first; the
		// failures are written as the store would.
		var secret []byte
		if err := db.Get(&secret, `SELECT value FROM server_secret WHERE name = 'login_throttle'`); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < auth.ClientFreeAttempts; i++ {
			key := auth.EmailKey(secret, fmt.Sprintf("user%d@test.example", i))
			if _, err := db.Exec(`INSERT INTO login_failure (email_hash, client_ip) VALUES ($1, '203.0.113.50')`, key); err != nil {
				t.Fatal(err)
			}
		}
		if status, body := attempt(srv.URL, "203.0.113.50", u.Email, pgtest.Password); status != http.StatusTooManyRequests {
			t.Errorf("from the spraying address: %d %s, want 429", status, body)
		}
		if status, body := attempt(srv.URL, "203.0.113.51", u.Email, pgtest.Password); status != http.StatusCreated {
			t.Errorf("from another address: %d %s, want 201", status, body)
		}
	})
	t.Run("X-Forwarded-For counts only from a trusted proxy", func(t *testing.T) {
		// Peer 127.0.0.1 is not the trusted proxy: the header is ignored,
		// so changing it does not buy new attempts.
		srv, db := newProxiedServer(t, "10.0.0.0/8")
		u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
		for i := 0; i < auth.PairFreeAttempts; i++ {
			attempt(srv.URL, fmt.Sprintf("203.0.113.%d", i+1), u.Email, "wrong-password")
		}
		if status, body := attempt(srv.URL, "198.51.100.7", u.Email, pgtest.Password); status != http.StatusTooManyRequests {
			t.Errorf("with a forged X-Forwarded-For: %d %s, want 429", status, body)
		}
		var addrs []string
		if err := db.Select(&addrs, `SELECT DISTINCT client_ip FROM login_failure`); err != nil || len(addrs) != 1 || addrs[0] != "127.0.0.1" {
			t.Errorf("failures counted under %v (%v), want only the peer 127.0.0.1", addrs, err)
		}
	})
}
