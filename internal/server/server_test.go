package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"regiepool/internal/apitest"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
	"regiepool/internal/server"
)

func TestMain(m *testing.M) { pgtest.Main(apitest.Main(m)) }

// newServer starts the real handler over a fresh database.
func newServer(t *testing.T) (*httptest.Server, *postgres.DB) {
	t.Helper()
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.NewServer(t, h)
	return srv, db
}

// adminToken creates an admin and returns a bearer token for it.
func adminToken(t *testing.T, db *postgres.DB) string {
	t.Helper()
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	return pgtest.MustAccessToken(t, db, u.ID)
}

func do(t *testing.T, method, url, body string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

type problemBody struct {
	Type          string `json:"type"`
	Title         string `json:"title"`
	Status        int    `json:"status"`
	Detail        string `json:"detail"`
	InvalidParams []struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"invalidParams"`
}

func decodeProblem(t *testing.T, res *http.Response, body []byte) problemBody {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type = %q, want application/problem+json (body %s)", ct, body)
	}
	var p problemBody
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("decode problem %s: %v", body, err)
	}
	if p.Status != res.StatusCode || p.Title == "" || p.Detail == "" {
		t.Fatalf("problem %+v lacks status/title/detail for HTTP %d", p, res.StatusCode)
	}
	return p
}

func TestHealth(t *testing.T) {
	srv, db := newServer(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		res, body := do(t, "GET", srv.URL+path, "")
		if res.StatusCode != 200 {
			t.Errorf("GET %s = %d %s, want 200", path, res.StatusCode, body)
		}
	}
	// Mark the newest migration as not applied: the schema is then behind.
	if _, err := db.Exec(`DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)`); err != nil {
		t.Fatal(err)
	}
	res, body := do(t, "GET", srv.URL+"/readyz", "")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("GET /readyz with pending migration = %d, want 503", res.StatusCode)
	}
	if p := decodeProblem(t, res, body); !strings.Contains(p.Detail, "migraties") {
		t.Errorf("detail %q does not mention pending migrations", p.Detail)
	}
	db.Close()
	res, body = do(t, "GET", srv.URL+"/readyz", "")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("GET /readyz with the database closed = %d, want 503", res.StatusCode)
	}
	decodeProblem(t, res, body)
}

func TestErrorsAreProblems(t *testing.T) {
	srv, db := newServer(t)
	admin := adminToken(t, db)
	for _, tt := range []struct {
		name, method, path string
		status             int
		allow              string
	}{
		{"unknown route", "GET", "/api/v1/nope", 404, ""},
		{"trailing slash", "GET", "/api/v1/organisations/", 404, ""},
		{"wrong method", "DELETE", "/api/v1/me", 405, "GET"},
		{"bad page", "GET", "/api/v1/organisations?page=0&pageSize=x", 400, ""},
		{"no token", "GET", "/api/v1/me", 401, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hdr := []string{"Authorization", "Bearer " + admin}
			if tt.name == "no token" {
				hdr = nil
			}
			res, body := do(t, tt.method, srv.URL+tt.path, "", hdr...)
			if res.StatusCode != tt.status {
				t.Fatalf("got %d, want %d", res.StatusCode, tt.status)
			}
			decodeProblem(t, res, body)
			if got := res.Header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
		})
	}
	t.Run("all invalid params at once", func(t *testing.T) {
		res, body := do(t, "GET", srv.URL+"/api/v1/municipalities?page=x&pageSize=y", "", "Authorization", "Bearer "+admin)
		p := decodeProblem(t, res, body)
		if len(p.InvalidParams) != 2 {
			t.Fatalf("invalidParams = %+v, want page and pageSize", p.InvalidParams)
		}
	})
	t.Run("html 404 for pages", func(t *testing.T) {
		res, body := do(t, "GET", srv.URL+"/bestaat-niet", "")
		if res.StatusCode != 404 || !strings.Contains(string(body), "Pagina niet gevonden") {
			t.Fatalf("got %d %q, want a Dutch 404 page", res.StatusCode, body)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	srv, _ := newServer(t)
	for _, path := range []string{"/", "/api/v1/organisations", "/api/v1/nope", "/healthz", "/inloggen/code", "/account/tweestapsverificatie"} {
		res, _ := do(t, "GET", srv.URL+path, "")
		for k, want := range map[string]string{
			"API-Version":            server.APIVersion,
			"X-Content-Type-Options": "nosniff",
			"X-Frame-Options":        "DENY",
			"Cache-Control":          "no-store",
		} {
			if got := res.Header.Get(k); got != want {
				t.Errorf("GET %s: %s = %q, want %q", path, k, got, want)
			}
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: CSP %q lacks frame-ancestors 'none'", path, csp)
		}
		if res.Header.Get("X-Request-ID") == "" {
			t.Errorf("GET %s: no X-Request-ID", path)
		}
	}
	res, _ := do(t, "GET", srv.URL+"/", "")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("HTML CSP %q is not restrictive", csp)
	}
}

func TestStaticAssets(t *testing.T) {
	srv, _ := newServer(t)
	res, body := do(t, "GET", srv.URL+"/static/app.css", "")
	if res.StatusCode != 200 || len(body) == 0 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("GET app.css = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	etag := res.Header.Get("ETag")
	res, _ = do(t, "GET", srv.URL+"/static/app.css", "", "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET = %d, want 304", res.StatusCode)
	}
	res, _ = do(t, "GET", srv.URL+"/static/../go.mod", "")
	if res.StatusCode != 404 {
		t.Errorf("path traversal = %d, want 404", res.StatusCode)
	}
}
