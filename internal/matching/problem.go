package matching

import (
	"slices"
)

// problem is one Propose call laid out for the solvers: the qualified
// pairs with their scores, and per member the free slots and hours.
type problem struct {
	cases   []Case
	members []Member
	g       *edges
	bonus   []int64 // per case: the urgency bonus of the flow's weights
	level   []int8  // per case: urgency level, 0 = most urgent present
	nLevels int
	slots   []int32   // per member: free case slots
	hours   []float64 // per member: free hours per week
}

// value is the lexicographic objective of a proposal: per urgency level,
// most urgent first, the cases placed; then the total score.
type value struct {
	placed []int
	score  int64
}

// compareCounts compares the placed counts of the levels before upto.
func compareCounts(a, b value, upto int) int {
	for l := range upto {
		if a.placed[l] != b.placed[l] {
			if a.placed[l] > b.placed[l] {
				return 1
			}
			return -1
		}
	}
	return 0
}

// compareValues compares a and b lexicographically.
func compareValues(a, b value) int {
	if c := compareCounts(a, b, len(a.placed)); c != 0 {
		return c
	}
	switch {
	case a.score > b.score:
		return 1
	case a.score < b.score:
		return -1
	}
	return 0
}

func (p *problem) value(place []int32) value {
	v := value{placed: make([]int, p.nLevels)}
	for i, e := range place {
		if e >= 0 {
			v.placed[p.level[i]]++
			v.score += int64(p.g.score[e])
		}
	}
	return v
}

// fits reports whether hours h fit in free hours left (with float slack).
func fits(h, left float64) bool { return h <= left+eps }

// relax solves the proposal with hours per week relaxed: every member takes
// at most caps[j] cases, whatever their hours. Its optimum bounds the real
// one from above when caps[j] is at least the number of cases member j can
// take within its hours.
func (p *problem) relax(caps []int32) []int32 {
	g := p.g
	return solveLarge(&assignment{n: len(p.cases), m: len(p.members), start: g.start, to: g.to,
		score: g.score, bonus: p.bonus, cap: caps})
}

// effectiveCaps are the free slots, lowered where even the cases needing
// the fewest hours would not fit that many times in the member's free
// hours: a relaxation that is still an upper bound, with fewer overruns.
func (p *problem) effectiveCaps() []int32 {
	var hs []float64
	for i := range p.cases {
		if p.g.start[i+1] > p.g.start[i] {
			hs = append(hs, p.cases[i].HoursPerWeek)
		}
	}
	slices.Sort(hs)
	caps := make([]int32, len(p.members))
	for j := range caps {
		caps[j] = min(p.slots[j], fitCount(hs, p.hours[j]))
	}
	return caps
}

// fitCount is how many of the sorted hours hs fit in left, smallest first.
// The slack errs on the large side: the count bounds from above.
func fitCount(hs []float64, left float64) int32 {
	s := 0.0
	for k, h := range hs {
		s += h
		if s > left+1e-6 {
			return int32(k)
		}
	}
	return int32(len(hs))
}

// bestSum is the sum over the cases of their best score (at least 0): a bound
// on the total of any proposal.
func (p *problem) bestSum() int64 {
	var t int64
	for i := range p.cases {
		var b int64
		for e := p.g.start[i]; e < p.g.start[i+1]; e++ {
			b = max(b, int64(p.g.score[e]))
		}
		t += b
	}
	return t
}

// proof is what the open relaxations prove about the incumbent inc.
type proof struct {
	proven []bool // per level: no proposal places more without placing fewer above
	exact  bool
	upper  int64 // bound on the optimum's total score
}

// prove compares inc with the bounds of the relaxations left open: every
// proposal is in one of them, and none of them can beat its bound.
func (p *problem) prove(inc value, open []value) proof {
	pr := proof{proven: make([]bool, p.nLevels)}
	for l := range p.nLevels {
		ok := true
		for _, b := range open {
			if compareCounts(b, inc, l+1) > 0 {
				ok = false
				break
			}
		}
		if !ok {
			break
		}
		pr.proven[l] = true
	}
	if p.nLevels > 0 && !pr.proven[p.nLevels-1] {
		pr.upper = p.bestSum()
		return pr
	}
	pr.upper = inc.score
	for _, b := range open {
		if compareCounts(b, inc, p.nLevels) == 0 {
			pr.upper = max(pr.upper, b.score)
		}
	}
	pr.exact = pr.upper == inc.score
	return pr
}
