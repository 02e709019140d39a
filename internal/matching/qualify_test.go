package matching

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestAnyQualifiedAgreesWithRank: on random pools and cases (every
// exclusion rule in play), AnyQualified says a case has a qualified member
// exactly when Rank qualifies one.
func TestAnyQualifiedAgreesWithRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	keys := []string{"daadkrachtig", "helikopterview", "zelfkennis"}
	cfg := Config{Norms: map[string]float64{"daadkrachtig": 4, "helikopterview": 3.5},
		Minimums: map[string]float64{"daadkrachtig": 2.5, "zelfkennis": 2}}
	yes, no := 0, 0
	for trial := range 200 {
		members := make([]Member, rng.IntN(40))
		for i := range members {
			m := Member{RegisseurID: int64(i + 1), Name: "Lid", OrganisationID: int64(1 + rng.IntN(5)), Status: "active",
				MaxCases: 1 + rng.IntN(3), ActiveCases: rng.IntN(4), HoursPerWeek: float64(rng.IntN(12)), HoursCommitted: float64(rng.IntN(6)),
				ContraIndication: rng.IntN(12) == 0, Competency: map[string]float64{}, DomainExperience: map[string]int{}}
			if rng.IntN(8) == 0 {
				m.Status = "paused"
			}
			if rng.IntN(8) == 0 {
				until := start.AddDate(0, 0, rng.IntN(20)-10)
				m.PausedUntil = &until
			}
			if rng.IntN(8) == 0 {
				from := start.AddDate(0, 0, rng.IntN(20)-10)
				m.Unavailable = []Period{{From: from, To: from.AddDate(0, 0, 7)}}
			}
			for _, k := range keys {
				if rng.IntN(4) > 0 {
					m.Competency[k] = 1 + 4*rng.Float64()
				}
			}
			members[i] = m
		}
		cases := make([]Case, 1+rng.IntN(8))
		for i := range cases {
			cases[i] = Case{ID: int64(i + 1), StartsOn: start.AddDate(0, 0, rng.IntN(20)-10), Urgency: 1 + rng.IntN(3),
				HoursPerWeek: rng.Float64() * 6, LeansOn: keys[:rng.IntN(len(keys)+1)], InvolvedOrganisationIDs: []int64{int64(1 + rng.IntN(5))}}
		}
		got := AnyQualified(cases, members, cfg)
		for i, c := range cases {
			ranked := Rank(c, members, cfg)
			want := len(ranked) > 0 && ranked[0].Qualified
			if got[i] != want {
				t.Fatalf("trial %d, case %d: AnyQualified %v, Rank %v", trial, i, got[i], want)
			}
			if want {
				yes++
			} else {
				no++
			}
		}
	}
	if yes == 0 || no == 0 {
		t.Fatalf("the instances never tell the two apart: %d with, %d without a qualified member", yes, no)
	}
}
