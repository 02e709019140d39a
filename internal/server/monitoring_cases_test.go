package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// studyPage is the JSON of one page of the file study.
type studyPage struct {
	Count    int     `json:"count"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
	Results  []struct {
		Key          string  `json:"key"`
		Municipality *string `json:"municipality"`
		Registered   string  `json:"registered"`
		Status       string  `json:"status"`
		Definition   struct {
			ParentsStruggle bool `json:"parentsStruggle"`
			MeetsDefinition bool `json:"meetsDefinition"`
		} `json:"definition"`
		Timeline []struct {
			Kind  string `json:"kind"`
			Month string `json:"month"`
		} `json:"timeline"`
		HoursSpent  float64 `json:"hoursSpent"`
		Evaluations struct {
			Count          int `json:"count"`
			GoalsEvaluated int `json:"goalsEvaluated"`
			GoalsReached   int `json:"goalsReached"`
		} `json:"evaluations"`
		SelfReliance []struct {
			LifeDomain string `json:"lifeDomain"`
			Intake     *int   `json:"intake"`
			Latest     *int   `json:"latest"`
			Change     *int   `json:"change"`
		} `json:"selfReliance"`
		CloseReason *string `json:"closeReason"`
		FinalCheck  *struct {
			HelpWorks            *bool `json:"helpWorks"`
			FamilyDirectsOwnLife *bool `json:"familyDirectsOwnLife"`
		} `json:"finalCheck"`
		Regisseurs []string `json:"regisseurs"`
	} `json:"results"`
}

// studyEnv is constructed data for the file study: two municipalities,
// two regisseurs, three cases full of what the study must leave out.
type studyEnv struct {
	db         *postgres.DB
	mun1, mun2 domain.Municipality
	reg1, reg2 domain.Regisseur
	round1     int64
	cases      []domain.Case
	// secrets are texts that no output of the study may contain.
	secrets []string
}

func newStudyEnv(t *testing.T, db *postgres.DB) *studyEnv {
	t.Helper()
	ctx := pgtest.SystemCtx()
	e := &studyEnv{db: db, mun1: pgtest.MustCreateMunicipality(t, db), mun2: pgtest.MustCreateMunicipality(t, db)}
	org := pgtest.MustCreateOrganisation(t, db)
	e.reg1 = pgtest.MustCreateActiveMember(t, db, org.ID, []int64{e.mun1.ID, e.mun2.ID}, 5, 24)
	e.reg2 = pgtest.MustCreateActiveMember(t, db, org.ID, []int64{e.mun1.ID, e.mun2.ID}, 5, 24)
	if err := db.Get(&e.round1, `SELECT round_id FROM pool_membership WHERE regisseur_id = $1`, e.reg1.ID); err != nil {
		t.Fatal(err)
	}
	specs := []domain.Case{
		{Reference: "STD-4711-901", ZaakIdentificatie: "ZAAKNR-4711", ZaakURL: "https://zaken.example/zaken/zaak-geheim-1", MunicipalityID: e.mun1.ID,
			ParentsStruggle: true, SeveralDomains: true, LifeDomains: []string{"wonen", "inkomen"}, SafetyRisk: domain.RiskMedium,
			SelfReliance: map[string]int{"wonen": 2, "inkomen": 3}},
		{Reference: "STD-4711-902", ZaakIdentificatie: "ZAAKNR-4712", MunicipalityID: e.mun2.ID, ParentsStruggle: true, HighRisk: true,
			SafetyRisk: domain.RiskHigh, Urgency: domain.UrgencyCrisis},
		{Reference: "STD-4711-903", MunicipalityID: e.mun1.ID, SafetyRisk: domain.RiskLow, DefinitionReason: "DEFINITIE-REDEN-TEKST"},
	}
	for i := range specs {
		if err := db.CreateCase(ctx, &specs[i]); err != nil {
			de, _ := domain.AsError(err)
			t.Fatalf("case %d: %+v", i, de.Fields)
		}
	}
	e.cases = specs
	c1, c2 := specs[0].ID, specs[1].ID
	must := func(_ domain.Case, err error) {
		t.Helper()
		if err != nil {
			de, _ := domain.AsError(err)
			t.Fatalf("%v %+v", err, de.Fields)
		}
	}
	must(db.Assign(ctx, c1, e.reg1.ID))
	must(db.Assign(ctx, c2, e.reg2.ID))
	today := time.Now()
	hours := 3.5
	for _, ev := range []domain.CaseEvent{
		{Kind: domain.EventHours, Hours: &hours},
		{Kind: domain.EventProblemAnalysis, Details: &domain.StepDetails{Participants: []string{domain.ParticipantParent},
			LifeDomains: []string{"wonen", "inkomen"}, Conclusion: "CONCLUSIE-GEHEIM schulden en wonen"}},
		{Kind: domain.EventEvaluation, Details: &domain.StepDetails{Participants: []string{domain.ParticipantParent},
			Goals:        []domain.GoalResult{{LifeDomain: "wonen", Goal: "DOEL-TEKST woning", Reached: true}, {LifeDomain: "inkomen", Goal: "DOEL-TEKST schulden"}},
			SelfReliance: map[string]int{"wonen": 4}}},
		{Kind: domain.EventHours, Hours: &hours},
	} {
		ev.OccurredOn = today
		if err := db.AddCaseEvent(ctx, c1, &ev); err != nil {
			t.Fatalf("%s: %v", ev.Kind, err)
		}
	}
	must(db.Handover(ctx, c1, e.reg2.ID, "OVERDRACHT-REDEN-TEKST"))
	yes, no := true, false
	must(db.CloseCaseWith(ctx, c1, domain.Closure{Reason: domain.CloseOther, ReasonText: "SLUIT-REDEN-TEKST",
		EndConversation: &domain.EndConversation{Held: &no},
		FinalCheck:      &domain.FinalCheck{HelpWorks: &yes, FamilyDirectsOwnLife: &no, WhyNot: "WAAROM-NIET-TEKST"},
		SelfReliance:    map[string]int{"wonen": 5}}))
	e.secrets = []string{"STD-4711-90", "ZAAKNR-47", "zaak-geheim", "zaken.example", "DEFINITIE-REDEN", "CONCLUSIE-GEHEIM", "DOEL-TEKST",
		"OVERDRACHT-REDEN", "SLUIT-REDEN", "WAAROM-NIET", e.reg1.Name, e.reg2.Name, org.Name}
	return e
}

// scan fails when out holds any of the secrets.
func scan(t *testing.T, what string, out []byte, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(string(out), s) {
			t.Errorf("%s contains %q", what, s)
		}
	}
}

func auditRows(t *testing.T, db *postgres.DB, outcome string) []string {
	t.Helper()
	var rows []string
	if err := db.Select(&rows, `SELECT COALESCE(detail::text, '') FROM audit_event WHERE record_type = 'monitoring_cases' AND outcome = $1 ORDER BY id`, outcome); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestMonitoringFileStudy: the file study numbers cases and regisseurs by
// pseudonyms that hold across the pages of one export, shows months only,
// drops the municipality when the filter names one, leaves out every
// reference, name and free text in JSON, CSV and page, computes the
// figures per case, and audits each export once with its filter.
func TestMonitoringFileStudy(t *testing.T) {
	srv, db := newServer(t)
	e := newStudyEnv(t, db)
	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	bearer := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, monitor.ID)}
	cookie := []string{"Cookie", auth.SessionCookieName(false) + "=" + pgtest.MustSession(t, db, monitor.ID)}
	today := time.Now().Format(time.DateOnly)
	month := time.Now().Format("2006-01")
	period := "from=" + time.Now().AddDate(0, 0, -1).Format(time.DateOnly) + "&to=" + today
	get := func(query string, hdr ...string) studyPage {
		t.Helper()
		res, body := do(t, "GET", srv.URL+"/api/v1/reports/monitoring/cases?"+query, "", append(append([]string{}, bearer...), hdr...)...)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", query, res.StatusCode, body)
		}
		scan(t, "JSON "+query, body, e.secrets)
		for _, c := range e.cases {
			if strings.Contains(string(body), fmt.Sprintf(`"id":%d`, c.ID)) {
				t.Errorf("JSON %s holds a case id", query)
			}
		}
		var p studyPage
		if err := json.Unmarshal(body, &p); err != nil {
			t.Fatal(err)
		}
		return p
	}

	auditsBefore := len(auditRows(t, db, domain.OutcomeAllowed))
	all := get(period)
	if all.Count != 3 || len(all.Results) != 3 {
		t.Fatalf("count %d, results %d, want 3", all.Count, len(all.Results))
	}
	keys := []string{}
	for _, r := range all.Results {
		keys = append(keys, r.Key)
		if r.Registered != month {
			t.Errorf("%s registered %q, want %q", r.Key, r.Registered, month)
		}
		for _, s := range r.Timeline {
			if s.Month != month {
				t.Errorf("%s step %s month %q", r.Key, s.Kind, s.Month)
			}
		}
		if r.Municipality == nil {
			t.Errorf("%s: a region-wide study names the municipality", r.Key)
		}
	}
	if fmt.Sprint(keys) != "[C-001 C-002 C-003]" {
		t.Errorf("keys %v", keys)
	}
	first, second, third := all.Results[0], all.Results[1], all.Results[2]
	if *first.Municipality != e.mun1.Name || *second.Municipality != e.mun2.Name {
		t.Errorf("municipalities %q %q", *first.Municipality, *second.Municipality)
	}
	// Case 1: reg1, handed over to reg2; case 2: reg2. First appearance
	// numbers them, and the same regisseur keeps their number.
	if fmt.Sprint(first.Regisseurs, second.Regisseurs, third.Regisseurs) != "[R-01 R-02] [R-02] []" {
		t.Errorf("regisseurs %v %v %v", first.Regisseurs, second.Regisseurs, third.Regisseurs)
	}
	var kinds []string
	for _, s := range first.Timeline {
		kinds = append(kinds, s.Kind)
	}
	if fmt.Sprint(kinds) != "[intake assigned hours problem_analysis evaluation hours handed_over assigned closed]" {
		t.Errorf("timeline %v", kinds)
	}
	if first.HoursSpent != 7 || first.Evaluations.Count != 1 || first.Evaluations.GoalsEvaluated != 2 || first.Evaluations.GoalsReached != 1 {
		t.Errorf("hours %v evaluations %+v", first.HoursSpent, first.Evaluations)
	}
	var sr []string
	for _, d := range first.SelfReliance {
		sr = append(sr, fmt.Sprintf("%s %d→%d (%+d)", d.LifeDomain, *d.Intake, *d.Latest, *d.Change))
	}
	if fmt.Sprint(sr) != "[inkomen 3→3 (+0) wonen 2→5 (+3)]" {
		t.Errorf("self-reliance %v", sr)
	}
	if first.CloseReason == nil || *first.CloseReason != domain.CloseOther || first.FinalCheck == nil ||
		!*first.FinalCheck.HelpWorks || *first.FinalCheck.FamilyDirectsOwnLife {
		t.Errorf("close %v %+v", first.CloseReason, first.FinalCheck)
	}
	if !first.Definition.MeetsDefinition || third.Definition.MeetsDefinition || third.Status != domain.CaseWaiting {
		t.Errorf("definition %+v %+v %s", first.Definition, third.Definition, third.Status)
	}

	// Pagination: every page of the export numbers alike.
	p2 := get(period + "&page=2&pageSize=1")
	if p2.Count != 3 || len(p2.Results) != 1 || p2.Results[0].Key != "C-002" || fmt.Sprint(p2.Results[0].Regisseurs) != "[R-02]" ||
		p2.Next == nil || p2.Previous == nil {
		t.Errorf("page 2: %+v", p2)
	}
	// A municipality's study: its cases only, renumbered, without the
	// municipality column.
	own := get(fmt.Sprintf("%s&municipalityId=%d", period, e.mun1.ID))
	if own.Count != 2 || own.Results[0].Key != "C-001" || own.Results[1].Key != "C-002" || own.Results[0].Municipality != nil ||
		own.Results[1].Status != domain.CaseWaiting {
		t.Errorf("municipality filter: %+v", own)
	}
	// A pool round's study: the cases its admitted regisseurs directed.
	round := get(fmt.Sprintf("%s&poolRoundId=%d", period, e.round1))
	if round.Count != 1 || fmt.Sprint(round.Results[0].Regisseurs) != "[R-01 R-02]" {
		t.Errorf("pool round filter: %+v", round)
	}

	// CSV, both flavours, every case at once.
	res, csvNL := do(t, "GET", srv.URL+"/api/v1/reports/monitoring/cases?"+period, "", append(append([]string{}, bearer...), "Accept", "text/csv")...)
	if res.StatusCode != 200 || !strings.HasPrefix(string(csvNL), "\ufeffCasus;Gemeente;Aangemeld (jjjj-mm);") ||
		!strings.Contains(string(csvNL), "\r\nC-001;"+e.mun1.Name+";"+month+";Afgesloten;ja;ja;nee;nee;ja;;") ||
		!strings.Contains(string(csvNL), ";7;1;2;1;") || !strings.Contains(string(csvNL), ";R-01 | R-02\r\n") {
		t.Errorf("Dutch CSV: %d %s", res.StatusCode, csvNL)
	}
	scan(t, "Dutch CSV", csvNL, e.secrets)
	res, csvTools := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/reports/monitoring/cases?%s&municipalityId=%d&format=csv-rfc4180", period, e.mun1.ID), "",
		append(append([]string{}, bearer...), "Accept", "text/csv")...)
	if res.StatusCode != 200 || !strings.HasPrefix(string(csvTools), "key,registered,status,") || strings.Contains(string(csvTools), e.mun1.Name) ||
		strings.Count(string(csvTools), "\r\n") != 3 {
		t.Errorf("RFC 4180 CSV: %d %s", res.StatusCode, csvTools)
	}
	scan(t, "RFC 4180 CSV", csvTools, e.secrets)

	// The page and its CSV.
	res, page := do(t, "GET", srv.URL+"/monitoring/dossiers?van="+time.Now().AddDate(0, 0, -1).Format(time.DateOnly)+"&tot="+today, "", cookie...)
	if res.StatusCode != 200 || !strings.Contains(string(page), ">C-001</th>") || !strings.Contains(string(page), "R-01, R-02") ||
		!strings.Contains(string(page), "Wonen: 2 → 5 (&#43;3)") || !strings.Contains(string(page), "<caption") {
		t.Errorf("page: %d %s", res.StatusCode, page)
	}
	scan(t, "page", page, e.secrets)
	if regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`).Match(regexp.MustCompile(`(?s)<table.*</table>`).Find(page)) {
		t.Error("the page's table shows a date finer than the month")
	}
	res, pageCSV := do(t, "GET", srv.URL+"/monitoring/dossiers/export?van="+time.Now().AddDate(0, 0, -1).Format(time.DateOnly)+"&tot="+today, "", cookie...)
	if res.StatusCode != 200 || string(pageCSV) != string(csvNL) {
		t.Errorf("page CSV differs from the API's: %d\n%s\n%s", res.StatusCode, pageCSV, csvNL)
	}

	// One audit row per export, with its filter: 4 JSON pages, 2 API CSVs,
	// the page and its CSV.
	audits := auditRows(t, db, domain.OutcomeAllowed)[auditsBefore:]
	if len(audits) != 8 {
		t.Fatalf("%d audit rows, want 8: %v", len(audits), audits)
	}
	if !strings.Contains(audits[2], fmt.Sprintf(`"municipalityId": %d`, e.mun1.ID)) || !strings.Contains(audits[0], `"to": "`+today+`"`) ||
		!strings.Contains(audits[3], fmt.Sprintf(`"poolRoundId": %d`, e.round1)) {
		t.Errorf("audit details %v", audits)
	}
	// Admins read the filter in the audit trail.
	res, body := do(t, "GET", srv.URL+"/api/v1/audit-events?recordType=monitoring_cases&pageSize=1", "", "Authorization", "Bearer "+adminToken(t, db))
	if res.StatusCode != 200 || !strings.Contains(string(body), `"detail":{"to":"`+today+`"`) {
		t.Errorf("audit trail: %d %s", res.StatusCode, body)
	}
}

