package server_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// BenchmarkAssignHTTP64 assigns cases over HTTP from 64 concurrent clients
// to 500 regisseurs with room for 4 cases each, and reports successful
// assignments per second. Every attempt is either 201 or 409; afterwards no
// regisseur may hold more than 4 active cases (0 overbookings).
//
//	go test -run '^$' -bench AssignHTTP64 -benchtime 2000x ./internal/server/
func BenchmarkAssignHTTP64(b *testing.B) {
	db := pgtest.NewDB(b)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger()})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	mun := pgtest.MustCreateMunicipality(b, db)
	org := pgtest.MustCreateOrganisation(b, db)
	disp := pgtest.MustCreateUser(b, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	token := pgtest.MustAccessToken(b, db, disp.ID)
	const members, capacity = 500, 4
	var regIDs []int64
	for i := 0; i < members; i++ {
		regIDs = append(regIDs, pgtest.MustCreateActiveMember(b, db, org.ID, []int64{mun.ID}, capacity, 40).ID)
	}
	caseIDs := make([]int64, b.N)
	for i := range caseIDs {
		c := domain.Case{Reference: fmt.Sprintf("B-%06d", i), MunicipalityID: mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high"}
		if err := db.CreateCase(pgtest.SystemCtx(), &c); err != nil {
			b.Fatal(err)
		}
		caseIDs[i] = c.ID
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var next, ok, conflicts, other atomic.Int64
	b.SetParallelism(32) // 2 cores × 32 = 64 clients
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) - 1
			body := fmt.Sprintf(`{"regisseurId":%d}`, regIDs[int(i)%members])
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/cases/%d/assignments", srv.URL, caseIDs[i]), strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			res, err := client.Do(req)
			if err != nil {
				other.Add(1)
				continue
			}
			res.Body.Close()
			switch res.StatusCode {
			case http.StatusCreated:
				ok.Add(1)
			case http.StatusConflict:
				conflicts.Add(1)
			default:
				other.Add(1)
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(ok.Load())/b.Elapsed().Seconds(), "assignments/s")
	b.ReportMetric(float64(conflicts.Load()), "conflicts")
	if other.Load() > 0 {
		b.Fatalf("%d requests answered neither 201 nor 409", other.Load())
	}
	var over int
	if err := db.Get(&over, `SELECT count(*) FROM (SELECT regisseur_id FROM assignment WHERE ended_at IS NULL GROUP BY regisseur_id HAVING count(*) > $1) x`, capacity); err != nil || over != 0 {
		b.Fatalf("%d overbooked regisseurs (%v)", over, err)
	}
	if want := min(int64(b.N), members*capacity); ok.Load() != want {
		b.Fatalf("%d assignments succeeded, want %d", ok.Load(), want)
	}
}
