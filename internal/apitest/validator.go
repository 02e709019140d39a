// Package apitest holds the API to its OpenAPI document in tests. NewServer
// starts the real handler behind a wrapper that checks every /api/v1
// response passing through it (status, content type, headers and body,
// success and problem alike) against internal/api/openapi.yaml with
// kin-openapi, and fails the test that started the server on any drift.
// Like pgtest, it is for tests only.
package apitest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"regiepool/internal/api"
)

// Validator checks exchanges against the OpenAPI document as served at
// /api/v1/openapi.json.
type Validator struct {
	doc     *openapi3.T
	router  routers.Router
	server  *url.URL        // the document's server; its path is the API's base
	headers map[string]bool // the response headers the document names anywhere
}

// everywhere are headers sent on every response, documented on successes.
var everywhere = map[string]bool{"Api-Version": true}

var (
	loadOnce sync.Once
	loaded   *Validator
	errLoad  error
)

// csvAsText decodes a text/csv body as the text it is: the document
// describes CSV as a string, and kin-openapi's own decoder reads it as
// comma-separated records of equal length, which the Dutch monitoring CSV
// (";" and a decimal comma) is not.
func csvAsText(body io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	b, err := io.ReadAll(body)
	return string(b), err
}

func init() { openapi3filter.RegisterBodyDecoder("text/csv", csvAsText) }

// Load parses and validates the document once per test binary.
func Load() (*Validator, error) {
	loadOnce.Do(func() { loaded, errLoad = newValidator(api.OpenAPIJSON) })
	return loaded, errLoad
}

func newValidator(doc []byte) (*Validator, error) {
	d, err := openapi3.NewLoader().LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("load openapi document: %w", err)
	}
	if err := d.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi document is invalid: %w", err)
	}
	if len(d.Servers) != 1 {
		return nil, fmt.Errorf("openapi document has %d servers, want 1", len(d.Servers))
	}
	server, err := url.Parse(d.Servers[0].URL)
	if err != nil {
		return nil, fmt.Errorf("openapi server url: %w", err)
	}
	closeObjects(d)
	r, err := legacy.NewRouter(d)
	if err != nil {
		return nil, fmt.Errorf("openapi router: %w", err)
	}
	return &Validator{doc: d, router: r, server: server, headers: documentedHeaders(d)}, nil
}

// Operations lists the documented operations as "GET /cases/{id}", sorted.
func (v *Validator) Operations() []string {
	var ops []string
	for path, item := range v.doc.Paths.Map() {
		for method := range item.Operations() {
			ops = append(ops, method+" "+path)
		}
	}
	sort.Strings(ops)
	return ops
}

// Produces lists the media types of op's success responses, so a test can
// ask for each format an operation offers.
func (v *Validator) Produces(op string) []string {
	method, path, _ := strings.Cut(op, " ")
	item := v.doc.Paths.Value(path)
	if item == nil || item.GetOperation(method) == nil {
		return nil
	}
	var types []string
	for status, r := range item.GetOperation(method).Responses.Map() {
		if !strings.HasPrefix(status, "2") || r.Value == nil {
			continue
		}
		for mt := range r.Value.Content {
			types = append(types, mt)
		}
	}
	sort.Strings(types)
	return types
}

// Exchange is one request and the response the handler gave it.
type Exchange struct {
	Request     *http.Request
	RequestBody []byte // as far as the handler read it
	SkipRequest bool   // RequestBody is incomplete
	Status      int
	Header      http.Header
	Body        []byte
}

// ErrUndocumented means the document describes no operation for the
// request's method and path: TestOpenAPICoversRoutes holds the routes to the
// document, so these are requests for routes that do not exist.
var ErrUndocumented = errors.New("no documented operation")

// Check validates one exchange and returns the operation it matched
// ("GET /cases/{id}"). It returns ErrUndocumented for a request outside the
// document, and otherwise every way the response differs from it.
func (v *Validator) Check(ctx context.Context, ex Exchange) (string, error) {
	route, params, err := v.findRoute(ex.Request)
	if err != nil {
		return "", err
	}
	op := route.Method + " " + route.Path
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    ex.Request,
			PathParams: params,
			Route:      route,
		},
		Status: ex.Status,
		Header: ex.Header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	in.SetBodyBytes(ex.Body)
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		return op, err
	}
	if err := v.checkBody(route, ex); err != nil {
		return op, err
	}
	if ex.Status < 300 && !ex.SkipRequest {
		return op, v.checkRequest(ctx, route, params, ex)
	}
	return op, nil
}

// checkRequest holds a request the API accepted to the document: a client
// generated from the document must be able to send it.
func (v *Validator) checkRequest(ctx context.Context, route *routers.Route, params map[string]string, ex Exchange) error {
	r := ex.Request.Clone(ctx)
	r.Body = io.NopCloser(bytes.NewReader(ex.RequestBody))
	err := openapi3filter.ValidateRequest(ctx, &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			MultiError:         true,
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		},
	})
	if err != nil {
		return fmt.Errorf("the API accepted a request the document does not allow: %w", err)
	}
	return nil
}

