package matching

import (
	"runtime"
	"sync"
)

// Rank lists every member for case c: the qualified ones first, best first,
// then the excluded ones by name, each with Dutch reasons and their codes.
// A score under a competency's norm does not exclude (norms are development
// targets): it lowers the score by Weights.Shortfall per scale point short;
// a score under a hard minimum (Config.Minimums) excludes.
//
// Qualified members are ordered by: the family's earlier regisseur first
// (continuity, when not expired), then Score descending, then more spare
// case capacity, then RegisseurID ascending. Excluded members carry every
// rule that excludes them, a zero Score and zero Parts; they are ordered by
// Name (byte order), then RegisseurID.
//
// Large pools are scored on up to GOMAXPROCS goroutines; the result does
// not depend on how many.
func Rank(c Case, members []Member, cfg Config) []Candidate {
	t := newTables(cfg.WithDefaults())
	cp := t.prepCase(&c)
	n := len(members)
	cands := make([]Candidate, n)
	// Each goroutine scores a share of the members and sorts the keys of
	// its share (order.go); the sorted shares are then merged, and the
	// candidates moved into that order.
	workers := workersFor(n, 4096)
	shares := make([]rankShare, workers)
	parallel(workers, n, func(k, lo, hi int) {
		w := newReasonWriter(t, &cp)
		var v memberView
		sh := newRankShare(hi - lo)
		for i := lo; i < hi; i++ {
			t.candidate(&cands[i], &cp, &v, &members[i], w)
			sh.add(&cands[i], i)
		}
		sh.sort()
		shares[k] = sh
	})
	reorder(cands, rankOrder(shares, n))
	return cands
}

// candidate fills cd (zero) with member m ranked for case c; v is scratch.
func (t *tables) candidate(cd *Candidate, c *casePrep, v *memberView, m *Member, w *reasonWriter) {
	cd.RegisseurID = m.RegisseurID
	cd.Name = m.Name
	cd.OrganisationID = m.OrganisationID
	cd.Capacity = capacityOf(m)
	t.fill(v, m)
	if mask := t.exclusions(c, v); mask != 0 {
		cd.Reasons, cd.ReasonCodes = w.exclusions(v, mask)
		return
	}
	t.fillScoring(v)
	cd.Parts = t.parts(c, v)
	cd.Score = float64(t.scoreMilli(cd.Parts)) / 1000
	cd.Qualified = true
	cd.Reasons, cd.ReasonCodes = w.scoring(v, cd.Parts)
}

// reorder moves the candidates into the given order in place, so that
// cands[pos] becomes what cands[order[pos]] was. It follows each cycle of
// the permutation once, marking the positions it has filled with -1. (In
// place, because a second array of candidates would double what the
// garbage collector has to deal with.)
func reorder(cands []Candidate, order []int32) {
	for start := range order {
		if order[start] < 0 {
			continue
		}
		held := cands[start]
		pos := start
		for int(order[pos]) != start {
			next := int(order[pos])
			cands[pos] = cands[next]
			order[pos] = -1
			pos = next
		}
		cands[pos] = held
		order[pos] = -1
	}
}

// workersFor picks how many goroutines to use for n items of which each
// goroutine should get at least minPer.
func workersFor(n, minPer int) int {
	w := min(runtime.GOMAXPROCS(0), 8, n/minPer)
	return max(w, 1)
}

// parallel runs fn over [0, n) split into w contiguous chunks; k is the
// chunk number.
func parallel(w, n int, fn func(k, lo, hi int)) {
	if w <= 1 {
		fn(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for k := range w {
		lo, hi := n*k/w, n*(k+1)/w
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(k, lo, hi)
		}()
	}
	wg.Wait()
}
