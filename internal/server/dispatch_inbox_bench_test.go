package server_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"regiepool/internal/apitest"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// BenchmarkDispatchInboxHTTP reads GET /api/v1/dispatch-inbox for one
// dispatcher with 5,000 waiting cases × 2,500 pool members (50
// organisations, 4 slots and 20 hours each) in scope. plentiful: everyone
// has room, so a qualified member turns up at once for every case;
// scarce: every member has 1 hour a week left, less than any case asks, so
// no one qualifies for any case and each is checked against every member
// (the 100 listed are ranked in full for their reasons).
//
//	go test -run '^$' -bench DispatchInboxHTTP -benchtime 5x ./internal/server/
func BenchmarkDispatchInboxHTTP(b *testing.B) {
	db := pgtest.NewDB(b)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger()})
	if err != nil {
		b.Fatal(err)
	}
	srv := apitest.NewServer(b, h) // validates the answers too, which the timing includes
	mun := pgtest.MustCreateMunicipality(b, db)
	disp := pgtest.MustCreateUser(b, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	token := pgtest.MustAccessToken(b, db, disp.ID)
	exec := func(q string, args ...any) {
		if _, err := db.Exec(q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	// Set-based, as pgtest.MustCreateActiveMember does it one by one.
	exec(`INSERT INTO organisation (name) SELECT 'Bench-organisatie ' || i FROM generate_series(1, 50) i`)
	exec(`INSERT INTO pool_round (name) VALUES ('Benchronde')`)
	exec(`INSERT INTO pool_round_organisation (round_id, organisation_id, quota)
		SELECT (SELECT id FROM pool_round WHERE name = 'Benchronde'), id, 50 FROM organisation WHERE name LIKE 'Bench-%'`)
	exec(`INSERT INTO regisseur (name, organisation_id)
		SELECT 'Bench-regisseur ' || i, o.id FROM generate_series(0, 2499) i
		JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM organisation WHERE name LIKE 'Bench-%') o ON o.n = i % 50`)
	exec(`INSERT INTO pool_membership (round_id, organisation_id, regisseur_id, hours_per_week, max_cases)
		SELECT (SELECT id FROM pool_round WHERE name = 'Benchronde'), r.organisation_id, r.id, 20, 4 FROM regisseur r WHERE r.name LIKE 'Bench-%'`)
	exec(`INSERT INTO pre_selection (membership_id, test_date, instrument_name, provider, outcome)
		SELECT id, '2026-01-01', 'Test', 'Test', 'suitable' FROM pool_membership`)
	for _, st := range []string{"preselected", "admitted", "active"} {
		exec(`UPDATE pool_membership SET status = $1`, st)
	}
	exec(`INSERT INTO member_municipality (membership_id, municipality_id) SELECT id, $1 FROM pool_membership`, mun.ID)
	exec(`INSERT INTO complex_case (reference, municipality_id, parents_struggle, several_domains, several_professionals, high_risk,
			life_domains, safety_risk, urgency, leans_on)
		SELECT 'W-' || i, $1, true, true, true, i % 7 = 0, '{wonen,inkomen}', CASE WHEN i % 7 = 0 THEN 'high' ELSE 'medium' END,
			1 + i % 3, '{daadkrachtig}' FROM generate_series(1, 5000) i`, mun.ID)
	exec(`INSERT INTO case_organisation (case_id, organisation_id)
		SELECT c.id, o.id FROM complex_case c JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM organisation WHERE name LIKE 'Bench-%') o
		ON o.n = c.id % 50`)
	// get reads the inbox and returns how many cases no one qualifies for.
	get := func(b *testing.B) int {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/dispatch-inbox", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		var box struct {
			Unqualified struct {
				Count int `json:"count"`
			} `json:"unqualified"`
		}
		if res.StatusCode != 200 || json.NewDecoder(res.Body).Decode(&box) != nil {
			b.Fatalf("status %d", res.StatusCode)
		}
		return box.Unqualified.Count
	}
	for _, kind := range []string{"plentiful", "scarce"} {
		if kind == "scarce" {
			exec(`UPDATE pool_membership SET hours_per_week = 1`)
		}
		b.Run(kind, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = get(b)
			}
			if want := map[string]int{"plentiful": 0, "scarce": 5000}[kind]; n != want {
				b.Fatalf("%d cases no one qualifies for, want %d", n, want)
			}
		})
	}
}
