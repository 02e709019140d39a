package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"regiepool/internal/app"
	"regiepool/internal/browsertest"
	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// homeLink is a link of the start page: where it goes and what it says.
type homeLink struct {
	Section string `json:"section"`
	Href    string `json:"href"`
	Text    string `json:"text"`
}

// TestBrowserHomePerRole signs in as every demo user in one browser and
// reads their start page: each to-do the use cases count is a link to where
// it is done, with the count; the counts agree with what the store holds,
// read with SQL; and "Feedback geven" is in the menu exactly for those with
// open feedback requests (issue 16, "a home page per role").
func TestBrowserHomePerRole(t *testing.T) {
	if testing.Short() {
		t.Skip("signs in as every demo user in the browser")
	}
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	a := app.New(db, app.Config{})
	ctx := browsertest.NewWithTimeout(t, 2*time.Minute)
	todos := 0
	for _, login := range demoLogins {
		email := login + "@regiepool.test"
		var uid int64
		if err := db.Get(&uid, `SELECT id FROM app_user WHERE email = $1`, email); err != nil {
			t.Fatal(err)
		}
		h, err := a.Home(pgtest.ActorCtx(t, db, uid))
		if err != nil {
			t.Fatal(err)
		}
		browsertest.LogIn(t, ctx, srv.URL, email, demo.Password, func() string { return pgtest.OTP(t, demo.AdminTOTPSecret) })
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?start=1")); err != nil {
			t.Fatal(err)
		}
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]homeLink](`[...document.querySelectorAll("main section a")].map(a =>
			({section: a.closest("section").getAttribute("aria-labelledby"), href: a.getAttribute("href"), text: a.textContent.replace(/\s+/g, " ").trim()}))`))
		if err != nil {
			t.Fatal(err)
		}
		menu, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`nav[aria-label="Hoofdmenu"]`)))
		if err != nil {
			t.Fatal(err)
		}
		has := func(section, href, text string) {
			t.Helper()
			todos++
			for _, l := range links {
				if l.Section == section && l.Href == href && strings.Contains(l.Text, text) {
					return
				}
			}
			t.Errorf("%s: no link to %s saying %q in %s; links: %+v", email, href, text, section, links)
		}

		// Feedback asked of the user, for every role: the menu item and the
		// to-do come from one count.
		var asked int
		if err := db.Get(&asked, `SELECT count(*) FROM feedback_rater r JOIN feedback_round f ON f.id = r.round_id
			WHERE r.user_id = $1 AND r.submitted_at IS NULL AND f.status = 'open' AND f.deadline >= current_date`, uid); err != nil {
			t.Fatal(err)
		}
		if h.FeedbackRequests != asked {
			t.Errorf("%s: %d feedback requests on the start page, %d in the store", email, h.FeedbackRequests, asked)
		}
		if got := strings.Contains(menu, "Feedback geven"); got != (asked > 0) {
			t.Errorf("%s: \"Feedback geven\" in the menu: %v, with %d open requests", email, got, asked)
		}
		if asked > 0 {
			section := "home-feedback"
			if h.Regisseur != nil {
				section = "home-regisseur"
			}
			has(section, "/feedback", fmt.Sprintf("Feedbackverzoeken aan u: %d", asked))
		}

		if c := h.Coach; c != nil {
			var proposed, unanswered int
			if err := db.Get(&proposed, `SELECT count(*) FROM feedback_round f JOIN coach_regisseur cr ON cr.regisseur_id = f.regisseur_id
				WHERE cr.coach_user_id = $1 AND f.status = 'proposed'`, uid); err != nil {
				t.Fatal(err)
			}
			if err := db.Get(&unanswered, `SELECT count(*) FROM reflection x JOIN coach_regisseur cr ON cr.regisseur_id = x.regisseur_id
				WHERE cr.coach_user_id = $1 AND x.shared_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reflection_reply rr WHERE rr.reflection_id = x.id)`, uid); err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range c.Reflections {
				n += r.Unanswered
				has("home-begeleider", fmt.Sprintf("/regisseurs/%d/reflecties", r.RegisseurID), fmt.Sprintf("zonder antwoord: %d", r.Unanswered))
			}
			if len(c.ToApprove) != proposed || n != unanswered {
				t.Errorf("%s: %d rounds to approve and %d unanswered reflections on the start page, %d and %d in the store", email, len(c.ToApprove), n, proposed, unanswered)
			}
			for _, r := range c.ToApprove {
				has("home-begeleider", fmt.Sprintf("/feedbackrondes/%d", r.RoundID), "goedkeuren")
			}
			for _, r := range c.ToClose {
				has("home-begeleider", fmt.Sprintf("/feedbackrondes/%d", r.RoundID), "sluiten")
			}
			has("home-begeleider", "/begeleiding", "begeleidingsoverzicht")
			// The dashboard, where someone who is only a coach lands, shows
			// the same rounds.
			if len(c.ToApprove)+len(c.ToClose) > 0 {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/begeleiding")); err != nil {
					t.Fatal(err)
				}
				page := mustText(t, ctx, "main")
				if got := strings.Count(page, "wacht op uw goedkeuring"); got != len(c.ToApprove) {
					t.Errorf("%s: the dashboard shows %d rounds to approve, the start page %d", email, got, len(c.ToApprove))
				}
				if got := strings.Count(page, "u kunt de ronde sluiten"); got != len(c.ToClose) {
					t.Errorf("%s: the dashboard shows %d rounds to close, the start page %d", email, got, len(c.ToClose))
				}
			}
		}
		if r := h.Regisseur; r != nil {
			for _, e := range r.Evaluations {
				has("home-regisseur", fmt.Sprintf("/casussen/%d", e.CaseID), "Evaluatie van het gezinsplan van "+e.Reference)
			}
			if r.SelfAssessment != "" {
				has("home-regisseur", "/zelfbeoordeling", "zelfbeoordeling")
			}
			if r.Offers > 0 {
				has("home-regisseur", "/aanbiedingen", fmt.Sprintf("Aanbiedingen om te beantwoorden: %d", r.Offers))
			}
		}
		if d := h.Dispatcher; d != nil {
			has("home-werkverdeler", "/werkvoorraad", "werkvoorraad")
			if d.Urgent > 0 {
				has("home-werkverdeler", "/werkvoorraad#urgent-tabel", fmt.Sprintf("Crisis en hoog veiligheidsrisico: %d", d.Urgent))
			}
		}
		if o := h.OrgContact; o != nil && len(o.Rounds) > 0 {
			has("home-organisatie", "/pool/voordragen", "voordragen")
		}
		if h.Monitor {
			has("home-monitor", "/monitoring", "monitoringsoverzicht")
		}
		if h.Admin != nil {
			has("home-beheer", "/beheer/gebruikers", fmt.Sprintf("Gebruikers: %d", h.Admin.Users))
		}
		err = chromedp.Do(ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
			return chromedp.Void{}, err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d to-do links checked", todos)
}

