package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
	"regiepool/internal/server"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// adminEnv is a running server over a fresh database, with an admin signed in.
type adminEnv struct {
	srv         *httptest.Server
	db          *postgres.DB
	admin       domain.User
	adminCookie string
}

func newAdminEnv(t *testing.T) *adminEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), SecureCookies: false})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	admin := pgtest.MustCreateUser(t, db, domain.User{Name: "Beheerder", Roles: []domain.Role{domain.RoleAdmin}})
	return &adminEnv{srv: srv, db: db, admin: admin, adminCookie: pgtest.MustSession(t, db, admin.ID)}
}

// response is what a request returned, with the body read.
type response struct {
	status   int
	location string
	body     string
}

// do sends a request as the holder of cookie ("" for anonymous) and does not
// follow redirects. A non-nil form is posted.
func (e *adminEnv) do(t *testing.T, cookie, method, path string, form url.Values) response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
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
	return response{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b)}
}

var (
	h1Tag      = regexp.MustCompile(`<h1[ >]`)
	controlTag = regexp.MustCompile(`<(?:input|select|textarea)\b[^>]*>`)
	idAttr     = regexp.MustCompile(`\bid="([^"]+)"`)
	typeAttr   = regexp.MustCompile(`\btype="([^"]+)"`)
	tableTag   = regexp.MustCompile(`<table\b`)
	colHeader  = regexp.MustCompile(`<th\b[^>]*>`)
)

// checkAccessible checks what a page must always have: one h1, a label for
// every control, captions and scoped headers on tables, nothing the CSP
// forbids.
func checkAccessible(t *testing.T, path, body string) {
	t.Helper()
	if n := len(h1Tag.FindAllString(body, -1)); n != 1 {
		t.Errorf("%s: %d h1 elements, want 1", path, n)
	}
	for _, tag := range controlTag.FindAllString(body, -1) {
		if m := typeAttr.FindStringSubmatch(tag); m != nil && (m[1] == "hidden" || m[1] == "submit") {
			continue
		}
		m := idAttr.FindStringSubmatch(tag)
		if m == nil {
			t.Errorf("%s: control without id: %s", path, tag)
			continue
		}
		if !strings.Contains(body, `for="`+m[1]+`"`) {
			t.Errorf("%s: no <label for=%q>", path, m[1])
		}
	}
	if tables := len(tableTag.FindAllString(body, -1)); tables != strings.Count(body, "<caption") {
		t.Errorf("%s: %d tables but %d captions", path, tables, strings.Count(body, "<caption"))
	}
	for _, th := range colHeader.FindAllString(body, -1) {
		if !strings.Contains(th, `scope="col"`) && !strings.Contains(th, `scope="row"`) {
			t.Errorf("%s: header cell without scope: %s", path, th)
		}
	}
	for _, bad := range []string{"style=", "<style"} {
		if strings.Contains(body, bad) {
			t.Errorf("%s: page contains %q, which the CSP forbids", path, bad)
		}
	}
	// Scripts only from /static/ (script-src 'self'), never inline.
	for _, tag := range scriptTag.FindAllString(body, -1) {
		if !strings.Contains(tag, ` src="/static/`) {
			t.Errorf("%s: inline script %s, which the CSP forbids", path, tag)
		}
	}
}

var scriptTag = regexp.MustCompile(`<script[^>]*>`)

