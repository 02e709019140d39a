package matching

import (
	"slices"
	"time"
)

// Large assignments are solved on a sparse subset of the pairs: per case
// the sparseK best scoring ones. The flow on the subset comes with prices,
// and when no pair outside the subset violates ε-optimality (ε = 1 in the
// scaled costs) for those prices, the flow is optimal for all pairs, by
// the same argument that makes the cost scaling exact. Pairs that do
// violate it are added and the subset solved again, from the prices found
// (a warm start), until none does. Repeated solves with lowered capacities
// (the hours repair) reuse the subset and the prices.
const (
	sparseK   = 24
	sparseL   = 8       // per member, its best cases join the subset too
	sparseAdd = 4       // per case and round, at most this many violating pairs join
	sparseMin = 1 << 18 // pairs below which the plain solver is used
)

// useSparse switches the sparse solve on (still being tuned: off).
var useSparse = false

// flowSolver solves the assignment over all pairs for changing capacities.
type flowSolver struct {
	full  *assignment
	sub   *assignment // nil: solve full directly
	orig  []int32     // sub edge -> full edge
	pL    []int64     // prices of the last solve
	pR    []int64
	extra [][]int32 // per case: full edges added after violating
	stats struct{ solves, added int }
}

func newFlowSolver(full *assignment) *flowSolver {
	fs := &flowSolver{full: full}
	if useSparse && len(full.to) >= sparseMin && len(full.to) > 4*sparseK*full.n {
		fs.extra = memberTops(full)
		fs.buildSub()
	}
	return fs
}

// buildSub lays out the subset: per case its sparseK best pairs by score
// (ties by edge order) and the pairs added since.
func (fs *flowSolver) buildSub() {
	a := fs.full
	sub := &assignment{n: a.n, m: a.m, start: make([]int32, 1, a.n+1), bonus: a.bonus}
	sub.to = make([]int32, 0, a.n*sparseK)
	sub.score = make([]int32, 0, a.n*sparseK)
	fs.orig = make([]int32, 0, a.n*sparseK)
	var top []int32
	for i := 0; i < a.n; i++ {
		top = topEdges(a, i, top[:0])
		top = append(top, fs.extra[i]...)
		slices.Sort(top)
		top = slices.Compact(top)
		for _, e := range top {
			sub.to = append(sub.to, a.to[e])
			sub.score = append(sub.score, a.score[e])
			fs.orig = append(fs.orig, e)
		}
		sub.start = append(sub.start, int32(len(sub.to)))
	}
	fs.sub = sub
}

// memberTops returns per case the edges by which it is among some member's
// sparseL best scoring cases, so every member is in the subset.
func memberTops(a *assignment) [][]int32 {
	heaps := make([][]int32, a.m)   // per member a min-heap of edges by score
	edgeCase := func(e int32) int { // the case of edge e
		i, _ := slices.BinarySearch(a.start, e+1)
		return i - 1
	}
	worse := func(x, y int32) bool { return a.score[x] < a.score[y] || (a.score[x] == a.score[y] && x > y) }
	for i := 0; i < a.n; i++ {
		for e := a.start[i]; e < a.start[i+1]; e++ {
			h := heaps[a.to[e]]
			if len(h) < sparseL {
				h = append(h, e)
				heapUp(h, len(h)-1, worse)
			} else if worse(h[0], e) {
				h[0] = e
				heapDown(h, 0, worse)
			}
			heaps[a.to[e]] = h
		}
	}
	extra := make([][]int32, a.n)
	for _, h := range heaps {
		for _, e := range h {
			i := edgeCase(e)
			extra[i] = append(extra[i], e)
		}
	}
	return extra
}

func heapUp(h []int32, q int, worse func(x, y int32) bool) {
	for q > 0 {
		parent := (q - 1) / 2
		if !worse(h[q], h[parent]) {
			return
		}
		h[q], h[parent] = h[parent], h[q]
		q = parent
	}
}

func heapDown(h []int32, q int, worse func(x, y int32) bool) {
	for {
		c := 2*q + 1
		if c >= len(h) {
			return
		}
		if c+1 < len(h) && worse(h[c+1], h[c]) {
			c++
		}
		if !worse(h[c], h[q]) {
			return
		}
		h[q], h[c] = h[c], h[q]
		q = c
	}
}

// topEdges appends case i's sparseK best edges by score to top, using it
// as a min-heap of the best so far.
func topEdges(a *assignment, i int, top []int32) []int32 {
	worse := func(x, y int32) bool { return a.score[x] < a.score[y] || (a.score[x] == a.score[y] && x > y) }
	for e := a.start[i]; e < a.start[i+1]; e++ {
		if len(top) < sparseK {
			top = append(top, e)
			heapUp(top, len(top)-1, worse)
		} else if worse(top[0], e) {
			top[0] = e
			heapDown(top, 0, worse)
		}
	}
	return top
}

// solve returns, per case, the full edge it is placed on or -1: an
// optimum over all pairs for the capacities caps.
func (fs *flowSolver) solve(caps []int32) []int32 {
	fs.full.cap = caps
	if fs.sub == nil {
		return solveAssignment(fs.full)
	}
	for {
		fs.sub.cap = caps
		s := newCSA(fs.sub)
		if fs.pL != nil && warmEps > 0 {
			copy(s.pL, fs.pL)
			copy(s.pR, fs.pR)
			s.warm = true
		}
		t0 := time.Now()
		s.run()
		fs.pL, fs.pR = s.pL, s.pR
		added := fs.addViolations(s)
		fs.stats.solves++
		fs.stats.added += added
		if debugRounds {
			println("solve", fs.stats.solves, "csa", time.Since(t0).String(), "phases", s.phases, "pushes", s.pushes, "edges", len(fs.sub.to), "added", added, time.Now().Format("15:04:05.000"))
		}
		if added == 0 {
			out := make([]int32, fs.full.n)
			for i := range out {
				out[i] = -1
				if r := s.at[i]; r >= 0 && int(r) < s.m {
					out[i] = fs.orig[s.atEdge[i]]
				}
			}
			return out
		}
		fs.buildSub()
	}
}

// addViolations adds every pair outside the subset that is not ε-optimal
// for s's prices and returns how many there were.
func (fs *flowSolver) addViolations(s *csa) int {
	a := fs.full
	counts := make([]int, workersFor(a.n, 256))
	found := make([][]int32, a.n)
	parallel(len(counts), a.n, func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			limit := s.pL[i] + s.eps
			base := a.bonus[i]
			used := int32(-1)
			if r := s.at[i]; r >= 0 && int(r) < s.m {
				used = fs.orig[s.atEdge[i]]
			}
			var top [sparseAdd]int32
			var keys [sparseAdd]int64
			nt := 0
			for e := a.start[i]; e < a.start[i+1]; e++ {
				key := s.pR[a.to[e]] + (base+int64(a.score[e]))*s.k
				if key <= limit || e == used {
					continue
				}
				counts[w]++
				if nt < sparseAdd {
					top[nt], keys[nt] = e, key
					nt++
					continue
				}
				q := 0 // replace the weakest kept
				for r := 1; r < sparseAdd; r++ {
					if keys[r] < keys[q] {
						q = r
					}
				}
				if key > keys[q] {
					top[q], keys[q] = e, key
				}
			}
			found[i] = append(found[i], top[:nt]...)
		}
	})
	total := 0
	for _, c := range counts {
		total += c
	}
	for i, f := range found {
		fs.extra[i] = append(fs.extra[i], f...)
	}
	return total
}
