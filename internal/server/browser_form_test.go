package server_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"regiepool/internal/browsertest"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestBrowserRequiredFieldNeutralUntilSent: a required textarea that is still
// empty on a fresh form has the normal border, not the error border (the
// Utrecht CSS styles :invalid); after sending the form empty, the server marks
// it and it gets the error style.
func TestBrowserRequiredFieldNeutralUntilSent(t *testing.T) {
	srv, db := newSecureServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID, OrganisationID: &org.ID})
	ctx := browsertest.New(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/inloggen"),
		chromedp.SendKeys(chromedp.CSS("#email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), pgtest.Password),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/uitloggen"]`)),
		chromedp.Navigate(srv.URL+"/reflecties"),
		chromedp.WaitVisible(chromedp.CSS("textarea#body")),
	)
	if err != nil {
		t.Fatal(err)
	}
	type look struct {
		Invalid bool   `json:"invalid"`
		Border  string `json:"border"`
		Normal  string `json:"normal"`
		Error   string `json:"error"`
	}
	// Normal and error colours are read from the theme's own tokens, resolved
	// on probe elements, so the test does not hard-code a palette.
	const probe = `(() => {
		const el = document.querySelector("textarea#body");
		const tone = (v) => { const d = document.createElement("div"); d.style.borderColor = "var(" + v + ")"; d.style.borderStyle = "solid";
			document.body.appendChild(d); const c = getComputedStyle(d).borderTopColor; d.remove(); return c; };
		return {invalid: el.matches(":invalid"), border: getComputedStyle(el).borderTopColor,
			normal: tone("--utrecht-textarea-border-color"), error: tone("--basis-form-control-invalid-border-color")};
	})()`
	fresh, err := chromedp.Run(ctx, chromedp.Evaluate[look](probe))
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Normal == fresh.Error {
		t.Fatalf("theme tokens do not differ: %+v", fresh)
	}
	if !fresh.Invalid || fresh.Border != fresh.Normal {
		t.Fatalf("fresh form: the empty required textarea looks %+v, want the normal border", fresh)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/reflecties"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`textarea#body[aria-invalid="true"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	sent, err := chromedp.Run(ctx, chromedp.Evaluate[look](probe))
	if err != nil {
		t.Fatal(err)
	}
	if sent.Border != sent.Error {
		t.Fatalf("after sending it empty: the textarea looks %+v, want the error border", sent)
	}
}
