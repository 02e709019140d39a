package matching

import "math"

// assignment is a batch assignment problem: every case may be placed on at
// most one member it has an edge to, every member takes at most its free
// slots, and the total weight bonus[i]+score[e] of the placed pairs is to be
// maximised (cases may stay unplaced, at weight 0).
//
// It is solved exactly as a min-cost flow with Goldberg's cost-scaling
// push-relabel method on this bipartite network:
//
//	left  (supply): case i (1 unit), filler F (Σ cap units)
//	right (demand): member j (cap[j] units), unplaced u_i (1 unit) per case
//	arcs:           i→j (edge, cost −(bonus+score)·K), i→u_i (cost 0),
//	                F→j (cap[j], cost 0), F→u_i (1, cost 0)
//
// The filler takes the slots the cases leave free and the unplaced nodes of
// the placed cases, so every supply and demand is exact and no sink node is
// needed. Costs are multiplied by K = nodes+1; an ε-optimal flow with ε = 1
// is then ε < 1/nodes optimal in the original integer costs, hence optimal.
//
// Cases use the "double push" of Goldberg and Kennedy's CSA: a case finds
// its best and second best arcs, sets its price from the second best and
// pushes to the best in one step; a member that is over full pushes back the
// unit that is least attached to it.
type assignment struct {
	n, m  int
	start []int32 // CSR of each case's edges, len n+1
	to    []int32 // member per edge
	score []int32 // score in thousandths per edge
	bonus []int64 // per case: urgency bonus in thousandths
	cap   []int32 // free slots per member
}

// solveAssignment returns, per case, the edge index it is placed on or -1.
func solveAssignment(a *assignment) []int32 {
	s := newCSA(a)
	s.run()
	return s.placement()
}

// placement is, per case, the edge its unit went to, or -1.
func (s *csa) placement() []int32 {
	a := s.a
	out := make([]int32, a.n)
	for i := range out {
		out[i] = -1
		if r := s.at[i]; r >= 0 && int(r) < a.m {
			out[i] = s.atEdge[i]
		}
	}
	return out
}

type csa struct {
	a      *assignment
	n, m   int
	k      int64   // cost scale
	pL     []int64 // prices of cases, then F at index n
	pR     []int64 // prices of members, then u_i at m+i
	at     []int32 // right node holding case i's unit, -1 when active
	atEdge []int32 // edge index used (members only)
	atCost []int64 // scaled cost of the arc used
	// Member occupancy: the cases placed on member j are slot[off[j]:off[j]+cnt[j]].
	off, cnt []int32
	slot     []int32
	fF       []int32 // F's flow into each right node
	best     []int32 // per case: bestL cached arcs (edge index or dummyArc)
	bestR    []int32 // their right nodes
	bestV    []int64 // their values bonus+score (0 for dummyArc): key = pR + value·k
	nBest    []uint8
	bound    []int64 // per case: key of the best arc not cached
	eF       int64   // F's excess
	// fTree is a max segment tree over the right nodes of p(r) where F's
	// arc to r is residual (MinInt64 elsewhere): F finds its admissible
	// arcs and its relabel value without scanning every right node.
	fTree  []int64
	fSize  int
	queue  []int32
	inQ    []bool
	eps    int64
	fTotal int64
	// eps0, when set, is where the scaling starts (the prices come from a
	// similar problem); run gives up after pushLimit pushes when set.
	eps0, pushLimit, pushes int64
}

func newCSA(a *assignment) *csa {
	n, m := a.n, a.m
	s := &csa{a: a, n: n, m: m}
	nodes := int64(2*n + m + 1)
	s.k = nodes + 1
	s.pL = make([]int64, n+1)
	s.pR = make([]int64, m+n)
	s.at = make([]int32, n)
	s.atEdge = make([]int32, n)
	s.atCost = make([]int64, n)
	s.off = make([]int32, m+1)
	for j := 0; j < m; j++ {
		s.off[j+1] = s.off[j] + a.cap[j] + 1
		s.fTotal += int64(a.cap[j])
	}
	s.cnt = make([]int32, m)
	s.slot = make([]int32, s.off[m])
	s.fF = make([]int32, m+n)
	s.inQ = make([]bool, n+1)
	s.fSize = 1
	for s.fSize < m+n {
		s.fSize *= 2
	}
	s.fTree = make([]int64, 2*s.fSize)
	s.best = make([]int32, n*bestL)
	s.bestR = make([]int32, n*bestL)
	s.bestV = make([]int64, n*bestL)
	s.nBest = make([]uint8, n)
	s.bound = make([]int64, n)
	s.queue = make([]int32, 0, n+1)
	return s
}

// maxCost is the largest |arc cost| after scaling.
func (s *csa) maxCost() int64 {
	var c int64
	a := s.a
	for i := 0; i < s.n; i++ {
		for e := a.start[i]; e < a.start[i+1]; e++ {
			v := a.bonus[i] + int64(a.score[e])
			if v < 0 {
				v = -v
			}
			c = max(c, v)
		}
	}
	return c * s.k
}

