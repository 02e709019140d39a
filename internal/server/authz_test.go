package server_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"regiepool/internal/apitest"
	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
	"regiepool/internal/server"
)

// matrixRoles are the columns of testdata/authz.txt after method and path.
var matrixRoles = []string{"anon", "admin", "org_contact", "coach", "dispatcher", "regisseur", "monitor"}

type matrixRow struct {
	method, path string
	want         map[string]string // role → allow | deny
}

func readMatrix(t *testing.T) map[string]matrixRow { return readMatrixRows(t, false) }

// readMatrixRows reads the route rows of testdata/authz.txt, or with rules
// the record and field rules (rows whose path ends in [rule], checked by
// TestAccessRules).
func readMatrixRows(t *testing.T, rules bool) map[string]matrixRow {
	t.Helper()
	f, err := os.Open("testdata/authz.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]matrixRow{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) != 2+len(matrixRoles) {
			t.Fatalf("authz.txt line %d: want method, path and %d columns", line, len(matrixRoles))
		}
		if strings.HasSuffix(fields[1], "]") != rules {
			continue
		}
		r := matrixRow{method: fields[0], path: fields[1], want: map[string]string{}}
		for i, role := range matrixRoles {
			v := fields[2+i]
			if v != "allow" && v != "deny" {
				t.Fatalf("authz.txt line %d: %q is neither allow nor deny", line, v)
			}
			r.want[role] = v
		}
		rows[r.method+" "+r.path] = r
	}
	return rows
}

// matrixEnv is one user per role with scopes, and records to point ids at.
type matrixEnv struct {
	srv     *httptest.Server
	handler http.Handler // as server.New built it, for server.Routes
	db      *postgres.DB
	users   map[string]domain.User
	tokens  map[string]string // API bearer tokens
	cookies map[string]string // web sessions
	ids     map[string]int64  // path prefix → an existing id
}

func newMatrixEnv(t *testing.T) *matrixEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	e := &matrixEnv{srv: apitest.NewServer(t, h), handler: h, db: db, users: map[string]domain.User{}, tokens: map[string]string{}, cookies: map[string]string{}, ids: map[string]int64{}}
	org := pgtest.MustCreateOrganisation(t, db)
	mun := pgtest.MustCreateMunicipality(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	specs := map[string]domain.User{
		"admin":       {Roles: []domain.Role{domain.RoleAdmin}},
		"org_contact": {Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &org.ID},
		"coach":       {Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}},
		"dispatcher":  {Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}},
		"regisseur":   {Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org.ID, RegisseurID: &reg.ID},
		"monitor":     {Roles: []domain.Role{domain.RoleMonitor}},
	}
	for role, spec := range specs {
		u := pgtest.MustCreateUser(t, db, spec)
		e.users[role] = u
		e.tokens[role] = pgtest.MustAccessToken(t, db, u.ID)
		e.cookies[role] = pgtest.MustSession(t, db, u.ID)
	}
	e.ids["/api/v1/organisations"] = org.ID
	e.ids["/api/v1/municipalities"] = mun.ID
	e.ids["/api/v1/regisseurs"] = reg.ID
	e.ids["/api/v1/users"] = e.users["org_contact"].ID
	// The web pages block and edit a spare account, never a role under test.
	e.ids["/beheer/gebruikers"] = pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}}).ID
	// A spare token to revoke, so the matrix never revokes its own tokens.
	spare, _, err := db.CreateAccessToken(context.Background(), e.users["monitor"].ID)
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.TokenActor(context.Background(), spare)
	if err != nil {
		t.Fatal(err)
	}
	toks, _, err := db.FindAccessTokens(domain.WithActor(context.Background(), a), domain.Page{Page: 1, PageSize: 100})
	if err != nil || len(toks) == 0 {
		t.Fatal(err)
	}
	e.ids["/api/v1/access-tokens"] = toks[0].ID
	return e
}

// path fills in the route's parameters with existing records.
func (e *matrixEnv) path(route string) string {
	if strings.HasSuffix(route, "/*filepath") {
		return strings.TrimSuffix(route, "*filepath") + "app.css"
	}
	if i := strings.Index(route, "/:id"); i >= 0 {
		id, ok := e.ids[route[:i]]
		if !ok {
			id = 1
		}
		return route[:i] + "/" + strconv.FormatInt(id, 10) + route[i+len("/:id"):]
	}
	return route
}

// request sends one request as role and reports whether it was let through.
func (e *matrixEnv) request(t *testing.T, role, method, route string) (allowed bool, status int) {
	t.Helper()
	var body *strings.Reader
	api := strings.HasPrefix(route, "/api/")
	if api {
		body = strings.NewReader("{}")
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, e.srv.URL+e.path(route), body)
	if err != nil {
		t.Fatal(err)
	}
	if api {
		req.Header.Set("Content-Type", "application/json")
		if role != "anon" {
			req.Header.Set("Authorization", "Bearer "+e.tokens[role])
		}
	} else {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if role != "anon" {
			cookie := e.cookies[role]
			if route == "/uitloggen" {
				// Logging out ends the session: use a spare one, so the
				// routes tested after it still see a signed-in user.
				cookie = pgtest.MustSession(t, e.db, e.users[role].ID)
			}
			req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: cookie})
		}
	}
	if route == "/overal-uitloggen" && role != "anon" {
		// Logging out everywhere ends every session and token of the user:
		// the routes tested after it get new ones.
		defer func() {
			e.tokens[role] = pgtest.MustAccessToken(t, e.db, e.users[role].ID)
			e.cookies[role] = pgtest.MustSession(t, e.db, e.users[role].ID)
		}()
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	switch {
	case res.StatusCode == http.StatusUnauthorized, res.StatusCode == http.StatusForbidden:
		return false, res.StatusCode
	case res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/inloggen") &&
		res.Header.Get("Location") != "/inloggen?uitgelogd=1": // where a log-out lands is no denial
		return false, res.StatusCode
	}
	return true, res.StatusCode
}

// TestAuthorizationMatrix sends every registered route as every role and
// compares the outcome with testdata/authz.txt. It fails when a route has no
// row, a row names no route, or any outcome differs.
func TestAuthorizationMatrix(t *testing.T) {
	e := newMatrixEnv(t)
	rows := readMatrix(t)
	routes := server.Routes(e.handler)
	var missing []string
	seen := map[string]bool{}
	for _, r := range routes {
		key := r.Method + " " + r.Path
		seen[key] = true
		if _, ok := rows[key]; !ok {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("routes without a row in testdata/authz.txt: %v", missing)
	}
	for key := range rows {
		if !seen[key] {
			t.Errorf("testdata/authz.txt names a route that does not exist: %s", key)
		}
	}
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var unexpectedAllow, unexpectedDeny int
	for _, key := range keys {
		row := rows[key]
		for _, role := range matrixRoles {
			allowed, status := e.request(t, role, row.method, row.path)
			want := row.want[role] == "allow"
			if allowed != want {
				if allowed {
					unexpectedAllow++
				} else {
					unexpectedDeny++
				}
				t.Errorf("%s as %s: got status %d (allowed=%v), want %s", key, role, status, allowed, row.want[role])
			}
		}
	}
	t.Logf("%d routes × %d roles: %d unexpected allows, %d unexpected denials", len(keys), len(matrixRoles), unexpectedAllow, unexpectedDeny)
}
