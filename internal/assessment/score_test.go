package assessment

import (
	"fmt"
	"math/rand"
	"testing"

	"regiepool/internal/domain"
)

func testInstrument() *Instrument {
	four := 4
	return &Instrument{Key: "t", Version: 1, Title: "T", Scale: Scale{Min: 1, Max: 5},
		Sections: []Section{{Key: "c", Kind: KindCompetency, Items: []Item{
			{Key: "a", Name: "A", Norm: &four}, {Key: "b", Name: "B", Norm: &four},
		}}}}
}

func responses(group domain.RaterGroup, scores ...int) []Response {
	var out []Response
	for _, s := range scores {
		out = append(out, Response{Group: group, Scores: map[string]int{"a": s, "b": s}})
	}
	return out
}

func TestScore_Flags(t *testing.T) {
	in := testInstrument()
	for _, tt := range []struct {
		name   string
		self   int
		others []Response
		gap    float64
		flag   string
	}{
		// Range 1..5 is 4; a third of it is 1.33.
		{"blind spot", 5, responses(domain.GroupPeer, 3, 4, 3), 1.67, FlagBlindSpot},
		{"just inside", 4, responses(domain.GroupPeer, 3, 3, 2), 1.33, ""},
		{"hidden strength", 2, responses(domain.GroupPartner, 4, 4, 3), -1.67, FlagHiddenStrength},
		{"aligned", 3, responses(domain.GroupCoach, 3), 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := Score(in, map[string]int{"a": tt.self, "b": tt.self}, tt.others, 3)
			r := res[0]
			if r.Gap == nil || *r.Gap != tt.gap || r.Flag != tt.flag {
				t.Fatalf("gap %v flag %q, want %v %q", deref(r.Gap), r.Flag, tt.gap, tt.flag)
			}
		})
	}
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func TestScore_HidesSmallGroups(t *testing.T) {
	in := testInstrument()
	var rs []Response
	rs = append(rs, responses(domain.GroupCoach, 4)...)
	rs = append(rs, responses(domain.GroupPeer, 2, 2)...) // two peers: hidden
	rs = append(rs, responses(domain.GroupPartner, 5, 4, 3)...)
	r := Score(in, nil, rs, 3)[0]
	var groups []domain.RaterGroup
	for _, g := range r.Groups {
		groups = append(groups, g.Group)
	}
	if fmt.Sprint(groups) != "[coach partner]" {
		t.Fatalf("shown groups %v, want coach (known, from 1) and partner", groups)
	}
	// The two peers must not count in "others", or others − coach − partners
	// would give their mean away.
	if r.Others.N != 4 || r.Others.Mean != 4 {
		t.Fatalf("others %+v, want the 4 shown scores (mean 4)", r.Others)
	}
	if r.Self != nil || r.Gap != nil {
		t.Error("no self-assessment, yet a self score or gap")
	}
}

func TestScore_PooledHiddenGroups(t *testing.T) {
	in := testInstrument()
	var rs []Response
	rs = append(rs, responses(domain.GroupPeer, 2, 2)...)
	rs = append(rs, responses(domain.GroupFamily, 5, 5)...)
	r := Score(in, nil, rs, 3)[0]
	if len(r.Groups) != 0 {
		t.Fatalf("groups %+v shown, want none", r.Groups)
	}
	// Four hidden scores together are at least the threshold: they may count
	// in "others" as one anonymous pool.
	if r.Others == nil || r.Others.N != 4 || r.Others.Mean != 3.5 {
		t.Fatalf("others %+v, want the pool of 4 (mean 3.5)", r.Others)
	}
}

func TestScore_NotApplicableCountsPerItem(t *testing.T) {
	in := testInstrument()
	rs := responses(domain.GroupPeer, 4, 4, 4)
	delete(rs[0].Scores, "b") // one peer cannot judge b
	res := Score(in, nil, rs, 3)
	if len(res[0].Groups) != 1 || len(res[1].Groups) != 0 || res[1].Others != nil {
		t.Fatalf("item a groups %+v, item b groups %+v others %+v; want peers on a only", res[0].Groups, res[1].Groups, res[1].Others)
	}
}

// TestScore_NeverLeaks runs every combination of 0..5 raters in each of the
// five groups, with random scores, and checks the anonymity rules: no group
// under the threshold is shown (coach and manager excepted), and "others"
// minus the shown groups is either nothing or at least threshold scores.
func TestScore_NeverLeaks(t *testing.T) {
	in := testInstrument()
	rng := rand.New(rand.NewSource(1))
	const minRaters = 3
	counts := make([]int, len(domain.RaterGroups))
	combos := 0
	for {
		var rs []Response
		for gi, g := range domain.RaterGroups {
			for i := 0; i < counts[gi]; i++ {
				s := 1 + rng.Intn(5)
				rs = append(rs, Response{Group: g, Scores: map[string]int{"a": s, "b": s}, Comments: map[string]string{"a": "c"}})
			}
		}
		for _, r := range Score(in, map[string]int{"a": 3}, rs, minRaters) {
			shownN := 0
			for _, g := range r.Groups {
				if g.N < minRaters && !g.Group.Known() {
					t.Fatalf("counts %v: group %s shown with n=%d", counts, g.Group, g.N)
				}
				shownN += g.N
			}
			othersN := 0
			if r.Others != nil {
				othersN = r.Others.N
			}
			if d := othersN - shownN; d != 0 && d < minRaters {
				t.Fatalf("counts %v: others n=%d minus shown n=%d reveals %d raters", counts, othersN, shownN, d)
			}
			if len(r.Comments) > othersN {
				t.Fatalf("counts %v: %d comments from %d counted raters", counts, len(r.Comments), othersN)
			}
		}
		combos++
		// Next combination (odometer over 0..5 per group).
		i := 0
		for ; i < len(counts); i++ {
			counts[i]++
			if counts[i] <= 5 {
				break
			}
			counts[i] = 0
		}
		if i == len(counts) {
			break
		}
	}
	if combos != 7776 {
		t.Fatalf("checked %d combinations, want 6^5", combos)
	}
}

func BenchmarkScore(b *testing.B) {
	in := testInstrument()
	var rs []Response
	for _, g := range domain.RaterGroups {
		rs = append(rs, responses(g, 3, 4, 5, 4)...)
	}
	for b.Loop() {
		Score(in, map[string]int{"a": 4, "b": 3}, rs, 3)
	}
}

// TestScore_FromSingleRater: a known group shown from one response is
// marked, so every view can say so; groups with more responses are not.
func TestScore_FromSingleRater(t *testing.T) {
	in := testInstrument()
	var rs []Response
	rs = append(rs, responses(domain.GroupCoach, 4)...)
	rs = append(rs, responses(domain.GroupManager, 3, 5)...)
	rs = append(rs, responses(domain.GroupPartner, 3, 3, 4)...)
	got := map[domain.RaterGroup]bool{}
	for _, g := range Score(in, nil, rs, 3)[0].Groups {
		got[g.Group] = g.FromSingleRater
	}
	want := map[domain.RaterGroup]bool{domain.GroupCoach: true, domain.GroupManager: false, domain.GroupPartner: false}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("fromSingleRater per group %v, want %v", got, want)
	}
}