func sysCtxOrgs(t *testing.T, db *postgres.DB) []domain.Organisation {
	t.Helper()
	os, _, err := db.FindOrganisations(pgtest.SystemCtx(), domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	return os
}

func sysCtxMunicipalities(t *testing.T, db *postgres.DB) []domain.Municipality {
	t.Helper()
	ms, _, err := db.FindMunicipalities(pgtest.SystemCtx(), domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func sysCtxUsers(t *testing.T, db *postgres.DB) []domain.User {
	t.Helper()
	us, _, err := db.FindUsers(pgtest.SystemCtx(), domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	return us
}

func findUser(t *testing.T, db *postgres.DB, email string) (domain.User, bool) {
	t.Helper()
	for _, u := range sysCtxUsers(t, db) {
		if u.Email == email {
			return u, true
		}
	}
	return domain.User{}, false
}

// counts is how many records of each kind are stored.
func counts(t *testing.T, db *postgres.DB) [3]int {
	t.Helper()
	return [3]int{len(sysCtxOrgs(t, db)), len(sysCtxMunicipalities(t, db)), len(sysCtxUsers(t, db))}
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func TestAdminCreates(t *testing.T) {
	e := newAdminEnv(t)
	org := pgtest.MustCreateOrganisation(t, e.db)
	m1, m2 := pgtest.MustCreateMunicipality(t, e.db), pgtest.MustCreateMunicipality(t, e.db)
	r1, r2 := pgtest.MustCreateRegisseur(t, e.db, org.ID), pgtest.MustCreateRegisseur(t, e.db, org.ID)

	for _, tt := range []struct {
		name, path string
		form       url.Values
		shown      string // on the list after the redirect
		check      func(t *testing.T)
	}{
		{
			name: "organisation", path: "/beheer/organisaties",
			form:  url.Values{"name": {"  Lumens Groep "}, "kvkNumber": {"12345678"}},
			shown: "Lumens Groep",
			check: func(t *testing.T) {
				i := slices.IndexFunc(sysCtxOrgs(t, e.db), func(o domain.Organisation) bool { return o.Name == "Lumens Groep" })
				if i < 0 {
					t.Fatal("organisation not stored")
				}
				if o := sysCtxOrgs(t, e.db)[i]; o.KvKNumber == nil || *o.KvKNumber != "12345678" {
					t.Errorf("KvK number = %v, want 12345678", o.KvKNumber)
				}
			},
		},
		{
			name: "organisation without KvK number", path: "/beheer/organisaties",
			form:  url.Values{"name": {"Buurtteam Zuid"}, "kvkNumber": {""}},
			shown: "Buurtteam Zuid",
			check: func(t *testing.T) {
				i := slices.IndexFunc(sysCtxOrgs(t, e.db), func(o domain.Organisation) bool { return o.Name == "Buurtteam Zuid" })
				if i < 0 || sysCtxOrgs(t, e.db)[i].KvKNumber != nil {
					t.Fatalf("organisation not stored without KvK number (index %d)", i)
				}
			},
		},
		{
			name: "municipality", path: "/beheer/gemeenten",
			form:  url.Values{"code": {"gm0080"}, "name": {"Leeuwarden"}, "region": {"Friesland"}},
			shown: "GM0080",
			check: func(t *testing.T) {
				ms := sysCtxMunicipalities(t, e.db)
				i := slices.IndexFunc(ms, func(m domain.Municipality) bool { return m.Code == "GM0080" })
				if i < 0 || ms[i].Name != "Leeuwarden" || ms[i].Region != "Friesland" {
					t.Fatalf("municipality not stored as posted: %+v", ms)
				}
			},
		},
		{
			name: "user with roles and scopes", path: "/beheer/gebruikers",
			form: url.Values{
				"email": {"Anna.de.Vries@Example.nl"}, "name": {"Anna de Vries"}, "password": {"een-lang-wachtwoord"},
				"roles":           {"org_contact", "dispatcher", "coach"},
				"organisationId":  {id(org.ID)},
				"municipalityIds": {id(m1.ID), id(m2.ID)},
				"coacheeIds":      {id(r1.ID)},
				"regisseurId":     {""},
			},
			shown: "anna.de.vries@example.nl",
			check: func(t *testing.T) {
				u, ok := findUser(t, e.db, "anna.de.vries@example.nl")
				if !ok {
					t.Fatal("user not stored")
				}
				if !slices.Equal(u.Roles, []domain.Role{domain.RoleCoach, domain.RoleDispatcher, domain.RoleOrgContact}) {
					t.Errorf("roles = %v", u.Roles)
				}
				if u.OrganisationID == nil || *u.OrganisationID != org.ID {
					t.Errorf("organisation = %v, want %d", u.OrganisationID, org.ID)
				}
				if !slices.Equal(u.MunicipalityIDs, []int64{m1.ID, m2.ID}) || !slices.Equal(u.CoacheeIDs, []int64{r1.ID}) {
					t.Errorf("municipalities %v, coachees %v", u.MunicipalityIDs, u.CoacheeIDs)
				}
				if u.Disabled() {
					t.Error("new user is blocked")
				}
				// The initial password works.
				if _, err := e.db.Authenticate(pgtest.SystemCtx(), u.Email, "een-lang-wachtwoord", "192.0.2.1"); err != nil {
					t.Errorf("log in with the initial password: %v", err)
				}
			},
		},
		{
			name: "regisseur account", path: "/beheer/gebruikers",
			form: url.Values{
				"email": {"bram@example.nl"}, "name": {"Bram Bakker"}, "password": {"een-lang-wachtwoord"},
				"roles": {"regisseur"}, "organisationId": {id(org.ID)}, "regisseurId": {id(r2.ID)},
			},
			shown: "Bram Bakker",
			check: func(t *testing.T) {
				u, ok := findUser(t, e.db, "bram@example.nl")
				if !ok {
					t.Fatal("user not stored")
				}
				if u.RegisseurID == nil || *u.RegisseurID != r2.ID {
					t.Errorf("regisseur link = %v, want %d", u.RegisseurID, r2.ID)
				}
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, e.adminCookie, "POST", tt.path, tt.form)
			if res.status != http.StatusSeeOther || res.location != tt.path+"?opgeslagen=1" {
				t.Fatalf("POST %s = %d → %q, want 303 → %s?opgeslagen=1\n%s", tt.path, res.status, res.location, tt.path, res.body)
			}
			tt.check(t)
			list := e.do(t, e.adminCookie, "GET", res.location, nil)
			if list.status != 200 || !strings.Contains(list.body, "utrecht-alert--ok") || !strings.Contains(list.body, tt.shown) {
				t.Errorf("GET %s = %d, want the success message and %q", res.location, list.status, tt.shown)
			}
			checkAccessible(t, res.location, list.body)
		})
	}

	t.Run("users table in Dutch", func(t *testing.T) {
		res := e.do(t, e.adminCookie, "GET", "/beheer/gebruikers", nil)
		for _, want := range []string{"Contactpersoon organisatie", "Werkverdeler", "Begeleider", "Functioneel beheerder", org.Name, "Actief", `href="/beheer/gebruikers/`} {
			if !strings.Contains(res.body, want) {
				t.Errorf("users table lacks %q", want)
			}
		}
	})
}

func TestAdminInvalidInput(t *testing.T) {
	e := newAdminEnv(t)
	org := pgtest.MustCreateOrganisation(t, e.db)
	m := pgtest.MustCreateMunicipality(t, e.db)
	for _, tt := range []struct {
		name, path string
		form       url.Values
		reasons    []string // Dutch reasons on the page
		kept       []string // the typed values, shown again
		invalid    []string // ids of controls marked invalid
	}{
		{
			name: "organisation without name, bad KvK", path: "/beheer/organisaties",
			form:    url.Values{"name": {"  "}, "kvkNumber": {"1234"}},
			reasons: []string{"Dit veld is verplicht.", "Een KvK-nummer bestaat uit acht cijfers."},
			kept:    []string{`value="1234"`},
			invalid: []string{"name", "kvkNumber"},
		},
		{
			name: "municipality with bad code", path: "/beheer/gemeenten",
			form:    url.Values{"code": {"XX12"}, "name": {"Nergenshuizen"}, "region": {"Oost"}},
			reasons: []string{"Gebruik de CBS-code: GM gevolgd door vier cijfers"},
			kept:    []string{`value="XX12"`, `value="Nergenshuizen"`, `value="Oost"`},
			invalid: []string{"code"},
		},
		{
			name: "user with bad e-mail, no role, short password", path: "/beheer/gebruikers",
			form:    url.Values{"email": {"geen-e-mailadres"}, "name": {"Piet Puk"}, "password": {"kort"}},
			reasons: []string{"Vul een geldig e-mailadres in.", "Kies ten minste één rol.", "Een wachtwoord heeft ten minste 12 tekens."},
			kept:    []string{`value="geen-e-mailadres"`, `value="Piet Puk"`},
			invalid: []string{"email", "password"},
		},
		{
			name: "dispatcher without municipality, contact without organisation", path: "/beheer/gebruikers",
			form: url.Values{"email": {"kees@example.nl"}, "name": {"Kees"}, "password": {"een-lang-wachtwoord"},
				"roles": {"dispatcher", "org_contact"}},
			reasons: []string{"Een werkverdeler werkt voor ten minste één gemeente.", "Een contactpersoon hoort bij een organisatie."},
			kept:    []string{`value="kees@example.nl"`, `value="dispatcher" checked`, `value="org_contact" checked`},
			invalid: []string{"organisationId"},
		},
		{
			name: "scope without the role", path: "/beheer/gebruikers",
			form: url.Values{"email": {"lies@example.nl"}, "name": {"Lies"}, "password": {"een-lang-wachtwoord"},
				"roles": {"monitor"}, "organisationId": {id(org.ID)}, "municipalityIds": {id(m.ID)}},
			reasons: []string{"Alleen een werkverdeler heeft gemeenten."},
			kept: []string{`value="lies@example.nl"`, `value="monitor" checked`, `value="` + id(org.ID) + `" selected`,
				`name="municipalityIds" value="` + id(m.ID) + `" checked`},
		},
		{
			name: "choice the form did not offer", path: "/beheer/gebruikers",
			form: url.Values{"email": {"joop@example.nl"}, "name": {"Joop"}, "password": {"een-lang-wachtwoord"},
				"roles": {"dispatcher", "chef"}, "municipalityIds": {"999999"}, "organisationId": {"abc"}},
			reasons: []string{"Kies gemeenten uit de lijst.", "Kies rollen uit de lijst.", "Kies een organisatie uit de lijst."},
			kept:    []string{`value="joop@example.nl"`, `value="dispatcher" checked`},
			invalid: []string{"organisationId"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := counts(t, e.db)
			res := e.do(t, e.adminCookie, "POST", tt.path, tt.form)
			if res.status != http.StatusBadRequest {
				t.Fatalf("POST %s = %d, want 400\n%s", tt.path, res.status, res.body)
			}
			for _, want := range append(append([]string{
				"<title>Fout: ", `class="utrecht-alert utrecht-alert--error`, `role="alert"`,
				"utrecht-form-field--invalid", `aria-invalid="true"`, "utrecht-form-field-error-message",
			}, tt.reasons...), tt.kept...) {
				if !strings.Contains(res.body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, ctl := range tt.invalid {
				tag := regexp.MustCompile(`<(?:input|select)\b[^>]*\bid="` + ctl + `"[^>]*>`).FindString(res.body)
				if !strings.Contains(tag, `aria-invalid="true"`) || !strings.Contains(tag, ctl+`-fout`) {
					t.Errorf("control %s not marked invalid: %s", ctl, tag)
				}
				if !strings.Contains(res.body, `id="`+ctl+`-fout"`) || !strings.Contains(res.body, `href="#`+ctl+`"`) {
					t.Errorf("control %s: no error message or summary link", ctl)
				}
			}
			if strings.Contains(res.body, "een-lang-wachtwoord") {
				t.Error("the password is shown again")
			}
			checkAccessible(t, tt.path, res.body)
			if after := counts(t, e.db); after != before {
				t.Errorf("stored something: counts %v → %v", before, after)
			}
		})
	}
}

func TestAdminConflicts(t *testing.T) {
	e := newAdminEnv(t)
	org := pgtest.MustCreateOrganisation(t, e.db)
	m := pgtest.MustCreateMunicipality(t, e.db)
	taken := pgtest.MustCreateUser(t, e.db, domain.User{Email: "bezet@example.nl", Roles: []domain.Role{domain.RoleMonitor}})
	kvk := "87654321"
	if err := e.db.CreateOrganisation(pgtest.SystemCtx(), &domain.Organisation{Name: "Met KvK", KvKNumber: &kvk}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path string
		form       url.Values
		reason     string
		field      string
	}{
		{"duplicate e-mail", "/beheer/gebruikers",
			url.Values{"email": {"Bezet@Example.nl"}, "name": {"Tweede"}, "password": {"een-lang-wachtwoord"}, "roles": {"monitor"}},
			"Er bestaat al een gebruiker met dit e-mailadres.", "email"},
		{"duplicate organisation name", "/beheer/organisaties",
			url.Values{"name": {strings.ToUpper(org.Name)}}, "Er bestaat al een organisatie met deze naam.", "name"},
		{"duplicate KvK number", "/beheer/organisaties",
			url.Values{"name": {"Nieuwe naam"}, "kvkNumber": {kvk}}, "Er bestaat al een organisatie met dit KvK-nummer.", "kvkNumber"},
		{"duplicate municipality code", "/beheer/gemeenten",
			url.Values{"code": {m.Code}, "name": {"Andere naam"}}, "Er bestaat al een gemeente met deze code.", "code"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := counts(t, e.db)
			res := e.do(t, e.adminCookie, "POST", tt.path, tt.form)
			if res.status != http.StatusConflict {
				t.Fatalf("POST %s = %d, want 409\n%s", tt.path, res.status, res.body)
			}
			if !strings.Contains(res.body, tt.reason) || !strings.Contains(res.body, `href="#`+tt.field+`"`) || !strings.Contains(res.body, "<title>Fout: ") {
				t.Errorf("page lacks %q linked to #%s", tt.reason, tt.field)
			}
			if after := counts(t, e.db); after != before {
				t.Errorf("stored something: counts %v → %v", before, after)
			}
		})
	}
	if u, _ := findUser(t, e.db, "bezet@example.nl"); u.Name != taken.Name {
		t.Errorf("the existing user changed: %+v", u)
	}
}

func TestAdminUpdateUser(t *testing.T) {
	e := newAdminEnv(t)
	org := pgtest.MustCreateOrganisation(t, e.db)
	m := pgtest.MustCreateMunicipality(t, e.db)
	r := pgtest.MustCreateRegisseur(t, e.db, org.ID)
	u := pgtest.MustCreateUser(t, e.db, domain.User{Name: "Carla", Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{r.ID}})
	path := "/beheer/gebruikers/" + id(u.ID)

	page := e.do(t, e.adminCookie, "GET", path, nil)
	if page.status != 200 {
		t.Fatalf("GET %s = %d", path, page.status)
	}
	for _, want := range []string{`value="Carla"`, `value="coach" checked`, `id="coacheeIds-` + id(r.ID) + `" name="coacheeIds" value="` + id(r.ID) + `" checked`, "Account blokkeren", u.Email} {
		if !strings.Contains(page.body, want) {
			t.Errorf("user page lacks %q", want)
		}
	}
	checkAccessible(t, path, page.body)

	for _, tt := range []struct {
		name   string
		form   url.Values
		status int
		reason string
		want   func(t *testing.T, got domain.User)
	}{
		{
			name: "invalid: dispatcher without municipality", status: http.StatusBadRequest,
			form:   url.Values{"name": {"Carla Nieuw"}, "roles": {"dispatcher"}, "coacheeIds": {id(r.ID)}},
			reason: "Een werkverdeler werkt voor ten minste één gemeente.",
			want: func(t *testing.T, got domain.User) {
				if got.Name != "Carla" || !slices.Equal(got.Roles, []domain.Role{domain.RoleCoach}) || !slices.Equal(got.CoacheeIDs, []int64{r.ID}) {
					t.Errorf("stored user changed: %+v", got)
				}
			},
		},
		{
			name: "valid: new name, roles and scopes", status: http.StatusSeeOther,
			form: url.Values{"name": {"Carla Jansen"}, "roles": {"dispatcher", "org_contact"},
				"organisationId": {id(org.ID)}, "municipalityIds": {id(m.ID)}, "regisseurId": {""}},
			want: func(t *testing.T, got domain.User) {
				if got.Name != "Carla Jansen" || !slices.Equal(got.Roles, []domain.Role{domain.RoleDispatcher, domain.RoleOrgContact}) ||
					got.OrganisationID == nil || *got.OrganisationID != org.ID || !slices.Equal(got.MunicipalityIDs, []int64{m.ID}) || len(got.CoacheeIDs) != 0 {
					t.Errorf("stored user = %+v", got)
				}
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, e.adminCookie, "POST", path, tt.form)
			if res.status != tt.status {
				t.Fatalf("POST %s = %d, want %d\n%s", path, res.status, tt.status, res.body)
			}
			if tt.reason != "" && (!strings.Contains(res.body, tt.reason) || !strings.Contains(res.body, `value="Carla Nieuw"`)) {
				t.Errorf("page lacks %q or the typed name", tt.reason)
			}
			if tt.status == http.StatusSeeOther && res.location != path+"?opgeslagen=1" {
				t.Errorf("redirect to %q", res.location)
			}
			got, err := e.db.FindUserByID(pgtest.SystemCtx(), u.ID)
			if err != nil {
				t.Fatal(err)
			}
			tt.want(t, got)
		})
	}

	for _, bad := range []string{"/beheer/gebruikers/999999", "/beheer/gebruikers/abc", "/beheer/gebruikers/0", "/beheer/gebruikers/-1"} {
		if res := e.do(t, e.adminCookie, "GET", bad, nil); res.status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", bad, res.status)
		}
		if res := e.do(t, e.adminCookie, "POST", bad+"/blokkeren", url.Values{}); res.status != http.StatusNotFound {
			t.Errorf("POST %s/blokkeren = %d, want 404", bad, res.status)
		}
	}
}

func TestAdminBlockEndsSession(t *testing.T) {
	e := newAdminEnv(t)
	coach := pgtest.MustCreateUser(t, e.db, domain.User{Name: "Dirk Coach", Roles: []domain.Role{domain.RoleCoach}})
	cookie := pgtest.MustSession(t, e.db, coach.ID)
	path := "/beheer/gebruikers/" + id(coach.ID)

	if res := e.do(t, cookie, "GET", "/?start=1", nil); !strings.Contains(res.body, "Ingelogd als Dirk Coach") {
		t.Fatal("the coach is not signed in before the block")
	}
	if res := e.do(t, cookie, "GET", "/beheer/gebruikers", nil); res.status != http.StatusForbidden {
		t.Fatalf("coach on /beheer/gebruikers before the block = %d, want 403", res.status)
	}

	t.Run("blocking needs the ticked statement", func(t *testing.T) {
		res := e.do(t, e.adminCookie, "POST", path+"/blokkeren", url.Values{})
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#bevestigen"`) || !strings.Contains(res.body, "Vink aan dat u weet wat blokkeren doet") {
			t.Fatalf("unconfirmed block = %d, want 400 with the error on the checkbox", res.status)
		}
		checkAccessible(t, path, res.body)
		if got, err := e.db.FindUserByID(pgtest.SystemCtx(), coach.ID); err != nil || got.Disabled() {
			t.Fatalf("an unconfirmed block blocked the account (%v)", err)
		}
		if res := e.do(t, cookie, "GET", "/beheer/gebruikers", nil); res.status != http.StatusForbidden {
			t.Errorf("the session ended after an unconfirmed block: %d, want 403 still", res.status)
		}
	})

	for _, step := range []struct {
		action   string
		redirect string
		disabled bool
		notice   string
	}{
		{"blokkeren", path + "?geblokkeerd=1", true, "Het account is geblokkeerd."},
		{"deblokkeren", path + "?gedeblokkeerd=1", false, "Het account is gedeblokkeerd."},
	} {
		t.Run(step.action, func(t *testing.T) {
			res := e.do(t, e.adminCookie, "POST", path+"/"+step.action, url.Values{"bevestigen": {"ja"}})
			if res.status != http.StatusSeeOther || res.location != step.redirect {
				t.Fatalf("POST %s/%s = %d → %q, want 303 → %s", path, step.action, res.status, res.location, step.redirect)
			}
			got, err := e.db.FindUserByID(pgtest.SystemCtx(), coach.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Disabled() != step.disabled {
				t.Errorf("disabled = %v, want %v", got.Disabled(), step.disabled)
			}
			if page := e.do(t, e.adminCookie, "GET", res.location, nil); !strings.Contains(page.body, step.notice) {
				t.Errorf("user page lacks %q", step.notice)
			}
			// The old session is gone either way: unblocking does not revive it.
			if res := e.do(t, cookie, "GET", "/?start=1", nil); strings.Contains(res.body, "Ingelogd als") {
				t.Error("the blocked user's cookie still signs them in on /")
			}
			if res := e.do(t, cookie, "GET", "/beheer/gebruikers", nil); res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/inloggen") {
				t.Errorf("blocked user's cookie on /beheer/gebruikers = %d → %q, want 303 → /inloggen", res.status, res.location)
			}
		})
	}

	t.Run("not one's own account", func(t *testing.T) {
		self := "/beheer/gebruikers/" + id(e.admin.ID)
		res := e.do(t, e.adminCookie, "POST", self+"/blokkeren", url.Values{})
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "U kunt uw eigen account niet blokkeren.") {
			t.Fatalf("self-block = %d, want 400 with the reason\n%s", res.status, res.body)
		}
		if got, _ := e.db.FindUserByID(pgtest.SystemCtx(), e.admin.ID); got.Disabled() {
			t.Error("the admin blocked themself")
		}
	})
}

func TestAdminAccess(t *testing.T) {
	e := newAdminEnv(t)
	coach := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	coachCookie := pgtest.MustSession(t, e.db, coach.ID)
	userPath := "/beheer/gebruikers/" + id(coach.ID)
	routes := []struct{ method, path string }{
		{"GET", "/beheer/organisaties"}, {"POST", "/beheer/organisaties"},
		{"GET", "/beheer/gemeenten"}, {"POST", "/beheer/gemeenten"},
		{"GET", "/beheer/gebruikers"}, {"POST", "/beheer/gebruikers"},
		{"GET", userPath}, {"POST", userPath},
		{"POST", userPath + "/blokkeren"}, {"POST", userPath + "/deblokkeren"},
	}
	newUser := url.Values{"email": {"indringer@example.nl"}, "name": {"Indringer"}, "password": {"een-lang-wachtwoord"},
		"roles": {"admin"}, "code": {"GM0999"}}
	for _, who := range []struct {
		name, cookie string
		status       int
	}{
		{"anonymous", "", http.StatusSeeOther},
		{"coach", coachCookie, http.StatusForbidden},
		{"admin", e.adminCookie, http.StatusOK},
	} {
		for _, rt := range routes {
			if who.status == http.StatusOK && rt.method == "POST" {
				continue // the admin's posts are tested elsewhere
			}
			t.Run(who.name+" "+rt.method+" "+rt.path, func(t *testing.T) {
				before := counts(t, e.db)
				var form url.Values
				if rt.method == "POST" {
					form = newUser
				}
				res := e.do(t, who.cookie, rt.method, rt.path, form)
				if res.status != who.status {
					t.Fatalf("%s %s = %d, want %d", rt.method, rt.path, res.status, who.status)
				}
				if who.status == http.StatusSeeOther && res.location != "/inloggen?terug="+rt.path {
					t.Errorf("redirect to %q, want /inloggen?terug=%s", res.location, rt.path)
				}
				if who.status == http.StatusForbidden && !strings.Contains(res.body, "Geen toegang") {
					t.Error("403 without the Dutch page")
				}
				if who.status == http.StatusOK {
					checkAccessible(t, rt.path, res.body)
				}
				if after := counts(t, e.db); after != before {
					t.Errorf("stored something: counts %v → %v", before, after)
				}
			})
		}
	}
	if got, _ := e.db.FindUserByID(pgtest.SystemCtx(), coach.ID); got.Disabled() {
		t.Error("a non-admin blocked the coach")
	}
}

func TestAdminPagination(t *testing.T) {
	e := newAdminEnv(t)
	for range domain.DefaultPageSize + 3 {
		pgtest.MustCreateOrganisation(t, e.db)
	}
	for _, tt := range []struct {
		query, want, link string
	}{
		{"", "Pagina 1 van 2", `href="/beheer/organisaties?pagina=2"`},
		{"?pagina=2", "Pagina 2 van 2", `href="/beheer/organisaties?pagina=1"`},
		{"?pagina=x", "Pagina 1 van 2", `href="/beheer/organisaties?pagina=2"`},
		{"?pagina=9", "Op deze pagina staan geen organisaties.", `href="/beheer/organisaties"`},
	} {
		t.Run(fmt.Sprintf("pagina %q", tt.query), func(t *testing.T) {
			res := e.do(t, e.adminCookie, "GET", "/beheer/organisaties"+tt.query, nil)
			if res.status != 200 || !strings.Contains(res.body, tt.want) || !strings.Contains(res.body, tt.link) {
				t.Errorf("GET ?%s = %d, want %q and %s", tt.query, res.status, tt.want, tt.link)
			}
		})
	}
}
