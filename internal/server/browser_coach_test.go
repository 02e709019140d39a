package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"regiepool/internal/browsertest"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestBrowserCoachLogsIntervisie: a coach logs in (and lands on the
// dashboard), logs a session with two attendees and one absentee, and sees
// the attendance figures on the dashboard change.
func TestBrowserCoachLogsIntervisie(t *testing.T) {
	srv, db := newSecureServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	a, b, c := pgtest.MustCreateRegisseur(t, db, org.ID), pgtest.MustCreateRegisseur(t, db, org.ID), pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{a.ID, b.ID, c.ID}})
	ctx := browsertest.New(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/inloggen"),
		chromedp.SendKeys(chromedp.CSS("#email"), coach.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), pgtest.Password),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/uitloggen"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/begeleiding") {
		t.Fatalf("a coach lands on %s, want the dashboard", loc)
	}
	if page := mustText(t, ctx, "main"); strings.Contains(page, "1 van 1 bijgewoond") {
		t.Fatalf("attendance before any session: %q", page)
	}
	radio := func(reg int64, value string) chromedp.Action[chromedp.Void] {
		return chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name="deelname-%d"][value=%q]`, reg, value)))
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/intervisie/nieuw"),
		chromedp.SetValue(chromedp.CSS(`input[name="heldOn"]`), "2026-11-20"),
		chromedp.SetValue(chromedp.CSS(`input[name="durationMinutes"]`), "90"),
		chromedp.Click(chromedp.CSS(`input[name="form"][value="intervisie"]`)),
		radio(a.ID, "aanwezig"), radio(b.ID, "aanwezig"), radio(c.ID, "afwezig"),
		chromedp.SendKeys(chromedp.CSS(`textarea[name="notes"]`), "Casus over grenzen stellen besproken."),
	)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Submit(chromedp.CSS(`textarea[name="notes"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.utrecht-alert--ok, [role="alert"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if page := mustText(t, ctx, "main"); strings.Contains(page, "Niet opgeslagen") {
		t.Fatalf("after saving the session: %q", page)
	}
	var rows []struct {
		Reg      int64 `db:"regisseur_id"`
		Attended bool  `db:"attended"`
	}
	if err := db.Select(&rows, `SELECT regisseur_id, attended FROM intervisie_participant ORDER BY regisseur_id`); err != nil || len(rows) != 3 {
		t.Fatalf("participants stored: %+v %v", rows, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/begeleiding"),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	if err != nil {
		t.Fatal(err)
	}
	page := mustText(t, ctx, "main")
	if strings.Count(page, "1 van 1 bijgewoond") != 2 || strings.Count(page, "0 van 1 bijgewoond") != 1 {
		t.Fatalf("dashboard after logging the session: %q", page)
	}
}
