package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"regiepool/assessments"
	"regiepool/internal/assessment"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// assessEnv is a running server (anonymity threshold 3) with a regisseur who
// has an account, their coach, and a colleague regisseur with an account
// whom the coach also coaches (so the coach may invite them as a peer).
type assessEnv struct {
	*adminEnv
	ins         *assessment.Instrument
	reg         domain.Regisseur
	regUser     domain.User
	regCookie   string
	coach       domain.User
	coachCookie string
	peer        domain.User
	peerCookie  string
}

func newAssessEnv(t *testing.T) *assessEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), MinRaters: 3})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	admin := pgtest.MustCreateUser(t, db, domain.User{Name: "Beheerder", Roles: []domain.Role{domain.RoleAdmin}})
	e := &assessEnv{adminEnv: &adminEnv{srv: srv, db: db, admin: admin, adminCookie: pgtest.MustSession(t, db, admin.ID)}}
	defs, err := assessment.LoadAll(assessments.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range defs {
		if d.Key == "regie-competenties" && (e.ins == nil || d.Version > e.ins.Version) {
			e.ins = d
		}
	}
	org := pgtest.MustCreateOrganisation(t, db)
	e.reg = pgtest.MustCreateRegisseur(t, db, org.ID)
	e.regUser = pgtest.MustCreateUser(t, db, domain.User{Name: "Rianne Regisseur", Roles: []domain.Role{domain.RoleRegisseur},
		OrganisationID: &org.ID, RegisseurID: &e.reg.ID})
	e.regCookie = pgtest.MustSession(t, db, e.regUser.ID)
	peerReg := pgtest.MustCreateRegisseur(t, db, org.ID)
	e.peer = pgtest.MustCreateUser(t, db, domain.User{Name: "Piet Collega", Roles: []domain.Role{domain.RoleRegisseur},
		OrganisationID: &org.ID, RegisseurID: &peerReg.ID})
	e.peerCookie = pgtest.MustSession(t, db, e.peer.ID)
	e.coach = pgtest.MustCreateUser(t, db, domain.User{Name: "Carla Coach", Roles: []domain.Role{domain.RoleCoach},
		CoacheeIDs: []int64{e.reg.ID, peerReg.ID}})
	e.coachCookie = pgtest.MustSession(t, db, e.coach.ID)
	return e
}

// answers fills in every item of the form (the family form: family items
// only) with score, in the form's field names.
func (e *assessEnv) answers(family bool, score string) url.Values {
	v := url.Values{}
	items := e.ins.Items()
	if family {
		items = e.ins.FamilyItems()
	}
	for _, it := range items {
		v.Set("answers."+it.Key, score)
	}
	return v
}

var (
	hiddenID   = regexp.MustCompile(`name="id" value="([0-9]+)"`)
	linkToken  = regexp.MustCompile(`value="http://[^"/]+/beoordelen/(rpr_[A-Za-z0-9_-]+)"`)
	roundHref  = regexp.MustCompile(`href="/feedbackrondes/([0-9]+)"`)
	titleTag   = regexp.MustCompile(`<title>([^<]*)</title>`)
	checkedTag = func(id string) *regexp.Regexp {
		return regexp.MustCompile(`<input[^>]*\bid="` + regexp.QuoteMeta(id) + `"[^>]*\bchecked\b`)
	}
)

func mustMatch(t *testing.T, re *regexp.Regexp, body, what string) string {
	t.Helper()
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in page", what)
	}
	return m[1]
}

func (e *assessEnv) deadline(days int) string {
	return time.Now().AddDate(0, 0, days).Format("2006-01-02")
}

