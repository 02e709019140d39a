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

// TestBrowserCasePlanToClose walks a case from intake to close in the
// browser: a dispatcher registers it on the intake form (with the family's
// self-reliance on housing), assigns it to the top candidate, records the
// family plan drawn up with the family, an evaluation that ticks its goal
// and measures the self-reliance, and closes the case with the end
// conversation and the final check; the timeline and the self-reliance
// table show it all.
func TestBrowserCasePlanToClose(t *testing.T) {
	srv, db := newSecureServer(t)
	mun := pgtest.MustCreateMunicipality(t, db)
	org := pgtest.MustCreateOrganisation(t, db)
	disp := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 2, 20)
	later := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	ctx := browsertest.New(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/inloggen"),
		chromedp.SendKeys(chromedp.CSS("#email"), disp.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), pgtest.Password),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/uitloggen"]`)),
		chromedp.Navigate(srv.URL+"/casussen/nieuw"),
		chromedp.WaitVisible(chromedp.CSS("#reference")),
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
	submit("the intake",
		chromedp.SendKeys(chromedp.CSS("#reference"), "Z-301"),
		chromedp.SetValue(chromedp.CSS("#municipalityId"), fmt.Sprint(mun.ID)),
		tick("#parentsStruggle"),
		tick("#severalDomains"),
		tick("#highRisk"),
		tick("#lifeDomains-wonen"),
		tick("#lifeDomains-inkomen"),
		tick("#safetyRisk-high"),
		chromedp.SetValue(chromedp.CSS("#selfReliance-wonen"), "2"),
		chromedp.Submit(chromedp.CSS("#reference")))
	if got := mustText(t, ctx, "main"); !strings.Contains(got, "Z-301") || !strings.Contains(got, "Voldoet aan de werkdefinitie") {
		t.Fatalf("after the intake: %s", got)
	}
	submit("the assignment",
		chromedp.Focus(chromedp.CSS(`table.app-case-candidates button[type=submit]`)),
		chromedp.KeyEvent("\r"))
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
