package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// The family plan, an evaluation against it with the self-reliance, and
// the close with its end conversation and final check, through the case
// page (issue 13, items 2, 4 and 7).
func TestCasePlanEvaluationAndClose(t *testing.T) {
	e := newCaseWebEnv(t)
	anna := e.member(t, "Anna Amrani", e.otherOrg.ID, 3, 16)
	c := domain.Case{Reference: "2026-0700", MunicipalityID: e.mun.ID, ParentsStruggle: true, SeveralDomains: true, HighRisk: true,
		LifeDomains: []string{"veiligheid", "wonen"}, SafetyRisk: "high", InvolvedOrganisationIDs: []int64{e.org.ID},
		SelfReliance: map[string]int{"wonen": 2, "veiligheid": 1}}
	if err := e.db.CreateCase(pgtest.ActorCtx(t, e.db, e.dispatcher.ID), &c); err != nil {
		t.Fatal(err)
	}
	e.assign(t, c, anna)
	path := "/casussen/" + id(c.ID)
	today := time.Now().Format("2006-01-02")
	later := time.Now().AddDate(0, 2, 0).Format("2006-01-02")

	body := e.get(t, e.dispatcherCookie, path)
	for _, want := range []string{"Gezinsplan vastleggen", "Evaluatie vastleggen", "Er is nog geen gezinsplan met doelen.", `name="step" value="plan"`,
		"Zelfredzaamheid door de tijd"} {
		if !strings.Contains(body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}

	// A plan with a half-filled goal row and no evaluation agreement: every
	// fault at once, linked to its control; nothing stored.
	res := e.do(t, e.dispatcherCookie, "POST", path+"/logboek", url.Values{"step": {"plan"}, "planKind": {"plan_made"}, "planOn": {today},
		"goal-2": {"Vaste woning"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("incomplete plan: %d, want 400\n%s", res.status, res.body)
	}
	checkAccessible(t, path+" (plan)", res.body)
	for _, want := range []string{`href="#planParticipants-parent"`, `href="#goalDomain-2"`, `href="#goalWho-2"`, `href="#goalAction-2"`, `href="#agreementDate"`,
		`value="Vaste woning"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("refused plan lacks %s", want)
		}
	}

	e.post(t, e.dispatcherCookie, path+"/logboek", url.Values{"step": {"plan"}, "planKind": {"plan_made"}, "planOn": {today},
		"planParticipants": {"parent", "young_person"}, "planOrganisationIds": {id(e.org.ID)},
		"goalDomain-1": {"wonen"}, "goal-1": {"Vaste woning"}, "goalWho-1": {"org-" + id(e.org.ID)}, "goalAction-1": {"Urgentieaanvraag indienen"},
		"goalDomain-3": {"veiligheid"}, "goal-3": {"Veiligheidsplan werkt"}, "goalWho-3": {"parent"}, "goalAction-3": {"Afspraken nakomen"},
		"agreementDate": {later}, "agreementParticipants": {"parent"}}, path+"?opgeslagen=1#logboek")

	body = e.get(t, e.dispatcherCookie, path)
	for _, want := range []string{"Gezinsplan gemaakt", "Doel: Wonen – Vaste woning (wie: ", "wat: Urgentieaanvraag indienen", "Evaluatie afgesproken: ",
		`<input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id="evalGoals-1" name="evalGoals" value="1">`, "Veiligheid – Veiligheidsplan werkt"} {
		if !strings.Contains(body, want) {
			t.Errorf("case page after the plan lacks %q", want)
		}
	}
	plan := domain.LatestPlan(e.events(t, c.ID))
	if plan == nil || !plan.Details.WithFamily() || len(plan.Details.PlanGoals) != 2 || plan.Details.PlanGoals[0].OrganisationID == nil {
		t.Fatalf("stored plan: %+v", plan)
	}

	// The evaluation ticks the first goal and measures the self-reliance.
	e.post(t, e.dispatcherCookie, path+"/logboek", url.Values{"step": {"evaluation"}, "evalPlanId": {id(plan.ID)}, "evalOn": {today},
		"evalParticipants": {"parent"}, "evalGoals": {"1"}, "evalPlanAdjusted": {"nee"}, "evalSelfReliance-wonen": {"4"}}, path+"?opgeslagen=1#logboek")
	if got := e.stored(t, c.ID).SelfReliance; got["wonen"] != 4 || got["veiligheid"] != 1 {
		t.Fatalf("self-reliance after the evaluation = %v, want wonen 4 and veiligheid kept at 1", got)
	}
	body = e.get(t, e.dispatcherCookie, path)
	for _, want := range []string{"Doel: Wonen – Vaste woning (bereikt)", "Doel: Veiligheid – Veiligheidsplan werkt (niet bereikt)",
		"verandering: Zelfredzaamheid wonen: 2 → 4", `<th class="utrecht-table__header-cell" scope="row">Wonen</th>`, ">+2</td>"} {
		if !strings.Contains(body, want) {
			t.Errorf("case page after the evaluation lacks %q", want)
		}
	}

	// A stale evaluation form (the plan was adjusted since) is refused.
	res = e.do(t, e.dispatcherCookie, "POST", path+"/logboek", url.Values{"step": {"evaluation"}, "evalPlanId": {"0"}, "evalOn": {today}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#evalGoals-1"`) {
		t.Fatalf("stale evaluation: %d, want 400 linked to the goals\n%s", res.status, res.body)
	}

	// Closing without the final check's why-not is refused with the error
	// on its control; the other input stays.
	res = e.do(t, e.dispatcherCookie, "POST", path+"/afsluiten", url.Values{"closeReason": {"other"}, "closeConfirm": {"ja"}, "endHeld": {"ja"},
		"endDate": {today}, "endParticipants": {"parent"}, "helpWorks": {"ja"}, "familyDirects": {"nee"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("close without why-not: %d, want 400\n%s", res.status, res.body)
	}
	checkAccessible(t, path+" (close)", res.body)
	for _, want := range []string{`href="#whyNot"`, `href="#closeReasonText"`, `id="endHeld-ja" name="endHeld" value="ja" checked`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("refused close lacks %s", want)
		}
	}
	if e.stored(t, c.ID).Status == domain.CaseClosed {
		t.Fatal("closed without the final check")
	}
	e.post(t, e.dispatcherCookie, path+"/afsluiten", url.Values{"closeReason": {"other"}, "closeReasonText": {"Gezin kiest zelf voor een andere aanpak."},
		"closeConfirm": {"ja"}, "endHeld": {"ja"}, "endDate": {today}, "endParticipants": {"parent", "young_person"}, "endOrganisationIds": {id(e.org.ID)},
		"helpWorks": {"ja"}, "familyDirects": {"nee"}, "whyNot": {"De schulden zijn nog niet opgelost."}, "closeSelfReliance-veiligheid": {"3"}},
		path+"?afgesloten=1")
	got := e.stored(t, c.ID)
	if got.Closure == nil || got.Closure.EndConversation == nil || !*got.Closure.EndConversation.Held || got.SelfReliance["veiligheid"] != 3 {
		t.Fatalf("stored closure: %+v, self-reliance %v", got.Closure, got.SelfReliance)
	}
	body = e.get(t, e.dispatcherCookie, path)
	for _, want := range []string{"Afschalen: eindgesprek en eindcheck", "Toelichting: Gezin kiest zelf voor een andere aanpak.", "Eindgesprek gevoerd op ",
		"Gezin voert zelf de regie: nee", "Waarom niet: De schulden zijn nog niet opgelost.", "Zelfredzaamheid veiligheid: 1 → 3", "Afsluiting "} {
		if !strings.Contains(body, want) {
			t.Errorf("closed case page lacks %q", want)
		}
	}
	if strings.Contains(body, "Gezinsplan vastleggen") {
		t.Error("a closed case still offers the plan form")
	}
}

func (e *caseWebEnv) events(t *testing.T, caseID int64) []domain.CaseEvent {
	t.Helper()
	es, _, err := e.db.FindCaseEvents(pgtest.SystemCtx(), caseID, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	return es
}
