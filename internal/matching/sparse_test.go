package matching

import (
	"fmt"
	"math/rand"
	"testing"
)

// assignmentValue is the flow objective of a placement: Σ bonus + score.
func assignmentValue(a *assignment, place []int32) int64 {
	var v int64
	for i, e := range place {
		if e >= 0 {
			v += a.bonus[i] + int64(a.score[e])
		}
	}
	return v
}

// The two-step solve (sparse subset, then every pair from its prices)
// reaches the same optimum as the plain solve, also when the warm start is
// given up, on plentiful and scarce instances.
func TestSolveLargeMatchesPlain(t *testing.T) {
	defer func(v int) { sparseMin = v }(sparseMin)
	sparseMin = 1
	r := rand.New(rand.NewSource(21))
	for k := range 24 {
		maxCap := []int{1, 2, 5}[k%3]
		members := genMembers(r, 150+r.Intn(150), genOpts{activeFrac: 0.95, maxCap: maxCap, exclusions: true, orgs: 20, normBelowMix: true})
		cases := genCases(r, 100+r.Intn(300), members, 20)
		cfg := genConfig().WithDefaults()
		tb := newTables(cfg)
		cps := make([]casePrep, len(cases))
		for i := range cases {
			cps[i] = tb.prepCase(&cases[i])
		}
		g := buildEdges(tb, cps, prepareMembers(tb, members))
		a := &assignment{n: len(cases), m: len(members), start: g.start, to: g.to, score: g.score,
			bonus: make([]int64, len(cases)), cap: make([]int32, len(members))}
		for i := range cases {
			a.bonus[i] = int64(cases[i].Urgency) * (2*int64(len(cases))*1000 + 1)
		}
		for j := range members {
			a.cap[j] = int32(max(0, members[j].MaxCases-members[j].ActiveCases))
		}
		if len(a.to) <= 4*sparseK*a.n {
			t.Fatalf("instance %d too sparse to test the two steps", k)
		}
		t.Run(fmt.Sprintf("seed21/%d_%dx%d_cap%d", k, len(cases), len(members), maxCap), func(t *testing.T) {
			want := assignmentValue(a, solveAssignment(a))
			if got := assignmentValue(a, solveLarge(a)); got != want {
				t.Fatalf("two steps %d, plain %d", got, want)
			}
			testPushLimit = 50 // give the warm start up at once
			defer func() { testPushLimit = 0 }()
			if got := assignmentValue(a, solveLarge(a)); got != want {
				t.Fatalf("after giving up the warm start %d, plain %d", got, want)
			}
		})
	}
}
