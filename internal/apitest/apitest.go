package apitest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
)

// NewServer starts h on a test server that holds every /api/v1 response to
// the OpenAPI document (see Handler), and closes it when the test ends.
// API tests start their servers with it rather than with httptest.NewServer.
func NewServer(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(Handler(t, h))
	t.Cleanup(srv.Close)
	return srv
}

// Handler wraps h so that every response to a request under /api/v1 is
// validated against the OpenAPI document; a response that differs from it
// fails t with the method, path, status and the validator's message.
// Requests for operations the document does not describe (unknown routes,
// wrong methods) are let through and counted apart.
func Handler(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	return handler(t, h, nil)
}

// NewServerCoverage is NewServer that also tells which operations the server
// answered with success, for a test that means to reach every operation.
func NewServerCoverage(t testing.TB, h http.Handler) (*httptest.Server, *Coverage) {
	t.Helper()
	cov := &Coverage{ok: map[string]int{}}
	srv := httptest.NewServer(handler(t, h, cov))
	t.Cleanup(srv.Close)
	return srv, cov
}

// Coverage counts the responses a server validated, and its valid success
// responses per operation.
type Coverage struct {
	mu        sync.Mutex
	validated int
	ok        map[string]int // "GET /cases/{id}" → 2xx responses
}

// Validated is the number of responses checked against the document.
func (c *Coverage) Validated() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.validated
}

// Missing lists the documented operations that have not yet answered with
// success.
func (c *Coverage) Missing() []string {
	v, _ := Load()
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, op := range v.Operations() {
		if c.ok[op] == 0 {
			out = append(out, op)
		}
	}
	return out
}

func handler(t testing.TB, h http.Handler, cov *Coverage) http.Handler {
	v, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return validating{inner: h, HandlerFunc: func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, v.server.Path+"/") {
			h.ServeHTTP(w, r)
			return
		}
		body := &teeBody{ReadCloser: r.Body}
		r.Body = body
		rec := &recorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if rec.status == statusClientClosed || rec.status == 0 && r.Context().Err() != nil {
			return // the client went away: no one reads this answer
		}
		ex := Exchange{Request: r, RequestBody: body.kept.Bytes(), SkipRequest: body.over, Status: rec.statusCode(), Header: w.Header().Clone(), Body: rec.body.Bytes()}
		op, err := v.Check(r.Context(), ex)
		record(op, ex.Status, err)
		if cov != nil && !errors.Is(err, ErrUndocumented) {
			cov.mu.Lock()
			cov.validated++
			if err == nil && ex.Status < 300 {
				cov.ok[op]++
			}
			cov.mu.Unlock()
		}
		if err != nil && !errors.Is(err, ErrUndocumented) {
			t.Errorf("openapi: %s %s answered %d, which the document does not describe: %v\nbody: %s",
				r.Method, r.URL.RequestURI(), ex.Status, err, clip(ex.Body))
		}
	}}
}

// validating is a handler that checks what inner answers; Unwrap gives
// inner back (server.Routes lists the routes through it).
type validating struct {
	inner http.Handler
	http.HandlerFunc
}

// Unwrap returns the handler being validated.
func (v validating) Unwrap() http.Handler { return v.inner }

// statusClientClosed is what the API logs for a client that went away
// before its answer was ready; it never reaches a client.
const statusClientClosed = 499

// maxKept bounds the copy of a request body kept for validation; tests of
// the body limits send far more.
const maxKept = 8 << 20

// teeBody keeps a copy of what the handler reads of the request body, so
// the handler still decides how much to read.
type teeBody struct {
	io.ReadCloser
	kept bytes.Buffer
	over bool
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if b.kept.Len()+n > maxKept {
		b.over = true
	} else {
		b.kept.Write(p[:n])
	}
	return n, err
}

// recorder passes the response through and keeps a copy of it.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) statusCode() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

func clip(b []byte) string {
	const max = 500
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

var stats struct {
	sync.Mutex
	validated, failed, undocumented int
	byClass                         map[string]int // "2xx" → count
	byOp                            map[string]int // "GET /cases/{id}" → count
	succeeded                       map[string]bool
}

func record(op string, status int, err error) {
	stats.Lock()
	defer stats.Unlock()
	if errors.Is(err, ErrUndocumented) {
		stats.undocumented++
		return
	}
	if stats.byOp == nil {
		stats.byOp, stats.byClass, stats.succeeded = map[string]int{}, map[string]int{}, map[string]bool{}
	}
	stats.validated++
	if err != nil {
		stats.failed++
	}
	stats.byOp[op]++
	if status < 300 {
		stats.succeeded[op] = true
	}
	stats.byClass[fmt.Sprintf("%dxx", status/100)]++
}

// Summary says how many responses this test binary validated, of which
// operations, and which documented operations no test exercised.
func Summary() string {
	v, err := Load()
	if err != nil {
		return "apitest: " + err.Error()
	}
	stats.Lock()
	defer stats.Unlock()
	var classes []string
	for c, n := range stats.byClass {
		classes = append(classes, fmt.Sprintf("%s %d", c, n))
	}
	sort.Strings(classes)
	all := v.Operations()
	var unseen, failing []string
	for _, op := range all {
		if stats.byOp[op] == 0 {
			unseen = append(unseen, op)
		} else if !stats.succeeded[op] {
			failing = append(failing, op)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "apitest: validated %d API responses against the OpenAPI document (%s), %d failed; %d of %d operations exercised; %d requests outside the document\n",
		stats.validated, strings.Join(classes, ", "), stats.failed, len(all)-len(unseen), len(all), stats.undocumented)
	if len(unseen) > 0 {
		fmt.Fprintf(&b, "apitest: operations no test exercised: %s\n", strings.Join(unseen, ", "))
	}
	if len(failing) > 0 {
		fmt.Fprintf(&b, "apitest: operations seen only failing (no 2xx): %s\n", strings.Join(failing, ", "))
	}
	return b.String()
}

// Main runs the tests of m and then prints Summary when any response was
// validated; wrap m with it in TestMain: pgtest.Main(apitest.Main(m)).
func Main(m interface{ Run() int }) interface{ Run() int } { return summarizing{m} }

type summarizing struct{ m interface{ Run() int } }

func (s summarizing) Run() int {
	code := s.m.Run()
	stats.Lock()
	n := stats.validated
	stats.Unlock()
	if n > 0 {
		fmt.Print(Summary())
	}
	return code
}
