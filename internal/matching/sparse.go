package matching

import "slices"

// Large assignments are solved in two steps. First a sparse subset of the
// pairs: per case its sparseK best scoring pairs, and per member the
// sparseL best scoring cases (so every member takes part). Its prices are
// close to those of the whole problem, so the cost scaling over all pairs
// then starts from them at a small ε (warmEps) instead of from zero at
// the largest cost, and most cases find their place in a few scans. The
// second step is the same exact algorithm over every pair (any starting
// prices give an optimum; only the running time depends on them). Should
// the warm start go badly (more than warmPushes pushes per case), the
// solve starts again cold.
const (
	sparseK    = 24
	sparseL    = 8
	warmEps    = 16  // thousandths of a score point
	warmPushes = 400 // per case, before the warm start is given up
)

// sparseMin is the number of pairs below which the plain solver is used
// (a variable for the tests).
var sparseMin = 1 << 18

// solveLarge solves a like solveAssignment, through a sparse subset first
// when a is large.
func solveLarge(a *assignment) []int32 {
	if len(a.to) < sparseMin || len(a.to) <= 4*sparseK*a.n {
		return solveAssignment(a)
	}
	sub := sparseSubset(a)
	s := newCSA(sub)
	s.run()
	f := newCSA(a)
	copy(f.pL, s.pL)
	copy(f.pR, s.pR)
	f.eps0 = warmEps * f.k
	f.pushLimit = int64(warmPushes*a.n + 100_000)
	if testPushLimit > 0 {
		f.pushLimit = testPushLimit
	}
	if !f.run() {
		f = newCSA(a)
		f.run()
	}
	return f.placement()
}

// testPushLimit replaces the warm start's push limit in tests.
var testPushLimit int64

// sparseSubset is the assignment over each case's sparseK best pairs and
// each member's sparseL best cases.
func sparseSubset(a *assignment) *assignment {
	extra := memberTops(a)
	sub := &assignment{n: a.n, m: a.m, start: make([]int32, 1, a.n+1), bonus: a.bonus, cap: a.cap}
	sub.to = make([]int32, 0, a.n*(sparseK+1))
	sub.score = make([]int32, 0, a.n*(sparseK+1))
	var top []int64
	var edges []int32
	for i := 0; i < a.n; i++ {
		top = top[:0]
		for e := a.start[i]; e < a.start[i+1]; e++ {
			top = keepBest(top, edgeKey(a, e), sparseK)
		}
		edges = edges[:0]
		for _, key := range top {
			edges = append(edges, keyEdge(key))
		}
		edges = append(edges, extra[i]...)
		slices.Sort(edges)
		for _, e := range slices.Compact(edges) {
			sub.to = append(sub.to, a.to[e])
			sub.score = append(sub.score, a.score[e])
		}
		sub.start = append(sub.start, int32(len(sub.to)))
	}
	return sub
}

// edgeKey orders edges by score, then by index (lower first): a larger
// key is a better edge.
func edgeKey(a *assignment, e int32) int64 {
	return int64(a.score[e])<<32 | int64(^uint32(e))
}

func keyEdge(key int64) int32 { return int32(^uint32(key)) }

// keepBest adds key to h, a min-heap of at most size keys, keeping the
// largest.
func keepBest(h []int64, key int64, size int) []int64 {
	if len(h) < size {
		h = append(h, key)
		for q := len(h) - 1; q > 0; {
			parent := (q - 1) / 2
			if h[parent] <= h[q] {
				break
			}
			h[q], h[parent] = h[parent], h[q]
			q = parent
		}
		return h
	}
	if key <= h[0] {
		return h
	}
	h[0] = key
	for q := 0; ; {
		c := 2*q + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && h[c+1] < h[c] {
			c++
		}
		if h[q] <= h[c] {
			break
		}
		h[q], h[c] = h[c], h[q]
		q = c
	}
	return h
}

// memberTops returns per case the edges by which it is among some member's
// sparseL best cases.
func memberTops(a *assignment) [][]int32 {
	heaps := make([][]int64, a.m)
	for i := 0; i < a.n; i++ {
		for e := a.start[i]; e < a.start[i+1]; e++ {
			j := a.to[e]
			heaps[j] = keepBest(heaps[j], edgeKey(a, e), sparseL)
		}
	}
	extra := make([][]int32, a.n)
	for _, h := range heaps {
		for _, key := range h {
			e := keyEdge(key)
			i, _ := slices.BinarySearch(a.start, e+1) // the case of edge e
			extra[i-1] = append(extra[i-1], e)
		}
	}
	return extra
}
