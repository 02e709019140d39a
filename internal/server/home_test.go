package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"regiepool/internal/app"
	"regiepool/internal/auth"
	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// homeSections are the section ids of the start page per role.
var homeSections = map[domain.Role]string{
	domain.RoleDispatcher: "home-werkverdeler",
	domain.RoleCoach:      "home-begeleider",
	domain.RoleOrgContact: "home-organisatie",
	domain.RoleRegisseur:  "home-regisseur",
	domain.RoleMonitor:    "home-monitor",
	domain.RoleAdmin:      "home-beheer",
}

// TestHomePerDemoRole signs in as every demo account and reads the start
// page: it shows the sections of the account's roles with their counts (as
// the use cases behind them count), and never another role's section.
func TestHomePerDemoRole(t *testing.T) {
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	a := app.New(db, app.Config{})
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(t *testing.T, path, session string) (int, string, string) {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: session})
		res, err := noFollow.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, res.Header.Get("Location"), string(b)
	}

	for _, tt := range []struct {
		email string
		role  domain.Role
		// want are texts the page must show, besides the section heading.
		want func(h app.Home) []string
	}{
		{"admin@regiepool.test", domain.RoleAdmin, func(h app.Home) []string {
			return []string{fmt.Sprintf("Beheer (%d accounts)", h.Admin.Users), `href="/beheer/gebruikers"`}
		}},
		{"organisatie@regiepool.test", domain.RoleOrgContact, func(h app.Home) []string {
			return []string{fmt.Sprintf("Voordrachten van uw organisatie (%d)", h.OrgContact.Total),
				fmt.Sprintf("Voordrachten in afwachting van de voorselectie (%d)", h.OrgContact.Pending)}
		}},
		{"organisatie2@regiepool.test", domain.RoleOrgContact, func(h app.Home) []string {
			return []string{fmt.Sprintf("Voordrachten van uw organisatie (%d)", h.OrgContact.Total)}
		}},
		{"begeleider@regiepool.test", domain.RoleCoach, func(h app.Home) []string {
			return []string{fmt.Sprintf("Begeleiding (%d)", h.Coach.Total), `href="/begeleiding"`}
		}},
		{"werkverdeler@regiepool.test", domain.RoleDispatcher, func(h app.Home) []string {
			return []string{fmt.Sprintf("Werkvoorraad als werkverdeler (%d)", h.Dispatcher.Total), `href="/werkvoorraad"`}
		}},
		{"werkverdeler2@regiepool.test", domain.RoleDispatcher, func(h app.Home) []string {
			return []string{fmt.Sprintf("Werkvoorraad als werkverdeler (%d)", h.Dispatcher.Total)}
		}},
		{"regisseur@regiepool.test", domain.RoleRegisseur, func(h app.Home) []string {
			return []string{fmt.Sprintf("Voor u als regisseur (%d)", h.Regisseur.Total)}
		}},
		{"regisseur2@regiepool.test", domain.RoleRegisseur, func(h app.Home) []string {
			return []string{fmt.Sprintf("Voor u als regisseur (%d)", h.Regisseur.Total)}
		}},
		{"monitor@regiepool.test", domain.RoleMonitor, func(app.Home) []string {
			return []string{`href="/monitoring"`, `href="/monitoring/dossiers"`}
		}},
	} {
		t.Run(tt.email, func(t *testing.T) {
			var id int64
			if err := db.Get(&id, `SELECT id FROM app_user WHERE email = $1`, tt.email); err != nil {
				t.Fatal(err)
			}
			ctx := pgtest.ActorCtx(t, db, id)
			h, err := a.Home(ctx)
			if err != nil {
				t.Fatal(err)
			}
			session := pgtest.MustSession(t, db, id)
			path := "/"
			if tt.role == domain.RoleCoach {
				// Someone who is only a coach lands on their dashboard.
				if status, loc, _ := get(t, "/", session); status != http.StatusSeeOther || loc != "/begeleiding" {
					t.Fatalf("coach on / = %d %q, want a redirect to /begeleiding", status, loc)
				}
				path = "/?start=1"
			}
			status, _, body := get(t, path, session)
			if status != http.StatusOK {
				t.Fatalf("GET %s = %d", path, status)
			}
			for role, section := range homeSections {
				if got := strings.Contains(body, `id="`+section+`"`); got != (role == tt.role) {
					t.Errorf("section %s shown: %v, want %v", section, got, role == tt.role)
				}
			}
			for _, w := range tt.want(h) {
				if !strings.Contains(body, w) {
					t.Errorf("the page lacks %q", w)
				}
			}
			checkHomeCounts(t, a, ctx, h)
		})
	}
}

