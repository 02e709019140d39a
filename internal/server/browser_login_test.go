package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"regiepool/internal/browsertest"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestBrowserLogin logs in through the form in chromium with the production
// cookie settings (__Host-, Secure), lands on the start page greeted by
// name, and logs out again with the keyboard-reachable button, landing on the
// log-in page that says so.
func TestBrowserLogin(t *testing.T) {
	srv, db := newSecureServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Name: "Femke Werkverdeler", Roles: []domain.Role{domain.RoleAdmin}})
	ctx := browsertest.New(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/inloggen"),
		chromedp.SendKeys(chromedp.CSS("#email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), "wrong-password-x"),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".utrecht-alert--error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	alert, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("[role=alert]")))
	if err != nil || !strings.Contains(alert, "onjuist") {
		t.Fatalf("error message %q, %v", alert, err)
	}
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#email")))
	if err != nil || kept != u.Email {
		t.Fatalf("e-mail field after a failed log-in: %q, want it kept", kept)
	}
	// An admin must set up a second factor before anything else: the
	// secret is shown as text beside the QR code; the first code confirms
	// it, the recovery codes are shown once, and the user goes on.
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#password"), pgtest.Password),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".app-totp-secret")),
	)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".app-totp-secret")))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), pgtest.OTP(t, strings.TrimSpace(secret))),
		chromedp.Click(chromedp.CSS("form[action='/account/tweestapsverificatie'] button")),
		chromedp.WaitVisible(chromedp.CSS(".app-recovery-codes")),
		chromedp.Click(chromedp.CSS("main a[href='/']")),
		chromedp.WaitVisible(chromedp.CSS(".utrecht-alert--info")),
	)
	if err != nil {
		t.Fatal(err)
	}
	welcome, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".utrecht-alert--info")))
	if err != nil || !strings.Contains(welcome, "Femke Werkverdeler") || !strings.Contains(welcome, "Functioneel beheerder") {
		t.Fatalf("welcome %q, %v", welcome, err)
	}
	// Log out with the keyboard: focus the button and press Enter.
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS("form[action='/uitloggen'] button")),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("[role=status]")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("[role=status]"))); err != nil || !strings.Contains(status, "U bent uitgelogd.") {
		t.Fatalf("after log-out: status %q, %v; want \"U bent uitgelogd.\"", status, err)
	}
}

// TestBrowserLogoutEverywhere reaches "Overal uitloggen" with the keyboard
// from "Uitloggen", checks what a screen reader announces for it, presses
// Enter, and finds the confirmation and a dead API token.
func TestBrowserLogoutEverywhere(t *testing.T) {
	srv, db := newSecureServer(t)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	token := pgtest.MustAccessToken(t, db, u.ID)
	ctx := browsertest.New(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/inloggen"),
		chromedp.SendKeys(chromedp.CSS("#email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), pgtest.Password),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".utrecht-alert--info")),
		chromedp.Focus(chromedp.CSS("form[action='/uitloggen'] button")),
		chromedp.KeyEvent("\t"),
	)
	if err != nil {
		t.Fatal(err)
	}
	type focused struct {
		Text        string `json:"text"`
		Description string `json:"description"`
	}
	f, err := chromedp.Run(ctx, chromedp.Evaluate[focused](`(() => {
		const b = document.activeElement;
		const d = document.getElementById(b.getAttribute("aria-describedby") || "");
		return {text: b.textContent.trim(), description: d ? d.textContent.trim() : ""};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if f.Text != "Overal uitloggen" || !strings.Contains(f.Description, "andere apparaten") || !strings.Contains(f.Description, "API-tokens") {
		t.Fatalf("after Tab from Uitloggen the focus is on %+v, want Overal uitloggen with its description", f)
	}
	err = chromedp.Do(ctx,
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS("[role=status]")),
	)
	if err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("[role=status]")))
	if err != nil || !strings.Contains(status, "U bent overal uitgelogd") {
		t.Fatalf("confirmation %q, %v", status, err)
	}
	if res, _ := do(t, "GET", srv.URL+"/api/v1/me", "", "Authorization", "Bearer "+token); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("API token after Overal uitloggen: %d, want 401", res.StatusCode)
	}
}
