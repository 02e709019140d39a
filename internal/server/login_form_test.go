package server_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestLoginFormSaysWhatIsMissing: an empty log-in form gets 400 and a message
// per empty field, linked from the summary and to the field (issue 16, item
// 10); a log-out lands on the log-in page saying "U bent uitgelogd.".
func TestLoginFormSaysWhatIsMissing(t *testing.T) {
	srv, db := newSecureServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	post := func(form url.Values) (int, string) {
		req, _ := http.NewRequest("POST", srv.URL+"/inloggen", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	emailErr := `href="#email">Vul uw e-mailadres in.</a>`
	passwordErr := `href="#password">Vul uw wachtwoord in.</a>`
	for _, tc := range []struct {
		name            string
		form            url.Values
		email, password bool
	}{
		{"both empty", url.Values{}, true, true},
		{"no password", url.Values{"email": {u.Email}}, false, true},
		{"no e-mail", url.Values{"email": {"  "}, "password": {"x"}}, true, false},
	} {
		status, body := post(tc.form)
		if status != http.StatusBadRequest || !strings.Contains(body, `role="alert"`) {
			t.Errorf("%s: %d, want 400 with an alert", tc.name, status)
		}
		if got := strings.Contains(body, emailErr) && strings.Contains(body, `aria-describedby="email-fout"`); got != tc.email {
			t.Errorf("%s: e-mail error shown and linked = %v, want %v", tc.name, got, tc.email)
		}
		if got := strings.Contains(body, passwordErr) && strings.Contains(body, `aria-describedby="password-fout"`); got != tc.password {
			t.Errorf("%s: password error shown and linked = %v, want %v", tc.name, got, tc.password)
		}
		if tc.form.Get("email") == u.Email && !strings.Contains(body, `value="`+u.Email+`"`) {
			t.Errorf("%s: the typed e-mail address is not kept", tc.name)
		}
	}

	res := postForm(t, srv.URL+"/inloggen", url.Values{"email": {u.Email}, "password": {pgtest.Password}})
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if c.Value != "" {
			session = c
		}
	}
	if session == nil {
		t.Fatalf("log-in: %d without a session cookie", res.StatusCode)
	}
	res = postForm(t, srv.URL+"/uitloggen", nil, "Cookie", session.Name+"="+session.Value)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/inloggen?uitgelogd=1" {
		t.Fatalf("log-out: %d to %q, want 303 to the log-in page", res.StatusCode, loc)
	}
	r, err := http.Get(srv.URL + "/inloggen?uitgelogd=1")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if !strings.Contains(string(b), `role="status">`+"\n"+`  <p class="utrecht-paragraph">U bent uitgelogd.</p>`) {
		t.Error(`the log-in page after log-out does not say "U bent uitgelogd." in a status`)
	}
	if r2, _ := http.Get(srv.URL + "/inloggen"); r2 != nil {
		b, _ := io.ReadAll(r2.Body)
		r2.Body.Close()
		if strings.Contains(string(b), "U bent uitgelogd.") {
			t.Error("the plain log-in page says the user logged out")
		}
	}
}
