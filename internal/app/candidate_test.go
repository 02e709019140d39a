package app

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// TestRankingInWords_DependsOnlyOnVerdicts: what an actor without scores
// sees of a ranking (order, fit, reasons) does not change when any score
// moves without crossing its norm, so nothing finer than the verdicts can
// be read from it, subtracted from it, or compared across cases.
func TestRankingInWords_DependsOnlyOnVerdicts(t *testing.T) {
	norms := map[string]float64{"daadkrachtig": 4, "zelfkennis": 3}
	names := map[string]string{"daadkrachtig": "Daadkrachtig", "zelfkennis": "Zelfkennis"}
	mc := matching.Case{ID: 1, MunicipalityID: 1, StartsOn: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Urgency: 1, HoursPerWeek: 2,
		LeansOn: []string{"daadkrachtig", "zelfkennis"}, LifeDomains: []string{"wonen", "werk"}}
	rng := rand.New(rand.NewPCG(1, 2))
	// score draws a score on the same side of norm n as x (or none).
	score := func(x, n float64) float64 {
		if x >= n {
			return n + rng.Float64()*(5-n)
		}
		return 1 + rng.Float64()*(n-1-1e-6)
	}
	base := make([]matching.Member, 40)
	for i := range base {
		m := matching.Member{RegisseurID: int64(i + 1), Name: "Lid", OrganisationID: int64(i%3 + 1), Status: "active",
			MaxCases: 1 + i%4, ActiveCases: i % 2, HoursPerWeek: 16, MunicipalityIDs: []int64{int64(1 + i%2)},
			Competency: map[string]float64{}, DomainExperience: map[string]int{"wonen": i % 3}}
		for k := range norms {
			if rng.IntN(5) > 0 {
				m.Competency[k] = 1 + rng.Float64()*4
			}
		}
		m.Competency["helikopterview"] = 1 + rng.Float64()*4 // not leaned on
		base[i] = m
	}
	view := func(members []matching.Member) Ranking {
		cfg := matching.Config{Norms: norms, Names: names}.WithDefaults()
		in := matchInput{members: verdictsOnly(members, mc.LeansOn, norms, cfg), scored: map[int64]*matching.Member{}, norms: norms,
			names: names, cfg: cfg}
		for i := range members {
			in.scored[members[i].RegisseurID] = &members[i]
		}
		return in.rank(mc)
	}
	want := view(base)
	for _, c := range want.Candidates {
		if c.Scores != nil {
			t.Fatalf("candidate %d carries scores", c.RegisseurID)
		}
		for _, r := range c.Reasons {
			if strings.Contains(r, "Competenties") || strings.Contains(r, "<") {
				t.Errorf("candidate %d: reason %q speaks of scores", c.RegisseurID, r)
			}
		}
	}
	for trial := 0; trial < 50; trial++ {
		moved := make([]matching.Member, len(base))
		for i, m := range base {
			comp := map[string]float64{}
			for k, x := range m.Competency {
				if n, ok := norms[k]; ok {
					comp[k] = score(x, n)
				} else {
					comp[k] = 1 + rng.Float64()*4
				}
			}
			m.Competency = comp
			moved[i] = m
		}
		if got := view(moved); !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: the ranking in words changed with scores that kept their verdicts", trial)
		}
	}
}

func TestFitBand(t *testing.T) {
	meets, short := domain.CompetencyMeets, domain.CompetencySupplement
	for _, tt := range []struct {
		name       string
		verdicts   []string
		continuity bool
		knowledge  float64
		domains    int
		want       string
	}{
		{"meets, knows the domains", []string{meets}, false, 0.5, 2, domain.FitStrong},
		{"meets, the family's regisseur", []string{meets}, true, 0, 2, domain.FitStrong},
		{"meets, new to the domains", []string{meets, meets}, false, 0, 2, domain.FitSuitable},
		{"meets, the case names no domains", []string{meets}, false, 0.5, 0, domain.FitSuitable},
		{"no profile", nil, false, 0, 0, domain.FitSuitable},
		{"one to supplement", []string{meets, short}, true, 1, 2, domain.FitSupplement},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.FitBand(tt.verdicts, tt.continuity, tt.knowledge, tt.domains); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPairFit_AgreesWithRanking: the band a proposal gives a pair is the
// band the case's ranking gives the member.
func TestPairFit_AgreesWithRanking(t *testing.T) {
	norms := map[string]float64{"daadkrachtig": 4}
	cfg := matching.Config{Norms: norms, ContinuityDays: 30}.WithDefaults()
	rng := rand.New(rand.NewPCG(3, 4))
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	all := []string{"wonen", "werk", "inkomen"}
	members := make([]matching.Member, 12)
	in := matchInput{scored: map[int64]*matching.Member{}, norms: norms, cfg: cfg}
	for i := range members {
		members[i] = matching.Member{RegisseurID: int64(i + 1), Status: "active", MaxCases: 3, HoursPerWeek: 16,
			Competency: map[string]float64{"daadkrachtig": 4 + rng.Float64()}, DomainExperience: map[string]int{}}
		for _, d := range all {
			members[i].DomainExperience[d] = rng.IntN(2)
		}
		if i%4 == 0 {
			delete(members[i].Competency, "daadkrachtig")
		}
	}
	for i := range members {
		in.scored[members[i].RegisseurID] = &members[i]
	}
	in.members = members
	for trial := 0; trial < 200; trial++ {
		prev := int64(1 + rng.IntN(12))
		closed := start.AddDate(0, 0, -rng.IntN(60))
		mc := matching.Case{ID: 1, StartsOn: start, HoursPerWeek: 1, LeansOn: []string{"daadkrachtig"},
			LifeDomains: all[:rng.IntN(len(all)+1)], PreviousRegisseurID: &prev, PreviousClosedOn: &closed}
		cv := in.caseView(mc)
		for _, c := range in.rank(mc).Candidates {
			if got := cv.pairFit(in.scored[c.RegisseurID]); got != c.Fit {
				t.Fatalf("trial %d, member %d: pair fit %q, ranking %q", trial, c.RegisseurID, got, c.Fit)
			}
		}
	}
}
