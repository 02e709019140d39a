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
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/problem"
)

// Deps are what the handlers need.
type Deps struct {
	// App runs the use cases; the adapters call nothing else for data.
	App *app.App
	Log *slog.Logger
	// Guard slows down password and token guessing per client address.
	Guard *auth.Limiter
}

type handler struct {
	Deps
}

// Register mounts every API route on g (the /api/v1 group).
func Register(g *gin.RouterGroup, d Deps) {
	h := &handler{Deps: d}
	g.Use(h.idempotent) // every POST may carry an Idempotency-Key
	g.GET("/openapi.json", serveOpenAPI)
	g.POST("/access-tokens", h.limit, h.wrap(h.handleAccessTokenCreate))
	g.GET("/access-tokens", h.allow(domain.PermSignedIn), h.wrap(h.handleAccessTokenIndex))
	g.DELETE("/access-tokens/:id", h.allow(domain.PermSignedIn), h.wrap(h.handleAccessTokenDelete))
	g.GET("/me", h.allow(domain.PermSignedIn), h.wrap(h.handleMe))
	g.GET("/me/audit-events", h.allow(domain.PermSignedIn), h.wrap(h.handleMyAuditEventIndex))
	g.GET("/me/export", h.allow(domain.PermSignedIn), h.wrap(h.handleMyExport))

	g.GET("/municipalities", h.allow(domain.PermReadMunicipalities), h.wrap(h.handleMunicipalityIndex))
	g.POST("/municipalities", h.allow(domain.PermManageOrganisation), h.wrap(h.handleMunicipalityCreate))
	g.GET("/municipalities/:id", h.allow(domain.PermReadMunicipalities), h.wrap(h.handleMunicipalityShow))
	g.PATCH("/municipalities/:id", h.allow(domain.PermManageOrganisation), h.wrap(h.handleMunicipalityUpdate))
	g.GET("/organisations", h.allow(domain.PermReadOrganisation), h.wrap(h.handleOrganisationIndex))
	g.POST("/organisations", h.allow(domain.PermManageOrganisation), h.wrap(h.handleOrganisationCreate))
	g.GET("/organisations/:id", h.allow(domain.PermReadOrganisation), h.wrap(h.handleOrganisationShow))
	g.PATCH("/organisations/:id", h.allow(domain.PermManageOrganisation), h.wrap(h.handleOrganisationUpdate))

	g.GET("/users", h.allow(domain.PermReadUsers), h.wrap(h.handleUserIndex))
	g.POST("/users", h.allow(domain.PermManageUsers), h.wrap(h.handleUserCreate))
	g.GET("/users/:id", h.allow(domain.PermReadUsers), h.wrap(h.handleUserShow))
	g.PATCH("/users/:id", h.allow(domain.PermManageUsers), h.wrap(h.handleUserUpdate))

	g.GET("/regisseurs", h.allow(domain.PermReadRegisseurs), h.wrap(h.handleRegisseurIndex))
	g.POST("/regisseurs", h.allow(domain.PermManageRegisseurs), h.wrap(h.handleRegisseurCreate))
	g.GET("/regisseurs/:id", h.allow(domain.PermReadRegisseurs), h.wrap(h.handleRegisseurShow))

	g.GET("/audit-events", h.allow(domain.PermReadAudit), h.wrap(h.handleAuditEventIndex))
	g.GET("/outbox-messages", h.allow(domain.PermReadOutbox), h.wrap(h.handleOutboxIndex))

	g.GET("/instruments", h.allow(domain.PermReadInstruments), h.wrap(h.handleInstrumentIndex))
	g.GET("/instruments/:id", h.allow(domain.PermReadInstruments), h.wrap(h.handleInstrumentShow))
	g.GET("/regisseurs/:id/self-assessments", h.allow(domain.PermReadDevelopment), h.wrap(h.handleSelfAssessmentIndex))
	g.POST("/regisseurs/:id/self-assessments", h.allow(domain.PermSelfAssess), h.wrap(h.handleSelfAssessmentCreate))
	g.PUT("/self-assessments/:id", h.allow(domain.PermSelfAssess), h.wrap(h.handleSelfAssessmentUpdate))
	g.POST("/self-assessments/:id/submission", h.allow(domain.PermSelfAssess), h.wrap(h.handleSelfAssessmentSubmit))
	g.GET("/regisseurs/:id/feedback-rounds", h.allow(domain.PermManageFeedback), h.wrap(h.handleRoundIndex))
	g.POST("/regisseurs/:id/feedback-rounds", h.allow(domain.PermManageFeedback), h.wrap(h.handleRoundCreate))
	g.GET("/feedback-rounds/:id", h.allow(domain.PermManageFeedback), h.wrap(h.handleRoundShow))
	g.PATCH("/feedback-rounds/:id", h.allow(domain.PermManageFeedback), h.wrap(h.handleRoundUpdate))
	g.POST("/feedback-rounds/:id/raters", h.allow(domain.PermManageFeedback), h.wrap(h.handleRoundAddRaters))
	g.POST("/feedback-rounds/:id/closure", h.allow(domain.PermManageFeedback), h.wrap(h.handleRoundClose))
	g.POST("/regisseurs/:id/feedback-round-proposals", h.allow(domain.PermSelfAssess), h.wrap(h.handleRoundPropose))
	g.POST("/feedback-rounds/:id/approval", h.allow(domain.PermManageFeedback), h.wrap(h.handleRoundApprove))
	g.GET("/feedback-requests", h.allow(domain.PermRate), h.wrap(h.handleFeedbackRequestIndex))
	g.GET("/feedback-requests/:id", h.allow(domain.PermRate), h.wrap(h.handleFeedbackRequestShow))
	g.PUT("/feedback-requests/:id", h.allow(domain.PermRate), h.wrap(h.handleFeedbackRequestUpdate))
	g.POST("/feedback-requests/:id/submission", h.allow(domain.PermRate), h.wrap(h.handleFeedbackRequestSubmit))
	g.GET("/regisseurs/:id/assessment-results", h.allow(domain.PermReadDevelopment), h.wrap(h.handleAssessmentResults))

	g.GET("/pool-rounds", h.allow(domain.PermReadPool), h.wrap(h.handlePoolRoundIndex))
	g.POST("/pool-rounds", h.allow(domain.PermManagePool), h.wrap(h.handlePoolRoundCreate))
	g.GET("/pool-rounds/:id", h.allow(domain.PermReadPool), h.wrap(h.handlePoolRoundShow))
	g.POST("/pool-rounds/:id/nominations", h.allow(domain.PermNominate), h.wrap(h.handleNominationCreate))
	g.GET("/pool-members", h.allow(domain.PermReadPool), h.wrap(h.handlePoolMemberIndex))
	g.GET("/pool-members/:id", h.allow(domain.PermReadPool), h.wrap(h.handlePoolMemberShow))
	g.PATCH("/pool-members/:id", h.allow(domain.PermDecidePool), h.wrap(h.handlePoolMemberUpdate))
	g.POST("/pool-members/:id/transitions", h.allow(domain.PermMoveMember), h.wrap(h.handlePoolMemberTransition))
	g.POST("/pool-members/:id/unavailability", h.allow(domain.PermDecidePool), h.wrap(h.handleUnavailabilityCreate))
	g.GET("/pool-members/:id/pre-selection", h.allow(domain.PermReadPreSelection), h.wrap(h.handlePreSelectionShow))
	g.PUT("/pool-members/:id/pre-selection", h.allow(domain.PermDecidePool), h.wrap(h.handlePreSelectionUpdate))
	g.GET("/pool-members/:id/pre-selection/report", h.allow(domain.PermReadPreSelection), h.wrap(h.handlePreSelectionReport))
	g.PUT("/pool-members/:id/pre-selection/report", h.allow(domain.PermDecidePool), h.wrap(h.handlePreSelectionReportUpload))

	g.GET("/intervisie-themes", h.allow(domain.PermCoach), h.wrap(h.handleThemeIndex))
	g.POST("/intervisie-themes", h.allow(domain.PermCoach), h.wrap(h.handleThemeCreate))
	g.GET("/intervisie-sessions", h.allow(domain.PermReadDevelopment), h.wrap(h.handleIntervisieIndex))
	g.POST("/intervisie-sessions", h.allow(domain.PermCoach), h.wrap(h.handleIntervisieCreate))
	g.GET("/intervisie-sessions/:id", h.allow(domain.PermReadDevelopment), h.wrap(h.handleIntervisieShow))
	g.GET("/regisseurs/:id/attendance", h.allow(domain.PermReadDevelopment), h.wrap(h.handleAttendance))
	g.GET("/regisseurs/:id/reflections", h.allow(domain.PermReadDevelopment), h.wrap(h.handleReflectionIndex))
	g.POST("/regisseurs/:id/reflections", h.allow(domain.PermReflect), h.wrap(h.handleReflectionCreate))
	g.PATCH("/reflections/:id", h.allow(domain.PermReflect), h.wrap(h.handleReflectionUpdate))
	g.POST("/reflections/:id/replies", h.allow(domain.PermCoach), h.wrap(h.handleReplyCreate))
	g.GET("/regisseurs/:id/development-plan", h.allow(domain.PermReadDevelopment), h.wrap(h.handlePlanShow))
	g.POST("/regisseurs/:id/development-plan/goals", h.allow(domain.PermCoach), h.wrap(h.handleGoalCreate))
	g.PATCH("/regisseurs/:id/development-plan/goals/:goalId", h.allow(domain.PermCoach), h.wrap(h.handleGoalUpdate))

	g.GET("/cases", h.allow(domain.PermReadCases), h.wrap(h.handleCaseIndex))
	g.POST("/cases", h.allow(domain.PermDispatch), h.wrap(h.handleCaseCreate))
	g.GET("/cases/:id", h.allow(domain.PermReadCases), h.wrap(h.handleCaseShow))
	g.PATCH("/cases/:id", h.allow(domain.PermReadCases), h.wrap(h.handleCaseUpdate))
	g.GET("/cases/:id/candidates", h.allow(domain.PermDispatch), h.wrap(h.handleCandidateIndex))
	g.POST("/cases/:id/assignments", h.allow(domain.PermDispatch), h.wrap(h.handleAssignmentCreate))
	g.POST("/cases/:id/handovers", h.allow(domain.PermDispatch), h.wrap(h.handleHandoverCreate))
	g.POST("/cases/:id/closure", h.allow(domain.PermDispatch), h.wrap(h.handleCaseClose))
	g.GET("/cases/:id/events", h.allow(domain.PermReadCases), h.wrap(h.handleEventIndex))
	g.POST("/cases/:id/events", h.allow(domain.PermReadCases), h.wrap(h.handleEventCreate))
	g.GET("/cases/:id/questionnaires", h.allow(domain.PermReadCases), h.wrap(h.handleVoiceShow))
	g.POST("/cases/:id/questionnaires", h.allow(domain.PermReadCases), h.wrap(h.handleVoiceIssue))
	g.GET("/offers", h.allow(domain.PermReadCases), h.wrap(h.handleOfferIndex))
	g.POST("/offers/:id/accept", h.allow(domain.PermAnswerOffer), h.wrap(h.handleOfferAccept))
	g.POST("/offers/:id/decline", h.allow(domain.PermAnswerOffer), h.wrap(h.handleOfferDecline))
	g.POST("/assignment-proposals", h.allow(domain.PermDispatch), h.wrap(h.handleProposalCreate))
	g.GET("/dispatch-inbox", h.allow(domain.PermDispatch), h.wrap(h.handleDispatchInbox))

	g.GET("/regisseurs/:id/development-report", h.allow(domain.PermReadDevelopment), h.wrap(h.handleDevelopmentReport))
	g.GET("/reports/pool", h.allow(domain.PermPoolReport), h.wrap(h.handlePoolReport))
	g.GET("/reports/monitoring", h.allow(domain.PermMonitoring), h.wrap(h.handleMonitoringReport))
	g.GET("/reports/monitoring/cases", h.allow(domain.PermMonitoring), h.wrap(h.handleMonitoringCases))
}

