package apitest

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

const municipality = `{"id":1,"code":"GM0080","name":"Leeuwarden","region":"Friesland","createdAt":"2026-01-02T03:04:05Z"}`

// TestCheck: the validator passes what the document describes and names
// every kind of drift it must catch.
func TestCheck(t *testing.T) {
	v, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, method, path string
		status             int
		contentType, body  string
		wantOp, wantErr    string // wantErr "" means valid
	}{
		{"document", "GET", "/api/v1/openapi.json", 200, "application/json", `{}`, "GET /openapi.json", ""},
		{"record", "GET", "/api/v1/municipalities/1", 200, "application/json; charset=utf-8", municipality, "GET /municipalities/{id}", ""},
		{"page", "GET", "/api/v1/municipalities?page=1", 200, "application/json", `{"count":1,"next":null,"previous":null,"results":[` + municipality + `]}`, "GET /municipalities", ""},
		{"problem", "GET", "/api/v1/municipalities/9", 404, "application/problem+json", `{"type":"about:blank","title":"Not Found","status":404,"detail":"Bestaat niet."}`, "GET /municipalities/{id}", ""},
		{"no content", "DELETE", "/api/v1/access-tokens/3", 204, "", ``, "DELETE /access-tokens/{id}", ""},

		{"undocumented status", "GET", "/api/v1/municipalities/1", 418, "application/problem+json", `{"title":"Teapot","status":418,"detail":"x"}`, "GET /municipalities/{id}", "status is not supported"},
		{"wrong content type", "GET", "/api/v1/municipalities/9", 404, "text/plain", `Not Found`, "GET /municipalities/{id}", "Content-Type"},
		{"problem without title", "GET", "/api/v1/municipalities/9", 404, "application/problem+json", `{"status":404,"detail":"x"}`, "GET /municipalities/{id}", `property "title" is missing`},
		{"field missing", "GET", "/api/v1/municipalities/1", 200, "application/json", `{"id":1,"code":"GM0080","name":"L","createdAt":"2026-01-02T03:04:05Z"}`, "GET /municipalities/{id}", `property "region" is missing`},
		{"field not documented", "GET", "/api/v1/municipalities/1", 200, "application/json", strings.Replace(municipality, `{`, `{"secret":1,`, 1), "GET /municipalities/{id}", `"secret"`},
		{"field not documented in a page", "GET", "/api/v1/municipalities", 200, "application/json", `{"count":1,"next":null,"previous":null,"results":[` + strings.Replace(municipality, `{`, `{"secret":1,`, 1) + `]}`, "GET /municipalities", `"secret"`},
		{"wrong type", "GET", "/api/v1/municipalities/1", 200, "application/json", strings.Replace(municipality, `"id":1`, `"id":"1"`, 1), "GET /municipalities/{id}", "integer"},
		{"body where none is documented", "DELETE", "/api/v1/access-tokens/3", 204, "application/json", `{}`, "DELETE /access-tokens/{id}", "documents no body"},
		{"empty body", "GET", "/api/v1/municipalities/1", 200, "application/json", ``, "GET /municipalities/{id}", "body"},
		{"no API-Version", "GET", "/api/v1/municipalities/1", 200, "application/json", municipality, "GET /municipalities/{id}", `"API-Version" missing`},
		{"no Location", "POST", "/api/v1/municipalities", 201, "application/json", municipality, "POST /municipalities", `"Location" missing`},
		{"Location not documented", "PATCH", "/api/v1/municipalities/1", 200, "application/json", municipality, "PATCH /municipalities/{id}", "header Location"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.name != "no API-Version" {
				h.Set("API-Version", "1.0.0")
			}
			if strings.HasPrefix(tt.name, "Location") {
				h.Set("Location", "/api/v1/municipalities/1")
			}
			if tt.contentType != "" {
				h.Set("Content-Type", tt.contentType)
			}
			ex := Exchange{Request: httptest.NewRequest(tt.method, tt.path, nil), Status: tt.status, Header: h, Body: []byte(tt.body)}
			op, err := v.Check(t.Context(), ex)
			if op != tt.wantOp {
				t.Errorf("operation = %q, want %q", op, tt.wantOp)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("got %v, want an error mentioning %q", err, tt.wantErr)
			}
		})
	}
	for _, path := range []string{"/api/v1/nope", "/healthz"} {
		_, err := v.Check(t.Context(), Exchange{Request: httptest.NewRequest("GET", path, nil), Status: 404})
		if !errors.Is(err, ErrUndocumented) {
			t.Errorf("GET %s: got %v, want ErrUndocumented", path, err)
		}
	}
}

// recordingT stands in for the test that started the server.
type recordingT struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordingT) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestHandler: a response that drifts from the document fails the test that
// started the server, naming method, path and status; pages pass untouched.
func TestHandler(t *testing.T) {
	rt := &recordingT{TB: t}
	srv := NewServer(rt, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusTeapot)
		fmt.Fprint(w, `{"title":"Teapot","status":418,"detail":"x"}`)
	}))
	for _, path := range []string{"/api/v1/municipalities/7", "/beheer", "/api/v1/nope"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusTeapot {
			t.Errorf("GET %s = %d, want the handler's 418", path, res.StatusCode)
		}
	}
	if len(rt.errors) != 1 {
		t.Fatalf("errors = %q, want one, for the API operation", rt.errors)
	}
	if want := "GET /api/v1/municipalities/7 answered 418"; !strings.Contains(rt.errors[0], want) {
		t.Errorf("error %q does not say %q", rt.errors[0], want)
	}
}
