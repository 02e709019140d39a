// Package domain holds Regiepool's types, their rules and the error codes the
// rest of the program speaks. It imports the standard library only.
package domain

import (
	"errors"
	"fmt"
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

// ErrorCode returns the code of the *Error in err's chain, or EInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
