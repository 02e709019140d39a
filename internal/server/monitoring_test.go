package server_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// monitoringEnv is a server with a monitor's bearer token and session.
type monitoringEnv struct {
	srv    *httptest.Server
	db     *postgres.DB
	bearer []string
	cookie []string
}

func newMonitoringEnv(t *testing.T) monitoringEnv {
	srv, db := newServer(t)
	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	return monitoringEnv{srv: srv, db: db,
		bearer: []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, monitor.ID)},
		cookie: []string{"Cookie", auth.SessionCookieName(false) + "=" + pgtest.MustSession(t, db, monitor.ID)}}
}

// monitoringCase registers a case in mun with a recognisable reference and
// municipal case number, registered on day (nil: now).
func monitoringCase(t *testing.T, db *postgres.DB, mun int64, ref string, day *time.Time) domain.Case {
	t.Helper()
	c := domain.Case{Reference: ref, ZaakIdentificatie: "ZN-" + ref, Bronorganisatie: "123456782", MunicipalityID: mun,
		ParentsStruggle: true, HighRisk: true, SafetyRisk: "high"}
	if err := db.CreateCase(pgtest.SystemCtx(), &c); err != nil {
		de, _ := domain.AsError(err)
		t.Fatalf("%v %+v", err, de.Fields)
	}
	if day != nil {
		if _, err := db.Exec(`UPDATE complex_case SET created_at = $2 WHERE id = $1`, c.ID, *day); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// monitoringOutputs is one report in every output: the JSON's figures by
// question and key, the page, the PDF's text, and both CSVs.
type monitoringOutputs struct {
	json     map[string]*float64 // "<question>/<key>" → value
	raw      string
	page     string
	pdf      string
	csvDutch string
	csvRFC   string
}

func (e monitoringEnv) outputs(t *testing.T, apiQuery, pageQuery url.Values) monitoringOutputs {
	t.Helper()
	var o monitoringOutputs
	get := func(path, accept string, header []string) string {
		t.Helper()
		res, body := do(t, "GET", e.srv.URL+path, "", append(header, "Accept", accept)...)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s (%s): %d %s", path, accept, res.StatusCode, body)
		}
		return string(body)
	}
	api := "/api/v1/reports/monitoring?" + apiQuery.Encode()
	o.raw = get(api, "application/json", e.bearer)
	var doc struct {
		Questions []struct {
			ID      int
			Figures []struct {
				Key   string
				Value *float64
			}
		}
		Other struct {
			Figures []struct {
				Key   string
				Value *float64
			}
		}
	}
	if err := json.Unmarshal([]byte(o.raw), &doc); err != nil {
		t.Fatal(err)
	}
	o.json = map[string]*float64{}
	for _, q := range doc.Questions {
		for _, f := range q.Figures {
			o.json[fmt.Sprintf("%d/%s", q.ID, f.Key)] = f.Value
		}
	}
	for _, f := range doc.Other.Figures {
		o.json["0/"+f.Key] = f.Value
	}
	o.pdf = pdfText(t, []byte(get(api, "application/pdf", e.bearer)))
	o.csvDutch = get(api, "text/csv", e.bearer)
	o.csvRFC = get(api+"&format=csv-rfc4180", "", e.bearer)
	o.page = get("/monitoring?"+pageQuery.Encode(), "text/html", e.cookie)
	if pageCSV := get("/monitoring/export?"+pageQuery.Encode(), "", e.cookie); pageCSV != o.csvDutch {
		t.Errorf("the page's CSV differs from the API's:\n%s\n%s", pageCSV, o.csvDutch)
	}
	if pageCSV := get("/monitoring/export?"+pageQuery.Encode()+"&format=csv-rfc4180", "", e.cookie); pageCSV != o.csvRFC {
		t.Errorf("the page's tools CSV differs from the API's:\n%s\n%s", pageCSV, o.csvRFC)
	}
	return o
}

// registered is how each output shows the other figures' count of cases
// registered: want "" for suppressed.
func (o monitoringOutputs) checkRegistered(t *testing.T, what, want string) {
	t.Helper()
	v := o.json["0/cases_registered"]
	switch {
	case want == "" && v != nil:
		t.Errorf("%s: JSON shows %v cases registered, want null", what, *v)
	case want != "" && (v == nil || fmt.Sprint(*v) != want):
		t.Errorf("%s: JSON shows %v cases registered, want %s", what, v, want)
	}
	text := want
	if want == "" {
		text = "te weinig gegevens"
	}
	if row := `<th class="utrecht-table__cell" scope="row">Aangemelde casussen</th><td class="utrecht-table__cell">` + text + `</td>`; !strings.Contains(o.page, row) {
		t.Errorf("%s: the page lacks %q", what, row)
	}
	if !strings.Contains(o.pdf, "Aangemelde casussen") || !containsRow(o.pdf, "Aangemelde casussen", text) {
		t.Errorf("%s: the PDF lacks the row Aangemelde casussen %s:\n%s", what, text, o.pdf)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(o.csvDutch, "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if row := csvRow(recs, 1, "Aangemelde casussen"); row == nil || row[2] != text {
		t.Errorf("%s: Dutch CSV row %v, want %s", what, row, text)
	}
	recs, err = csv.NewReader(strings.NewReader(o.csvRFC)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if row := csvRow(recs, 1, "cases_registered"); row == nil || row[3] != want {
		t.Errorf("%s: RFC 4180 CSV row %v, want %q", what, row, want)
	}
}

// leaks fails when an output holds a case reference, a municipal case
// number or a name.
func (o monitoringOutputs) checkNoLeaks(t *testing.T, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		for what, out := range map[string]string{"JSON": o.raw, "page": o.page, "PDF": o.pdf, "CSV": o.csvDutch, "tools CSV": o.csvRFC} {
			if strings.Contains(out, s) {
				t.Errorf("the %s contains %q", what, s)
			}
		}
	}
}

func containsRow(text, label, value string) bool {
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, label) && strings.Contains(line, value) {
			return true
		}
	}
	return false
}

