package web_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// caseWebEnv is a running server with a dispatcher of one municipality, a
// coach, and two organisations whose regisseurs can be made pool members.
type caseWebEnv struct {
	*adminEnv
	mun, otherMun    domain.Municipality
	org, otherOrg    domain.Organisation
	dispatcher       domain.User
	dispatcherCookie string
	coachCookie      string
}

func newCaseWebEnv(t *testing.T) *caseWebEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), MinRaters: 3})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	admin := pgtest.MustCreateUser(t, db, domain.User{Name: "Beheerder", Roles: []domain.Role{domain.RoleAdmin}})
	e := &caseWebEnv{adminEnv: &adminEnv{srv: srv, db: db, admin: admin, adminCookie: pgtest.MustSession(t, db, admin.ID)}}
	e.mun, e.otherMun = pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
	e.org, e.otherOrg = pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	e.dispatcher = pgtest.MustCreateUser(t, db, domain.User{Name: "Dirk Verdeler", Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{e.mun.ID}})
	e.dispatcherCookie = pgtest.MustSession(t, db, e.dispatcher.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Name: "Carla Coach", Roles: []domain.Role{domain.RoleCoach}})
	e.coachCookie = pgtest.MustSession(t, db, coach.ID)
	return e
}

// member makes an active pool member of organisation orgID in the
// dispatcher's municipality, with a name and capacity, bypassing the
// selection (its life cycle is tested elsewhere).
func (e *caseWebEnv) member(t *testing.T, name string, orgID int64, maxCases int, hours float64) domain.Regisseur {
	t.Helper()
	r := pgtest.MustCreateActiveMember(t, e.db, orgID, []int64{e.mun.ID}, maxCases, hours)
	if _, err := e.db.Exec(`UPDATE regisseur SET name = $2 WHERE id = $1`, r.ID, name); err != nil {
		t.Fatal(err)
	}
	r.Name = name
	return r
}

// newCase registers a waiting case in the dispatcher's municipality.
func (e *caseWebEnv) newCase(t *testing.T, ref string, involved ...int64) domain.Case {
	t.Helper()
	c := domain.Case{Reference: ref, MunicipalityID: e.mun.ID, ParentsStruggle: true, SeveralDomains: true, HighRisk: true,
		LifeDomains: []string{"veiligheid", "wonen"}, SafetyRisk: "high", Urgency: 2, InvolvedOrganisationIDs: involved}
	if err := e.db.CreateCase(pgtest.ActorCtx(t, e.db, e.dispatcher.ID), &c); err != nil {
		t.Fatalf("create case %s: %v", ref, err)
	}
	return c
}

func (e *caseWebEnv) assign(t *testing.T, c domain.Case, r domain.Regisseur) {
	t.Helper()
	if _, err := e.db.Assign(pgtest.ActorCtx(t, e.db, e.dispatcher.ID), c.ID, r.ID); err != nil {
		t.Fatalf("assign %s to %s: %v", c.Reference, r.Name, err)
	}
}

// get fetches a page that must answer 200 and pass the accessibility checks.
func (e *caseWebEnv) get(t *testing.T, cookie, path string) string {
	t.Helper()
	res := e.do(t, cookie, "GET", path, nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d, want 200\n%s", path, res.status, res.body)
	}
	checkAccessible(t, path, res.body)
	return html.UnescapeString(res.body)
}

// post sends a form that must answer 303 to exactly want.
func (e *caseWebEnv) post(t *testing.T, cookie, path string, form url.Values, want string) {
	t.Helper()
	res := e.do(t, cookie, "POST", path, form)
	if res.status != http.StatusSeeOther || res.location != want {
		t.Fatalf("POST %s: %d %q, want 303 to %q\n%s", path, res.status, res.location, want, res.body)
	}
}