// TestBrowserCloseRoundConfirms: closing a 360 round is final, so the coach
// must tick "Ik weet dat sluiten definitief is" first (the pages run no
// script: the server asks). Sent without the tick, the round stays open and
// the page says what to do, linked to the checkbox; ticked with the
// keyboard, the round closes (issue 16, item 4).
func TestBrowserCloseRoundConfirms(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	round, _, err := db.OpenFeedbackRound(pgtest.SystemCtx(), reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{{Group: "family"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	browsertest.LogIn(t, ctx, srv.URL, coach.Email, pgtest.Password)
	page := fmt.Sprintf("%s/feedbackrondes/%d", srv.URL, round.ID)
	closeButton := `form[action$="/sluiten"] button[type=submit]`
	err = chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.Focus(chromedp.CSS(closeButton)),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="#bevestigen"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	status := func() string {
		t.Helper()
		var s string
		if err := db.Get(&s, `SELECT status FROM feedback_round WHERE id = $1`, round.ID); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := status(); s != domain.RoundOpen {
		t.Fatalf("the round is %s after closing without the tick, want open", s)
	}
	if summary := mustText(t, ctx, `a[href="#bevestigen"]`); !strings.Contains(summary, "definitief") {
		t.Errorf("the error says %q", summary)
	}
	if inv, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("bevestigen").getAttribute("aria-invalid") || ""`)); err != nil || inv != "true" {
		t.Errorf("the checkbox: aria-invalid %q (%v), want true", inv, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS("#bevestigen")),
		chromedp.KeyEvent(" "),
		chromedp.Focus(chromedp.CSS(closeButton)),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`[role="status"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// [role=status] may be on the page before the answer arrives: give the
	// post a moment on a busy machine.
	s := status()
	for deadline := time.Now().Add(10 * time.Second); s != domain.RoundClosed && time.Now().Before(deadline); s = status() {
		time.Sleep(50 * time.Millisecond)
	}
	if s != domain.RoundClosed {
		t.Fatalf("the round is %s after closing with the tick, want closed", s)
	}
}
