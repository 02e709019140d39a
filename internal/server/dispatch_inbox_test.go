package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"regiepool/internal/app"
	"regiepool/internal/auth"
	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// The [scores] rules of testdata/authz.txt for the inbox: no role sees a
// score in it, though the rule environment's waiting case has a member to
// rank.
func init() {
	ruleChecks["GET /api/v1/dispatch-inbox[scores]"] = func(t *testing.T, e *ruleEnv, role string) bool {
		status, body := e.send(t, role, "GET", "/api/v1/dispatch-inbox", "")
		return status == http.StatusOK && (strings.Contains(body, `"score"`) || strings.Contains(body, `"total"`))
	}
	ruleChecks["GET /werkvoorraad[scores]"] = func(t *testing.T, e *ruleEnv, role string) bool {
		status, body := e.send(t, role, "GET", "/werkvoorraad", "")
		return status == http.StatusOK && (strings.Contains(body, "Score") || strings.Contains(body, "Totale passing"))
	}
}

// inboxEnv is a dispatcher's municipality A with cases in every section of
// the inbox, and a municipality B with a dispatcher of its own.
type inboxEnv struct {
	db                  *postgres.DB
	dispA, dispB, admin domain.User
	// In A, in the order the urgent section lists them.
	urgent []int64
	// unqualified: everyone in A is excluded; expiring: held by an offer
	// that expires within a working day; returned: its offer was declined;
	// normal: a plain waiting case; crisisB: a crisis case in B.
	unqualified, expiring, returned, normal, crisisB int64
	// newcomers in A with room, and memberB in B.
	newcomers []int64
	memberB   int64
}

func newInboxEnv(t *testing.T, db *postgres.DB) *inboxEnv {
	t.Helper()
	ctx := pgtest.SystemCtx()
	e := &inboxEnv{db: db}
	munA, munB := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
	org1, org2, org3, org4 := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db),
		pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	e.dispA = pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{munA.ID}})
	e.dispB = pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{munB.ID}})
	e.admin = pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	// In A: full has had a case and has no slot left; m2 and m3 never had
	// one and have room; held never had one, but an offer holds its only slot.
	full := pgtest.MustCreateActiveMember(t, db, org1.ID, []int64{munA.ID}, 1, 20).ID
	m2 := pgtest.MustCreateActiveMember(t, db, org2.ID, []int64{munA.ID}, 3, 20).ID
	m3 := pgtest.MustCreateActiveMember(t, db, org3.ID, []int64{munA.ID}, 2, 10).ID
	held := pgtest.MustCreateActiveMember(t, db, org4.ID, []int64{munA.ID}, 1, 20).ID
	e.newcomers = []int64{m2, m3}
	e.memberB = pgtest.MustCreateActiveMember(t, db, org1.ID, []int64{munB.ID}, 2, 16).ID

	newCase := func(ref string, mun int64, urgency int, risk string, orgs ...int64) int64 {
		c := domain.Case{Reference: ref, MunicipalityID: mun, ParentsStruggle: true, SeveralDomains: true, HighRisk: risk == domain.RiskHigh,
			SafetyRisk: risk, Urgency: urgency, LifeDomains: []string{"wonen", "inkomen"}, InvolvedOrganisationIDs: orgs}
		if err := db.CreateCase(ctx, &c); err != nil {
			t.Fatalf("case %s: %v", ref, err)
		}
		return c.ID
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	first := newCase("I-0", munA.ID, domain.UrgencyNormal, domain.RiskLow)
	if _, err := db.Assign(ctx, first, full); err != nil {
		t.Fatal(err)
	}
	crisisOld := newCase("I-1", munA.ID, domain.UrgencyCrisis, domain.RiskMedium)
	highRisk := newCase("I-2", munA.ID, domain.UrgencyNormal, domain.RiskHigh)
	crisisHigh := newCase("I-3", munA.ID, domain.UrgencyCrisis, domain.RiskHigh)
	crisisNew := newCase("I-4", munA.ID, domain.UrgencyCrisis, domain.RiskMedium)
	exec(`UPDATE complex_case SET created_at = now() - interval '5 days' WHERE id = $1`, crisisOld)
	// The family already has org2 and org3 in its care: m2 and m3 are not
	// independent, full has no slot, held's slot is held.
	e.unqualified = newCase("I-5", munA.ID, domain.UrgencyHigh, domain.RiskMedium, org2.ID, org3.ID, org4.ID)
	e.normal = newCase("I-6", munA.ID, domain.UrgencyNormal, domain.RiskLow)
	// A crisis case held by an offer waits for the regisseur's answer.
	e.expiring = newCase("I-7", munA.ID, domain.UrgencyCrisis, domain.RiskHigh)
	if _, err := db.OfferCase(ctx, e.expiring, held, time.Now().Add(20*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// Registered ten days ago, declined just now: it waits since the decline.
	e.returned = newCase("I-8", munA.ID, domain.UrgencyNormal, domain.RiskHigh)
	exec(`UPDATE complex_case SET created_at = now() - interval '10 days' WHERE id = $1`, e.returned)
	o, err := db.OfferCase(ctx, e.returned, m2, domain.AddWorkingDays(time.Now(), 2))
	if err != nil {
		t.Fatal(err)
	}
	self := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org2.ID, RegisseurID: &m2})
	if _, err := db.DeclineOffer(pgtest.ActorCtx(t, db, self.ID), o.Offer.ID, "Geen ruimte in mijn agenda deze maand."); err != nil {
		t.Fatal(err)
	}
	e.urgent = []int64{crisisHigh, crisisOld, crisisNew, highRisk, e.returned}
	e.crisisB = newCase("I-9", munB.ID, domain.UrgencyCrisis, domain.RiskLow)
	return e
}

