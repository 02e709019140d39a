package domain

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"testing"
)

// sqlState is an error with a SQLSTATE, as the PostgreSQL driver returns.
type sqlState string

func (s sqlState) Error() string    { return "pq: " + string(s) }
func (s sqlState) SQLState() string { return string(s) }

func TestAsErrorClassifiesTimeoutsAndGoneClients(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want string
	}{
		{"client went away", fmt.Errorf("find case 1: %w", context.Canceled), ECanceled},
		{"deadline", fmt.Errorf("find case 1: %w", context.DeadlineExceeded), EUnavailable},
		{"network timeout", fmt.Errorf("access token: %w", os.ErrDeadlineExceeded), EUnavailable},
		{"bad connection", driver.ErrBadConn, EUnavailable},
		{"statement timeout", sqlState("57014"), EUnavailable},
		{"lock timeout", sqlState("55P03"), EUnavailable},
		{"server shutting down", sqlState("57P01"), EUnavailable},
		{"connection exception", sqlState("08006"), EUnavailable},
		{"unique violation stays internal", sqlState("23505"), EInternal},
		{"plain error stays internal", errors.New("boom"), EInternal},
		{"domain error keeps its code", Errorf(ENotFound, "not_found", "weg"), ENotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.want {
				t.Errorf("ErrorCode = %q, want %q", got, tt.want)
			}
		})
	}
	if e, _ := AsError(context.DeadlineExceeded); e.RetryAfter <= 0 {
		t.Error("an unavailable database answers without Retry-After")
	}
}

func TestForRequest(t *testing.T) {
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if got := ErrorCode(ForRequest(gone, sqlState("57014"))); got != ECanceled {
		t.Errorf("a statement canceled because the client left: %q, want %q", got, ECanceled)
	}
	if got := ErrorCode(ForRequest(context.Background(), sqlState("57014"))); got != EUnavailable {
		t.Errorf("a statement timeout with the client still there: %q, want %q", got, EUnavailable)
	}
	if got := ErrorCode(ForRequest(gone, Errorf(EForbidden, "forbidden", "nee"))); got != EForbidden {
		t.Errorf("a refusal: %q, want %q", got, EForbidden)
	}
	if ForRequest(gone, nil) != nil {
		t.Error("nil became an error")
	}
}