// findRoute matches the request's path under the document's server, so the
// test server's address does not matter but the /api/v1 base does.
func (v *Validator) findRoute(r *http.Request) (*routers.Route, map[string]string, error) {
	// No documented path ends in a slash; the router would ignore it.
	if !strings.HasPrefix(r.URL.Path, v.server.Path+"/") || strings.HasSuffix(r.URL.Path, "/") {
		return nil, nil, ErrUndocumented
	}
	u := *r.URL
	u.Scheme, u.Host = v.server.Scheme, v.server.Host
	rc := r.Clone(r.Context())
	rc.URL = &u
	route, params, err := v.router.FindRoute(rc)
	var re *routers.RouteError
	if errors.As(err, &re) {
		return nil, nil, ErrUndocumented
	}
	return route, params, err
}

// checkBody covers what kin-openapi leaves alone: a body where the document
// describes none, a missing Content-Type where it describes one, and a
// header the document knows (Location, Retry-After…) sent on a response
// that does not mention it.
func (v *Validator) checkBody(route *routers.Route, ex Exchange) error {
	ref := route.Operation.Responses.Status(ex.Status)
	if ref == nil {
		ref = route.Operation.Responses.Default()
	}
	if ref == nil || ref.Value == nil || ex.Request.Method == http.MethodHead {
		return nil
	}
	for name := range ex.Header {
		if v.headers[name] && !everywhere[name] && !hasHeader(ref.Value.Headers, name) {
			return fmt.Errorf("response %d sends header %s, which the document does not describe for it", ex.Status, name)
		}
	}
	content := ref.Value.Content
	if len(content) == 0 {
		if len(ex.Body) > 0 {
			return fmt.Errorf("response %d documents no body, got %d bytes of %q", ex.Status, len(ex.Body), ex.Header.Get("Content-Type"))
		}
		return nil
	}
	ct := ex.Header.Get("Content-Type")
	if _, _, err := mime.ParseMediaType(ct); err != nil {
		return fmt.Errorf("response %d has Content-Type %q: %w", ex.Status, ct, err)
	}
	if len(ex.Body) == 0 {
		return fmt.Errorf("response %d documents a %s body, got an empty one", ex.Status, ct)
	}
	return nil
}

// documentedHeaders lists the response headers the document names, in
// canonical form.
func documentedHeaders(d *openapi3.T) map[string]bool {
	names := map[string]bool{}
	for name := range d.Components.Headers {
		names[http.CanonicalHeaderKey(name)] = true
	}
	add := func(r *openapi3.ResponseRef) {
		if r != nil && r.Value != nil {
			for name := range r.Value.Headers {
				names[http.CanonicalHeaderKey(name)] = true
			}
		}
	}
	for _, r := range d.Components.Responses {
		add(r)
	}
	for _, item := range d.Paths.Map() {
		for _, op := range item.Operations() {
			for _, r := range op.Responses.Map() {
				add(r)
			}
		}
	}
	return names
}

func hasHeader(h openapi3.Headers, name string) bool {
	for k := range h {
		if http.CanonicalHeaderKey(k) == name {
			return true
		}
	}
	return false
}

// closeObjects treats every object schema that lists properties as closed
// (additionalProperties: false) unless it says otherwise: a field the API
// returns but the document does not name is drift too, since clients
// generated from the document never see it. Members of an allOf stay open,
// because each names only part of the combined object.
func closeObjects(d *openapi3.T) {
	var refs []*openapi3.SchemaRef
	for _, s := range d.Components.Schemas {
		refs = append(refs, s)
	}
	for _, r := range d.Components.Responses {
		refs = append(refs, contentSchemas(r.Value.Content)...)
	}
	for _, item := range d.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				refs = append(refs, contentSchemas(op.RequestBody.Value.Content)...)
			}
			for _, r := range op.Responses.Map() {
				if r.Value != nil {
					refs = append(refs, contentSchemas(r.Value.Content)...)
				}
			}
		}
	}
	all := map[*openapi3.Schema]bool{}
	parts := map[*openapi3.Schema]bool{}
	var walk func(r *openapi3.SchemaRef)
	walk = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil || all[r.Value] {
			return
		}
		s := r.Value
		all[s] = true
		for _, p := range s.AllOf {
			if p.Value != nil {
				parts[p.Value] = true
			}
			walk(p)
		}
		for _, p := range append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...) {
			walk(p)
		}
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.Not)
		walk(s.AdditionalProperties.Schema)
	}
	for _, r := range refs {
		walk(r)
	}
	closed := false
	for s := range all {
		if parts[s] || len(s.Properties) == 0 {
			continue
		}
		if s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			s.AdditionalProperties.Has = &closed
		}
	}
}

func contentSchemas(c openapi3.Content) []*openapi3.SchemaRef {
	var refs []*openapi3.SchemaRef
	for _, mt := range c {
		if mt != nil && mt.Schema != nil {
			refs = append(refs, mt.Schema)
		}
	}
	return refs
}