// checkHomeCounts compares the start page's counts with the use cases
// they summarise, read on their own.
func checkHomeCounts(t *testing.T, a *app.App, ctx context.Context, h app.Home) {
	t.Helper()
	if d := h.Dispatcher; d != nil {
		box, err := a.DispatchInbox(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if d.Urgent != box.UrgentCount || d.Unqualified != box.UnqualifiedCount || d.Expiring != box.ExpiringCount || d.Newcomers != box.NewcomerCount {
			t.Errorf("dispatcher home %+v, inbox counts %d %d %d %d", *d, box.UrgentCount, box.UnqualifiedCount, box.ExpiringCount, box.NewcomerCount)
		}
		if d.Total == 0 {
			t.Error("the demo dispatcher has nothing to do")
		}
	}
	if r := h.Regisseur; r != nil {
		_, offers, err := a.OpenOffers(ctx, app.FirstRows)
		if err != nil {
			t.Fatal(err)
		}
		_, reqs, err := a.FeedbackRequests(ctx, app.FirstRows)
		if err != nil {
			t.Fatal(err)
		}
		if r.Offers != offers || r.FeedbackRequests != reqs {
			t.Errorf("regisseur home %+v, open offers %d, feedback requests %d", *r, offers, reqs)
		}
	}
	if ad := h.Admin; ad != nil {
		_, users, err := a.Users(ctx, app.FirstRows)
		if err != nil {
			t.Fatal(err)
		}
		if ad.Users != users {
			t.Errorf("admin home %+v, users %d", *ad, users)
		}
	}
	if o := h.OrgContact; o != nil && o.Total != len(o.Rounds)+o.Pending {
		t.Errorf("org contact home %+v", *o)
	}
	if c := h.Coach; c != nil && c.Regisseurs != 5 {
		t.Errorf("begeleider@ coaches %d regisseurs, want the demo's 5", c.Regisseurs)
	}
}

// TestHomeSeveralRoles: a user with several roles sees a section per role,
// each in words when empty, and none of the other roles' sections.
func TestHomeSeveralRoles(t *testing.T) {
	srv, db := newServer(t)
	mun := pgtest.MustCreateMunicipality(t, db)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher, domain.RoleMonitor}, MunicipalityIDs: []int64{mun.ID}})
	res, body := do(t, "GET", srv.URL+"/", "", "Cookie", auth.SessionCookieName(false)+"="+pgtest.MustSession(t, db, u.ID))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET / = %d", res.StatusCode)
	}
	page := string(body)
	for _, w := range []string{`id="home-werkverdeler"`, "Werkvoorraad als werkverdeler (0)", "Er wacht niets op u", `id="home-monitor"`} {
		if !strings.Contains(page, w) {
			t.Errorf("the page lacks %q", w)
		}
	}
	for _, role := range []domain.Role{domain.RoleAdmin, domain.RoleCoach, domain.RoleOrgContact, domain.RoleRegisseur} {
		if strings.Contains(page, `id="`+homeSections[role]+`"`) {
			t.Errorf("the page shows the %s section", role)
		}
	}
}