const csaAlpha = 8

// run solves; it returns false when it gave up at pushLimit.
func (s *csa) run() bool {
	c := s.maxCost()
	if c == 0 {
		// No edges: everything stays unplaced.
		for i := range s.at {
			s.at[i] = int32(s.m + i)
		}
		return true
	}
	eps := c
	if s.eps0 > 0 {
		eps = min(eps, s.eps0*csaAlpha)
	}
	for {
		eps = max(1, eps/csaAlpha)
		if !s.refine(eps) {
			return false
		}
		if eps == 1 {
			return true
		}
	}
}

func (s *csa) capR(r int) int32 {
	if r < s.m {
		return s.a.cap[r]
	}
	return 1
}

// excess of right node r.
func (s *csa) excess(r int) int32 {
	if r < s.m {
		return s.cnt[r] + s.fF[r] - s.a.cap[r]
	}
	var occ int32
	if s.at[r-s.m] == int32(r) {
		occ = 1
	}
	return occ + s.fF[r] - 1
}

func (s *csa) push(v int32) {
	if !s.inQ[v] {
		s.inQ[v] = true
		s.queue = append(s.queue, v)
	}
}

func (s *csa) refine(eps int64) bool {
	s.eps = eps
	// Remove all flow; every left node becomes active. Left prices are
	// recomputed when a node pushes; F's is set so its arcs are ε-optimal.
	for i := range s.at {
		s.at[i] = -1
	}
	clear(s.cnt)
	clear(s.fF)
	s.eF = s.fTotal
	s.rebuildF()
	s.pL[s.n] = s.fTree[1] // every arc of F is residual now
	s.queue = s.queue[:0]
	for i := 0; i <= s.n; i++ {
		s.inQ[i] = true
		s.queue = append(s.queue, int32(i))
	}
	for head := 0; head < len(s.queue); head++ {
		v := s.queue[head]
		s.inQ[v] = false
		if int(v) == s.n {
			s.dischargeF()
		} else if s.at[v] < 0 {
			s.doublePush(int(v))
			if s.pushes++; s.pushLimit > 0 && s.pushes > s.pushLimit {
				return false
			}
		}
		if head > 4096 && head*2 > len(s.queue) { // keep the queue short
			s.queue = append(s.queue[:0], s.queue[head+1:]...)
			head = -1
		}
	}
	return true
}

// Each case caches its bestL best arcs and the key of the next best one
// (bound). Prices only ever fall, so keys only fall: when the two best of
// the cached arcs still reach bound, no other arc can beat them and the
// full scan is skipped (the "k-best list" of Goldberg and Kennedy's CSA-Q).
const bestL = 8

// dummyArc marks the unplaced arc in a case's cache.
const dummyArc = -1

// doublePush relabels active case i from its best and second best arcs
// and pushes its unit along the best one.
func (s *csa) doublePush(i int) {
	e1, k1, k2 := int32(dummyArc), int64(math.MinInt64), int64(math.MinInt64)
	lo, hi := i*bestL, i*bestL+int(s.nBest[i])
	if hi-lo >= 2 {
		for c := lo; c < hi; c++ {
			key := s.pR[s.bestR[c]] + s.bestV[c]*s.k
			if key > k1 {
				k2 = k1
				k1, e1 = key, s.best[c]
			} else if key > k2 {
				k2 = key
			}
		}
	}
	if hi-lo < 2 || k2 < s.bound[i] {
		e1, k1, k2 = s.scan(i)
	}
	if k2 == math.MinInt64 {
		s.pL[i] = k1 - s.eps
	} else {
		s.pL[i] = k2 - s.eps
	}
	var r1 int32
	if e1 == dummyArc {
		r1 = int32(s.m + i)
		s.atCost[i] = 0
	} else {
		a := s.a
		r1 = a.to[e1]
		s.atEdge[i] = e1
		s.atCost[i] = -(a.bonus[i] + int64(a.score[e1])) * s.k
		s.slot[s.off[r1]+s.cnt[r1]] = int32(i)
		s.cnt[r1]++
	}
	s.at[i] = r1
	if s.excess(int(r1)) > 0 {
		s.dischargeRight(int(r1))
	}
}