func (e *inboxEnv) inbox(t *testing.T, u domain.User) app.Inbox {
	t.Helper()
	box, err := app.New(e.db, app.Config{}).DispatchInbox(pgtest.ActorCtx(t, e.db, u.ID))
	if err != nil {
		t.Fatal(err)
	}
	return box
}

func caseIDs(cs []app.InboxCase) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.Case.ID
	}
	return out
}

// TestDispatchInbox: the use case lists, for the dispatcher of A, the
// crisis and high-risk cases in order with the wait in words (from the
// decline for a returned case), the one case no one in scope qualifies
// for with the reasons counted in words and the next step, the expiring
// and the returned offer, and the members without a case who have room;
// the dispatcher of B sees none of it, and others may not ask.
func TestDispatchInbox(t *testing.T) {
	db := pgtest.NewDB(t)
	e := newInboxEnv(t, db)
	box := e.inbox(t, e.dispA)

	if got := caseIDs(box.Urgent); fmt.Sprint(got) != fmt.Sprint(e.urgent) || box.UrgentCount != len(e.urgent) {
		t.Errorf("urgent %v (count %d), want %v", got, box.UrgentCount, e.urgent)
	}
	for _, c := range box.Urgent {
		want := "wacht sinds vandaag"
		if c.Case.Reference == "I-1" {
			want = "wacht 5 dagen"
		}
		if c.Waiting != want {
			t.Errorf("%s: %q, want %q", c.Case.Reference, c.Waiting, want)
		}
		if (c.Case.ID == e.returned) != (c.Case.Returned != nil) {
			t.Errorf("%s: returned marker %+v", c.Case.Reference, c.Case.Returned)
		}
	}

	if box.UnqualifiedCount != 1 || len(box.Unqualified) != 1 || box.Unqualified[0].Case.ID != e.unqualified {
		t.Fatalf("unqualified %+v, want only case %d", box.Unqualified, e.unqualified)
	}
	u := box.Unqualified[0]
	const summary = "3 van een organisatie die al bij het gezin betrokken is, 2 regisseurs zonder vrije plek"
	if u.Members != 4 || u.Summary != summary || u.Dominant != domain.ReasonNotIndependent ||
		fmt.Sprint(u.Steps) != fmt.Sprint([]string{domain.StepOtherOrganisation}) {
		t.Errorf("unqualified: members %d, summary %q, dominant %q, steps %v; want 4, %q, not_independent, [other_organisation]",
			u.Members, u.Summary, u.Dominant, u.Steps, summary)
	}

	if box.ExpiringCount != 1 || len(box.Expiring) != 1 || box.Expiring[0].CaseID != e.expiring {
		t.Errorf("expiring %+v, want the offer of case %d", box.Expiring, e.expiring)
	}
	if got := caseIDs(box.Returned); box.ReturnedCount != 1 || fmt.Sprint(got) != fmt.Sprint([]int64{e.returned}) {
		t.Errorf("returned %v, want [%d]", got, e.returned)
	}

	var newcomers []int64
	for _, n := range box.Newcomers {
		newcomers = append(newcomers, n.RegisseurID)
		if n.OrganisationName == "" || n.Name == "" {
			t.Errorf("newcomer %+v without a name or organisation", n)
		}
	}
	if fmt.Sprint(newcomers) != fmt.Sprint(e.newcomers) || box.NewcomerCount != 2 {
		t.Errorf("newcomers %v, want %v (most free slots first)", newcomers, e.newcomers)
	}
	if r := box.Newcomers[0].Room; r != "3 vrije plekken, 20 uur per week" {
		t.Errorf("room in words %q", r)
	}

	// Dispatcher B sees only B.
	other := e.inbox(t, e.dispB)
	if got := caseIDs(other.Urgent); fmt.Sprint(got) != fmt.Sprint([]int64{e.crisisB}) || other.UnqualifiedCount != 0 ||
		other.ExpiringCount != 0 || other.ReturnedCount != 0 || other.NewcomerCount != 1 || other.Newcomers[0].RegisseurID != e.memberB {
		t.Errorf("dispatcher of B: %+v", other)
	}
	// The admin sees both, in one order.
	all := e.inbox(t, e.admin)
	if all.UrgentCount != len(e.urgent)+1 || all.Urgent[0].Case.ID != e.urgent[0] || all.Urgent[3].Case.ID != e.crisisB {
		t.Errorf("admin's urgent %v", caseIDs(all.Urgent))
	}
	// Someone who does not dispatch may not ask.
	reg := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	if _, err := app.New(db, app.Config{}).DispatchInbox(pgtest.ActorCtx(t, db, reg.ID)); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("monitor: %v, want forbidden", err)
	}
}

