package app

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// inboxInput is a matchInput over members as an actor with (scores) or
// without scores would get it, with a hard minimum on daadkrachtig.
func inboxInput(members []matching.Member, leans []string, scores bool) *matchInput {
	norms := map[string]float64{"daadkrachtig": 4}
	names := map[string]string{"daadkrachtig": "Daadkrachtig"}
	cfg := matching.Config{Norms: norms, Names: names, Minimums: map[string]float64{"daadkrachtig": 2.5}}.WithDefaults()
	in := &matchInput{members: members, scored: map[int64]*matching.Member{}, norms: norms, names: names, cfg: cfg, scores: scores}
	for i := range members {
		in.scored[members[i].RegisseurID] = &members[i]
	}
	if !scores {
		in.members = verdictsOnly(members, leans, norms, cfg)
	}
	return in
}

// TestUnqualifiedInWords: the reasons no one qualifies are counted over the
// members in words, the same for an actor with scores as for a dispatcher
// without, with no number but the counts; the dominant exclusion decides
// the next step.
func TestUnqualifiedInWords(t *testing.T) {
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	member := func(id int64, active, max int, daad float64, contra bool) matching.Member {
		return matching.Member{RegisseurID: id, Name: fmt.Sprint("Lid ", id), OrganisationID: id, Status: "active", MaxCases: max,
			ActiveCases: active, HoursPerWeek: 20, ContraIndication: contra, MunicipalityIDs: []int64{1}, Regions: []string{"Fryslân"},
			Competency: map[string]float64{"daadkrachtig": daad}, DomainExperience: map[string]int{}}
	}
	members := []matching.Member{
		member(1, 3, 3, 4.4, false), member(2, 2, 2, 3.1, false), member(3, 4, 4, 1.2, false), // full
		member(4, 0, 3, 2.2, false), member(5, 0, 3, 1.9, false), // under the hard minimum
		member(6, 0, 3, 4.6, true), // contra-indication
	}
	mc := matching.Case{ID: 9, MunicipalityID: 1, Region: "Fryslân", StartsOn: start, Urgency: 3, HoursPerWeek: 2, LeansOn: []string{"daadkrachtig"}}
	ic := InboxCase{Case: domain.Case{ID: 9}}
	const want = "3 regisseurs zonder vrije plek, 3 onder het minimum op Daadkrachtig, 1 contra-indicatie"
	for _, scores := range []bool{true, false} {
		in := inboxInput(members, mc.LeansOn, scores)
		if anyQualified(mc, in.members, in.cfg) {
			t.Fatalf("scores %v: someone qualifies", scores)
		}
		u := in.unqualified(ic, mc)
		if u.Summary != want || u.Members != 6 {
			t.Errorf("scores %v: %q (%d members), want %q", scores, u.Summary, u.Members, want)
		}
		if regexp.MustCompile(`\d[,.]\d|<`).MatchString(u.Summary) {
			t.Errorf("scores %v: a score in %q", scores, u.Summary)
		}
		// no_capacity and below_hard_minimum tie at 3: the engine's order
		// puts no capacity first; the ones under the minimum with room
		// could still be assigned with a reason.
		if u.Dominant != domain.ReasonNoCapacity || fmt.Sprint(u.Steps) != fmt.Sprint([]string{domain.StepWaitOrWiden, domain.StepOverride}) {
			t.Errorf("scores %v: dominant %s, steps %v", scores, u.Dominant, u.Steps)
		}
	}
	// Nobody works in the case's region: widen it.
	far := mc
	far.MunicipalityID, far.Region = 2, "Groningen"
	if u := inboxInput(members, mc.LeansOn, false).unqualified(ic, far); fmt.Sprint(u.Steps) != fmt.Sprint([]string{domain.StepWidenRegion}) {
		t.Errorf("out of region: steps %v (%s)", u.Steps, u.Summary)
	}
}

// TestAnyQualified: looking in growing slices of the pool finds a qualified
// member exactly when the full ranking has one.
func TestAnyQualified(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for trial := range 300 {
		n := rng.IntN(300)
		members := make([]matching.Member, n)
		for i := range members {
			members[i] = matching.Member{RegisseurID: int64(i + 1), Name: "Lid", OrganisationID: int64(1 + rng.IntN(4)), Status: "active",
				MaxCases: 1 + rng.IntN(3), ActiveCases: rng.IntN(4), HoursPerWeek: float64(rng.IntN(12)), MunicipalityIDs: []int64{1},
				Competency: map[string]float64{"daadkrachtig": 1 + 4*rng.Float64()}, DomainExperience: map[string]int{}}
			if rng.IntN(10) == 0 {
				members[i].Status = "paused"
			}
		}
		mc := matching.Case{ID: 1, MunicipalityID: 1, StartsOn: start, Urgency: 1, HoursPerWeek: float64(rng.IntN(10)),
			LeansOn: []string{"daadkrachtig"}, InvolvedOrganisationIDs: []int64{int64(1 + rng.IntN(4))}}
		in := inboxInput(members, mc.LeansOn, false)
		ranked := matching.Rank(mc, in.members, in.cfg)
		want := len(ranked) > 0 && ranked[0].Qualified
		if got := anyQualified(mc, in.members, in.cfg); got != want {
			t.Fatalf("trial %d (%d members): anyQualified %v, the ranking %v", trial, n, got, want)
		}
	}
}
