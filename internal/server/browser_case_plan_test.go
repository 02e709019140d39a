package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"regiepool/internal/browsertest"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestBrowserCasePlanToClose: a dispatcher records the family plan drawn
// up with the family, an evaluation that ticks its goal and measures the
// self-reliance, and closes the case with the end conversation and the
// final check; the timeline and the self-reliance table show it all.
func TestBrowserCasePlanToClose(t *testing.T) {
	srv, db := newSecureServer(t)
	mun := pgtest.MustCreateMunicipality(t, db)
	org := pgtest.MustCreateOrganisation(t, db)
	member := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 2, 20)
	disp := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	c := domain.Case{Reference: "Z-301", MunicipalityID: mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high", SelfReliance: map[string]int{"wonen": 2}}
	ctxDisp := pgtest.ActorCtx(t, db, disp.ID)
	if err := db.CreateCase(ctxDisp, &c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Assign(ctxDisp, c.ID, member.ID); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("%s/casussen/%d", srv.URL, c.ID)
	later := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	ctx := browsertest.New(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/inloggen"),
		chromedp.SendKeys(chromedp.CSS("#email"), disp.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), pgtest.Password),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/uitloggen"]`)),
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.CSS("#gezinsplan-vastleggen")),
	)
	if err != nil {
		t.Fatal(err)
	}
	// tick ticks a checkbox or chooses a radio button with the keyboard.
	tick := func(sel string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent(" "))
	}
	// submit fills a form and sends it, waiting for the page that answers.
	submit := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		res, err := chromedp.RunResponse(ctx, steps...)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if res.Status != 200 || !strings.Contains(res.URL, "=1") {
			t.Fatalf("%s: %d at %s\n%s", what, res.Status, res.URL, mustText(t, ctx, "main"))
		}
	}
	submit("the plan",
		tick("#planParticipants-parent"),
		chromedp.SetValue(chromedp.CSS("#goalDomain-1"), "wonen"),
		chromedp.SendKeys(chromedp.CSS("#goal-1"), "Vaste woning"),
		chromedp.SetValue(chromedp.CSS("#goalWho-1"), "regisseur"),
		chromedp.SendKeys(chromedp.CSS("#goalAction-1"), "Urgentie aanvragen"),
		chromedp.SetValue(chromedp.CSS("#agreementDate"), later),
		tick("#agreementParticipants-parent"),
		chromedp.Submit(chromedp.CSS("#goal-1")))
	submit("the evaluation",
		tick("#evalParticipants-parent"),
		tick("#evalGoals-1"),
		chromedp.SetValue(chromedp.CSS("#evalSelfReliance-wonen"), "4"),
		chromedp.Submit(chromedp.CSS("#evalOn")))
	submit("the close",
		chromedp.SetValue(chromedp.CSS("#closeReason"), "goals_reached"),
		tick("#endHeld-nee"),
		tick("#helpWorks-ja"),
		tick("#familyDirects-ja"),
		tick("#closeConfirm"),
		chromedp.Submit(chromedp.CSS("#closeReason")))
	timeline := mustText(t, ctx, "#logboek ~ div table")
	for _, want := range []string{"Gezinsplan gemaakt", "Doel: Wonen – Vaste woning", "Evaluatie gehouden", "Vaste woning (bereikt)",
		"Zelfredzaamheid wonen: 2 → 4", "Afgesloten", "Geen eindgesprek gevoerd", "Hulp werkt: ja"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q:\n%s", want, timeline)
		}
	}
	if table := mustText(t, ctx, "#zelfredzaamheid ~ div table"); !strings.Contains(table, "+2") {
		t.Errorf("self-reliance table: %q", table)
	}
}
