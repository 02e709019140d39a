package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// poolEnv is a running server with a pool round in which the organisation
// of the contact and one other organisation have 2 places each.
type poolEnv struct {
	*adminEnv
	round            domain.PoolRound
	org, otherOrg    domain.Organisation
	mun, otherMun    domain.Municipality
	contact          domain.User
	contactCookie    string
	coach            domain.User
	coachCookie      string
	dispatcherCookie string
	monitorCookie    string
}

func newPoolEnv(t *testing.T) *poolEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), MinRaters: 3})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	admin := pgtest.MustCreateUser(t, db, domain.User{Name: "Beheerder", Roles: []domain.Role{domain.RoleAdmin}})
	e := &poolEnv{adminEnv: &adminEnv{srv: srv, db: db, admin: admin, adminCookie: pgtest.MustSession(t, db, admin.ID)}}
	e.org, e.otherOrg = pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	e.mun, e.otherMun = pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
	e.contact = pgtest.MustCreateUser(t, db, domain.User{Name: "Olga Contact", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &e.org.ID})
	e.contactCookie = pgtest.MustSession(t, db, e.contact.ID)
	e.coach = pgtest.MustCreateUser(t, db, domain.User{Name: "Carla Coach", Roles: []domain.Role{domain.RoleCoach}})
	e.coachCookie = pgtest.MustSession(t, db, e.coach.ID)
	disp := pgtest.MustCreateUser(t, db, domain.User{Name: "Dirk Verdeler", Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{e.mun.ID}})
	e.dispatcherCookie = pgtest.MustSession(t, db, disp.ID)
	mon := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	e.monitorCookie = pgtest.MustSession(t, db, mon.ID)
	e.round, err = db.CreatePoolRound(pgtest.SystemCtx(), "Pilot complexe regie 2027", []domain.RoundOrganisation{
		{OrganisationID: e.org.ID, Quota: 2}, {OrganisationID: e.otherOrg.ID, Quota: 2}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var (
	poolMemberLocation = regexp.MustCompile(`^/pool/leden/([0-9]+)\?voorgedragen=1$`)
	poolTitle          = regexp.MustCompile(`<title>([^<]*)</title>`)
)

// nominationForm is a valid nomination of name as the form posts it.
func (e *poolEnv) nominationForm(name string) url.Values {
	return url.Values{
		"roundId": {id(e.round.ID)}, "regisseurName": {name}, "email": {""},
		"motivation": {"Ervaren gezinscoach met veel netwerk in de wijk."}, "hoursPerWeek": {"16,5"},
		"municipalityIds": {id(e.mun.ID)},
	}
}

// nominateByForm posts a nomination as the contact and returns the member's path.
func (e *poolEnv) nominateByForm(t *testing.T, form url.Values) string {
	t.Helper()
	res := e.do(t, e.contactCookie, "POST", "/pool/voordragen", form)
	if res.status != http.StatusSeeOther || !poolMemberLocation.MatchString(res.location) {
		t.Fatalf("nominate: %d %q, want 303 to the member\n%s", res.status, res.location, res.body)
	}
	return strings.TrimSuffix(res.location, "?voorgedragen=1")
}

// nominate stores a nomination of the contact's organisation directly, and
// links the coach to the candidate as an admin would.
func (e *poolEnv) nominate(t *testing.T, name string) domain.Membership {
	t.Helper()
	m, err := e.db.Nominate(pgtest.ActorCtx(t, e.db, e.contact.ID), domain.Nomination{RoundID: e.round.ID, RegisseurName: name,
		Motivation: "Ervaren gezinscoach", HoursPerWeek: 16, MunicipalityIDs: []int64{e.mun.ID}})
	if err != nil {
		t.Fatalf("nominate %s: %v", name, err)
	}
	pgtest.MustLinkCoach(t, e.db, e.coach.ID, m.RegisseurID)
	return m
}

func (e *poolEnv) members(t *testing.T) []domain.Membership {
	t.Helper()
	ms, _, err := e.db.FindPoolMembers(pgtest.SystemCtx(), domain.MemberFilter{}, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func (e *poolEnv) membership(t *testing.T, memberID int64) domain.Membership {
	t.Helper()
	m, err := e.db.FindMembership(pgtest.SystemCtx(), memberID)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// upload posts fields and one file as multipart/form-data.
func (e *poolEnv) upload(t *testing.T, cookie, path string, fields url.Values, fileField, fileName string, file []byte) response {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fileField != "" {
		fw, err := w.CreateFormFile(fileField, fileName)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(file); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest("POST", e.srv.URL+path, &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return e.send(t, cookie, req).response
}

type poolResponse struct {
	response
	header http.Header
}

func (e *poolEnv) send(t *testing.T, cookie string, req *http.Request) poolResponse {
	t.Helper()
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: cookie})
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return poolResponse{response: response{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b)}, header: res.Header}
}

// get fetches a page that must answer 200 and pass the accessibility checks.
func (e *poolEnv) get(t *testing.T, cookie, path string) string {
	t.Helper()
	res := e.do(t, cookie, "GET", path, nil)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d, want 200\n%s", path, res.status, res.body)
	}
	checkAccessible(t, path, res.body)
	return res.body
}

func TestPoolNominateByForm(t *testing.T) {
	e := newPoolEnv(t)
	body := e.get(t, e.contactCookie, "/pool/voordragen")
	for _, want := range []string{"Pilot complexe regie 2027 (2 van 2 plaatsen vrij)", "Motivatie per competentie", `name="hoursPerWeek" type="text" inputmode="decimal"`, "maakt een account aan"} {
		if !strings.Contains(body, want) {
			t.Errorf("nomination form lacks %q", want)
		}
	}
	comp := regexp.MustCompile(`name="(competentie-[a-z0-9-]+)"`).FindStringSubmatch(body)
	if comp == nil {
		t.Fatal("no textarea per competency")
	}

	form := e.nominationForm("Noor Nieuw")
	form.Set(comp[1], "Bracht in een vastgelopen gezin alle hulpverleners om tafel.")
	path := e.nominateByForm(t, form)

	body = e.get(t, e.contactCookie, path+"?voorgedragen=1")
	for _, want := range []string{"Noor Nieuw", "Voorgedragen", "De kandidaat is voorgedragen.", "Bracht in een vastgelopen gezin",
		"16,5", e.mun.Name, "Nog geen voorselectie", "Voordracht intrekken"} {
		if !strings.Contains(body, want) {
			t.Errorf("member page lacks %q", want)
		}
	}
	if strings.Contains(body, "Voorselectie vastleggen") || strings.Contains(body, "Capaciteit") {
		t.Error("an org contact is offered the selection's forms")
	}

	ms := e.members(t)
	if len(ms) != 1 || ms[0].HoursPerWeek != 16.5 || len(ms[0].MunicipalityIDs) != 1 || ms[0].OrganisationID != e.org.ID {
		t.Fatalf("stored %+v, want one nomination of 16.5 hours in one municipality", ms)
	}

	body = e.get(t, e.contactCookie, "/pool")
	for _, want := range []string{"Onze voordrachten", "Noor Nieuw", "Kandidaat voordragen", "1 voorgedragen", `href="` + path + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
	// A nominee without a coach is the admins' alone; once an admin links a
	// coach, the coach sees them among their own.
	if body = e.get(t, e.coachCookie, "/pool"); !strings.Contains(body, "Mijn regisseurs in de pool") || strings.Contains(body, "Noor Nieuw") {
		t.Error("a coach's overview shows a nominee without a coach")
	}
	if res := e.do(t, e.coachCookie, "GET", path, nil); res.status != http.StatusNotFound {
		t.Errorf("a coach opens a nominee without a coach: %d, want 404", res.status)
	}
	if body = e.get(t, e.adminCookie, "/pool"); !strings.Contains(body, e.org.Name) || !strings.Contains(body, "Noor Nieuw") {
		t.Error("admin's overview lacks the organisation's table")
	}
	pgtest.MustLinkCoach(t, e.db, e.coach.ID, ms[0].RegisseurID)
	body = e.get(t, e.coachCookie, "/pool")
	if !strings.Contains(body, e.org.Name) || !strings.Contains(body, "Noor Nieuw") {
		t.Error("coach's overview lacks the coachee and their organisation")
	}
	if body = e.get(t, e.coachCookie, "/pool?status=active"); strings.Contains(body, "Noor Nieuw") {
		t.Error("status filter active still shows a nominee")
	}
}

func TestPoolNominateOverQuota(t *testing.T) {
	e := newPoolEnv(t)
	e.nominateByForm(t, e.nominationForm("Eerste Kandidaat"))
	e.nominateByForm(t, e.nominationForm("Tweede Kandidaat"))

	res := e.do(t, e.contactCookie, "POST", "/pool/voordragen", e.nominationForm("Derde Kandidaat"))
	if res.status != http.StatusConflict {
		t.Fatalf("third nomination: %d, want 409\n%s", res.status, res.body)
	}
	checkAccessible(t, "third nomination", res.body)
	for _, want := range []string{"Uw organisatie heeft al 2 van de 2 plaatsen", `value="Derde Kandidaat"`, "app-error-summary", "(vol: 2 van 2 plaatsen gebruikt)", "Alle plaatsen van uw organisatie zijn gebruikt"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("409 page lacks %q", want)
		}
	}
	if title := poolTitle.FindStringSubmatch(res.body); title == nil || !strings.HasPrefix(title[1], "Fout: ") {
		t.Errorf("title %v, want it to start with Fout: ", title)
	}
	if n := len(e.members(t)); n != 2 {
		t.Errorf("%d nominations stored, want 2", n)
	}
	// Coming to the form with every place used: said before anything is
	// typed, and no form to type in.
	body := e.get(t, e.contactCookie, "/pool/voordragen")
	checkAccessible(t, "full round", body)
	if !strings.Contains(body, "Alle plaatsen van uw organisatie zijn gebruikt") || strings.Contains(body, `name="regisseurName"`) ||
		strings.Contains(body, "competentie-") || !strings.Contains(body, "0 (vol)") {
		t.Error("a full round still offers the nomination form, or does not say it is full")
	}
	// The contact's overview shows the round and the pre-selection outcome.
	body = e.get(t, e.contactCookie, "/pool")
	for _, want := range []string{">Poolronde</th>", ">Uitkomst voorselectie</th>", "Pilot complexe regie 2027", "Nog niet bekend"} {
		if !strings.Contains(body, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
}

func TestPoolNominateInvalid(t *testing.T) {
	e := newPoolEnv(t)
	form := e.nominationForm("")
	form.Set("hoursPerWeek", "0")
	res := e.do(t, e.contactCookie, "POST", "/pool/voordragen", form)
	if res.status != http.StatusBadRequest {
		t.Fatalf("invalid nomination: %d, want 400\n%s", res.status, res.body)
	}
	checkAccessible(t, "invalid nomination", res.body)
	for _, want := range []string{`href="#regisseurName"`, `href="#hoursPerWeek"`, `aria-invalid="true"`, `aria-describedby="regisseurName-fout"`,
		"Ervaren gezinscoach met veel netwerk in de wijk."} {
		if !strings.Contains(res.body, want) {
			t.Errorf("400 page lacks %q", want)
		}
	}
	if title := poolTitle.FindStringSubmatch(res.body); title == nil || !strings.HasPrefix(title[1], "Fout: ") {
		t.Errorf("title %v, want it to start with Fout: ", title)
	}

	form = e.nominationForm("Zonder Motivatie")
	form.Set("motivation", "")
	form.Set("hoursPerWeek", "veel")
	res = e.do(t, e.contactCookie, "POST", "/pool/voordragen", form)
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#motivation"`) || !strings.Contains(res.body, "als getal") {
		t.Errorf("no motivation, hours not a number: %d, want 400 with both errors", res.status)
	}
	if n := len(e.members(t)); n != 0 {
		t.Errorf("%d nominations stored, want none", n)
	}
}

// preSelectionFields is a valid pre-selection as the form posts it.
func preSelectionFields() url.Values {
	return url.Values{
		"testDate": {time.Now().AddDate(0, 0, -2).Format("2006-01-02")}, "instrumentName": {"NEO-PI-3"}, "provider": {"Testbureau Noord"},
		"outcome":  {domain.OutcomeSuitableAttention},
		"pitfalls": {"Neemt te veel zelf over\n\nWil iedereen tevreden houden"}, "attentionPoints": {"Grenzen aangeven"},
	}
}

func TestPoolPreSelectionUpload(t *testing.T) {
	e := newPoolEnv(t)
	m := e.nominate(t, "Pien Kandidaat")
	path := "/pool/leden/" + id(m.ID)

	body := e.get(t, e.coachCookie, path)
	for _, want := range []string{`enctype="multipart/form-data"`, `type="file"`, `accept="application/pdf"`, "Voorselectie vastleggen", "Nog geen voorselectie"} {
		if !strings.Contains(body, want) {
			t.Errorf("coach's member page lacks %q", want)
		}
	}

	res := e.upload(t, e.coachCookie, path+"/voorselectie", preSelectionFields(), "report", "plaatje.gif", []byte("GIF89a"))
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "Het rapport moet een PDF-bestand zijn.") || !strings.Contains(res.body, `href="#report"`) {
		t.Fatalf("non-PDF report: %d, want 400 with the error on the report\n%s", res.status, res.body)
	}
	checkAccessible(t, "non-PDF report", res.body)
	if !strings.Contains(res.body, `value="NEO-PI-3"`) {
		t.Error("the input is not kept after an error")
	}

	big := append([]byte("%PDF-1.4 "), bytes.Repeat([]byte("x"), domain.MaxReportSize)...)
	res = e.upload(t, e.coachCookie, path+"/voorselectie", preSelectionFields(), "report", "groot.pdf", big)
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "groter dan 5 MB") {
		t.Errorf("report over 5 MiB: %d, want 400 saying it is too large", res.status)
	}
	if got := e.membership(t, m.ID); got.Status != domain.MemberNominated {
		t.Fatalf("status %s after refused uploads, want nominated", got.Status)
	}

	pdf := []byte("%PDF-1.4 testrapport van de aanbieder")
	res = e.upload(t, e.coachCookie, path+"/voorselectie", preSelectionFields(), "report", "rapport pien.pdf", pdf)
	if res.status != http.StatusSeeOther || res.location != path+"?opgeslagen=1" {
		t.Fatalf("record pre-selection: %d %q, want 303 back\n%s", res.status, res.location, res.body)
	}
	if got := e.membership(t, m.ID); got.Status != domain.MemberPreselected {
		t.Fatalf("status %s, want preselected", got.Status)
	}

	body = e.get(t, e.coachCookie, path)
	for _, want := range []string{"Voorgeselecteerd", "Geschikt met aandachtspunten", "Neemt te veel zelf over", "Wil iedereen tevreden houden",
		"Grenzen aangeven", "Testbureau Noord", `href="` + path + `/rapport"`} {
		if !strings.Contains(body, want) {
			t.Errorf("coach's member page lacks %q", want)
		}
	}

	req, _ := http.NewRequest("GET", e.srv.URL+path+"/rapport", nil)
	rep := e.send(t, e.coachCookie, req)
	if rep.status != http.StatusOK || rep.header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(rep.header.Get("Content-Disposition"), "attachment") || rep.body != string(pdf) {
		t.Errorf("report: %d %q %q, want the PDF as an attachment", rep.status, rep.header.Get("Content-Type"), rep.header.Get("Content-Disposition"))
	}

	// The nominating organisation sees the outcome only.
	body = e.get(t, e.contactCookie, path)
	if !strings.Contains(body, "Geschikt met aandachtspunten") {
		t.Error("org contact does not see the outcome")
	}
	for _, secret := range []string{"Neemt te veel zelf over", "Grenzen aangeven", "Testbureau Noord", "/rapport"} {
		if strings.Contains(body, secret) {
			t.Errorf("org contact's page shows %q", secret)
		}
	}
	if res := e.do(t, e.contactCookie, "GET", path+"/rapport", nil); res.status != http.StatusNotFound {
		t.Errorf("org contact fetches the report: %d, want 404", res.status)
	}
	// The overview has the outcome in its column, and nothing more of it.
	body = e.get(t, e.contactCookie, "/pool")
	if !strings.Contains(body, "Geschikt met aandachtspunten") || strings.Contains(body, "Neemt te veel zelf over") {
		t.Error("the contact's overview lacks the outcome, or shows more than the outcome")
	}
	if body = e.get(t, e.coachCookie, "/pool"); strings.Contains(body, "Uitkomst voorselectie") {
		t.Error("a coach's overview has the organisation's outcome column")
	}
}

// activate makes m an active pool member. Admission needs a self-assessment
// and a 360 round, which are not what these tests are about: the membership
// is moved in the database, where the trigger still demands a pre-selection.
func (e *poolEnv) activate(t *testing.T, m domain.Membership) {
	t.Helper()
	p := domain.PreSelection{TestDate: time.Now().AddDate(0, 0, -3), InstrumentName: "NEO-PI-3", Provider: "Testbureau Noord",
		Outcome: domain.OutcomeSuitableAttention, Pitfalls: []string{"Neemt te veel zelf over"}, AttentionPoints: []string{"Grenzen aangeven"}}
	if _, err := e.db.RecordPreSelection(pgtest.ActorCtx(t, e.db, e.coach.ID), m.ID, p, []byte("%PDF-1.4 x"), "r.pdf"); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"admitted", "active"} {
		if _, err := e.db.Exec(`UPDATE pool_membership SET status = $2 WHERE id = $1`, m.ID, s); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPoolDispatcherSeesNoPreSelection(t *testing.T) {
	e := newPoolEnv(t)
	m := e.nominate(t, "Daan Poollid")
	e.activate(t, m)
	e.nominate(t, "Nog Voorgedragen")
	path := "/pool/leden/" + id(m.ID)

	body := e.get(t, e.dispatcherCookie, "/pool")
	if !strings.Contains(body, "Poolleden in uw gemeenten") || !strings.Contains(body, "Daan Poollid") {
		t.Error("dispatcher's overview lacks the member")
	}
	if strings.Contains(body, "Nog Voorgedragen") {
		t.Error("dispatcher's overview shows a nominee")
	}

	body = e.get(t, e.dispatcherCookie, path)
	if !strings.Contains(body, "Daan Poollid") || !strings.Contains(body, "Actief") {
		t.Error("dispatcher's member page lacks the member")
	}
	for _, secret := range []string{"Voorselectie", "voorselectie", "Neemt te veel zelf over", "Grenzen aangeven", "Geschikt", "Ervaren gezinscoach", `action="/pool/leden/`} {
		if strings.Contains(body, secret) {
			t.Errorf("dispatcher's member page shows %q", secret)
		}
	}
	if res := e.do(t, e.dispatcherCookie, "GET", path+"/rapport", nil); res.status != http.StatusForbidden {
		t.Errorf("dispatcher fetches the report: %d, want 403", res.status)
	}
	if res := e.do(t, e.monitorCookie, "GET", path, nil); res.status != http.StatusForbidden {
		t.Errorf("monitor opens a member: %d, want 403", res.status)
	}
}

func TestPoolCapacityAndLeave(t *testing.T) {
	e := newPoolEnv(t)
	m := e.nominate(t, "Vera Verlof")
	e.activate(t, m)
	path := "/pool/leden/" + id(m.ID)

	res := e.do(t, e.coachCookie, "POST", path+"/capaciteit", url.Values{"maxCases": {"0"}, "hoursPerWeek": {"12"}, "municipalityIds": {id(e.mun.ID)}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "tussen 1 en 20") || !strings.Contains(res.body, `href="#maxCases"`) {
		t.Errorf("max cases 0: %d, want 400 with the store's message", res.status)
	}
	res = e.do(t, e.coachCookie, "POST", path+"/capaciteit", url.Values{"maxCases": {"3"}, "hoursPerWeek": {"12,5"},
		"municipalityIds": {id(e.mun.ID), id(e.otherMun.ID)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("capacity: %d, want 303\n%s", res.status, res.body)
	}
	if got := e.membership(t, m.ID); got.MaxCases != 3 || got.HoursPerWeek != 12.5 || len(got.MunicipalityIDs) != 2 {
		t.Errorf("capacity stored as %d cases, %v hours, %v", got.MaxCases, got.HoursPerWeek, got.MunicipalityIDs)
	}

	start, end := time.Now().AddDate(0, 0, 7), time.Now().AddDate(0, 0, 14)
	res = e.do(t, e.coachCookie, "POST", path+"/afwezigheid", url.Values{"startsOn": {end.Format("2006-01-02")}, "endsOn": {start.Format("2006-01-02")}, "leaveReason": {"verlof"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#endsOn"`) {
		t.Errorf("leave ending before it starts: %d, want 400", res.status)
	}
	res = e.do(t, e.coachCookie, "POST", path+"/afwezigheid", url.Values{"startsOn": {start.Format("2006-01-02")}, "endsOn": {end.Format("2006-01-02")}, "leaveReason": {"opleiding"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("leave: %d, want 303\n%s", res.status, res.body)
	}
	body := e.get(t, e.coachCookie, "/pool")
	if want := "Afwezig van " + start.Format("02-01-2006") + " tot en met " + end.Format("02-01-2006") + " (opleiding)"; !strings.Contains(body, want) {
		t.Errorf("overview lacks %q", want)
	}
	if !strings.Contains(body, "1 actief") {
		t.Error("overview lacks the count per status")
	}
	// A dispatcher sees when, not why.
	body = e.get(t, e.dispatcherCookie, "/pool")
	if want := "Afwezig van " + start.Format("02-01-2006") + " tot en met " + end.Format("02-01-2006") + "<"; !strings.Contains(body, want) || strings.Contains(body, "opleiding") {
		t.Errorf("dispatcher's overview: want %q without the reason", want)
	}
	if res := e.do(t, e.dispatcherCookie, "POST", path+"/afwezigheid", url.Values{"startsOn": {start.Format("2006-01-02")}}); res.status != http.StatusForbidden {
		t.Errorf("dispatcher records leave: %d, want 403", res.status)
	}
}

func TestPoolWithdraw(t *testing.T) {
	e := newPoolEnv(t)
	m := e.nominate(t, "Wim Ingetrokken")
	path := "/pool/leden/" + id(m.ID)
	if body := e.get(t, e.contactCookie, path); !strings.Contains(body, "Voordracht intrekken") || strings.Contains(body, "Status wijzigen") {
		t.Fatal("org contact is not offered to withdraw, or is offered more")
	}

	res := e.do(t, e.contactCookie, "POST", path+"/status", url.Values{"to": {"withdrawn"}, "reason": {""}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#reason"`) {
		t.Errorf("withdraw without a reason: %d, want 400 with the error on the reason", res.status)
	}
	if res := e.do(t, e.contactCookie, "POST", path+"/status", url.Values{"to": {"preselected"}, "reason": {"x"}}); res.status != http.StatusForbidden {
		t.Errorf("org contact decides: %d, want 403", res.status)
	}
	// Without the ticked statement: refused, nothing changed.
	res = e.do(t, e.contactCookie, "POST", path+"/status", url.Values{"to": {"withdrawn"}, "reason": {"Kandidaat kiest voor een andere functie"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#bevestigen"`) ||
		!strings.Contains(res.body, "Vink aan dat u weet dat Ingetrokken definitief is") || !strings.Contains(res.body, "Kandidaat kiest voor een andere functie") {
		t.Errorf("unconfirmed withdrawal: %d, want 400 with the error on the checkbox and the reason kept", res.status)
	}
	if got := e.membership(t, m.ID); got.Status == domain.MemberWithdrawn {
		t.Fatal("an unconfirmed withdrawal changed the status")
	}
	res = e.do(t, e.contactCookie, "POST", path+"/status", url.Values{"to": {"withdrawn"}, "reason": {"Kandidaat kiest voor een andere functie"}, "bevestigen": {"ja"}})
	if res.status != http.StatusSeeOther || res.location != path+"?opgeslagen=1" {
		t.Fatalf("withdraw: %d %q, want 303 back\n%s", res.status, res.location, res.body)
	}
	if got := e.membership(t, m.ID); got.Status != domain.MemberWithdrawn {
		t.Fatalf("status %s, want withdrawn", got.Status)
	}
	// Why is for the member, their coach and admins: the organisation sees
	// the step.
	body := e.get(t, e.contactCookie, path)
	if !strings.Contains(body, "Ingetrokken") || strings.Contains(body, "Kandidaat kiest voor een andere functie") || strings.Contains(body, "Voordracht intrekken") {
		t.Error("member page after withdrawal: want the status without the reason, and no form to withdraw")
	}
	if body := e.get(t, e.coachCookie, path); !strings.Contains(body, "Kandidaat kiest voor een andere functie") {
		t.Error("the coach's member page after withdrawal lacks the reason")
	}
	// The place is free again.
	if body := e.get(t, e.contactCookie, "/pool/voordragen"); !strings.Contains(body, "(2 van 2 plaatsen vrij)") {
		t.Error("a withdrawn nomination still takes a place")
	}
}

func TestPoolRounds(t *testing.T) {
	e := newPoolEnv(t)
	for _, tt := range []struct {
		cookie, method, path string
		want                 int
	}{
		{e.coachCookie, "GET", "/pool/rondes", http.StatusForbidden},
		{e.coachCookie, "POST", "/pool/rondes", http.StatusForbidden},
		{e.contactCookie, "GET", "/pool/rondes", http.StatusForbidden},
		{e.coachCookie, "GET", "/pool/voordragen", http.StatusForbidden},
		{e.monitorCookie, "GET", "/pool", http.StatusForbidden},
		{"", "GET", "/pool", http.StatusSeeOther},
	} {
		var form url.Values
		if tt.method == "POST" {
			form = url.Values{"name": {"Stiekem"}}
		}
		if res := e.do(t, tt.cookie, tt.method, tt.path, form); res.status != tt.want {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, res.status, tt.want)
		}
	}

	body := e.get(t, e.adminCookie, "/pool/rondes")
	if !strings.Contains(body, "Pilot complexe regie 2027") || !strings.Contains(body, "Gebruikte plaatsen") || !strings.Contains(body, `name="quotum-`+id(e.org.ID)+`" type="number"`) {
		t.Error("rounds page lacks the round or the form")
	}

	take, quota := "deelname-"+id(e.org.ID), "quotum-"+id(e.org.ID)
	res := e.do(t, e.adminCookie, "POST", "/pool/rondes", url.Values{"name": {"Tweede ronde"}, take: {"ja"}, quota: {"0"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "Quotum van "+e.org.Name) || !strings.Contains(res.body, `href="#`+quota+`"`) {
		t.Errorf("quota 0: %d, want 400 naming the organisation", res.status)
	}
	res = e.do(t, e.adminCookie, "POST", "/pool/rondes", url.Values{"name": {"Pilot complexe regie 2027"}, take: {"ja"}, quota: {"3"}})
	if res.status != http.StatusConflict || !strings.Contains(res.body, "bestaat al") || !strings.Contains(res.body, `href="#name"`) {
		t.Errorf("duplicate name: %d, want 409 on the name", res.status)
	}
	res = e.do(t, e.adminCookie, "POST", "/pool/rondes", url.Values{"name": {"Tweede ronde"}, take: {"ja"}, quota: {"3"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("open round: %d, want 303\n%s", res.status, res.body)
	}
	rounds, _, err := e.db.FindPoolRounds(pgtest.SystemCtx(), domain.Page{Page: 1, PageSize: 20})
	if err != nil || len(rounds) != 2 || rounds[0].Name != "Tweede ronde" || len(rounds[0].Organisations) != 1 || rounds[0].Organisations[0].Quota != 3 {
		t.Fatalf("rounds %+v %v, want the new one with one organisation and quota 3", rounds, err)
	}
}

// TestPoolRejectConfirmed: a final step the selection takes (rejecting a
// nominee) needs the ticked statement too; unticked, nothing changes.
func TestPoolRejectConfirmed(t *testing.T) {
	e := newPoolEnv(t)
	m := e.nominate(t, "Rik Afgewezen")
	path := "/pool/leden/" + id(m.ID)
	if body := e.get(t, e.adminCookie, path); !strings.Contains(body, "definitief is") {
		t.Fatal("the status form offers no confirmation of the final steps")
	}
	in := url.Values{"to": {string(domain.MemberRejected)}, "reason": {"Past niet bij het profiel"}}
	res := e.do(t, e.adminCookie, "POST", path+"/status", in)
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#bevestigen"`) || !strings.Contains(res.body, "Past niet bij het profiel") {
		t.Errorf("unconfirmed reject: %d, want 400 with the error on the checkbox and the reason kept", res.status)
	}
	checkAccessible(t, path, res.body)
	if got := e.membership(t, m.ID); got.Status != domain.MemberNominated {
		t.Fatalf("an unconfirmed reject changed the status to %s", got.Status)
	}
	in.Set("bevestigen", "ja")
	if res := e.do(t, e.adminCookie, "POST", path+"/status", in); res.status != http.StatusSeeOther {
		t.Fatalf("confirmed reject: %d, want 303\n%s", res.status, res.body)
	}
	if got := e.membership(t, m.ID); got.Status != domain.MemberRejected {
		t.Fatalf("status %s, want rejected", got.Status)
	}
}
