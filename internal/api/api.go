// Package api is the JSON API under /api/v1, following the Dutch API Design
// Rules: problem+json errors, camelCase fields, paginated lists.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
	"regiepool/internal/problem"
)

// Deps are what the handlers need.
type Deps struct {
	DB  *postgres.DB
	Log *slog.Logger
}

type handler struct {
	Deps
}

// Register mounts every API route on g (the /api/v1 group).
func Register(g *gin.RouterGroup, d Deps) {
	h := &handler{Deps: d}
	g.GET("/openapi.json", serveOpenAPI)
	g.GET("/municipalities", h.wrap(h.handleMunicipalityIndex))
	g.GET("/organisations", h.wrap(h.handleOrganisationIndex))
}

// wrap adapts a handler that returns an error: the error becomes problem+json,
// 5xx are logged with their cause and 4xx at info.
func (h *handler) wrap(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			h.writeError(c, err)
		}
	}
}

func (h *handler) writeError(c *gin.Context, err error) {
	p := problem.FromError(err)
	if p.Status >= 500 {
		h.Log.Error("api error", "requestId", c.GetString("requestID"), "route", c.FullPath(), "err", err)
	} else {
		h.Log.Info("api client error", "requestId", c.GetString("requestID"), "route", c.FullPath(), "code", domain.ErrorCode(err))
	}
	writeProblem(c, p)
}

func writeProblem(c *gin.Context, p problem.Details) {
	c.Header("Content-Type", problem.ContentType)
	c.AbortWithStatusJSON(p.Status, p)
}

// bindJSON decodes the JSON body into v, refusing unknown fields, and then
// validates it with the binding tags. Every field error is reported at once.
func bindJSON(c *gin.Context, v any) error {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt != "application/json" {
		return domain.Errorf(domain.EUnsupportedMedia, "unsupported_media_type", "Stuur de gegevens als application/json.")
	}
	dec := json.NewDecoder(io.LimitReader(c.Request.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	return validateStruct(v)
}

// jsonError explains a decoding error without echoing the input.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return domain.Invalid(domain.FieldError{Name: typeErr.Field, Code: "type", Reason: fmt.Sprintf("Verwacht een waarde van het type %s.", jsonKind(typeErr.Type.Kind().String()))})
	}
	return &domain.Error{Code: domain.EInvalid, Key: "malformed_json", Message: "De body is geen geldige JSON."}
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "tekst"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "lijst"
	case "struct", "map":
		return "object"
	default:
		return "getal"
	}
}

// pageOf reads ?page= and ?pageSize=, reporting both problems at once.
func pageOf(c *gin.Context) (domain.Page, error) {
	p := domain.Page{Page: 1, PageSize: domain.DefaultPageSize}
	var fe []domain.FieldError
	for _, f := range []struct {
		key string
		dst *int
	}{{"page", &p.Page}, {"pageSize", &p.PageSize}} {
		v, ok := c.GetQuery(f.key)
		if !ok {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			fe = append(fe, domain.FieldError{Name: f.key, Code: "type", Reason: "Moet een geheel getal zijn."})
			continue
		}
		*f.dst = n
	}
	if fe != nil {
		return p, domain.Invalid(fe...)
	}
	return p, p.Validate()
}

// pageResponse is the one list shape of the API: {count, next, previous, results}.
type pageResponse[T any] struct {
	Count    int     `json:"count"`
	Next     *string `json:"next"`
	Previous *string `json:"previous"`
	Results  []T     `json:"results"`
}

// newPage builds the list response with absolute-path links to the
// neighbouring pages, keeping the other query parameters.
func newPage[T any](c *gin.Context, p domain.Page, total int, results []T) pageResponse[T] {
	if results == nil {
		results = []T{}
	}
	link := func(n int) *string {
		q := url.Values{}
		for k, v := range c.Request.URL.Query() {
			q[k] = v
		}
		q.Set("page", strconv.Itoa(n))
		q.Set("pageSize", strconv.Itoa(p.PageSize))
		s := c.Request.URL.Path + "?" + q.Encode()
		return &s
	}
	r := pageResponse[T]{Count: total, Results: results}
	if p.Offset()+len(results) < total {
		r.Next = link(p.Page + 1)
	}
	if p.Page > 1 {
		r.Previous = link(min(p.Page-1, max(1, (total+p.PageSize-1)/p.PageSize)))
	}
	return r
}
