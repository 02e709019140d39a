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

// coachEnv is a running server with a coach of three regisseurs, a second
// coach of a fourth, the first regisseur's own account and a dispatcher.
type coachEnv struct {
	*adminEnv
	regs             [4]domain.Regisseur
	coach, other     domain.User
	coachCookie      string
	otherCookie      string
	regisseurCookie  string // the account of regs[0]
	dispatcherCookie string
}

func newCoachEnv(t *testing.T) *coachEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), MinRaters: 3})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	admin := pgtest.MustCreateUser(t, db, domain.User{Name: "Beheerder", Roles: []domain.Role{domain.RoleAdmin}})
	e := &coachEnv{adminEnv: &adminEnv{srv: srv, db: db, admin: admin, adminCookie: pgtest.MustSession(t, db, admin.ID)}}
	org := pgtest.MustCreateOrganisation(t, db)
	for i := range e.regs {
		e.regs[i] = pgtest.MustCreateRegisseur(t, db, org.ID)
	}
	e.coach = pgtest.MustCreateUser(t, db, domain.User{Name: "Carla Coach", Roles: []domain.Role{domain.RoleCoach},
		CoacheeIDs: []int64{e.regs[0].ID, e.regs[1].ID, e.regs[2].ID}})
	e.coachCookie = pgtest.MustSession(t, db, e.coach.ID)
	e.other = pgtest.MustCreateUser(t, db, domain.User{Name: "Otto Coach", Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{e.regs[3].ID}})
	e.otherCookie = pgtest.MustSession(t, db, e.other.ID)
	reg := pgtest.MustCreateUser(t, db, domain.User{Name: "Rita Regisseur", Roles: []domain.Role{domain.RoleRegisseur},
		OrganisationID: &org.ID, RegisseurID: &e.regs[0].ID})
	e.regisseurCookie = pgtest.MustSession(t, db, reg.ID)
	mun := pgtest.MustCreateMunicipality(t, db)
	disp := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	e.dispatcherCookie = pgtest.MustSession(t, db, disp.ID)
	return e
}

// get fetches a page that must answer 200 and pass the accessibility checks.
func (e *coachEnv) get(t *testing.T, cookie, path string) string {
	t.Helper()
	res := e.do(t, cookie, "GET", path, nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d, want 200\n%s", path, res.status, res.body)
	}
	checkAccessible(t, path, res.body)
	return res.body
}

// post sends a form that must answer 303 to a location matching want.
func (e *coachEnv) post(t *testing.T, cookie, path string, form url.Values, want *regexp.Regexp) []string {
	t.Helper()
	res := e.do(t, cookie, "POST", path, form)
	m := want.FindStringSubmatch(res.location)
	if res.status != http.StatusSeeOther || m == nil {
		t.Fatalf("POST %s: %d %q, want 303 to %s\n%s", path, res.status, res.location, want, res.body)
	}
	return m
}