// TestMonitoringFileStudyRefusals: bad filters are named field errors (a
// readable message linked to its field on the page); only monitors and
// admins read the study, and a refusal is audited.
func TestMonitoringFileStudyRefusals(t *testing.T) {
	srv, db := newServer(t)
	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	bearer := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, monitor.ID)}
	for _, tt := range []struct{ query, field string }{
		{"from=2025-05-01&to=2025-04-01", "to"},
		{"from=2025-13-01", "from"},
		{"municipalityId=abc", "municipalityId"},
		{"poolRoundId=0", "poolRoundId"},
		{"pageSize=500", "pageSize"},
	} {
		res, body := do(t, "GET", srv.URL+"/api/v1/reports/monitoring/cases?"+tt.query, "", bearer...)
		if res.StatusCode != 400 || !strings.Contains(string(body), `"name":"`+tt.field+`"`) {
			t.Errorf("%s: %d %s", tt.query, res.StatusCode, body)
		}
	}
	cookie := []string{"Cookie", auth.SessionCookieName(false) + "=" + pgtest.MustSession(t, db, monitor.ID)}
	res, page := do(t, "GET", srv.URL+"/monitoring/dossiers?van=2025-05-01&tot=2025-04-01", "", cookie...)
	if res.StatusCode != 400 || !strings.Contains(string(page), `href="#tot"`) || !strings.Contains(string(page), "De einddatum ligt op of na de begindatum.") ||
		!strings.Contains(string(page), `aria-describedby="tot-fout"`) {
		t.Errorf("page with a reversed period: %d %s", res.StatusCode, page)
	}
	disp := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{pgtest.MustCreateMunicipality(t, db).ID}})
	ctx := pgtest.ActorCtx(t, db, disp.ID)
	f := domain.MonitoringFilter{From: time.Now().AddDate(-1, 0, 0), To: time.Now()}
	if _, _, err := db.FindStudyCases(ctx, f, nil); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("a dispatcher read the file study: %v", err)
	}
	if n := len(auditRows(t, db, domain.OutcomeDenied)); n != 1 {
		t.Errorf("%d denied audit rows, want 1", n)
	}
}

