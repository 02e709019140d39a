package server_test

import (
	"testing"

	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// TestHeavyRoutesExist: every route the heavy limit names exists, so a
// renamed route cannot slip out of the limit unnoticed.
func TestHeavyRoutesExist(t *testing.T) {
	h, err := server.New(server.Deps{DB: pgtest.NewDB(t), Log: pgtest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, r := range server.Routes(h) {
		have[r.Method+" "+r.Path] = true
	}
	for route := range server.HeavyRoutes {
		if !have[route] {
			t.Errorf("heavy route %q does not exist", route)
		}
	}
}
