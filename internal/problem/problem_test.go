package problem

import (
	"context"
	"fmt"
	"net/http"
	"testing"
)

func TestFromErrorStatuses(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want int
	}{
		{fmt.Errorf("x: %w", context.Canceled), 499},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), http.StatusServiceUnavailable},
		{fmt.Errorf("boom"), http.StatusInternalServerError},
	} {
		if got := FromError(tt.err).Status; got != tt.want {
			t.Errorf("FromError(%v).Status = %d, want %d", tt.err, got, tt.want)
		}
	}
}