// openRound opens a round about e.reg as the coach and returns the round id
// and the external tokens shown.
func (e *assessEnv) openRound(t *testing.T, form url.Values) (string, []string, response) {
	t.Helper()
	res := e.do(t, e.coachCookie, "POST", "/regisseurs/"+id(e.reg.ID)+"/feedbackrondes", form)
	if res.status != http.StatusOK {
		t.Fatalf("open round: status %d, want 200\n%s", res.status, res.body)
	}
	var tokens []string
	for _, m := range linkToken.FindAllStringSubmatch(res.body, -1) {
		tokens = append(tokens, m[1])
	}
	return mustMatch(t, roundHref, res.body, "round link"), tokens, res
}

func TestSelfAssessmentDraftAndSubmit(t *testing.T) {
	e := newAssessEnv(t)
	items := e.ins.Items()
	first, second := items[0].Key, items[1].Key

	res := e.do(t, e.regCookie, "GET", "/zelfbeoordeling", nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET /zelfbeoordeling: %d", res.status)
	}
	checkAccessible(t, "/zelfbeoordeling", res.body)
	for _, want := range []string{`name="actie" value="opslaan"`, `name="actie" value="indienen"`, "Kan ik niet beoordelen", "<legend", items[0].Indicators[0]} {
		if !strings.Contains(res.body, want) {
			t.Errorf("self-assessment form lacks %q", want)
		}
	}
	sid := mustMatch(t, hiddenID, res.body, "self-assessment id")

	// Save a draft with one score, one "na" and a comment.
	form := url.Values{"id": {sid}, "actie": {"opslaan"}, "answers." + first: {"4"}, "answers." + second: {"na"},
		"answers." + first + ".comment": {"Bij de familie Jansen liet ik dit zien."}}
	res = e.do(t, e.regCookie, "POST", "/zelfbeoordeling", form)
	if res.status != http.StatusSeeOther || res.location != "/zelfbeoordeling?opgeslagen=1" {
		t.Fatalf("save draft: %d %q\n%s", res.status, res.location, res.body)
	}

	// Coming back shows the draft filled in.
	res = e.do(t, e.regCookie, "GET", "/zelfbeoordeling?opgeslagen=1", nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET after save: %d", res.status)
	}
	if got := mustMatch(t, hiddenID, res.body, "self-assessment id"); got != sid {
		t.Errorf("draft id changed from %s to %s", sid, got)
	}
	if !checkedTag("antwoord-" + first + "-4").MatchString(res.body) {
		t.Errorf("score 4 of %s not pre-filled", first)
	}
	if !checkedTag("antwoord-" + second + "-na").MatchString(res.body) {
		t.Errorf("'na' of %s not pre-filled", second)
	}
	if !strings.Contains(res.body, "Bij de familie Jansen liet ik dit zien.") {
		t.Error("comment not pre-filled")
	}
	if !strings.Contains(res.body, "Uw concept is opgeslagen") {
		t.Error("no notice after saving")
	}

	// Submit complete answers.
	form = e.answers(false, "3")
	form.Set("id", sid)
	form.Set("actie", "indienen")
	res = e.do(t, e.regCookie, "POST", "/zelfbeoordeling", form)
	if res.status != http.StatusSeeOther || res.location != "/mijn-resultaten?ingediend=1" {
		t.Fatalf("submit: %d %q\n%s", res.status, res.location, res.body)
	}

	// The submitted one is frozen: the same id again is refused.
	form.Set("answers."+first, "5")
	res = e.do(t, e.regCookie, "POST", "/zelfbeoordeling", form)
	if res.status != http.StatusConflict {
		t.Fatalf("second submit: status %d, want 409", res.status)
	}
	if !strings.Contains(res.body, "al ingediend") || !strings.HasPrefix(mustMatch(t, titleTag, res.body, "title"), "Fout: ") {
		t.Error("refused submit does not say why, or its title lacks 'Fout: '")
	}
	checkAccessible(t, "/zelfbeoordeling (conflict)", res.body)
	selfs, _, err := e.db.FindSelfAssessments(pgtest.ActorCtx(t, e.db, e.regUser.ID), e.reg.ID, domain.Page{Page: 1, PageSize: 20})
	if err != nil {
		t.Fatal(err)
	}
	var submitted []domain.SelfAssessment
	for _, s := range selfs {
		if s.Status == domain.StatusSubmitted {
			submitted = append(submitted, s)
		}
	}
	if len(submitted) != 1 || id(submitted[0].ID) != sid || *submitted[0].Answers[first].Score != 3 {
		t.Fatalf("submitted self-assessments: %+v", submitted)
	}

	// The form now starts a new draft and says the previous one was submitted.
	res = e.do(t, e.regCookie, "GET", "/zelfbeoordeling", nil)
	if mustMatch(t, hiddenID, res.body, "self-assessment id") == sid || !strings.Contains(res.body, "vorige zelfbeoordeling") {
		t.Error("after submitting, the form does not start a new draft with a notice")
	}

	res = e.do(t, e.regCookie, "GET", "/mijn-resultaten?ingediend=1", nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET /mijn-resultaten: %d", res.status)
	}
	checkAccessible(t, "/mijn-resultaten", res.body)
	for _, want := range []string{items[0].Name, "nog geen afgesloten feedbackronde", `role="img"`, "Uw zelfbeoordeling is ingediend"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("results page lacks %q", want)
		}
	}
}

