package server_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"regiepool/internal/apitest"
	"regiepool/internal/app"
	"regiepool/internal/browsertest"
	"regiepool/internal/domain"
	"regiepool/internal/mail"
	"regiepool/internal/mailtest"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// TestBrowserRaterInvitationByEmail: the 360 journey in one browser. A coach
// opens a round with one external partner, types the partner's address
// beside the link and has it mailed; the invitation arrives at the test SMTP
// server with the link; the partner answers half, leaves, comes back through
// the mailed link where they were and sends; no reminder goes out after; the
// coach closes the round after confirming.
func TestBrowserRaterInvitationByEmail(t *testing.T) {
	db := pgtest.NewDB(t)
	var h http.Handler
	srv := apitest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	var err error
	if h, err = server.New(server.Deps{DB: db, Log: pgtest.Logger(), SecureCookies: true, PublicURL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	smtp := mailtest.Start(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})

	ctx := browsertest.New(t)
	err = chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/inloggen"),
		chromedp.SendKeys(chromedp.CSS("#email"), coach.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), pgtest.Password),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/uitloggen"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/regisseurs/%d/ontwikkeling", srv.URL, reg.ID)),
		chromedp.SetValue(chromedp.CSS(`input[name="deadline"]`), deadline),
		chromedp.SetValue(chromedp.CSS(`input[name="extern-partner"]`), "1"),
		chromedp.Submit(chromedp.CSS(`input[name="extern-partner"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#email-1`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	shown := mustText(t, ctx, "#link-1")
	if !strings.HasPrefix(shown, srv.URL+"/beoordelen/rpr_") {
		t.Fatalf("the link is not shown in full: %q", shown)
	}
	if hidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('button[data-copy="link-1"]').hidden`)); err != nil || hidden {
		t.Errorf("the copy button stays hidden with JavaScript on (%v)", err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#email-1"), "partner@voorbeeld.nl"),
		chromedp.Submit(chromedp.CSS("#email-1")),
		chromedp.WaitVisible(chromedp.CSS(`.app-link-mailed`)),
	)
	if err != nil {
		t.Fatal(err)
	}

	// The outbox worker delivers the invitation.
	sender, err := mail.New(mail.Config{Host: smtp.Host(), Port: smtp.Port(), TLS: mail.TLSNone, From: "Regiepool <noreply@regiepool.test>"})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := app.New(db, app.Config{}).DeliverOutbox(context.Background(), sender, pgtest.Logger()); err != nil || n != 1 {
		t.Fatalf("delivered %d, %v; want the invitation", n, err)
	}
	got := smtp.WaitFor(1, 5*time.Second)[0]
	if got.To[0] != "partner@voorbeeld.nl" || got.HTML == "" {
		t.Fatalf("arrived for %v (HTML part %d bytes)", got.To, len(got.HTML))
	}
	link := regexp.MustCompile(regexp.QuoteMeta(srv.URL) + `/beoordelen/rpr_[A-Za-z0-9_-]+`).FindString(got.Text)
	if link != shown {
		t.Fatalf("the mailed link %q is not the one shown %q", link, shown)
	}

	// The partner opens the link from the mail, answers half the steps and
	// leaves; the same link brings them back where they were, and they send.
	err = chromedp.Do(ctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if page := mustText(t, ctx, "main"); !strings.Contains(page, reg.Name) {
		t.Fatalf("the form does not name the regisseur: %q", page)
	}
	for step := 1; step <= 3; step++ {
		answerRaterStep(t, ctx, step)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(link),
		chromedp.WaitReady(chromedp.CSS(`input[name="stap"][value="4"]`))); err != nil {
		t.Fatalf("the mailed link does not resume at step 4: %v", err)
	}
	if progress := mustText(t, ctx, "#voortgang"); !regexp.MustCompile(`\b\d+ van 23 vragen beantwoord`).MatchString(progress) ||
		strings.Contains(progress, " 0 van 23") {
		t.Errorf("progress after resuming: %q", progress)
	}
	answerRaterStepsToEnd(t, ctx, 4)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[value="indienen"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.utrecht-alert--ok[role="status"]`))); err != nil {
		t.Fatalf("no confirmation after sending: %v", err)
	}
	var responses int
	if err := db.Get(&responses, `SELECT count(*) FROM feedback_response WHERE rater_group = 'partner'`); err != nil || responses != 1 {
		t.Fatalf("%d partner responses stored (%v), want 1", responses, err)
	}
	// Its reminders are no longer needed.
	if _, err := db.Exec(`UPDATE outbox_message SET next_attempt_at = now() WHERE status = 'pending'`); err != nil {
		t.Fatal(err)
	}
	if n, err := app.New(db, app.Config{}).DeliverOutbox(context.Background(), sender, pgtest.Logger()); err != nil || n != 0 {
		t.Errorf("after the answer %d reminders went out (%v), want none", n, err)
	}

	// The coach closes the round: a confirmation first, then closed.
	var roundID int64
	if err := db.Get(&roundID, `SELECT id FROM feedback_round WHERE regisseur_id = $1`, reg.ID); err != nil {
		t.Fatal(err)
	}
	closeButton := `form[action$="/sluiten"] button[type=submit]`
	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/feedbackrondes/%d", srv.URL, roundID)),
		chromedp.Click(chromedp.CSS(closeButton)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="#bevestigen"]`)),
		chromedp.Click(chromedp.CSS("#bevestigen")),
		chromedp.Click(chromedp.CSS(closeButton)),
		chromedp.WaitVisible(chromedp.CSS(`[role="status"]`)),
	)
	if err != nil {
		t.Fatalf("closing the round: %v", err)
	}
	// [role=status] may be on the page before the answer arrives: give the
	// post a moment on a busy machine.
	var status string
	for deadline := time.Now().Add(10 * time.Second); status != domain.RoundClosed && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err := db.Get(&status, `SELECT status FROM feedback_round WHERE id = $1`, roundID); err != nil {
			t.Fatal(err)
		}
	}
	if status != domain.RoundClosed {
		t.Fatalf("the round is %q after the coach closed it", status)
	}
}