// TestDispatchInboxAPI: GET /api/v1/dispatch-inbox answers the same inbox
// as JSON (checked against openapi.yaml by the test server), in words: no
// score anywhere.
func TestDispatchInboxAPI(t *testing.T) {
	srv, db := newServer(t)
	e := newInboxEnv(t, db)
	get := func(u domain.User) (int, string) {
		res, body := do(t, "GET", srv.URL+"/api/v1/dispatch-inbox", "", "Authorization", "Bearer "+pgtest.MustAccessToken(t, db, u.ID))
		return res.StatusCode, string(body)
	}
	status, body := get(e.dispA)
	if status != 200 {
		t.Fatalf("dispatcher: %d %s", status, body)
	}
	var box struct {
		Urgent struct {
			Count int `json:"count"`
			Items []struct {
				ID            int64           `json:"id"`
				Waiting       string          `json:"waiting"`
				OfferReturned json.RawMessage `json:"offerReturned"`
			} `json:"items"`
		} `json:"urgent"`
		Unqualified struct {
			Count int `json:"count"`
			Items []struct {
				ID         int64 `json:"id"`
				Exclusions []struct {
					Code  string `json:"code"`
					Count int    `json:"count"`
					Text  string `json:"text"`
				} `json:"exclusions"`
				Summary   string `json:"summary"`
				NextSteps []struct {
					Code, Text string
				} `json:"nextSteps"`
			} `json:"items"`
		} `json:"unqualified"`
		Offers struct {
			Count    int `json:"count"`
			Expiring struct {
				Count int `json:"count"`
			} `json:"expiring"`
			Returned struct {
				Count int `json:"count"`
			} `json:"returned"`
		} `json:"offers"`
		Newcomers struct {
			Count int `json:"count"`
		} `json:"newcomers"`
	}
	if err := json.Unmarshal([]byte(body), &box); err != nil {
		t.Fatal(err)
	}
	if box.Urgent.Count != 5 || box.Urgent.Items[0].Waiting != "wacht sinds vandaag" || box.Unqualified.Count != 1 ||
		box.Offers.Count != 2 || box.Offers.Expiring.Count != 1 || box.Offers.Returned.Count != 1 || box.Newcomers.Count != 2 {
		t.Errorf("inbox %s", body)
	}
	if u := box.Unqualified.Items[0]; u.ID != e.unqualified || len(u.NextSteps) != 1 || u.NextSteps[0].Text != "Kies een regisseur van een andere organisatie" ||
		len(u.Exclusions) != 2 || u.Exclusions[0].Code != "not_independent" || u.Exclusions[0].Count != 3 {
		t.Errorf("unqualified %+v", u)
	}
	if strings.Contains(body, `"score"`) || strings.Contains(body, "passing") {
		t.Errorf("the inbox speaks of scores: %s", body)
	}
	status, body = get(e.dispB)
	if status != 200 || strings.Contains(body, "I-1") || strings.Contains(body, "I-8") || !strings.Contains(body, "I-9") {
		t.Errorf("dispatcher of B: %d %s", status, body)
	}
	regisseur := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	if status, _ := get(regisseur); status != http.StatusForbidden {
		t.Errorf("coach: %d, want 403", status)
	}
}