func TestSelfAssessmentIncompleteSubmit(t *testing.T) {
	e := newAssessEnv(t)
	items := e.ins.Items()
	res := e.do(t, e.regCookie, "GET", "/zelfbeoordeling", nil)
	sid := mustMatch(t, hiddenID, res.body, "self-assessment id")

	form := url.Values{"id": {sid}, "actie": {"indienen"}, "answers." + items[0].Key: {"2"},
		"answers." + items[1].Key + ".comment": {"Toelichting zonder score"}}
	res = e.do(t, e.regCookie, "POST", "/zelfbeoordeling", form)
	if res.status != http.StatusBadRequest {
		t.Fatalf("incomplete submit: status %d, want 400", res.status)
	}
	checkAccessible(t, "/zelfbeoordeling (invalid)", res.body)
	if title := mustMatch(t, titleTag, res.body, "title"); !strings.HasPrefix(title, "Fout: ") {
		t.Errorf("title %q lacks 'Fout: '", title)
	}
	if !checkedTag("antwoord-" + items[0].Key + "-2").MatchString(res.body) {
		t.Error("the chosen answer is not kept")
	}
	if !strings.Contains(res.body, "Toelichting zonder score") {
		t.Error("the typed comment is not kept")
	}
	for _, it := range items[1:] {
		if !strings.Contains(res.body, `href="#antwoord-`+it.Key+`-1"`) {
			t.Errorf("error summary does not link to %s", it.Key)
		}
	}
	if strings.Contains(res.body, `href="#antwoord-`+items[0].Key+`-1"`) {
		t.Error("error summary names an answered item")
	}
	if !strings.Contains(res.body, `aria-invalid="true"`) || !strings.Contains(res.body, "app-error-summary") {
		t.Error("no aria-invalid or error summary")
	}
	// Nothing was stored.
	draft, err := e.db.DraftSelfAssessment(pgtest.ActorCtx(t, e.db, e.regUser.ID), e.reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	if id(draft.ID) != sid || draft.Status != domain.StatusDraft || len(draft.Answers) != 0 {
		t.Errorf("draft after refused submit: %+v", draft)
	}
}

func TestFeedbackRoundWithLinks(t *testing.T) {
	e := newAssessEnv(t)
	dev := "/regisseurs/" + id(e.reg.ID) + "/ontwikkeling"
	res := e.do(t, e.coachCookie, "GET", dev, nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d", dev, res.status)
	}
	checkAccessible(t, dev, res.body)
	for _, want := range []string{e.reg.Name, `name="intern-` + id(e.peer.ID) + `"`, `name="extern-partner"`, `type="date"`, "Er zijn nog geen resultaten"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("development page lacks %q", want)
		}
	}
	if strings.Contains(res.body, `name="intern-`+id(e.regUser.ID)+`"`) {
		t.Error("the regisseur is offered as their own rater")
	}

	// Invalid: no deadline, nobody invited.
	res = e.do(t, e.coachCookie, "POST", "/regisseurs/"+id(e.reg.ID)+"/feedbackrondes", url.Values{"deadline": {""}, "extern-partner": {"0"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#deadline"`) || !strings.Contains(res.body, `href="#beoordelaars"`) {
		t.Fatalf("empty round form: status %d, want 400 with errors on deadline and raters", res.status)
	}
	checkAccessible(t, dev+" (invalid)", res.body)

	rid, tokens, res := e.openRound(t, url.Values{"deadline": {e.deadline(14)}, "intern-" + id(e.peer.ID): {"peer"}, "extern-partner": {"3"}})
	checkAccessible(t, "links page", res.body)
	if len(tokens) != 3 {
		t.Fatalf("%d links shown, want 3", len(tokens))
	}
	for _, label := range []string{"Link voor partner 1", "Link voor partner 2", "Link voor partner 3"} {
		if !strings.Contains(res.body, label) {
			t.Errorf("links page lacks %q", label)
		}
	}

	// The links are shown once: not on the round page, not on the
	// development page.
	round := "/feedbackrondes/" + rid
	res = e.do(t, e.coachCookie, "GET", round, nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d", round, res.status)
	}
	checkAccessible(t, round, res.body)
	res2 := e.do(t, e.coachCookie, "GET", dev, nil)
	for _, tok := range tokens {
		if strings.Contains(res.body, tok) || strings.Contains(res2.body, tok) {
			t.Fatal("a link is shown again")
		}
	}
	for _, want := range []string{"0 van 3 partners hebben gereageerd", e.peer.Name, "Collega-regisseurs", action(round + "/sluiten")} {
		if !strings.Contains(res.body, want) {
			t.Errorf("round page lacks %q", want)
		}
	}

	// The internal peer sees the request, with the anonymity notice.
	res = e.do(t, e.peerCookie, "GET", "/feedback", nil)
	checkAccessible(t, "/feedback", res.body)
	raterHref := regexp.MustCompile(`href="(/feedback/[0-9]+)"`)
	req := mustMatch(t, raterHref, res.body, "feedback request link")
	res = e.do(t, e.peerCookie, "GET", req, nil)
	if res.status != http.StatusOK || !strings.Contains(res.body, "ten minste 2 anderen uit uw groep") {
		t.Fatalf("GET %s: %d, or no anonymity notice", req, res.status)
	}
	checkAccessible(t, req, res.body)
	// A draft, then sending it.
	res = e.do(t, e.peerCookie, "POST", req, url.Values{"actie": {"opslaan"}, "answers." + e.ins.Items()[0].Key: {"5"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("peer draft: %d\n%s", res.status, res.body)
	}
	form := e.answers(false, "4")
	form.Set("actie", "indienen")
	res = e.do(t, e.peerCookie, "POST", req, form)
	if res.status != http.StatusSeeOther || res.location != "/feedback?verzonden=1" {
		t.Fatalf("peer submit: %d %q", res.status, res.location)
	}
	// Someone else's request is not found.
	if res = e.do(t, e.coachCookie, "GET", req, nil); res.status != http.StatusNotFound {
		t.Errorf("another user's request: %d, want 404", res.status)
	}

	// An external rater answers by link.
	link := "/beoordelen/" + tokens[0]
	res = e.do(t, "", "GET", link, nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET link: %d", res.status)
	}
	checkAccessible(t, "/beoordelen/…", res.body)
	for _, want := range []string{e.reg.Name, "ten minste 2 anderen", "app-assess-form--mobile"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("external form lacks %q", want)
		}
	}
	// Incomplete: 400, input kept, the link still works.
	res = e.do(t, "", "POST", link, url.Values{"answers." + e.ins.Items()[0].Key: {"2"}})
	if res.status != http.StatusBadRequest || !checkedTag("antwoord-"+e.ins.Items()[0].Key+"-2").MatchString(res.body) {
		t.Fatalf("incomplete external answer: %d, or input not kept", res.status)
	}
	res = e.do(t, "", "POST", link, e.answers(false, "4"))
	if res.status != http.StatusOK || !strings.Contains(res.body, "Bedankt! Uw antwoorden zijn opgeslagen.") {
		t.Fatalf("external answer: %d\n%s", res.status, res.body)
	}
	checkAccessible(t, "confirmation", res.body)
	// Used: 410 for both methods.
	if res = e.do(t, "", "GET", link, nil); res.status != http.StatusGone {
		t.Errorf("used link GET: %d, want 410", res.status)
	}
	if res = e.do(t, "", "POST", link, e.answers(false, "4")); res.status != http.StatusGone {
		t.Errorf("used link POST: %d, want 410", res.status)
	}
	// Unknown links: 404.
	for _, bad := range []string{"rpr_" + strings.Repeat("A", 43), "nonsense"} {
		if res = e.do(t, "", "GET", "/beoordelen/"+bad, nil); res.status != http.StatusNotFound {
			t.Errorf("unknown link %s: %d, want 404", bad, res.status)
		}
	}

	res = e.do(t, e.coachCookie, "GET", round, nil)
	for _, want := range []string{"1 van 3 partners heeft gereageerd", "Alleen per groep"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("round page after answers lacks %q", want)
		}
	}

	// Add a family member: their form is the short one.
	res = e.do(t, e.coachCookie, "POST", round+"/beoordelaars", url.Values{"extern-family": {"1"}})
	if res.status != http.StatusOK || !strings.Contains(res.body, "Link voor gezinslid 1") {
		t.Fatalf("add raters: %d\n%s", res.status, res.body)
	}
	famTokens := linkToken.FindAllStringSubmatch(res.body, -1)
	if len(famTokens) != 1 {
		t.Fatalf("%d family links, want 1", len(famTokens))
	}
	res = e.do(t, "", "GET", "/beoordelen/"+famTokens[0][1], nil)
	fam := e.ins.FamilyItems()
	if !strings.Contains(res.body, fam[0].Family) || !strings.Contains(res.body, e.ins.Scale.FamilyAnchors[1]) {
		t.Error("family form lacks the family question or anchors")
	}
	// One plain-language question per step, with the progress over all.
	if n := strings.Count(res.body, "<fieldset"); n != 1 || !strings.Contains(res.body, fmt.Sprintf("0 van %d vragen beantwoord", len(fam))) {
		t.Errorf("family form step has %d questions (want 1) or no progress over %d", n, len(fam))
	}

	// Extend: an earlier date is refused, a later one taken.
	res = e.do(t, e.coachCookie, "POST", round+"/deadline", url.Values{"deadline": {e.deadline(10)}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#deadline"`) {
		t.Errorf("earlier deadline: %d, want 400 with error", res.status)
	}
	res = e.do(t, e.coachCookie, "POST", round+"/deadline", url.Values{"deadline": {e.deadline(30)}})
	if res.status != http.StatusSeeOther {
		t.Errorf("extend: %d", res.status)
	}

	// Close without ticking the statement: refused, nothing changed.
	res = e.do(t, e.coachCookie, "POST", round+"/sluiten", url.Values{})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "Vink aan dat u weet dat sluiten definitief is") ||
		!strings.Contains(res.body, `href="#bevestigen"`) {
		t.Errorf("unconfirmed close: %d, want 400 with the error on the checkbox", res.status)
	}
	if res = e.do(t, "", "GET", "/beoordelen/"+tokens[1], nil); res.status != http.StatusOK {
		t.Errorf("link after an unconfirmed close: %d, want 200", res.status)
	}

	// Close: no more forms, and the links stop working.
	res = e.do(t, e.coachCookie, "POST", round+"/sluiten", url.Values{"bevestigen": {"ja"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("close: %d", res.status)
	}
	res = e.do(t, e.coachCookie, "GET", round, nil)
	if strings.Contains(res.body, "<form method=\"post\" action=\"/feedbackrondes/") || !strings.Contains(res.body, "Gesloten op") {
		t.Error("a closed round still shows its forms")
	}
	if res = e.do(t, "", "GET", "/beoordelen/"+tokens[1], nil); res.status != http.StatusGone {
		t.Errorf("link of a closed round: %d, want 410", res.status)
	}
}

// action is how a form posting to path starts.
func action(path string) string { return `action="` + path + `"` }

// resultsTable is the HTML of the competency table of a results page.
func resultsTable(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `id="resultaten-tabel"`)
	if i < 0 {
		t.Fatal("no results table")
	}
	j := strings.Index(body[i:], "</table>")
	return body[i : i+j]
}

func TestResultsAnonymityThreshold(t *testing.T) {
	e := newAssessEnv(t)
	// The regisseur submits a self-assessment.
	ctx := pgtest.ActorCtx(t, e.db, e.regUser.ID)
	draft, err := e.db.DraftSelfAssessment(ctx, e.reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	self := map[string]domain.Answer{}
	for _, it := range e.ins.Items() {
		five := 5
		self[it.Key] = domain.Answer{Score: &five}
	}
	if _, err := e.db.SaveSelfAssessment(ctx, draft.ID, self, true); err != nil {
		t.Fatal(err)
	}
	label := domain.GroupPartner.Label()

	round := func(answering int) {
		t.Helper()
		rid, tokens, _ := e.openRound(t, url.Values{"deadline": {e.deadline(7)}, "extern-partner": {"3"}})
		for _, tok := range tokens[:answering] {
			if res := e.do(t, "", "POST", "/beoordelen/"+tok, e.answers(false, "2")); res.status != http.StatusOK {
				t.Fatalf("partner answer: %d", res.status)
			}
		}
		if res := e.do(t, e.coachCookie, "POST", "/feedbackrondes/"+rid+"/sluiten", url.Values{"bevestigen": {"ja"}}); res.status != http.StatusSeeOther {
			t.Fatalf("close round: %d", res.status)
		}
	}

	// Two of three partners answered: the group is not shown anywhere.
	round(2)
	res := e.do(t, e.regCookie, "GET", "/mijn-resultaten", nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET /mijn-resultaten: %d", res.status)
	}
	checkAccessible(t, "/mijn-resultaten", res.body)
	if strings.Contains(resultsTable(t, res.body), label) || strings.Contains(res.body, label) {
		t.Error("a group of 2 partners is shown")
	}
	if !strings.Contains(res.body, "geen groep groot genoeg") {
		t.Error("the table does not say no group could be shown")
	}

	// Three partners answered: the group is shown, with a blind spot (self
	// 5, others 2).
	round(3)
	res = e.do(t, e.regCookie, "GET", "/mijn-resultaten", nil)
	checkAccessible(t, "/mijn-resultaten", res.body)
	table := resultsTable(t, res.body)
	if !strings.Contains(table, label+": 2,00 (3)") {
		t.Errorf("the partner group of 3 is not shown in the results table")
	}
	// html/template writes the plus sign as &#43;.
	if !strings.Contains(table, "Blinde vlek") || !strings.Contains(table, "&#43;3,00") {
		t.Error("no blind spot flag or gap")
	}
	if !strings.Contains(res.body, `id="verloop-tabel"`) {
		t.Error("no trend table after two rounds")
	}
	// The coach sees the same on the development page.
	res = e.do(t, e.coachCookie, "GET", "/regisseurs/"+id(e.reg.ID)+"/ontwikkeling", nil)
	if !strings.Contains(resultsTable(t, res.body), label+": 2,00 (3)") {
		t.Error("the coach does not see the partner group")
	}
	checkAccessible(t, "development with results", res.body)
}

func TestDevelopmentAccess(t *testing.T) {
	e := newAssessEnv(t)
	rid, _, _ := e.openRound(t, url.Values{"deadline": {e.deadline(7)}, "extern-partner": {"1"}})

	org := pgtest.MustCreateOrganisation(t, e.db)
	other := pgtest.MustCreateRegisseur(t, e.db, org.ID)
	otherCoach := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{other.ID}})
	cookie := pgtest.MustSession(t, e.db, otherCoach.ID)
	dev := "/regisseurs/" + id(e.reg.ID) + "/ontwikkeling"
	if res := e.do(t, cookie, "GET", dev, nil); res.status != http.StatusNotFound {
		t.Errorf("coach of another regisseur, %s: %d, want 404", dev, res.status)
	}
	if res := e.do(t, cookie, "GET", "/regisseurs/"+id(other.ID)+"/ontwikkeling", nil); res.status != http.StatusOK {
		t.Errorf("coach of own coachee: %d, want 200", res.status)
	}
	for _, path := range []string{"/regisseurs/" + id(e.reg.ID) + "/feedbackrondes", "/feedbackrondes/" + rid + "/sluiten", "/feedbackrondes/" + rid + "/deadline", "/feedbackrondes/" + rid + "/beoordelaars"} {
		if res := e.do(t, cookie, "POST", path, url.Values{"deadline": {e.deadline(20)}, "extern-partner": {"1"}}); res.status != http.StatusNotFound {
			t.Errorf("coach of another regisseur, POST %s: %d, want 404", path, res.status)
		}
	}
	if res := e.do(t, cookie, "GET", "/feedbackrondes/"+rid, nil); res.status != http.StatusNotFound {
		t.Errorf("coach of another regisseur, round: %d, want 404", res.status)
	}
	// The round is still open: nothing happened.
	if res := e.do(t, e.coachCookie, "GET", "/feedbackrondes/"+rid, nil); !strings.Contains(res.body, "0 van 1 partner heeft gereageerd") || !strings.Contains(res.body, "Open") {
		t.Error("the round changed")
	}
	// The regisseur may not manage rounds; anonymous visitors log in first.
	if res := e.do(t, e.regCookie, "GET", dev, nil); res.status != http.StatusForbidden {
		t.Errorf("regisseur on %s: %d, want 403", dev, res.status)
	}
	if res := e.do(t, "", "GET", "/zelfbeoordeling", nil); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/inloggen") {
		t.Errorf("anonymous /zelfbeoordeling: %d %q", res.status, res.location)
	}
	// The coach is no regisseur.
	if res := e.do(t, e.coachCookie, "GET", "/mijn-resultaten", nil); res.status != http.StatusForbidden {
		t.Errorf("coach on /mijn-resultaten: %d, want 403", res.status)
	}
	// The admin may.
	if res := e.do(t, e.adminCookie, "GET", dev, nil); res.status != http.StatusOK {
		t.Errorf("admin on %s: %d, want 200", dev, res.status)
	}
}

func TestExternalLinkGuard(t *testing.T) {
	e := newAssessEnv(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i := 0; i < 100; i++ {
		res, err := client.Get(e.srv.URL + "/beoordelen/rpr_guess" + id(int64(i)))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusTooManyRequests {
			if res.Header.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
			return
		}
		if res.StatusCode != http.StatusNotFound {
			t.Fatalf("guess %d: %d, want 404 or 429", i, res.StatusCode)
		}
	}
	t.Error("100 guesses were never slowed down")
}
