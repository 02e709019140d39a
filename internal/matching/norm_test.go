package matching

import (
	"math"
	"slices"
	"testing"
)

// TestRankBelowNorm: a score under the norm is a development target
// missed, not an exclusion: the member stays qualified, the reasons say to
// supply the competency through network or coach, and the score loses
// Weights.Shortfall per scale point short, summed over the competencies the
// case leans on. Under a hard minimum the member is excluded.
func TestRankBelowNorm(t *testing.T) {
	// The base member meets both norms: daadkrachtig 4.2 (norm 4, minimum
	// 3), verbindend 4.6 (norm 3.5, minimum 2).
	tests := []struct {
		name      string
		scores    map[string]float64
		shortfall float64  // the expected Parts.NormShortfall
		weights   *Weights // nil: the defaults
		qualified bool
		below     []string // the below-norm or below-minimum reasons, in order
	}{
		{"meets every norm", map[string]float64{}, 0, nil, true, nil},
		{"just under one norm", map[string]float64{"daadkrachtig": 3.92}, 0.08, nil, true,
			[]string{"Onder de norm op Daadkrachtig (3,92 < 4): aanvullen via netwerk/begeleiding"}},
		{"under two norms: summed", map[string]float64{"daadkrachtig": 3.5, "verbindend": 2.5}, 1.5, nil, true,
			[]string{"Onder de norm op Daadkrachtig (3,5 < 4): aanvullen via netwerk/begeleiding",
				"Onder de norm op Verbindend (2,5 < 3,5): aanvullen via netwerk/begeleiding"}},
		{"exactly on the minimum", map[string]float64{"daadkrachtig": 3}, 1, nil, true,
			[]string{"Onder de norm op Daadkrachtig (3 < 4): aanvullen via netwerk/begeleiding"}},
		{"no penalty weight: only the competency part", map[string]float64{"daadkrachtig": 3.5}, 0.5,
			&Weights{Competency: 0.35, Knowledge: 0.15, Continuity: 0.25, Load: 0.15, Region: 0.10}, true,
			[]string{"Onder de norm op Daadkrachtig (3,5 < 4): aanvullen via netwerk/begeleiding"}},
		{"under the minimum: excluded", map[string]float64{"daadkrachtig": 2.9}, 0, nil, false,
			[]string{"Onder het minimum op Daadkrachtig (2,9 < 3)"}},
		{"a competency the case does not lean on", map[string]float64{"analytisch": 1}, 0, nil, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := baseMember(1, "A")
			for k, x := range tc.scores {
				m.Competency[k] = x
			}
			cfg := testConfig()
			cfg.Norms["analytisch"] = 4
			cfg.Minimums["analytisch"] = 2
			if tc.weights != nil {
				cfg.Weights = *tc.weights
			}
			cd := Rank(baseCase(), []Member{m}, cfg)[0]
			if cd.Qualified != tc.qualified {
				t.Fatalf("qualified %v, want %v: %q", cd.Qualified, tc.qualified, cd.Reasons)
			}
			if len(cd.ReasonCodes) != len(cd.Reasons) {
				t.Fatalf("a code per reason: %q %q", cd.Reasons, cd.ReasonCodes)
			}
			var below []string
			for i, code := range cd.ReasonCodes {
				if code == "below_norm" || code == "below_hard_minimum" {
					below = append(below, cd.Reasons[i])
				}
			}
			if !slices.Equal(below, tc.below) {
				t.Fatalf("below reasons %q, want %q", below, tc.below)
			}
			if !tc.qualified {
				return
			}
			if math.Abs(cd.Parts.NormShortfall-tc.shortfall) > 1e-9 {
				t.Fatalf("shortfall %v, want %v", cd.Parts.NormShortfall, tc.shortfall)
			}
			w := cfg.WithDefaults().Weights
			p := cd.Parts
			want := w.Competency*p.Competency + w.Knowledge*p.Knowledge + w.Continuity*p.Continuity + w.Load*p.Load +
				w.Region*p.Region - w.Shortfall*tc.shortfall
			if math.Abs(cd.Score-math.Round(want*1000+1e-6)/1000) > 1e-9 { // half up, as scoreMilli
				t.Fatalf("score %v, want %v", cd.Score, math.Round(want*1000)/1000)
			}
		})
	}
}

// TestRankBelowNormOrder: a member under the norm ranks below an
// otherwise equal member who meets it, and the further under, the lower.
func TestRankBelowNormOrder(t *testing.T) {
	mk := func(id int64, d float64) Member {
		m := baseMember(id, "M")
		m.Competency["daadkrachtig"] = d
		return m
	}
	out := Rank(baseCase(), []Member{mk(1, 3.1), mk(2, 4.0), mk(3, 3.9), mk(4, 3.5)}, testConfig())
	var ids []int64
	for _, cd := range out {
		if !cd.Qualified {
			t.Fatalf("all qualify: %+v", cd)
		}
		ids = append(ids, cd.RegisseurID)
	}
	if want := []int64{2, 3, 4, 1}; !slices.Equal(ids, want) {
		t.Fatalf("order %v, want %v", ids, want)
	}
}

// TestProposePlacesBelowNorm: a case whose only candidates are under a norm
// is placed by the batch proposal; one whose only candidate is under a hard
// minimum is not, and the reason says so.
func TestProposePlacesBelowNorm(t *testing.T) {
	under := baseMember(1, "Onder de norm")
	under.Competency["daadkrachtig"] = 3.92
	c1 := baseCase()
	p := Propose([]Case{c1}, []Member{under}, testConfig())
	if len(p.Pairs) != 1 || p.Pairs[0].RegisseurID != 1 {
		t.Fatalf("the case must be placed: %+v", p)
	}
	under.Competency["daadkrachtig"] = 2.5
	p = Propose([]Case{c1}, []Member{under}, testConfig())
	if len(p.Pairs) != 0 || len(p.Unplaced) != 1 || p.Unplaced[0].Reason != "Geen gekwalificeerde regisseur: 1 onder het minimum" {
		t.Fatalf("below the minimum: %+v", p)
	}
}