func (e *caseWebEnv) stored(t *testing.T, id int64) domain.Case {
	t.Helper()
	c, err := e.db.FindCaseByID(pgtest.SystemCtx(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// candidateRow is the row of the candidates table that names name.
func candidateRow(t *testing.T, body, name string) string {
	t.Helper()
	i := strings.Index(body, `<th class="utrecht-table__header-cell" scope="row">`+name+`</th>`)
	if i < 0 {
		t.Fatalf("no candidate row for %s", name)
	}
	start := strings.LastIndex(body[:i], "<tr")
	end := strings.Index(body[i:], "</tr>")
	return body[start : i+end]
}

func intakeForm(e *caseWebEnv, ref string) url.Values {
	return url.Values{
		"reference": {ref}, "zaakUrl": {"https://zaken.example.nl/api/v1/zaken/123"}, "zaakIdentificatie": {"ZAAK-2026-77"},
		"bronorganisatie": {""}, "municipalityId": {id(e.mun.ID)},
		"parentsStruggle": {"ja"}, "severalDomains": {"ja"}, "highRisk": {"ja"}, "definitionReason": {""},
		"lifeDomains": {"wonen", "jeugdhulp"}, "safetyRisk": {"medium"}, "urgency": {"2"},
		"arrangementHours": {"50"}, "expectedWeeks": {"26"}, "involvedOrganisationIds": {id(e.otherOrg.ID)},
		"earlierCaseId": {""}, "outsidePool": {""}, "outsideReason": {""}, "startsOn": {time.Now().Format("2006-01-02")},
	}
}

var caseLocation = regexp.MustCompile(`^/casussen/([0-9]+)\?aangemeld=1$`)

func TestCaseIntakeByForm(t *testing.T) {
	e := newCaseWebEnv(t)
	body := e.get(t, e.dispatcherCookie, "/casussen/nieuw")
	for _, want := range []string{"Ouders hebben moeite de regie te houden", "Reden als de casus niet aan de werkdefinitie voldoet",
		"Inkomen en financiën", `name="safetyRisk"`, `value="50"`, `value="26"`, e.otherOrg.Name, e.mun.Name} {
		if !strings.Contains(body, want) {
			t.Errorf("intake form lacks %q", want)
		}
	}
	if strings.Contains(body, e.otherMun.Name) {
		t.Error("intake form offers a municipality the dispatcher does not serve")
	}

	res := e.do(t, e.dispatcherCookie, "POST", "/casussen/nieuw", intakeForm(e, "2026-0042"))
	m := caseLocation.FindStringSubmatch(res.location)
	if res.status != http.StatusSeeOther || m == nil {
		t.Fatalf("intake: %d %q, want 303 to the case\n%s", res.status, res.location, res.body)
	}
	body = e.get(t, e.dispatcherCookie, strings.TrimSuffix(res.location, "?aangemeld=1")+"?aangemeld=1")
	for _, want := range []string{"De casus is aangemeld", "voldoet aan de werkdefinitie", "Casus 2026-0042", "Wacht op regisseur",
		"Hoog", "Midden", "Wonen, Jeugdhulp", e.otherOrg.Name, "ZAAK-2026-77", e.mun.Name} {
		if !strings.Contains(body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	if strings.Contains(body, "voldoet niet") {
		t.Error("case page says the case does not meet the definition")
	}

	body = e.get(t, e.dispatcherCookie, "/casussen")
	for _, want := range []string{"2026-0042", "Casus aanmelden", "Voorstel voor alle wachtende casussen", e.mun.Name} {
		if !strings.Contains(body, want) {
			t.Errorf("case list lacks %q", want)
		}
	}
	body = e.get(t, e.dispatcherCookie, "/casussen?status=closed")
	if strings.Contains(body, "2026-0042") {
		t.Error("the closed filter lists a waiting case")
	}
}

func TestCaseIntakeOutsideDefinition(t *testing.T) {
	e := newCaseWebEnv(t)
	form := intakeForm(e, "2026-0050")
	form.Del("parentsStruggle")
	form.Del("severalDomains")
	form.Del("highRisk")
	form["lifeDomains"] = []string{"wonen"}
	form.Set("severalProfessionals", "ja")
	res := e.do(t, e.dispatcherCookie, "POST", "/casussen/nieuw", form)
	if res.status != http.StatusBadRequest {
		t.Fatalf("outside the definition without reason: %d, want 400\n%s", res.status, res.body)
	}
	checkAccessible(t, "/casussen/nieuw", res.body)
	body := html.UnescapeString(res.body)
	for _, want := range []string{"<title>Fout: Casus aanmelden", "valt niet onder de werkdefinitie", `href="#definitionReason"`,
		`value="2026-0050"`, `id="severalProfessionals" name="severalProfessionals" value="ja" checked`, `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("re-shown form lacks %q", want)
		}
	}
	if strings.Contains(body, `id="parentsStruggle" name="parentsStruggle" value="ja" checked`) {
		t.Error("an unticked statement came back ticked")
	}
	if n := len(e.cases(t)); n != 0 {
		t.Fatalf("%d cases stored, want none", n)
	}

	form.Set("definitionReason", "Op verzoek van de wijkteams, twee zorgaanbieders lopen vast.")
	res = e.do(t, e.dispatcherCookie, "POST", "/casussen/nieuw", form)
	if res.status != http.StatusSeeOther || !caseLocation.MatchString(res.location) {
		t.Fatalf("with a reason: %d %q, want 303\n%s", res.status, res.location, res.body)
	}
	body = e.get(t, e.dispatcherCookie, res.location)
	if !strings.Contains(body, "voldoet niet aan de werkdefinitie") || !strings.Contains(body, "twee zorgaanbieders lopen vast") {
		t.Error("case page does not say it falls outside the definition, with the reason")
	}
}

func (e *caseWebEnv) cases(t *testing.T) []domain.Case {
	t.Helper()
	cs, _, err := e.db.FindCases(pgtest.SystemCtx(), domain.CaseFilter{}, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestCaseCandidatesAndAssign(t *testing.T) {
	e := newCaseWebEnv(t)
	anna := e.member(t, "Anna Amrani", e.org.ID, 2, 16)
	bram := e.member(t, "Bram Bakker", e.otherOrg.ID, 4, 16)
	c := e.newCase(t, "2026-0100", e.otherOrg.ID)
	path := "/casussen/" + id(c.ID)

	body := e.get(t, e.dispatcherCookie, path)
	row := candidateRow(t, body, anna.Name)
	for _, want := range []string{">1<", "Passend", "0 van 2 casussen, 16,0 uur vrij", "Toewijzen", "Werkt in deze gemeente"} {
		if !strings.Contains(row, want) {
			t.Errorf("Anna's row lacks %q:\n%s", want, row)
		}
	}
	row = candidateRow(t, body, bram.Name)
	for _, want := range []string{"Uitgesloten", "regie onafhankelijk"} {
		if !strings.Contains(row, want) {
			t.Errorf("Bram's row lacks %q:\n%s", want, row)
		}
	}
	if strings.Contains(row, "<button") {
		t.Error("an excluded member can be assigned")
	}

	e.post(t, e.dispatcherCookie, path+"/toewijzen", url.Values{"regisseurId": {id(anna.ID)}}, path+"?toegewezen=1")
	body = e.get(t, e.dispatcherCookie, path+"?toegewezen=1")
	if !strings.Contains(body, "De casus is toegewezen aan Anna Amrani") || !strings.Contains(body, "Toegewezen") {
		t.Error("case page does not show the assignment")
	}
	if strings.Contains(body, "Regisseurs voor deze casus") {
		t.Error("an assigned case still shows the ranking")
	}
	if got := e.stored(t, c.ID); got.RegisseurID == nil || *got.RegisseurID != anna.ID {
		t.Fatalf("regisseur = %v, want Anna", got.RegisseurID)
	}

	// The next case sees Anna's capacity go down.
	c2 := e.newCase(t, "2026-0101")
	body = e.get(t, e.dispatcherCookie, "/casussen/"+id(c2.ID))
	if row := candidateRow(t, body, anna.Name); !strings.Contains(row, "1 van 2 casussen") {
		t.Errorf("Anna's capacity after one case:\n%s", row)
	}
}

func TestCaseAssignWithoutRoom(t *testing.T) {
	e := newCaseWebEnv(t)
	full := e.member(t, "Fien Vol", e.org.ID, 1, 16)
	e.assign(t, e.newCase(t, "2026-0200"), full)
	c := e.newCase(t, "2026-0201")
	path := "/casussen/" + id(c.ID)

	body := e.get(t, e.dispatcherCookie, path)
	if row := candidateRow(t, body, full.Name); !strings.Contains(row, "Uitgesloten") || !strings.Contains(row, "1 van 1 casussen") {
		t.Errorf("a full member is not shown excluded:\n%s", row)
	}
	// A stale page (or a hand-made request) still cannot overbook.
	res := e.do(t, e.dispatcherCookie, "POST", path+"/toewijzen", url.Values{"regisseurId": {id(full.ID)}})
	if res.status != http.StatusConflict {
		t.Fatalf("assign to a full member: %d, want 409\n%s", res.status, res.body)
	}
	checkAccessible(t, path, res.body)
	body = html.UnescapeString(res.body)
	for _, want := range []string{"<title>Fout: Casus 2026-0201", "Toewijzen is niet gelukt", "geen ruimte meer: 1 van 1 casussen", `role="alert"`} {
		if !strings.Contains(body, want) {
			t.Errorf("conflict page lacks %q", want)
		}
	}
	if got := e.stored(t, c.ID); got.Status != domain.CaseWaiting {
		t.Fatalf("status = %s, want waiting", got.Status)
	}
}

func TestCaseHandoverCloseAndLog(t *testing.T) {
	e := newCaseWebEnv(t)
	anna := e.member(t, "Anna Amrani", e.org.ID, 3, 16)
	bram := e.member(t, "Bram Bakker", e.org.ID, 3, 16)
	c := e.newCase(t, "2026-0300")
	e.assign(t, c, anna)
	path := "/casussen/" + id(c.ID)

	body := e.get(t, e.dispatcherCookie, path)
	if !strings.Contains(body, `<option value="`+id(bram.ID)+`">Bram Bakker (passend;`) || strings.Contains(body, `">Anna Amrani (`) {
		t.Error("the handover select should offer Bram and not the current regisseur")
	}
	res := e.do(t, e.dispatcherCookie, "POST", path+"/overdragen", url.Values{"handoverRegisseurId": {id(bram.ID)}, "handoverReason": {" "}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#handoverReason"`) {
		t.Fatalf("handover without reason: %d, want 400 with the error linked\n%s", res.status, res.body)
	}
	e.post(t, e.dispatcherCookie, path+"/overdragen", url.Values{"handoverRegisseurId": {id(bram.ID)}, "handoverReason": {"Anna gaat met verlof."}},
		path+"?overgedragen=1")
	if got := e.stored(t, c.ID); got.RegisseurID == nil || *got.RegisseurID != bram.ID || got.Handovers != 1 {
		t.Fatalf("after handover: regisseur %v, %d handovers", got.RegisseurID, got.Handovers)
	}

	e.post(t, e.dispatcherCookie, path+"/logboek", url.Values{"kind": {"hours"}, "occurredOn": {time.Now().Format("2006-01-02")}, "hours": {"2,5"}},
		path+"?opgeslagen=1#logboek")
	e.post(t, e.dispatcherCookie, path+"/logboek", url.Values{"kind": {"satisfaction"}, "occurredOn": {time.Now().Format("2006-01-02")},
		"resultArea": {"2"}, "score": {"4"}}, path+"?opgeslagen=1#logboek")
	res = e.do(t, e.dispatcherCookie, "POST", path+"/logboek", url.Values{"kind": {"satisfaction"}, "occurredOn": {time.Now().Format("2006-01-02")}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#resultArea"`) {
		t.Fatalf("satisfaction without scores: %d, want 400\n%s", res.status, res.body)
	}
	body = e.get(t, e.dispatcherCookie, path+"?opgeslagen=1")
	for _, want := range []string{"De gebeurtenis is vastgelegd", "Uren besteed", "2,5 uur", "Tevredenheid gezin", "Resultaatgebied 2: tevredenheid 4 van 5",
		"Bram Bakker"} {
		if !strings.Contains(body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}

	res = e.do(t, e.dispatcherCookie, "POST", path+"/afsluiten", url.Values{"closeReason": {""}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("close without reason: %d, want 400", res.status)
	}
	// Closing is irreversible: without the ticked statement nothing happens
	// (issue 13, item 12).
	body = e.get(t, e.dispatcherCookie, path)
	if !strings.Contains(body, `id="closeConfirm" name="closeConfirm" value="ja"`) || !strings.Contains(body, "Ik weet dat afsluiten definitief is") {
		t.Error("the close form does not ask for confirmation")
	}
	res = e.do(t, e.dispatcherCookie, "POST", path+"/afsluiten", url.Values{"closeReason": {"goals_reached"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#closeConfirm"`) || !strings.Contains(res.body, "afsluiten definitief is") {
		t.Fatalf("close without confirmation: %d, want 400 with the error linked\n%s", res.status, res.body)
	}
	checkAccessible(t, path+"/afsluiten", res.body)
	if got := e.stored(t, c.ID); got.Status == domain.CaseClosed {
		t.Fatal("closed without confirmation")
	}
	e.post(t, e.dispatcherCookie, path+"/afsluiten", url.Values{"closeReason": {"goals_reached"}, "closeConfirm": {"ja"},
		"endHeld": {"nee"}, "helpWorks": {"ja"}, "familyDirects": {"ja"}}, path+"?afgesloten=1")
	body = e.get(t, e.dispatcherCookie, path+"?afgesloten=1")
	if !strings.Contains(body, "Afgesloten") || !strings.Contains(body, "Doelen bereikt") || strings.Contains(body, `action="`+path+`/afsluiten"`) {
		t.Error("closed case page is wrong")
	}
	// The closed case keeps its last regisseur (issue 13, item 7).
	if !strings.Contains(body, "Laatste regisseur") || !strings.Contains(body, "Bram Bakker") || strings.Contains(body, "Nog geen") {
		t.Error("closed case page does not show its last regisseur")
	}
	if got := e.stored(t, c.ID); got.RegisseurID == nil || *got.RegisseurID != bram.ID {
		t.Errorf("closed case: regisseur %v, want %d", got.RegisseurID, bram.ID)
	}
	// The pool page counts every case a member ever had (issue 13, item 10):
	// Anna handed hers over, Bram closed his; neither has one now.
	body = e.get(t, e.dispatcherCookie, "/pool")
	row := regexp.MustCompile(`(?s)>(Anna Amrani|Bram Bakker)</a></th>.*?numeric-data">0</td>\s*<td class="utrecht-table__cell utrecht-table__cell--numeric-data">1</td>`)
	if !strings.Contains(body, "Casussen ooit") || len(row.FindAllString(body, -1)) != 2 {
		t.Error("the pool page does not show 0 active cases and 1 case handled for Anna and Bram")
	}
}

var pairValue = regexp.MustCompile(`name="pair" value="([0-9]+:[0-9]+)" checked`)

func TestCaseBatchProposal(t *testing.T) {
	e := newCaseWebEnv(t)
	anna := e.member(t, "Anna Amrani", e.org.ID, 1, 16)
	bram := e.member(t, "Bram Bakker", e.org.ID, 1, 16)
	refs := []string{"2026-0400", "2026-0401", "2026-0402"}
	var cases []domain.Case
	for _, r := range refs {
		cases = append(cases, e.newCase(t, r))
	}

	body := e.get(t, e.dispatcherCookie, "/casussen/voorstel")
	pairs := pairValue.FindAllStringSubmatch(body, -1)
	if len(pairs) != 2 {
		t.Fatalf("%d proposed pairs, want 2 (two members with one slot each)\n%s", len(pairs), body)
	}
	for _, want := range []string{anna.Name, bram.Name, "Casussen zonder voorstel", "bewezen optimaal"} {
		if !strings.Contains(strings.ToLower(body), strings.ToLower(want)) {
			t.Errorf("proposal lacks %q", want)
		}
	}

	form := url.Values{}
	for _, p := range pairs {
		form.Add("pair", p[1])
	}
	res := e.do(t, e.dispatcherCookie, "POST", "/casussen/voorstel", form)
	if res.status != http.StatusOK {
		t.Fatalf("commit: %d, want 200\n%s", res.status, res.body)
	}
	checkAccessible(t, "/casussen/voorstel", res.body)
	if n := strings.Count(res.body, ">Toegewezen<"); n != 2 {
		t.Errorf("%d pairs reported assigned, want 2", n)
	}
	assigned := map[int64]bool{}
	for _, c := range cases {
		if got := e.stored(t, c.ID); got.Status == domain.CaseAssigned {
			assigned[*got.RegisseurID] = true
		}
	}
	if !assigned[anna.ID] || !assigned[bram.ID] {
		t.Fatalf("assigned to %v, want Anna and Bram", assigned)
	}

	// Committing the same pairs again conflicts, pair by pair.
	res = e.do(t, e.dispatcherCookie, "POST", "/casussen/voorstel", form)
	if res.status != http.StatusOK || strings.Count(res.body, "Niet toegewezen") != 2 || !strings.Contains(html.UnescapeString(res.body), "wacht niet op een regisseur") {
		t.Errorf("second commit: %d\n%s", res.status, res.body)
	}
	// Nothing ticked: the proposal again, with the message.
	res = e.do(t, e.dispatcherCookie, "POST", "/casussen/voorstel", url.Values{})
	if res.status != http.StatusBadRequest || !strings.Contains(html.UnescapeString(res.body), "Kies ten minste één") {
		t.Errorf("empty commit: %d, want 400 with the message", res.status)
	}
}

func TestCaseAccess(t *testing.T) {
	e := newCaseWebEnv(t)
	anna := e.member(t, "Anna Amrani", e.org.ID, 3, 16)
	bram := e.member(t, "Bram Bakker", e.org.ID, 3, 16)
	own, other := e.newCase(t, "2026-0500"), e.newCase(t, "2026-0501")
	e.assign(t, own, anna)
	e.assign(t, other, bram)
	acc := pgtest.MustCreateUser(t, e.db, domain.User{Name: "Anna Amrani", Roles: []domain.Role{domain.RoleRegisseur},
		OrganisationID: &e.org.ID, RegisseurID: &anna.ID})
	annaCookie := pgtest.MustSession(t, e.db, acc.ID)

	body := e.get(t, annaCookie, "/casussen")
	if !strings.Contains(body, "2026-0500") || strings.Contains(body, "2026-0501") {
		t.Error("the regisseur's list should hold only their own case")
	}
	if strings.Contains(body, "Casus aanmelden") {
		t.Error("a regisseur is offered the intake")
	}
	body = e.get(t, annaCookie, "/casussen/"+id(own.ID))
	if !strings.Contains(body, "Casus 2026-0500") || !strings.Contains(body, "Gebeurtenis vastleggen") {
		t.Error("the regisseur does not see their case with the log form")
	}
	for _, dispatch := range []string{"/toewijzen", "/overdragen", "/afsluiten", "Regisseurs voor deze casus"} {
		if strings.Contains(body, dispatch) {
			t.Errorf("the regisseur's case page offers %q", dispatch)
		}
	}
	e.post(t, annaCookie, "/casussen/"+id(own.ID)+"/logboek", url.Values{"kind": {"round_table"}, "occurredOn": {time.Now().Format("2006-01-02")}},
		"/casussen/"+id(own.ID)+"?opgeslagen=1#logboek")

	for _, tt := range []struct {
		cookie, method, path string
		want                 int
	}{
		{annaCookie, "GET", "/casussen/" + id(other.ID), http.StatusNotFound},
		{annaCookie, "POST", "/casussen/" + id(other.ID) + "/logboek", http.StatusNotFound},
		{annaCookie, "GET", "/casussen/nieuw", http.StatusForbidden},
		{annaCookie, "GET", "/casussen/voorstel", http.StatusForbidden},
		{annaCookie, "POST", "/casussen/" + id(own.ID) + "/afsluiten", http.StatusForbidden},
		{e.coachCookie, "GET", "/casussen", http.StatusForbidden},
		{e.coachCookie, "GET", "/casussen/" + id(own.ID), http.StatusForbidden},
		{"", "GET", "/casussen", http.StatusSeeOther},
	} {
		var form url.Values
		if tt.method == "POST" {
			form = url.Values{"kind": {"round_table"}, "occurredOn": {time.Now().Format("2006-01-02")}, "closeReason": {"moved"}, "closeConfirm": {"ja"}}
		}
		if res := e.do(t, tt.cookie, tt.method, tt.path, form); res.status != tt.want {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, res.status, tt.want)
		}
	}

	// A dispatcher of another municipality does not see the case.
	d := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{e.otherMun.ID}})
	if res := e.do(t, pgtest.MustSession(t, e.db, d.ID), "GET", "/casussen/"+id(own.ID), nil); res.status != http.StatusNotFound {
		t.Errorf("dispatcher of another municipality: %d, want 404", res.status)
	}
}