// card is the dashboard section of regisseur r.
func card(t *testing.T, body string, r domain.Regisseur) string {
	t.Helper()
	i := strings.Index(body, `id="regisseur-`+id(r.ID)+`"`)
	if i < 0 {
		t.Fatalf("dashboard has no card for %s", r.Name)
	}
	rest := body[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

var (
	firstCompetency = regexp.MustCompile(`<option value="([a-z0-9_-]+)">`)
	sessionLocation = regexp.MustCompile(`^/intervisie/([0-9]+)\?opgeslagen=1$`)
	checkboxValue   = func(name string) *regexp.Regexp {
		return regexp.MustCompile(`name="` + name + `" value="([^"]+)"`)
	}
)

func TestCoachIntervisieAndDashboard(t *testing.T) {
	e := newCoachEnv(t)
	const notes = "Spanning in het team rond de verdeling van casussen besproken."
	today := time.Now().Format("2006-01-02")

	form := e.get(t, e.coachCookie, "/intervisie/nieuw")
	for _, want := range []string{"Alleen begeleiders en functioneel beheerders kunnen deze aantekeningen lezen", "Niet uitgenodigd",
		`<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">Aanwezigheid</legend>`} {
		if !strings.Contains(form, want) {
			t.Errorf("intervisie form lacks %q", want)
		}
	}
	if strings.Contains(form, e.regs[3].Name) {
		t.Error("the form offers a regisseur the coach does not coach")
	}
	theme := checkboxValue("themeIds").FindStringSubmatch(form)
	comp := checkboxValue("competencies").FindStringSubmatch(form)
	if theme == nil || comp == nil {
		t.Fatal("no theme or competency checkboxes")
	}

	// Invalid: no duration, nobody present. The input is kept.
	bad := url.Values{"heldOn": {today}, "durationMinutes": {"anderhalf uur"}, "form": {"intervisie"}, "notes": {notes},
		"deelname-" + id(e.regs[0].ID): {"afwezig"}}
	res := e.do(t, e.coachCookie, "POST", "/intervisie/nieuw", bad)
	if res.status != http.StatusBadRequest {
		t.Fatalf("invalid session: %d, want 400", res.status)
	}
	checkAccessible(t, "/intervisie/nieuw (fout)", res.body)
	for _, want := range []string{"<title>Fout: ", `href="#durationMinutes"`, `href="#attendees"`, `aria-invalid="true"`,
		html.EscapeString(notes), `id="deelname-` + id(e.regs[0].ID) + `-afwezig" name="deelname-` + id(e.regs[0].ID) + `" value="afwezig" checked`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("invalid session page lacks %q", want)
		}
	}

	valid := url.Values{"heldOn": {today}, "durationMinutes": {"90"}, "form": {"intervisie"}, "themeIds": {theme[1]},
		"newTheme": {"Samenwerking met het wijkteam"}, "competencies": {comp[1]}, "notes": {notes},
		"deelname-" + id(e.regs[0].ID): {"aanwezig"}, "deelname-" + id(e.regs[1].ID): {"aanwezig"}, "deelname-" + id(e.regs[2].ID): {"afwezig"}}
	m := e.post(t, e.coachCookie, "/intervisie/nieuw", valid, sessionLocation)
	path := "/intervisie/" + m[1]

	page := e.get(t, e.coachCookie, path+"?opgeslagen=1")
	for _, want := range []string{"De bijeenkomst is vastgelegd.", html.EscapeString(notes), "Samenwerking met het wijkteam", "90 minuten",
		e.regs[0].Name, e.regs[1].Name, e.regs[2].Name} {
		if !strings.Contains(page, want) {
			t.Errorf("session page lacks %q", want)
		}
	}

	// A regisseur who attended may not read the notes.
	res = e.do(t, e.regisseurCookie, "GET", path, nil)
	if res.status == http.StatusOK || strings.Contains(res.body, "Spanning in het team") {
		t.Errorf("regisseur on the session: %d, notes shown: %v", res.status, strings.Contains(res.body, "Spanning in het team"))
	}
	if res := e.do(t, e.dispatcherCookie, "GET", "/intervisie", nil); res.status != http.StatusForbidden {
		t.Errorf("dispatcher on /intervisie: %d, want 403", res.status)
	}
	if res := e.do(t, e.dispatcherCookie, "GET", path, nil); res.status != http.StatusForbidden || strings.Contains(res.body, "Spanning") {
		t.Errorf("dispatcher on the session: %d, want 403 without notes", res.status)
	}

	list := e.get(t, e.coachCookie, "/intervisie")
	if !strings.Contains(list, `href="`+path+`"`) || !strings.Contains(list, "2 van 3") || strings.Contains(list, "Spanning") {
		t.Error("session list lacks the session or its attendance, or shows the notes")
	}

	// The dashboard: attendance per regisseur, a round waiting for answers
	// and a goal that is due.
	peer := pgtest.MustCreateUser(t, e.db, domain.User{Name: "Piet Peer", Roles: []domain.Role{domain.RoleRegisseur}})
	_, _, err := e.db.OpenFeedbackRound(pgtest.ActorCtx(t, e.db, e.coach.ID), e.regs[0].ID, time.Now().AddDate(0, 0, 14),
		[]domain.NewRater{{Group: "peer", UserID: &peer.ID}, {Group: "partner"}, {Group: "partner"}})
	if err != nil {
		t.Fatal(err)
	}
	goal := domain.DevelopmentGoal{RegisseurID: e.regs[1].ID, CompetencyKey: comp[1], Basis: "below_norm",
		Description: "Eerder escaleren bij stagnatie", TargetDate: time.Now().AddDate(0, 0, 10)}
	if err := e.db.CreateDevelopmentGoal(pgtest.ActorCtx(t, e.db, e.coach.ID), &goal); err != nil {
		t.Fatal(err)
	}

	planReads := func() int {
		t.Helper()
		var n int
		if err := e.db.Get(&n, `SELECT count(*) FROM audit_event WHERE action = 'read' AND record_type = 'development_plan'`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := planReads()
	dash := e.get(t, e.coachCookie, "/begeleiding")
	// The dashboard reads the plan's outline, not its content: no audited
	// read of anybody's plan; opening the plan is one.
	if n := planReads(); n != before {
		t.Errorf("a dashboard view added %d development plan reads, want none", n-before)
	}
	e.get(t, e.coachCookie, "/regisseurs/"+id(e.regs[1].ID)+"/ontwikkelplan")
	if n := planReads(); n != before+1 {
		t.Errorf("opening the plan added %d development plan reads, want 1", n-before)
	}
	if !strings.Contains(dash, `href="/intervisie/nieuw"`) {
		t.Error("dashboard does not link to logging a session")
	}
	if strings.Contains(dash, e.regs[3].Name) {
		t.Error("dashboard shows a regisseur of another coach")
	}
	for i, want := range []string{"1 van 1 bijgewoond", "1 van 1 bijgewoond", "0 van 1 bijgewoond"} {
		c := card(t, dash, e.regs[i])
		if !strings.Contains(c, want) {
			t.Errorf("card of regisseur %d lacks %q:\n%s", i, want, c)
		}
		if i < 2 && !strings.Contains(c, "laatst op "+time.Now().Format("02-01-2006")) {
			t.Errorf("card of regisseur %d lacks the last attended date", i)
		}
		for _, link := range []string{"/regisseurs/" + id(e.regs[i].ID) + "/ontwikkeling", "/regisseurs/" + id(e.regs[i].ID) + "/ontwikkelplan"} {
			if !strings.Contains(c, `href="`+link+`"`) {
				t.Errorf("card of regisseur %d lacks a link to %s", i, link)
			}
		}
	}
	if c := card(t, dash, e.regs[0]); !strings.Contains(c, "Piet Peer (collega)") || !strings.Contains(c, "2 van 2 partners") {
		t.Errorf("card of regisseur 0 does not show who has not answered:\n%s", c)
	}
	if c := card(t, dash, e.regs[1]); !strings.Contains(c, "streefdatum "+domain.FormatDate(goal.TargetDate)) || strings.Contains(c, "Eerder escaleren") {
		t.Errorf("card of regisseur 1 lacks the goal that is due, or shows what it says:\n%s", c)
	}

	// An admin sees every regisseur.
	if dash := e.get(t, e.adminCookie, "/begeleiding"); !strings.Contains(dash, e.regs[3].Name) {
		t.Error("admin dashboard lacks a regisseur")
	}
	if res := e.do(t, e.regisseurCookie, "GET", "/begeleiding", nil); res.status != http.StatusForbidden {
		t.Errorf("regisseur on /begeleiding: %d, want 403", res.status)
	}
}

var shareAction = regexp.MustCompile(`action="/reflecties/([0-9]+)/delen"`)

func TestReflectionSharing(t *testing.T) {
	e := newCoachEnv(t)
	const text = "Ik merkte dat ik te snel met oplossingen kwam in het gesprek met de moeder."
	const answer = "Mooi gezien. Wat zou je de volgende keer anders doen?"
	shared := "/regisseurs/" + id(e.regs[0].ID) + "/reflecties"

	form := e.get(t, e.regisseurCookie, "/reflecties")
	for _, want := range []string{"alleen het zaaknummer, geen namen", "Deel met mijn begeleider", `type="date"`} {
		if !strings.Contains(strings.ToLower(form), strings.ToLower(want)) {
			t.Errorf("reflection form lacks %q", want)
		}
	}
	comp := firstCompetency.FindStringSubmatch(form)
	if comp == nil {
		t.Fatal("no competency to choose")
	}

	// A name in the case reference is refused; the text is kept.
	res := e.do(t, e.regisseurCookie, "POST", "/reflecties", url.Values{"writtenOn": {time.Now().Format("2006-01-02")},
		"competencyKey": {comp[1]}, "caseReference": {"Jan de Vries"}, "body": {text}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#caseReference"`) || !strings.Contains(res.body, "<title>Fout: ") ||
		!strings.Contains(res.body, html.EscapeString(text)) {
		t.Errorf("case reference with a name: %d, want 400 with the error and the text kept", res.status)
	}

	e.post(t, e.regisseurCookie, "/reflecties", url.Values{"writtenOn": {time.Now().Format("2006-01-02")},
		"competencyKey": {comp[1]}, "caseReference": {"Z-2026-017"}, "body": {text}}, regexp.MustCompile(`^/reflecties\?opgeslagen=1$`))
	own := e.get(t, e.regisseurCookie, "/reflecties?opgeslagen=1")
	m := shareAction.FindStringSubmatch(own)
	if m == nil || !strings.Contains(own, html.EscapeString(text)) || !strings.Contains(own, "Niet gedeeld") || !strings.Contains(own, "Z-2026-017") {
		t.Fatalf("own log lacks the private entry:\n%s", own)
	}
	refl := m[1]

	// Private: the coach does not see it.
	if page := e.get(t, e.coachCookie, shared); strings.Contains(page, "te snel met oplossingen") {
		t.Fatal("the coach sees a private reflection")
	}

	e.post(t, e.regisseurCookie, "/reflecties/"+refl+"/delen", url.Values{"delen": {"1"}}, regexp.MustCompile(`^/reflecties\?opgeslagen=1$`))
	page := e.get(t, e.coachCookie, shared)
	if !strings.Contains(page, html.EscapeString(text)) {
		t.Fatal("the coach does not see the shared reflection")
	}
	if !strings.Contains(page, `name="antwoord-`+refl+`"`) {
		t.Fatal("no reply form")
	}

	// An empty answer is refused, then the coach answers.
	res = e.do(t, e.coachCookie, "POST", "/reflecties/"+refl+"/antwoord", url.Values{"regisseurId": {id(e.regs[0].ID)}, "antwoord-" + refl: {"  "}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#antwoord-`+refl+`"`) {
		t.Errorf("empty answer: %d, want 400 with the error linked", res.status)
	}
	e.post(t, e.coachCookie, "/reflecties/"+refl+"/antwoord", url.Values{"regisseurId": {id(e.regs[0].ID)}, "antwoord-" + refl: {answer}},
		regexp.MustCompile(`^`+regexp.QuoteMeta(shared)+`\?opgeslagen=1`))
	own = e.get(t, e.regisseurCookie, "/reflecties")
	if !strings.Contains(own, html.EscapeString(answer)) || !strings.Contains(own, "Carla Coach") || !strings.Contains(own, "Gedeeld met begeleider") {
		t.Error("the regisseur does not see the coach's answer")
	}

	// Nobody else reads the log; unsharing hides it again.
	if res := e.do(t, e.otherCookie, "GET", shared, nil); res.status != http.StatusNotFound {
		t.Errorf("other coach on the shared reflections: %d, want 404", res.status)
	}
	if res := e.do(t, e.coachCookie, "GET", "/reflecties", nil); res.status != http.StatusForbidden {
		t.Errorf("coach on /reflecties: %d, want 403", res.status)
	}
	if res := e.do(t, e.dispatcherCookie, "GET", shared, nil); res.status != http.StatusForbidden {
		t.Errorf("dispatcher on the shared reflections: %d, want 403", res.status)
	}
	e.post(t, e.regisseurCookie, "/reflecties/"+refl+"/delen", url.Values{"delen": {"0"}}, regexp.MustCompile(`^/reflecties\?opgeslagen=1$`))
	if page := e.get(t, e.coachCookie, shared); strings.Contains(page, "te snel met oplossingen") {
		t.Error("the coach still sees an unshared reflection")
	}
}

var goalAction = regexp.MustCompile(`action="/ontwikkeldoelen/([0-9]+)"`)

func TestDevelopmentPlan(t *testing.T) {
	e := newCoachEnv(t)
	plan := "/regisseurs/" + id(e.regs[0].ID) + "/ontwikkelplan"

	page := e.get(t, e.coachCookie, plan)
	if !strings.Contains(page, "Doel toevoegen") || !strings.Contains(page, "Er zijn nog geen ontwikkeldoelen.") {
		t.Fatal("plan page lacks the goal form")
	}
	comp := firstCompetency.FindStringSubmatch(page)
	if comp == nil {
		t.Fatal("no competency to choose")
	}

	res := e.do(t, e.coachCookie, "POST", plan, url.Values{"competencyKey": {comp[1]}, "basis": {""}, "description": {""}, "targetDate": {"morgen"}})
	if res.status != http.StatusBadRequest {
		t.Fatalf("invalid goal: %d, want 400", res.status)
	}
	checkAccessible(t, plan+" (fout)", res.body)
	for _, want := range []string{"<title>Fout: ", `href="#basis"`, `href="#description"`, `href="#targetDate"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("invalid goal page lacks %q", want)
		}
	}

	target := time.Now().AddDate(0, 2, 0)
	e.post(t, e.coachCookie, plan, url.Values{"competencyKey": {comp[1]}, "basis": {"blind_spot"}, "description": {"Eerder escaleren bij stagnatie"},
		"actions": {"Wekelijks casusoverleg\n\nCasus inbrengen bij intervisie"}, "targetDate": {target.Format("2006-01-02")}},
		regexp.MustCompile(`^`+regexp.QuoteMeta(plan)+`\?opgeslagen=1$`))
	page = e.get(t, e.coachCookie, plan)
	m := goalAction.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no status form:\n%s", page)
	}
	goal := m[1]
	for _, want := range []string{"Eerder escaleren bij stagnatie", "Blinde vlek", "Wekelijks casusoverleg", "Casus inbrengen bij intervisie",
		target.Format("02-01-2006"), "nog geen ronde", "Onderbouwing", "Geen voorselectie bekend"} {
		if !strings.Contains(page, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}

	for _, step := range []struct{ to, note string }{{"in_progress", "Eerste casus besproken"}, {"achieved", "Doel gehaald in overleg"}} {
		e.post(t, e.coachCookie, "/ontwikkeldoelen/"+goal, url.Values{"regisseurId": {id(e.regs[0].ID)}, "status-" + goal: {step.to}, "note-" + goal: {step.note}},
			regexp.MustCompile(`^`+regexp.QuoteMeta(plan)+`\?opgeslagen=1$`))
	}
	res = e.do(t, e.coachCookie, "POST", "/ontwikkeldoelen/"+goal, url.Values{"regisseurId": {id(e.regs[0].ID)}, "status-" + goal: {"klaar"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#status-`+goal+`"`) {
		t.Errorf("unknown status: %d, want 400 with the error linked", res.status)
	}

	page = e.get(t, e.coachCookie, plan)
	history := page[strings.Index(page, "Statusgeschiedenis van dit doel"):]
	for _, want := range []string{"Eerste casus besproken", "Doel gehaald in overleg", "Bezig", "Behaald", "Carla Coach"} {
		if !strings.Contains(history, want) {
			t.Errorf("status history lacks %q", want)
		}
	}
	if n := strings.Count(history, `<tr class="utrecht-table__row">`) - 1; n != 3 {
		t.Errorf("status history has %d rows, want 3 (created, twice changed)", n)
	}

	// The regisseur reads their own plan, without the coach's forms.
	own := e.get(t, e.regisseurCookie, plan)
	if !strings.Contains(own, "Mijn ontwikkelplan") || !strings.Contains(own, "Doel gehaald in overleg") {
		t.Error("the regisseur does not see their plan")
	}
	if strings.Contains(own, "Doel toevoegen") || strings.Contains(own, "Onderbouwing") || goalAction.MatchString(own) {
		t.Error("the regisseur gets the coach's forms or evidence")
	}

	// Out of scope: 404; without the permission: 403.
	if res := e.do(t, e.otherCookie, "GET", plan, nil); res.status != http.StatusNotFound {
		t.Errorf("other coach on the plan: %d, want 404", res.status)
	}
	if res := e.do(t, e.otherCookie, "POST", "/ontwikkeldoelen/"+goal, url.Values{"regisseurId": {id(e.regs[0].ID)}, "status-" + goal: {"open"}}); res.status != http.StatusNotFound {
		t.Errorf("other coach changes the goal: %d, want 404", res.status)
	}
	if res := e.do(t, e.regisseurCookie, "GET", "/regisseurs/"+id(e.regs[1].ID)+"/ontwikkelplan", nil); res.status != http.StatusNotFound {
		t.Errorf("regisseur on another's plan: %d, want 404", res.status)
	}
	if res := e.do(t, e.regisseurCookie, "POST", plan, url.Values{}); res.status != http.StatusForbidden {
		t.Errorf("regisseur adds a goal: %d, want 403", res.status)
	}
	if res := e.do(t, e.dispatcherCookie, "GET", plan, nil); res.status != http.StatusForbidden {
		t.Errorf("dispatcher on the plan: %d, want 403", res.status)
	}
}
