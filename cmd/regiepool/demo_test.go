package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// TestDemoSizeFlag refuses an unknown size or a stray argument before any
// database is touched.
func TestDemoSizeFlag(t *testing.T) {
	for _, args := range [][]string{{"demo", "--size", "huge"}, {"demo", "extra"}, {"demo", "--size"}} {
		err := run(context.Background(), args, func(string) string { return "" }, io.Discard, nil)
		if err == nil || !strings.Contains(err.Error(), "size") && !strings.Contains(err.Error(), "argument") {
			t.Errorf("%v: %v, want a refusal", args, err)
		}
	}
}