// TestMonitoringFileStudyDemo: on the demo data, the file study's JSON,
// CSV and page name no regisseur, user, organisation, case reference or
// zaaknummer of the demo.
func TestMonitoringFileStudyDemo(t *testing.T) {
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	var secrets []string
	for _, q := range []string{`SELECT name FROM regisseur`, `SELECT name FROM app_user`, `SELECT name FROM organisation`,
		`SELECT reference FROM complex_case`, `SELECT zaak_identificatie FROM complex_case WHERE zaak_identificatie <> ''`,
		`SELECT zaak_url FROM complex_case WHERE zaak_url <> ''`} {
		var v []string
		if err := db.Select(&v, q); err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, v...)
	}
	var cases int
	if err := db.Get(&cases, `SELECT count(*) FROM complex_case`); err != nil || cases == 0 {
		t.Fatalf("demo cases %d: %v", cases, err)
	}
	var id int64
	if err := db.Get(&id, `SELECT id FROM app_user WHERE email = 'monitor@regiepool.test'`); err != nil {
		t.Fatal(err)
	}
	bearer := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, id)}
	cookie := []string{"Cookie", auth.SessionCookieName(false) + "=" + pgtest.MustSession(t, db, id)}
	period := "from=2000-01-01&to=" + time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	res, body := do(t, "GET", srv.URL+"/api/v1/reports/monitoring/cases?pageSize=100&"+period, "", bearer...)
	var p studyPage
	if err := json.Unmarshal(body, &p); err != nil || res.StatusCode != 200 || p.Count == 0 {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	scan(t, "demo JSON", body, secrets)
	_, csv := do(t, "GET", srv.URL+"/api/v1/reports/monitoring/cases?"+period, "", append(bearer, "Accept", "text/csv")...)
	scan(t, "demo CSV", csv, secrets)
	if got := strings.Count(string(csv), "\r\n") - 1; got != p.Count {
		t.Errorf("CSV rows %d, JSON count %d", got, p.Count)
	}
	vt := strings.ReplaceAll(strings.ReplaceAll(period, "from=", "van="), "to=", "tot=")
	_, page := do(t, "GET", srv.URL+"/monitoring/dossiers?"+vt, "", cookie...)
	// The page greets the monitor by name in its header; the table must
	// hold no name.
	table := regexp.MustCompile(`(?s)<table.*</table>`).Find(page)
	if len(table) == 0 {
		t.Fatalf("no table on the demo's file study page")
	}
	scan(t, "demo page", table, secrets)
}

