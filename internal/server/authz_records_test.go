package server_test

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// The markers of the parts a record.part row looks for.
const (
	recordReason  = "Persoonlijke omstandigheden-proef"
	recordPitfall = "Valkuil-proef"
	recordLeave   = "ziekte" // case-insensitive: "ziekte" in JSON, "Ziekte" on a page
	recordMotive  = "Motivatie-proef"
)

type recordRow struct {
	line                 int
	method, path, record string
	part                 string
	want                 map[string]string // role → allow | deny
}

func readRecordMatrix(t *testing.T) []recordRow {
	t.Helper()
	f, err := os.Open("testdata/authz_records.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []recordRow
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) != 3+len(matrixRoles) {
			t.Fatalf("authz_records.txt line %d: want method, path, record and %d columns", line, len(matrixRoles))
		}
		r := recordRow{line: line, method: fields[0], path: fields[1], want: map[string]string{}}
		r.record, r.part, _ = strings.Cut(fields[2], ".")
		for i, role := range matrixRoles {
			v := fields[3+i]
			if v != "allow" && v != "deny" {
				t.Fatalf("authz_records.txt line %d: %q is neither allow nor deny", line, v)
			}
			r.want[role] = v
		}
		rows = append(rows, r)
	}
	return rows
}

// recordEnv is one user per role of the matrix and the named records.
type recordEnv struct {
	base    string
	handler http.Handler
	tokens  map[string]string
	cookies map[string]string
	members map[string]int64  // record → membership id
	regs    map[string]int64  // record → regisseur id
	names   map[string]string // record → regisseur name
}

func newRecordEnv(t *testing.T) *recordEnv {
	t.Helper()
	srv, db := newServer(t)
	sys := pgtest.SystemCtx()
	e := &recordEnv{base: srv.URL, handler: srv.Config.Handler, tokens: map[string]string{}, cookies: map[string]string{},
		members: map[string]int64{}, regs: map[string]int64{}, names: map[string]string{}}
	orgA, orgB := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	munA, munB := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
	today := time.Now().Truncate(24 * time.Hour)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	active := func(name string, org, mun int64) {
		r := pgtest.MustCreateActiveMember(t, db, org, []int64{mun}, 5, 16)
		e.regs[name] = r.ID
		var id int64
		must(db.Get(&id, `SELECT id FROM pool_membership WHERE regisseur_id = $1`, r.ID))
		e.members[name] = id
	}
	active("coachee", orgA.ID, munA.ID)
	active("other", orgB.ID, munA.ID)
	active("elsewhere", orgB.ID, munB.ID)
	for _, name := range []string{"coachee", "other"} {
		id := e.members[name]
		_, err := db.MoveMembership(sys, id, domain.MemberPaused, domain.TransitionOptions{Reason: recordReason})
		must(err)
		_, err = db.MoveMembership(sys, id, domain.MemberActive, domain.TransitionOptions{})
		must(err)
		_, err = db.AddUnavailability(sys, id, domain.Unavailability{StartsOn: today.AddDate(0, 0, -1), EndsOn: today.AddDate(0, 0, 10), Reason: domain.LeaveSickness})
		must(err)
		_, err = db.Exec(`UPDATE pre_selection SET pitfalls = ARRAY[$2], report = $3, report_filename = 'rapport.pdf' WHERE membership_id = $1`,
			id, recordPitfall, []byte("%PDF-1.4 proef"))
		must(err)
		_, err = db.Exec(`UPDATE pool_membership SET motivation = $2 WHERE id = $1`, id, recordMotive)
		must(err)
	}

	round, err := db.CreatePoolRound(sys, "Ronde records", []domain.RoundOrganisation{{OrganisationID: orgA.ID, Quota: 5}})
	must(err)
	contactCtx := domain.WithActor(t.Context(), &domain.Actor{Kind: domain.ActorUser, Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &orgA.ID})
	for _, name := range []string{"nominee", "rejected"} {
		m, err := db.Nominate(contactCtx, domain.Nomination{RoundID: round.ID, RegisseurName: "Kandidaat " + name, Motivation: recordMotive, HoursPerWeek: 16, MunicipalityIDs: []int64{munA.ID}})
		must(err)
		e.members[name], e.regs[name] = m.ID, m.RegisseurID
	}
	_, err = db.RecordPreSelection(sys, e.members["nominee"], domain.PreSelection{TestDate: today.AddDate(0, 0, -7), InstrumentName: "Test",
		Provider: "Bureau", Outcome: domain.OutcomeSuitable, Pitfalls: []string{recordPitfall}}, []byte("%PDF-1.4 proef"), "rapport.pdf")
	must(err)
	_, err = db.MoveMembership(sys, e.members["rejected"], domain.MemberRejected, domain.TransitionOptions{Reason: recordReason})
	must(err)
	// Names no other name contains, to find a record in a list.
	for name, id := range e.regs {
		e.names[name] = "Proefpersoon " + strings.ToUpper(name[:1]) + name[1:]
		_, err := db.Exec(`UPDATE regisseur SET name = $2 WHERE id = $1`, id, e.names[name])
		must(err)
	}

	otherCoach := domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{e.regs["other"]}}
	pgtest.MustCreateUser(t, db, otherCoach)
	coachee := e.regs["coachee"]
	for role, spec := range map[string]domain.User{
		"admin":       {Roles: []domain.Role{domain.RoleAdmin}},
		"org_contact": {Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &orgA.ID},
		"coach":       {Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{coachee}},
		"dispatcher":  {Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{munA.ID}},
		"regisseur":   {Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &orgA.ID, RegisseurID: &coachee},
		"monitor":     {Roles: []domain.Role{domain.RoleMonitor}},
	} {
		u := pgtest.MustCreateUser(t, db, spec)
		e.tokens[role], e.cookies[role] = pgtest.MustAccessToken(t, db, u.ID), pgtest.MustSession(t, db, u.ID)
	}
	return e
}

