package server_test

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

var hrefRE = regexp.MustCompile(`href="([^"]*)"`)

// TestEveryLinkOpens logs in as each demo user of the README's table and
// follows every same-origin GET link on the pages they see, a few levels
// deep: a link is shown only when the viewer may follow it (issue 16, item
// 9: a coach saw "Ontwikkeling" on members they do not coach, and got 404).
func TestEveryLinkOpens(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo as every role")
	}
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(srv.URL)
	for _, login := range demoLogins {
		email := login + "@regiepool.test"
		t.Run(email, func(t *testing.T) {
			crawlPages(t, demoClient(t, srv.URL, email), base, 5)
		})
	}
	// A coach who also dispatches sees the members in their municipalities
	// but may open the development of their own coachees only.
	t.Run("coach and dispatcher", func(t *testing.T) {
		var munis, regs []int64
		if err := db.Select(&munis, `SELECT um.municipality_id FROM user_municipality um JOIN app_user u ON u.id = um.user_id WHERE u.email = 'werkverdeler@regiepool.test'`); err != nil || len(munis) == 0 {
			t.Fatalf("municipalities %v: %v", munis, err)
		}
		if err := db.Select(&regs, `SELECT regisseur_id FROM pool_membership WHERE status = 'active' ORDER BY id LIMIT 1`); err != nil || len(regs) == 0 {
			t.Fatalf("regisseurs %v: %v", regs, err)
		}
		u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach, domain.RoleDispatcher}, MunicipalityIDs: munis})
		pgtest.MustLinkCoach(t, db, u.ID, regs...)
		jar, _ := cookiejar.New(nil)
		jar.SetCookies(base, []*http.Cookie{{Name: auth.SessionCookieName(false), Value: pgtest.MustSession(t, db, u.ID), Path: "/"}})
		crawlPages(t, &http.Client{Jar: jar}, base, 5)
	})
}

// demoClient returns an HTTP client signed in as the demo user.
func demoClient(t *testing.T, srvURL, email string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	res, err := demoLogIn(t, client, srvURL, email)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || res.Request.URL.Path == "/inloggen" {
		t.Fatalf("log-in as %s: %d at %s", email, res.StatusCode, res.Request.URL)
	}
	return client
}

// crawlPages visits the start page and the pages it links to, breadth first,
// parsing the HTML of pages up to depth below the start page and checking
// the status of every link found on them. Links that leave the site, static
// files and fragments are skipped. It returns the HTML pages that opened, in
// the order visited.
func crawlPages(t *testing.T, client *http.Client, base *url.URL, depth int) (pages []string) {
	t.Helper()
	type link struct{ from, to string }
	seen := map[string]bool{"/": true}
	level := []link{{"", "/"}}
	for d := 0; d <= depth && len(level) > 0; d++ {
		var next []link
		for _, l := range level {
			res, err := client.Get(base.String() + l.to)
			if err != nil {
				t.Fatalf("GET %s: %v", l.to, err)
			}
			body := new(strings.Builder)
			_, _ = io.Copy(body, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusNotFound {
				t.Errorf("%s links to %s, which answers %d", l.from, l.to, res.StatusCode)
				continue
			}
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s links to %s, which answers %d", l.from, l.to, res.StatusCode)
			}
			if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				continue
			}
			if res.StatusCode == http.StatusOK {
				pages = append(pages, res.Request.URL.RequestURI())
			}
			if d == depth {
				continue
			}
			for _, m := range hrefRE.FindAllStringSubmatch(body.String(), -1) {
				u, err := res.Request.URL.Parse(html.UnescapeString(m[1]))
				if err != nil || u.Host != base.Host || strings.HasPrefix(u.Path, "/static/") {
					continue
				}
				u.Fragment = ""
				to := u.RequestURI()
				if !seen[to] {
					seen[to] = true
					next = append(next, link{res.Request.URL.RequestURI(), to})
				}
			}
		}
		level = next
	}
	t.Logf("%d links followed", len(seen))
	return pages
}

// demoLogIn logs client in as a demo account through the log-in form, with
// the demo admin's second factor where it is asked, and returns the last
// answer (the page the log-in led to).
func demoLogIn(t *testing.T, client *http.Client, base, email string) (*http.Response, error) {
	t.Helper()
	res, err := client.PostForm(base+"/inloggen", url.Values{"email": {email}, "password": {demo.Password}, "terug": {"/"}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if res.Request.URL.Path == "/inloggen/code" && email == demo.AdminEmail {
		if res, err = client.PostForm(base+"/inloggen/code", url.Values{"otp": {pgtest.OTP(t, demo.AdminTOTPSecret)}, "terug": {"/"}}); err != nil {
			return nil, err
		}
		res.Body.Close()
	}
	return res, nil
}
