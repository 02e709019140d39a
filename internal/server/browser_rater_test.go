package server_test

import (
	"context"
	"fmt"
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
	// One question per step: tap "4" and go on until the last step.
	for step := 1; ; step++ {
		if step > 20 {
			t.Fatal("no last step after 20 steps")
		}
		summary, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('button[value="indienen"]')`))
		if err != nil {
			t.Fatal(err)
		}
		if summary {
			break
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[type=radio][value="4"]`)),
			chromedp.Click(chromedp.CSS(`button[value="volgende"]`)),
			chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`input[name="stap"][value="%d"]`, step+1)))); err != nil {
			t.Fatalf("step %d: %v", step, err)
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

// TestBrowserExternalRaterResumes: a partner answers half of the questions
// step by step, leaves, opens the same link again, sees how far they got
// and their answers, and finishes; nothing of the draft is left after.
func TestBrowserExternalRaterResumes(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	_, links, err := db.OpenFeedbackRound(pgtest.SystemCtx(), reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{{Group: "partner"}})
	if err != nil || len(links) != 1 {
		t.Fatalf("open round: %v", err)
	}
	ctx := browsertest.New(t)
	url := srv.URL + "/beoordelen/" + links[0].Token
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 740), chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	answerStep := func(step int) { answerRaterStep(t, ctx, step) }
	for step := 1; step <= 5; step++ {
		answerStep(step)
	}
	// Leave, and come back with the same link.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS(`input[name="stap"][value="6"]`))); err != nil {
		t.Fatalf("resume does not open on step 6: %v", err)
	}
	if progress := mustText(t, ctx, "#voortgang"); !strings.Contains(progress, "5 van 23 vragen beantwoord") {
		t.Errorf("progress after resuming: %q, want 5 van 23", progress)
	}
	// "Vorige" shows the answer given before leaving.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[value="vorige"]`)), chromedp.WaitReady(chromedp.CSS(`input[name="stap"][value="5"]`))); err != nil {
		t.Fatal(err)
	}
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('input[type=radio][value="4"]:checked')`))
	if err != nil || !checked {
		t.Fatalf("step 5 does not show the saved answer (%v)", err)
	}
	answerRaterStepsToEnd(t, ctx, 5)
	if page := mustText(t, ctx, "main"); !strings.Contains(page, "U heeft alle 23 vragen beantwoord") {
		t.Fatalf("summary: %q", page)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[value="indienen"]`)), chromedp.WaitVisible(chromedp.CSS(`.utrecht-alert--ok[role="status"]`))); err != nil {
		t.Fatalf("no confirmation after sending: %v", err)
	}
	var drafts, answers int
	if err := db.Get(&drafts, `SELECT count(*) FROM feedback_draft`); err != nil || drafts != 0 {
		t.Errorf("%d draft rows after sending (%v)", drafts, err)
	}
	if err := db.Get(&answers, `SELECT count(*) FROM feedback_answer`); err != nil || answers != 23 {
		t.Errorf("%d answers stored (%v), want 23", answers, err)
	}
}

// answerRaterStep taps "4" on every question of the rater form's step and
// saves it with "Opslaan en verder".
func answerRaterStep(t *testing.T, ctx context.Context, step int) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('input[type=radio][value="4"]')].forEach(e => e.click()), true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[value="volgende"]`)),
		chromedp.WaitReady(chromedp.CSS(fmt.Sprintf(`input[name="stap"][value="%d"]`, step+1)))); err != nil {
		t.Fatalf("step %d: %v", step, err)
	}
}

// answerRaterStepsToEnd answers the steps from step on until the last one,
// the step that sends.
func answerRaterStepsToEnd(t *testing.T, ctx context.Context, step int) {
	t.Helper()
	for ; ; step++ {
		if step > 30 {
			t.Fatal("no last step")
		}
		last, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('button[value="indienen"]')`))
		if err != nil {
			t.Fatal(err)
		}
		if last {
			return
		}
		answerRaterStep(t, ctx, step)
	}
}