// recordBody is what a row's request sends: for the writes, a request that
// passes the route's own checks and fails only after the access check (a
// step that does not exist, days in the wrong order, a test date ahead, a
// file that is no PDF, an empty form), so nothing changes.
func recordBody(method, path string) (body, contentType string) {
	soon := time.Now().AddDate(0, 0, 7).Format("2006-01-02")
	switch method + " " + path {
	case "PATCH /api/v1/pool-members/:id":
		return `{}`, "application/json"
	case "POST /api/v1/pool-members/:id/transitions":
		return `{"to":"nominated","reason":"proef"}`, "application/json"
	case "POST /api/v1/pool-members/:id/unavailability":
		return fmt.Sprintf(`{"startsOn":%q,"endsOn":"2026-01-01"}`, soon), "application/json"
	case "PUT /api/v1/pool-members/:id/pre-selection":
		return fmt.Sprintf(`{"testDate":%q,"instrumentName":"Test","provider":"Bureau","outcome":"suitable"}`, soon), "application/json"
	case "PUT /api/v1/pool-members/:id/pre-selection/report":
		return "geen pdf", "application/pdf"
	case "POST /pool/leden/:id/status":
		return url.Values{"to": {"nominated"}, "reason": {"proef"}}.Encode(), "application/x-www-form-urlencoded"
	}
	if strings.HasPrefix(path, "/api/") {
		return "", ""
	}
	return "", "application/x-www-form-urlencoded"
}

// request sends a row's request as role and reports whether the role reached
// the record (or its part).
func (e *recordEnv) request(t *testing.T, r recordRow, role string) (allowed bool, status int) {
	t.Helper()
	path := strings.Replace(r.path, ":id", fmt.Sprint(e.members[r.record]), 1)
	if strings.HasPrefix(r.path, "/api/v1/regisseurs/") {
		path = strings.Replace(r.path, ":id", fmt.Sprint(e.regs[r.record]), 1)
	}
	body, ct := recordBody(r.method, r.path)
	req, err := http.NewRequest(r.method, e.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	switch {
	case role == "anon":
	case strings.HasPrefix(r.path, "/api/"):
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	default:
		req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: e.cookies[role]})
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	switch res.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusSeeOther:
		return false, res.StatusCode
	}
	text := html.UnescapeString(string(raw))
	if !strings.Contains(r.path, ":id") {
		// A list (a page, JSON or a PDF report): the record's row, up to the
		// next row, or nothing.
		if res.Header.Get("Content-Type") == "application/pdf" {
			text = pdfText(t, raw)
		}
		i := strings.Index(text, e.names[r.record])
		if i < 0 {
			return false, res.StatusCode
		}
		text = text[i:]
		if j := strings.Index(text, "</tr>"); j >= 0 {
			text = text[:j]
		}
	}
	switch r.part {
	case "":
		return true, res.StatusCode
	case "reasons":
		return strings.Contains(text, recordReason), res.StatusCode
	case "leave":
		return strings.Contains(strings.ToLower(text), recordLeave), res.StatusCode
	case "pitfalls":
		return strings.Contains(text, recordPitfall), res.StatusCode
	case "motivation":
		return strings.Contains(text, recordMotive), res.StatusCode
	}
	t.Fatalf("authz_records.txt line %d: unknown part %q", r.line, r.part)
	return false, 0
}

// TestRecordAuthorizationMatrix sends every row of testdata/authz_records.txt
// as every role and compares who reaches which record, and which part of it,
// with the table. It fails when a row names a route that does not exist.
func TestRecordAuthorizationMatrix(t *testing.T) {
	e := newRecordEnv(t)
	rows := readRecordMatrix(t)
	routes := map[string]bool{}
	for _, r := range server.Routes(e.handler) {
		routes[r.Method+" "+r.Path] = true
	}
	var wrong int
	for _, r := range rows {
		if !routes[r.method+" "+r.path] {
			t.Errorf("authz_records.txt line %d names a route that does not exist: %s %s", r.line, r.method, r.path)
			continue
		}
		if _, ok := e.members[r.record]; !ok {
			t.Fatalf("authz_records.txt line %d: unknown record %q", r.line, r.record)
		}
		for _, role := range matrixRoles {
			allowed, status := e.request(t, r, role)
			if want := r.want[role] == "allow"; allowed != want {
				wrong++
				t.Errorf("line %d: %s %s on %s as %s: got status %d (allowed=%v), want %s",
					r.line, r.method, r.path, r.record+strings.TrimSuffix("."+r.part, "."), role, status, allowed, r.want[role])
			}
		}
	}
	t.Logf("%d rows × %d roles: %d differ", len(rows), len(matrixRoles), wrong)
}