func csvRow(recs [][]string, col int, v string) []string {
	for _, r := range recs {
		if len(r) > col && r[col] == v {
			return r
		}
	}
	return nil
}

// TestMonitoringCellRuleMunicipality: one family's case in a municipality
// of its own would be the region's count minus the other municipality's.
// So the other municipality's count is suppressed in every output, the
// region's stays, and neither holds a name, a reference or a case number.
func TestMonitoringCellRuleMunicipality(t *testing.T) {
	e := newMonitoringEnv(t)
	org := pgtest.MustCreateOrganisation(t, e.db)
	small, big := pgtest.MustCreateMunicipality(t, e.db), pgtest.MustCreateMunicipality(t, e.db)
	member := pgtest.MustCreateActiveMember(t, e.db, org.ID, []int64{small.ID, big.ID}, 10, 32)
	if _, err := e.db.Exec(`UPDATE regisseur SET name = 'Geheime Regisseur' WHERE id = $1`, member.ID); err != nil {
		t.Fatal(err)
	}
	only := monitoringCase(t, e.db, small.ID, "ZENG-770001", nil)
	if _, err := e.db.Assign(pgtest.SystemCtx(), only.ID, member.ID); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		monitoringCase(t, e.db, big.ID, fmt.Sprintf("ZGRO-88%04d", i), nil)
	}
	region := e.outputs(t, url.Values{}, url.Values{})
	region.checkRegistered(t, "region", "7")
	big6 := e.outputs(t, url.Values{"municipalityId": {fmt.Sprint(big.ID)}}, url.Values{"gemeente": {fmt.Sprint(big.ID)}})
	big6.checkRegistered(t, "the municipality with 6 of 7", "")
	one := e.outputs(t, url.Values{"municipalityId": {fmt.Sprint(small.ID)}}, url.Values{"gemeente": {fmt.Sprint(small.ID)}})
	one.checkRegistered(t, "the municipality with 1 of 7", "")
	for _, o := range []monitoringOutputs{region, big6, one} {
		o.checkNoLeaks(t, "ZENG-77", "ZGRO-88", "ZN-Z", "Geheime Regisseur")
	}
	if !strings.Contains(big6.page, "De periode is afgerond op hele kwartalen") {
		t.Error("the page does not say the period is widened to whole quarters")
	}
	for what, out := range map[string]string{"page": big6.page, "PDF": big6.pdf} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), "De cijfers zijn berekend op") {
			t.Errorf("the %s does not say when the figures were computed", what)
		}
	}
}

