package matching

import "slices"

// The exact search runs on instances up to this size, for at most
// bbMaxNodes relaxations over at most bbMaxWork pairs in all (a few tenths
// of a second); what it leaves open is reported as unproven.
const (
	bbMaxCases = 400
	bbMaxEdges = 40_000
	bbMaxNodes = 2000
	bbMaxWork  = 600_000
)

// bbNode is a subset of the proposals: some cases fixed on a member, some
// pairs forbidden; bound is the value of its parent's relaxation, which no
// proposal in it can beat.
type bbNode struct {
	forced   []int32 // per case: the edge it is fixed on, or -1
	forbid   []bool  // per edge
	bound    value
	hasBound bool
}

// smallEnough reports whether the exact search is tried.
func (p *problem) smallEnough() bool {
	return len(p.cases) <= bbMaxCases && len(p.g.to) <= bbMaxEdges
}

// branchAndBound searches for the optimum of the lexicographic objective
// with hours per week, starting from the incumbent place of value inc. A
// node's relaxation drops the hours constraint (keeping each pair only
// where the case's hours fit the member's hours left, and each member's
// slots at most what its hours allow); when its solution keeps within
// every member's hours it is the node's optimum. Otherwise a member j runs
// over with the free cases c1…ck the relaxation put there, and the node
// splits into: c1 not on j; c1 on j and c2 not; …; c1…ck−1 on j and ck
// not (all of them on j runs over). It returns the best proposal found,
// its value and the bounds of the nodes left open when the budget ran out
// (none when the search completed, which proves the proposal optimal).
func (p *problem) branchAndBound(place []int32, inc value) ([]int32, value, []value) {
	n := len(p.cases)
	root := &bbNode{forced: make([]int32, n), forbid: make([]bool, len(p.g.to))}
	for i := range root.forced {
		root.forced[i] = -1
	}
	stack := []*bbNode{root}
	for nodes, work := 0, 0; len(stack) > 0 && nodes < bbMaxNodes && work < bbMaxWork; {
		nd := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if nd.hasBound && compareValues(nd.bound, inc) <= 0 {
			continue
		}
		nodes++
		sol, pairs, ok := p.solveNode(nd)
		work += pairs
		if !ok {
			continue
		}
		v := p.value(sol)
		if compareValues(v, inc) <= 0 {
			continue
		}
		st := p.newState(sol)
		j, worst := -1, 0.0
		for k := range p.members {
			if over := st.usedH[k] - p.hours[k]; !fits(st.usedH[k], p.hours[k]) && over > worst {
				j, worst = k, over
			}
		}
		if j < 0 {
			place, inc = sol, v
			continue
		}
		stack = append(stack, p.children(nd, st, j, v)...)
	}
	var open []value
	for _, nd := range stack {
		if compareValues(nd.bound, inc) > 0 { // the root is always solved, so every node left has a bound
			open = append(open, nd.bound)
		}
	}
	return place, inc, open
}

// children splits nd on member j, which runs over in st; they are returned
// in reverse, so the search takes off j first the least urgent case, then
// the one needing the most hours, then the lowest scoring.
func (p *problem) children(nd *bbNode, st *state, j int, v value) []*bbNode {
	var free []int32
	h, cnt := 0.0, int32(0)
	for _, i := range st.byMember[j] {
		if nd.forced[i] >= 0 {
			h += p.cases[i].HoursPerWeek
			cnt++
		} else {
			free = append(free, i)
		}
	}
	slices.SortFunc(free, func(a, b int32) int {
		if la, lb := p.level[a], p.level[b]; la != lb {
			return int(lb) - int(la)
		}
		if ha, hb := p.cases[a].HoursPerWeek, p.cases[b].HoursPerWeek; ha != hb {
			if ha > hb {
				return -1
			}
			return 1
		}
		if sa, sb := p.g.score[st.place[a]], p.g.score[st.place[b]]; sa != sb {
			return int(sa - sb)
		}
		return int(a - b)
	})
	var kids []*bbNode
	for k, i := range free {
		if k > 0 {
			prev := free[k-1]
			h += p.cases[prev].HoursPerWeek
			cnt++
			if !fits(h, p.hours[j]) || cnt > p.slots[j] {
				break
			}
		}
		c := &bbNode{forced: slices.Clone(nd.forced), forbid: slices.Clone(nd.forbid), bound: v, hasBound: true}
		for _, f := range free[:k] {
			c.forced[f] = st.place[f]
		}
		c.forbid[st.place[i]] = true
		kids = append(kids, c)
	}
	slices.Reverse(kids)
	return kids
}

// solveNode solves nd's relaxation over the pairs it counts; ok is false
// when its fixed cases already run over a member.
func (p *problem) solveNode(nd *bbNode) ([]int32, int, bool) {
	m := len(p.members)
	resS := slices.Clone(p.slots)
	resH := slices.Clone(p.hours)
	for i, e := range nd.forced {
		if e >= 0 {
			j := p.g.to[e]
			resS[j]--
			resH[j] -= p.cases[i].HoursPerWeek
		}
	}
	for j := range m {
		if resS[j] < 0 || resH[j] < -eps {
			return nil, 0, false
		}
	}
	sub := &assignment{m: m, start: []int32{0}, cap: make([]int32, m)}
	var idx, orig []int32
	hs := make([][]float64, m)
	for i, f := range nd.forced {
		if f >= 0 {
			continue
		}
		h := p.cases[i].HoursPerWeek
		before := len(sub.to)
		for e := p.g.start[i]; e < p.g.start[i+1]; e++ {
			j := p.g.to[e]
			if nd.forbid[e] || resS[j] == 0 || !fits(h, resH[j]) {
				continue
			}
			sub.to = append(sub.to, j)
			sub.score = append(sub.score, p.g.score[e])
			orig = append(orig, e)
			hs[j] = append(hs[j], h)
		}
		if len(sub.to) == before {
			continue
		}
		idx = append(idx, int32(i))
		sub.start = append(sub.start, int32(len(sub.to)))
		sub.bonus = append(sub.bonus, p.bonus[i])
	}
	for j := range m {
		slices.Sort(hs[j])
		sub.cap[j] = min(resS[j], fitCount(hs[j], resH[j]))
	}
	sub.n = len(idx)
	place := slices.Clone(nd.forced)
	if sub.n > 0 {
		for q, se := range solveAssignment(sub) {
			if se >= 0 {
				place[idx[q]] = orig[se]
			}
		}
	}
	return place, len(sub.to), true
}