// TestMonitorMenu: a monitor's menu holds the monitoring items only.
func TestMonitorMenu(t *testing.T) {
	srv, db := newServer(t)
	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	cookie := []string{"Cookie", auth.SessionCookieName(false) + "=" + pgtest.MustSession(t, db, monitor.ID)}
	for _, path := range []string{"/", "/monitoring", "/monitoring/dossiers"} {
		res, page := do(t, "GET", srv.URL+path, "", cookie...)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		var items []string
		for _, m := range regexp.MustCompile(`utrecht-nav-list__link" href="([^"]+)"`).FindAllStringSubmatch(string(page), -1) {
			items = append(items, m[1])
		}
		if !slices.Equal(items, []string{"/", "/monitoring", "/monitoring/dossiers"}) {
			t.Errorf("%s: a monitor's menu is %v", path, items)
		}
	}
}

// TestMonitorIsNoRater: a monitor alone is not invited to rate a
// regisseur (they reach the monitoring and nothing else), nor offered as a
// candidate; a monitor who also holds another role still may be.
func TestMonitorIsNoRater(t *testing.T) {
	_, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	both := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor, domain.RoleRegisseur}})
	ctx := pgtest.ActorCtx(t, db, coach.ID)
	deadline := time.Now().AddDate(0, 0, 14)
	_, _, err := db.OpenFeedbackRound(ctx, reg.ID, deadline, []domain.NewRater{{Group: domain.GroupPeer, UserID: &monitor.ID}, {Group: domain.GroupPartner}})
	if de, ok := domain.AsError(err); !ok || len(de.Fields) != 1 || de.Fields[0].Name != "raters[0].group" {
		t.Fatalf("a monitor invited as a peer: %v", err)
	}
	if _, _, err := db.OpenFeedbackRound(ctx, reg.ID, deadline, []domain.NewRater{{Group: domain.GroupPeer, UserID: &both.ID}, {Group: domain.GroupPartner}}); err != nil {
		t.Fatalf("a monitor who is also a regisseur: %v", err)
	}
}
