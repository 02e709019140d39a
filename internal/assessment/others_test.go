package assessment

import (
	"math/rand"
	"testing"

	"regiepool/internal/domain"
)

// TestOthersMean_AsScore checks on random rounds that OthersMean from
// per-group totals is exactly Score's "others" mean, hidden groups and
// the anonymity threshold included.
func TestOthersMean_AsScore(t *testing.T) {
	in := testInstrument()
	rng := rand.New(rand.NewSource(18))
	for round := 0; round < 2000; round++ {
		minRaters := 3 + rng.Intn(3)
		var resp []Response
		totals := map[domain.RaterGroup]*GroupTotal{}
		for _, g := range domain.RaterGroups {
			for k := rng.Intn(6); k > 0; k-- {
				s := 1 + rng.Intn(5)
				r := Response{Group: g, Scores: map[string]int{}}
				if rng.Intn(8) != 0 { // sometimes "kan ik niet beoordelen"
					r.Scores["a"] = s
					if totals[g] == nil {
						totals[g] = &GroupTotal{Group: g}
					}
					totals[g].N++
					totals[g].Sum += s
				}
				resp = append(resp, r)
			}
		}
		var list []GroupTotal
		for _, t := range totals {
			list = append(list, *t)
		}
		got, ok := OthersMean(list, minRaters)
		want := Score(in, nil, resp, minRaters)[0].Others
		switch {
		case want == nil && ok:
			t.Fatalf("round %d: OthersMean %v, Score shows no others", round, got)
		case want != nil && (!ok || got != want.Mean):
			t.Fatalf("round %d: OthersMean %v (%v), Score %v", round, got, ok, want.Mean)
		}
	}
}
