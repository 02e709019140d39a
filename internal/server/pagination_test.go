package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

func TestPagination(t *testing.T) {
	srv, db := newServer(t)
	admin := adminToken(t, db)
	for i := 0; i < 5; i++ {
		o := domain.Organisation{Name: fmt.Sprintf("Organisatie %d", i)}
		if err := db.CreateOrganisation(pgtest.SystemCtx(), &o); err != nil {
			t.Fatal(err)
		}
	}
	type page struct {
		Count    int               `json:"count"`
		Next     *string           `json:"next"`
		Previous *string           `json:"previous"`
		Results  []json.RawMessage `json:"results"`
	}
	for _, tt := range []struct {
		query          string
		results        int
		next, previous string
	}{
		{"", 5, "", ""},
		{"?pageSize=2", 2, "/api/v1/organisations?page=2&pageSize=2", ""},
		{"?page=2&pageSize=2", 2, "/api/v1/organisations?page=3&pageSize=2", "/api/v1/organisations?page=1&pageSize=2"},
		{"?page=3&pageSize=2", 1, "", "/api/v1/organisations?page=2&pageSize=2"},
		{"?page=9&pageSize=2", 0, "", "/api/v1/organisations?page=3&pageSize=2"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			res, body := do(t, "GET", srv.URL+"/api/v1/organisations"+tt.query, "", "Authorization", "Bearer "+admin)
			if res.StatusCode != 200 {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			var p page
			if err := json.Unmarshal(body, &p); err != nil {
				t.Fatal(err)
			}
			str := func(s *string) string {
				if s == nil {
					return ""
				}
				return *s
			}
			if p.Count != 5 || len(p.Results) != tt.results || str(p.Next) != tt.next || str(p.Previous) != tt.previous {
				t.Errorf("got count %d, %d results, next %q, previous %q; want 5, %d, %q, %q",
					p.Count, len(p.Results), str(p.Next), str(p.Previous), tt.results, tt.next, tt.previous)
			}
		})
	}
}