// TestMonitoringCellRulePeriod: extending a period by one quarter that
// holds one family's case would reveal it as the difference. So a period
// with such a quarter suppresses the count; the quarter before, with six,
// shows it.
func TestMonitoringCellRulePeriod(t *testing.T) {
	e := newMonitoringEnv(t)
	mun := pgtest.MustCreateMunicipality(t, e.db)
	now := time.Now().UTC()
	quarter := domain.QuarterStart(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
	before := quarter.AddDate(0, 0, -10)
	for i := range 6 {
		monitoringCase(t, e.db, mun.ID, fmt.Sprintf("ZVOR-66%04d", i), &before)
	}
	monitoringCase(t, e.db, mun.ID, "ZNUU-550001", nil)
	day := func(t time.Time) string { return t.Format(domain.ISODate) }
	period := func(from, to time.Time) (url.Values, url.Values) {
		return url.Values{"from": {day(from)}, "to": {day(to)}}, url.Values{"van": {day(from)}, "tot": {day(to)}}
	}
	a, p := period(domain.QuarterStart(before), domain.QuarterEnd(before))
	prev := e.outputs(t, a, p)
	prev.checkRegistered(t, "the quarter before", "6")
	// Asked for a few days, the whole quarter is reported.
	a, p = period(before.AddDate(0, 0, -2), before)
	e.outputs(t, a, p).checkRegistered(t, "a few days of the quarter before", "6")
	a, p = period(domain.QuarterStart(before), now)
	both := e.outputs(t, a, p)
	both.checkRegistered(t, "both quarters", "")
	a, p = period(quarter, now)
	e.outputs(t, a, p).checkRegistered(t, "this quarter", "")
	both.checkNoLeaks(t, "ZVOR-66", "ZNUU-55", "ZN-Z")
}

// TestMonitoringBadPeriod: a reversed period, a date that does not parse
// or a period too long is refused with the field named (API) or a Dutch
// message on the form (page), never answered with zeros.
func TestMonitoringBadPeriod(t *testing.T) {
	e := newMonitoringEnv(t)
	for _, tt := range []struct {
		api, page, field, text string
	}{
		{"from=2025-05-01&to=2025-01-01", "van=2025-05-01&tot=2025-01-01", "to", "De einddatum ligt op of na de begindatum."},
		{"from=2025-02-30", "van=2025-02-30", "from", "Gebruik de datumnotatie"},
		{"to=morgen", "tot=morgen", "to", "Gebruik de datumnotatie"},
		{"from=2015-01-01&to=2025-01-01", "van=2015-01-01&tot=2025-01-01", "from", "hoogstens 12 kwartalen"},
		{"poolRoundId=x", "poolronde=x", "poolRoundId", ""},
	} {
		res, body := do(t, "GET", e.srv.URL+"/api/v1/reports/monitoring?"+tt.api, "", append(e.bearer, "Accept", "application/json")...)
		if res.StatusCode != 400 || !strings.Contains(string(body), `"name":"`+tt.field+`"`) {
			t.Errorf("API %s: %d %s, want 400 naming %s", tt.api, res.StatusCode, body, tt.field)
		}
		res, body = do(t, "GET", e.srv.URL+"/monitoring?"+tt.page, "", e.cookie...)
		if res.StatusCode != 400 || !strings.Contains(string(body), tt.text) || strings.Contains(string(body), "app-question") {
			t.Errorf("page %s: %d, want 400 with %q and no figures", tt.page, res.StatusCode, tt.text)
		}
		for _, path := range []string{"/monitoring/export?", "/monitoring/rapport?"} {
			if res, _ := do(t, "GET", e.srv.URL+path+tt.page, "", e.cookie...); res.StatusCode != 400 {
				t.Errorf("%s%s: %d, want 400", path, tt.page, res.StatusCode)
			}
		}
	}
	if res, _ := do(t, "GET", e.srv.URL+"/api/v1/reports/monitoring?poolRoundId=999999", "", append(e.bearer, "Accept", "application/json")...); res.StatusCode != 404 {
		t.Errorf("an unknown pool round: %d, want 404", res.StatusCode)
	}
	if res, _ := do(t, "GET", e.srv.URL+"/api/v1/reports/monitoring?format=xlsx", "", append(e.bearer, "Accept", "text/csv")...); res.StatusCode != 400 {
		t.Errorf("an unknown format: %d, want 400", res.StatusCode)
	}
}

// TestMonitoringQuestionsInOrder: the JSON and the page carry the ten
// questions in the pilot plan's order, the page a section with a heading
// per question.
func TestMonitoringQuestionsInOrder(t *testing.T) {
	e := newMonitoringEnv(t)
	o := e.outputs(t, url.Values{}, url.Values{})
	var doc struct {
		MinCell   int
		Questions []struct {
			ID               int
			Question, Method string
		}
	}
	if err := json.Unmarshal([]byte(o.raw), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Questions) != 10 || doc.MinCell != domain.DefaultMinCell {
		t.Fatalf("%d questions, minCell %d", len(doc.Questions), doc.MinCell)
	}
	last := 0
	for i, q := range doc.Questions {
		want := domain.MonitoringQuestions[i]
		if q.ID != want.ID || q.Question != want.Question || q.Method != want.Method {
			t.Errorf("question %d: %+v", i+1, q)
		}
		heading := fmt.Sprintf(`<h2 class="utrecht-heading-2" id="vraag-%d">%d. `, q.ID, q.ID)
		at := strings.Index(o.page, heading)
		if at < last {
			t.Errorf("the page's heading of question %d is missing or out of order", q.ID)
		}
		last = at
	}
}

// TestDemoMonitoring: on the demo data, every question that is measured
// shows at least one figure over the whole region, the other figures
// show, and no output holds a demo case reference, a regisseur's or a
// user's name.
func TestDemoMonitoring(t *testing.T) {
	e := newMonitoringEnv(t)
	if err := demo.Load(t.Context(), e.db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	o := e.outputs(t, url.Values{}, url.Values{})
	var doc struct {
		Questions []struct {
			ID      int
			Answer  string
			Figures []struct{ Value *float64 }
		}
	}
	if err := json.Unmarshal([]byte(o.raw), &doc); err != nil {
		t.Fatal(err)
	}
	for _, q := range doc.Questions {
		if q.Answer == "Nog niet gemeten." {
			t.Logf("question %d is not measured yet", q.ID)
			continue
		}
		shown := 0
		for _, f := range q.Figures {
			if f.Value != nil {
				shown++
			}
		}
		if shown == 0 {
			t.Errorf("question %d shows no figure on the demo data: %s", q.ID, q.Answer)
		}
	}
	if v := o.json["0/cases_registered"]; v == nil || *v < 40 {
		t.Errorf("the demo's cases registered: %v", v)
	}
	o.checkNoLeaks(t, "Z-2026-", "Lotte Jansen", "Noëlle Wiersma", "Tjitske de Boer", "Anne de Vries")
}
