// Package domain holds Regiepool's types, their rules and the error codes the
// rest of the program speaks. It imports the standard library only.
package domain

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
)

// Error codes; internal/problem maps each to one HTTP status.
const (
	EInvalid          = "invalid"
	ENotFound         = "not_found"
	EConflict         = "conflict"
	EForbidden        = "forbidden"
	EUnauthenticated  = "unauthenticated"
	ETooManyRequests  = "too_many_requests"
	EUnsupportedMedia = "unsupported_media_type"
	EGone             = "gone"
	ENotAcceptable    = "not_acceptable"
	EInternal         = "internal"
	// EUnavailable: the database did not answer in time (hung, overloaded,
	// restarting); the client may retry.
	EUnavailable = "unavailable"
	// ECanceled: the client went away before the answer was ready.
	ECanceled = "canceled"
	// EUnprocessable: the request is well-formed but cannot be processed as
	// sent (an idempotency key sent before with another request).
	EUnprocessable = "unprocessable"
)

// FieldError names one invalid input field and why, in Dutch for the UI and
// API alike (the API's reason strings are read by people too).
type FieldError struct {
	Name   string `json:"name"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// Error is an error the user may see: Code picks the status, Key is stable for
// programs and translations, Message is a readable Dutch sentence.
type Error struct {
	Code    string
	Key     string
	Message string
	Fields  []FieldError
	// RetryAfter tells a throttled client how many seconds to wait.
	RetryAfter int
	// Exclusions name why a ranking excludes a candidate, on a refused
	// assignment (CheckOverride).
	Exclusions []Exclusion
}

func (e *Error) Error() string {
	if e.Key != "" {
		return fmt.Sprintf("%s (%s): %s", e.Code, e.Key, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf builds an *Error with a formatted message.
func Errorf(code, key, format string, args ...any) *Error {
	return &Error{Code: code, Key: key, Message: fmt.Sprintf(format, args...)}
}

// Invalid builds an EInvalid error listing every field error at once.
func Invalid(fields ...FieldError) *Error {
	return &Error{Code: EInvalid, Key: "invalid_input", Message: "De invoer bevat fouten.", Fields: fields}
}

// ErrorCode returns the code of the *Error in err's chain (see AsError), or
// EInternal.
func ErrorCode(err error) string {
	if e, ok := AsError(err); ok {
		return e.Code
	}
	return EInternal
}

// AsError returns the *Error in err's chain, if any. A timeout or lost
// database connection counts as EUnavailable and a client that went away as
// ECanceled, wherever they happened, so every adapter answers them alike.
func AsError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	switch {
	case errors.Is(err, context.Canceled):
		return &Error{Code: ECanceled, Key: "canceled", Message: "De aanvraag is afgebroken."}, true
	case isUnavailable(err):
		return &Error{Code: EUnavailable, Key: "unavailable",
			Message: "De database is tijdelijk niet bereikbaar. Probeer het over enkele ogenblikken opnieuw.", RetryAfter: 5}, true
	}
	return nil, false
}

// ForRequest returns err as the adapters should answer it for a request
// whose context is ctx: when the client went away (ctx canceled), err also
// wraps context.Canceled, because the driver reports the cancel it sends as a
// canceled statement (57014), which would otherwise read as an unavailable
// database.
func ForRequest(ctx context.Context, err error) error {
	if err != nil && errors.Is(ctx.Err(), context.Canceled) && !errors.Is(err, context.Canceled) {
		var e *Error
		if errors.As(err, &e) {
			return err // a refusal decided before the client left stands
		}
		return fmt.Errorf("%w (client went away: %w)", err, context.Canceled)
	}
	return err
}

// isUnavailable reports whether err says the database did not answer in
// time or the connection broke: a deadline or network timeout, a canceled or timed-out
// statement (SQLSTATE 57014), a lock timeout (55P03), a server shutting down
// (57P01–57P03) or a connection exception (class 08).
func isUnavailable(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var st interface{ SQLState() string }
	if errors.As(err, &st) {
		code := st.SQLState()
		switch {
		case code == "57014", code == "55P03", code == "57P01", code == "57P02", code == "57P03", strings.HasPrefix(code, "08"):
			return true
		}
	}
	return false
}