// TestDispatchInboxPage: /werkvoorraad shows the four sections in order,
// each heading with its count, the reasons and next steps in words, the
// returned marker, and an empty state in words where a section is empty;
// the menu lists "Werkvoorraad" first among the case items.
func TestDispatchInboxPage(t *testing.T) {
	srv, db := newServer(t)
	e := newInboxEnv(t, db)
	get := func(u domain.User) string {
		req, _ := http.NewRequestWithContext(context.Background(), "GET", srv.URL+"/werkvoorraad", nil)
		req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: pgtest.MustSession(t, db, u.ID)})
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("werkvoorraad: %d %s", res.StatusCode, b)
		}
		return string(b)
	}
	page := get(e.dispA)
	inOrder := func(page string, parts ...string) {
		t.Helper()
		at := 0
		for _, p := range parts {
			i := strings.Index(page[at:], p)
			if i < 0 {
				t.Errorf("%q missing (or out of order)", p)
				return
			}
			at += i + len(p)
		}
	}
	inOrder(page, ">Werkvoorraad</a>", ">Casussen</a>",
		"Crisis en hoog veiligheidsrisico (5)", "I-3", "I-1", "wacht 5 dagen", "I-4", "I-2", "I-8", "Aanbod afgewezen",
		"Niemand geschikt (1)", "I-5", "3 van een organisatie die al bij het gezin betrokken is, 2 regisseurs zonder vrije plek",
		"Kies een regisseur van een andere organisatie",
		"Aanbiedingen die aandacht vragen (2)", "Verloopt binnen een werkdag (1)", "I-7", "Teruggekomen (1)", "I-8", "Geen ruimte in mijn agenda",
		"Nog zonder casus (2)", "3 vrije plekken, 20 uur per week", "2 vrije plekken, 10 uur per week")
	// Every table has a caption and its row headers a scope.
	if strings.Count(page, "<table") != strings.Count(page, "<caption") || strings.Count(page, "<table") != 5 {
		t.Errorf("tables %d, captions %d", strings.Count(page, "<table"), strings.Count(page, "<caption"))
	}
	if regexp.MustCompile(`(?i)score|passing \d|\d,\d\d`).MatchString(page) {
		t.Errorf("the inbox shows a score: %s", regexp.MustCompile(`(?i).{0,60}(score|passing \d|\d,\d\d).{0,60}`).FindString(page))
	}

	other := get(e.dispB)
	inOrder(other, "Crisis en hoog veiligheidsrisico (1)", "I-9",
		"Niemand geschikt (0)", "Voor elke wachtende casus is minstens één regisseur geschikt.",
		"Aanbiedingen die aandacht vragen (0)", "Geen aanbiedingen die binnen een werkdag verlopen.", "Geen afgewezen of verlopen aanbiedingen.",
		"Nog zonder casus (1)")
	if strings.Contains(other, "I-1") || strings.Contains(other, "I-5") {
		t.Errorf("dispatcher of B sees A's cases")
	}
}

// TestDemoInbox: on the demo data every section of the inbox has something
// for werkverdeler@regiepool.test (README's demo log-in).
func TestDemoInbox(t *testing.T) {
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	var uid int64
	if err := db.Get(&uid, `SELECT id FROM app_user WHERE email = 'werkverdeler@regiepool.test'`); err != nil {
		t.Fatal(err)
	}
	res, body := do(t, "GET", srv.URL+"/api/v1/dispatch-inbox", "", "Authorization", "Bearer "+pgtest.MustAccessToken(t, db, uid))
	type count struct {
		Count int `json:"count"`
	}
	var box struct {
		Urgent, Unqualified, Newcomers count
		Offers                         struct{ Expiring, Returned count }
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &box) != nil {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	if box.Urgent.Count == 0 || box.Unqualified.Count == 0 || box.Offers.Expiring.Count == 0 || box.Offers.Returned.Count == 0 || box.Newcomers.Count == 0 {
		t.Errorf("a section of werkverdeler@'s inbox is empty: %+v", box)
	}
}
