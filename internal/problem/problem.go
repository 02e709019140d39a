// Package problem turns errors into RFC 9457 problem details
// (application/problem+json): one map from domain error code to HTTP status.
package problem

import (
	"net/http"

	"regiepool/internal/domain"
)

// ContentType is the media type of a problem body.
const ContentType = "application/problem+json"

// Details is the problem+json body. InvalidParams lists every field error of
// bad input, as the Dutch API Design Rules and the ZGW APIs do.
type Details struct {
	Type          string              `json:"type"`
	Title         string              `json:"title"`
	Status        int                 `json:"status"`
	Detail        string              `json:"detail"`
	Instance      string              `json:"instance,omitempty"`
	Code          string              `json:"code,omitempty"`
	InvalidParams []domain.FieldError `json:"invalidParams,omitempty"`
	// Exclusions name why the ranking excludes a candidate (code and Dutch
	// text), on an assignment refused without an override reason.
	Exclusions []domain.Exclusion `json:"exclusions,omitempty"`
}

var statusOf = map[string]int{
	domain.EInvalid:          http.StatusBadRequest,
	domain.ENotFound:         http.StatusNotFound,
	domain.EConflict:         http.StatusConflict,
	domain.EForbidden:        http.StatusForbidden,
	domain.EUnauthenticated:  http.StatusUnauthorized,
	domain.ETooManyRequests:  http.StatusTooManyRequests,
	domain.EUnsupportedMedia: http.StatusUnsupportedMediaType,
	domain.EGone:             http.StatusGone,
	domain.ENotAcceptable:    http.StatusNotAcceptable,
	domain.EInternal:         http.StatusInternalServerError,
	domain.EUnavailable:      http.StatusServiceUnavailable,
	domain.EUnprocessable:    http.StatusUnprocessableEntity,
	// nginx's "client closed request": logged, never seen by the client.
	domain.ECanceled: 499,
}

// Status returns the HTTP status for a domain error code.
func Status(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// FromError builds the problem for err. Only *domain.Error messages reach the
// client; anything else becomes a generic 500 so internal text never leaks.
func FromError(err error) Details {
	e, ok := domain.AsError(err)
	if !ok || e.Code == domain.EInternal {
		return New(http.StatusInternalServerError, "Er ging iets mis aan onze kant. Probeer het later opnieuw.")
	}
	d := New(Status(e.Code), e.Message)
	d.Code = e.Key
	d.InvalidParams = e.Fields
	d.Exclusions = e.Exclusions
	return d
}

// New builds a problem with the standard title for status.
func New(status int, detail string) Details {
	return Details{
		Type:   "about:blank",
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
	}
}