// scan looks at every arc of case i, refills its cache with the bestL best
// and sets bound to the next best key; it returns the best arc and the two
// best keys.
func (s *csa) scan(i int) (int32, int64, int64) {
	a := s.a
	base := a.bonus[i]
	k := s.k
	var topE [bestL + 1]int32
	var topK [bestL + 1]int64
	nt := 0
	insert := func(e int32, key int64) {
		if nt == bestL+1 && key <= topK[bestL] {
			return
		}
		p := nt
		if nt < bestL+1 {
			nt++
		} else {
			p = bestL
		}
		for p > 0 && topK[p-1] < key {
			topK[p], topE[p] = topK[p-1], topE[p-1]
			p--
		}
		topK[p], topE[p] = key, e
	}
	insert(dummyArc, s.pR[s.m+i])
	for e := a.start[i]; e < a.start[i+1]; e++ {
		key := s.pR[a.to[e]] + (base+int64(a.score[e]))*k
		if nt == bestL+1 && key <= topK[bestL] {
			continue
		}
		insert(e, key)
	}
	c := min(nt, bestL)
	copy(s.best[i*bestL:], topE[:c])
	for q, e := range topE[:c] {
		if e == dummyArc {
			s.bestR[i*bestL+q], s.bestV[i*bestL+q] = int32(s.m+i), 0
		} else {
			s.bestR[i*bestL+q], s.bestV[i*bestL+q] = a.to[e], base+int64(a.score[e])
		}
	}
	s.nBest[i] = uint8(c)
	s.bound[i] = math.MinInt64
	if nt > bestL {
		s.bound[i] = topK[bestL]
	}
	k2 := int64(math.MinInt64)
	if nt > 1 {
		k2 = topK[1]
	}
	return topE[0], topK[0], k2
}

// dischargeRight pushes units back from an over-full right node r,
// relabelling it when no reverse arc is admissible.
func (s *csa) dischargeRight(r int) {
	for {
		ex := s.excess(r)
		if ex <= 0 {
			return
		}
		// Most loosely attached unit: max of p(l) + c(l, r).
		best := int32(-1) // case index, or n for F
		bk := int64(math.MinInt64)
		if s.fF[r] > 0 {
			best, bk = int32(s.n), s.pL[s.n]
		}
		if r < s.m {
			for q := s.off[r]; q < s.off[r]+s.cnt[r]; q++ {
				l := s.slot[q]
				if key := s.pL[l] + s.atCost[l]; key > bk {
					best, bk = l, key
				}
			}
		} else if i := r - s.m; s.at[i] == int32(r) {
			if key := s.pL[i]; key > bk {
				best, bk = int32(i), key
			}
		}
		if bk <= s.pR[r] { // nothing admissible: relabel
			s.pR[r] = bk - s.eps
			s.updateF(r)
		}
		if int(best) == s.n {
			amt := min(ex, s.fF[r])
			s.fF[r] -= amt
			s.eF += int64(amt)
			s.updateF(r)
			s.push(int32(s.n))
			continue
		}
		l := best
		if r < s.m {
			for q := s.off[r]; q < s.off[r]+s.cnt[r]; q++ {
				if s.slot[q] == l {
					last := s.off[r] + s.cnt[r] - 1
					s.slot[q] = s.slot[last]
					s.cnt[r]--
					break
				}
			}
		}
		s.at[l] = -1
		s.push(l)
	}
}

// dischargeF pushes the filler's excess along admissible arcs (to right
// nodes priced above it), relabelling it when none is left.
func (s *csa) dischargeF() {
	for s.eF > 0 {
		if s.fTree[1] <= s.pL[s.n] { // nothing admissible: relabel F
			s.pL[s.n] = s.fTree[1] - s.eps
			continue
		}
		r := s.findF(s.pL[s.n])
		amt := int32(min(int64(s.capR(r)-s.fF[r]), s.eF))
		s.fF[r] += amt
		s.eF -= int64(amt)
		s.updateF(r)
		if s.excess(r) > 0 {
			s.dischargeRight(r) // may hand units back to F
		}
	}
	s.inQ[s.n] = false
}

func (s *csa) leafF(r int) int64 {
	if s.fF[r] < s.capR(r) {
		return s.pR[r]
	}
	return math.MinInt64
}

func (s *csa) rebuildF() {
	nr := s.m + s.n
	for r := 0; r < s.fSize; r++ {
		v := int64(math.MinInt64)
		if r < nr {
			v = s.leafF(r)
		}
		s.fTree[s.fSize+r] = v
	}
	for q := s.fSize - 1; q >= 1; q-- {
		s.fTree[q] = max(s.fTree[2*q], s.fTree[2*q+1])
	}
}

func (s *csa) updateF(r int) {
	q := s.fSize + r
	s.fTree[q] = s.leafF(r)
	for q >>= 1; q >= 1; q >>= 1 {
		v := max(s.fTree[2*q], s.fTree[2*q+1])
		if s.fTree[q] == v {
			break
		}
		s.fTree[q] = v
	}
}

// findF returns a right node whose leaf value exceeds t (tree root must).
func (s *csa) findF(t int64) int {
	q := 1
	for q < s.fSize {
		if s.fTree[2*q] > t {
			q = 2 * q
		} else {
			q = 2*q + 1
		}
	}
	return q - s.fSize
}
