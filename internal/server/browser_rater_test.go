package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"regiepool/internal/browsertest"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestBrowserExternalRater: a family member opens their link on a phone-sized
// screen, answers the plain-language form by tapping the radio buttons, sends
// it and sees the confirmation; the link then no longer works.
func TestBrowserExternalRater(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	_, links, err := db.OpenFeedbackRound(pgtest.SystemCtx(), reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{{Group: "family"}})
	if err != nil || len(links) != 1 {
		t.Fatalf("open round: %v", err)
	}
	ctx := browsertest.New(t)
	url := srv.URL + "/beoordelen/" + links[0].Token
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 740), chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	heading, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(heading+mustText(t, ctx, "main"), reg.Name) {
		t.Errorf("the form does not name the regisseur %q", reg.Name)
	}
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('input[type=radio][value="4"]')].map(e => e.id)`))
	if err != nil || len(ids) == 0 {
		t.Fatalf("no answer options on the form: %v", err)
	}
	for _, id := range ids {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#"+id))); err != nil {
			t.Fatalf("tap %s: %v", id, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[value="indienen"]`))); err != nil {
		t.Fatal(err)
	}
	// The confirmation is a status alert, which the form page does not have.
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`.utrecht-alert--ok[role="status"]`))); err != nil {
		t.Fatalf("no confirmation after sending: %v", err)
	}
	if page := mustText(t, ctx, "main"); !strings.Contains(page, "Bedankt") {
		t.Fatalf("no confirmation after sending: %q", page)
	}
	var responses int
	if err := db.Get(&responses, `SELECT count(*) FROM feedback_response`); err != nil || responses != 1 {
		t.Fatalf("%d responses stored (%v), want 1", responses, err)
	}
	if res, _ := do(t, "GET", url, ""); res.StatusCode != 410 {
		t.Errorf("the used link answers %d, want 410", res.StatusCode)
	}
}

func mustText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	txt, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return txt
}
