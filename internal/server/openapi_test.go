package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"regiepool/internal/api"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// TestOpenAPICoversRoutes fails when a route under /api/v1 is missing from
// the OpenAPI document, or the document describes a route that does not exist.
func TestOpenAPICoversRoutes(t *testing.T) {
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		OpenAPI string                            `json:"openapi"`
		Paths   map[string]map[string]interface{} `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPIJSON, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	param := regexp.MustCompile(`:([A-Za-z]+)`)
	registered := map[string]bool{}
	for _, r := range server.Routes(h) {
		if !strings.HasPrefix(r.Path, "/api/v1/") {
			continue
		}
		key := r.Method + " " + param.ReplaceAllString(strings.TrimPrefix(r.Path, "/api/v1"), "{$1}")
		registered[key] = true
	}
	var missing, stale []string
	for k := range registered {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !registered[k] {
			stale = append(stale, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	if len(missing) > 0 {
		t.Errorf("routes missing from openapi.yaml: %v", missing)
	}
	if len(stale) > 0 {
		t.Errorf("openapi.yaml describes routes that do not exist: %v", stale)
	}
	if len(registered) == 0 {
		t.Fatal("no API routes registered")
	}
}

func TestOpenAPIServed(t *testing.T) {
	srv, _ := newServer(t)
	res, body := do(t, "GET", srv.URL+"/api/v1/openapi.json", "")
	if res.StatusCode != http.StatusOK || res.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("GET openapi.json = %d, CORS %q", res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
	}
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	info, _ := doc["info"].(map[string]any)
	contact, _ := info["contact"].(map[string]any)
	for _, k := range []string{"name", "url", "email"} {
		if contact[k] == nil {
			t.Errorf("info.contact.%s missing", k)
		}
	}
}

// TestOpenAPIDocumentsInvalidInput: every operation that takes input
// (POST, PUT, PATCH) documents its 400, as the Dutch API Design Rules'
// linter (nlgov:problem-invalid-input) demands.
func TestOpenAPIDocumentsInvalidInput(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPIJSON, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, ops := range doc.Paths {
		for method, raw := range ops {
			if method != "post" && method != "put" && method != "patch" {
				continue
			}
			n++
			var op struct {
				Responses map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			if _, ok := op.Responses["400"]; !ok {
				t.Errorf("%s %s documents no 400 response", strings.ToUpper(method), path)
			}
		}
	}
	if n == 0 {
		t.Fatal("no write operations found")
	}
}