// limit refuses a client that guesses too fast with 429 and Retry-After.
func (h *handler) limit(c *gin.Context) {
	if h.Guard == nil {
		return
	}
	if ok, wait := h.Guard.Allow(c.ClientIP()); !ok {
		secs := int(wait.Seconds()) + 1
		h.writeError(c, &domain.Error{Code: domain.ETooManyRequests, Key: "rate_limited", RetryAfter: secs,
			Message: "Te veel verzoeken. Probeer het over " + strconv.Itoa(secs) + " seconden opnieuw."})
		c.Abort()
	}
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
	err = domain.ForRequest(c.Request.Context(), err)
	p := problemOf(err)
	if p.Status >= 500 {
		h.Log.Error("api error", "requestId", c.GetString("requestID"), "route", c.FullPath(), "err", err)
	} else {
		h.Log.Info("api client error", "requestId", c.GetString("requestID"), "route", c.FullPath(), "code", domain.ErrorCode(err))
	}
	if e, ok := domain.AsError(err); ok && e.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	writeProblem(c, p)
}

// problemOf builds the problem for err; a throttled request also tells the
// client when to come back.
func problemOf(err error) problem.Details {
	return problem.FromError(err)
}

func writeProblem(c *gin.Context, p problem.Details) {
	c.Header("Content-Type", problem.ContentType)
	c.AbortWithStatusJSON(p.Status, p)
}

