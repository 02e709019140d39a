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

// TestBrowserAssignCase: a dispatcher opens a waiting case, assigns it to the
// top candidate with the keyboard-reachable button, and on the next case
// sees that regisseur's capacity drop from "0 van 2" to "1 van 2".
func TestBrowserAssignCase(t *testing.T) {
	srv, db := newSecureServer(t)
	mun := pgtest.MustCreateMunicipality(t, db)
	org := pgtest.MustCreateOrganisation(t, db)
	pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 2, 20)
	disp := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	var ids []int64
	for _, ref := range []string{"Z-101", "Z-102"} {
		c := domain.Case{Reference: ref, MunicipalityID: mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high"}
		if err := db.CreateCase(pgtest.SystemCtx(), &c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	ctx := browsertest.New(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/inloggen"),
		chromedp.SendKeys(chromedp.CSS("#email"), disp.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), pgtest.Password),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/uitloggen"]`)),
		chromedp.Navigate(fmt.Sprintf("%s/casussen/%d", srv.URL, ids[0])),
		chromedp.WaitVisible(chromedp.CSS("table.app-case-candidates")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if before := mustText(t, ctx, "table.app-case-candidates"); !strings.Contains(before, "0 van 2") {
		t.Fatalf("capacity before: %q", before)
	}
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(`table.app-case-candidates button[type=submit]`)),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`[role="status"], .utrecht-alert--ok`)),
		chromedp.Navigate(fmt.Sprintf("%s/casussen/%d", srv.URL, ids[1])),
		chromedp.WaitVisible(chromedp.CSS("table.app-case-candidates")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if after := mustText(t, ctx, "table.app-case-candidates"); !strings.Contains(after, "1 van 2") {
		t.Fatalf("capacity after assigning: %q", after)
	}
}