// idAndBody reads the numeric :id of the path and then the JSON body into
// v (see bindJSON): the prologue of every write on one record.
func idAndBody(c *gin.Context, v any) (int64, error) {
	id, err := idParam(c)
	if err != nil {
		return 0, err
	}
	return id, bindJSON(c, v)
}

// idAndPage reads the numeric :id of the path and ?page= and ?pageSize=:
// the prologue of every list under one record.
func idAndPage(c *gin.Context) (int64, domain.Page, error) {
	id, err := idParam(c)
	if err != nil {
		return 0, domain.Page{}, err
	}
	p, err := pageOf(c)
	return id, p, err
}

// mapAll converts every item of a list into its response shape.
func mapAll[T, R any](items []T, f func(T) R) []R {
	out := make([]R, len(items))
	for i, it := range items {
		out[i] = f(it)
	}
	return out
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
	// One object and nothing after it: a second value would be ignored
	// silently otherwise.
	if _, err := dec.Token(); err != io.EOF {
		return malformedJSON()
	}
	return validateStruct(v)
}

func malformedJSON() error {
	return &domain.Error{Code: domain.EInvalid, Key: "malformed_json", Message: "De body is geen geldige JSON."}
}

// jsonError explains a decoding error without echoing values: a value of
// the wrong type or a field the request does not know is named in
// invalidParams.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return domain.Invalid(domain.FieldError{Name: typeErr.Field, Code: "type", Reason: fmt.Sprintf("Verwacht een waarde van het type %s.", jsonKind(typeErr.Type.Kind().String()))})
	}
	// encoding/json has no error type for an unknown field, only this text.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if n, uerr := strconv.Unquote(name); uerr == nil {
			name = n
		}
		if len(name) > 100 { // the client's own text, so keep the echo short
			name = strings.ToValidUTF8(name[:100], "")
		}
		return domain.Invalid(domain.FieldError{Name: name, Code: "unknown", Reason: "Dit veld bestaat niet in dit verzoek."})
	}
	return malformedJSON()
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

// idQueries reads optional positive-integer query parameters into dst,
// appending a field error for each malformed one.
func idQueries(c *gin.Context, fe []domain.FieldError, dst map[string]**int64) []domain.FieldError {
	for key, d := range dst {
		v, ok := c.GetQuery(key)
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			fe = append(fe, domain.FieldError{Name: key, Code: "type", Reason: "Moet een positief geheel getal zijn."})
			continue
		}
		*d = &n
	}
	return fe
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
