package matching

import (
	"cmp"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Rank lists every member for case c: the qualified ones first, best first,
// then the excluded ones by name, each with Dutch reasons.
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
	cfg = cfg.WithDefaults()
	t := newTables(cfg)
	cp := t.prepCase(&c)
	n := len(members)
	know := make([]string, len(cp.domains)+1)
	for k := range know {
		know[k] = knowledgeText(k, len(cp.domains))
	}

	// Pass 1, in input order (cache friendly) and split over the cores:
	// rules, parts, scores and reasons, written into a scratch array, plus
	// the sort keys of each worker's share (names sorted per share).
	pk, packed := newPacker(cfg.Weights)
	workers := workersFor(n, 4096)
	buf := getRankBuf(n, workers)
	scratch, shares := buf.scratch, buf.shares
	parallel(workers, n, func(w, lo, hi int) {
		sh := &shares[w]
		comp := make([]float64, len(t.keys))
		dom := make([]uint64, t.domWords())
		full := newPairCache(64, fullText)
		spare := newPairCache(64, spareText)
		var arena textArena
		var v memberView
		sh.qual = sh.qual[:0]
		sh.names = sh.names[:0]
		for i := lo; i < hi; i++ {
			m := &members[i]
			t.fill(&v, m, comp, dom)
			// The scratch is all zero (new, or cleared by the last pass 2):
			// set only what differs.
			cd := &scratch[i]
			cd.RegisseurID = m.RegisseurID
			cd.Name = m.Name
			cd.OrganisationID = m.OrganisationID
			cd.Capacity = capacityOf(m)
			if mask := t.exclusions(&cp, &v); mask != 0 {
				cd.Reasons = t.exclusionReasons(&cp, &v, mask, full, &arena)
				sh.names = append(sh.names, nameRec(m.Name, i))
				continue
			}
			t.fillRest(&v)
			p := t.parts(&cp, &v)
			s := t.scoreMilli(p)
			cd.Score = float64(s) / 1000
			cd.Qualified = true
			cd.Reasons = scoreReasons(arena.list(qualifiedReasonCount(&cp, m)), &cp, m, p, noCompetencyScores(&cp, &v), know, spare)
			cd.Parts = p
			sh.qual = append(sh.qual, pk.rec(p.Continuity > 0, s, m.MaxCases-m.ActiveCases, m.RegisseurID, i))
		}
		sh.tmp = sortNameRecs(sh.names, sh.tmp)
	})

	// Order: qualified by a stable radix sort, excluded by merging the
	// shares' name orders, concurrently; the result is allocated (and
	// zeroed) on the side as well.
	var excl []int32
	var out []Candidate
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		excl = mergeNames(buf, scratch)
		out = make([]Candidate, n)
	}()
	var order []int32
	if packed {
		order = sortPacked(buf)
	} else {
		order = sortQualifiedSlow(scratch, buf.order[:0])
	}
	wg.Wait()
	order = append(order, excl...)

	// Pass 2: move the candidates into the result in rank order, clearing
	// the scratch. It scatters in input order: the reads are sequential and
	// the random accesses are stores, which do not stall the core.
	inv := buf.inv[:0]
	inv = append(inv, order...) // any n int32s, overwritten next
	for pos, k := range order {
		inv[k] = int32(pos)
	}
	buf.inv = inv
	parallel(workers, n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			out[inv[i]] = scratch[i]
			scratch[i] = Candidate{}
		}
	})
	buf.order = order
	rankBufPool.Put(buf)
	return out
}

// rankBuf holds Rank's temporaries, recycled across calls; the scratch
// candidates are cleared before the buffer goes back.
type rankBuf struct {
	scratch []Candidate
	shares  []rankShare
	recs    []radixRec // qualified records of all shares
	tmp     []radixRec // radix scratch
	keys    []radixRec // merged name records
	order   []int32
	excl    []int32
	inv     []int32
}

var rankBufPool sync.Pool

func getRankBuf(n, workers int) *rankBuf {
	b, _ := rankBufPool.Get().(*rankBuf)
	if b == nil {
		b = &rankBuf{}
	}
	if cap(b.scratch) < n {
		b.scratch = make([]Candidate, n)
	}
	b.scratch = b.scratch[:n]
	for len(b.shares) < workers {
		b.shares = append(b.shares, rankShare{})
	}
	b.shares = b.shares[:workers]
	return b
}

// rankShare is what one pass-1 worker found: radix records of its
// qualified candidates (b: packed rank key, a: RegisseurID) and of its
// excluded candidates (b, a: the first 16 bytes of the name).
type rankShare struct {
	qual, names, tmp []radixRec
}

// packer packs (continuity first, score descending, spare cases descending)
// into one word, with widths fixed by the weights: scores lie between the
// sum of the negative and the sum of the positive weights.
type packer struct {
	hiScore int64
	sBits   int
}

const maxPackedSpare = 1<<16 - 1 // more spare cases than this tie on spare

func newPacker(w Weights) (packer, bool) {
	lo, hi := 0.0, 0.0
	for _, x := range []float64{w.Competency, w.Knowledge, w.Continuity, w.Load, w.Region} {
		if x < 0 {
			lo += x
		} else {
			hi += x
		}
	}
	if !(math.Abs(lo) < 1e12 && hi < 1e12) {
		return packer{}, false
	}
	p := packer{hiScore: int64(math.Ceil(hi*1000)) + 1}
	p.sBits = bits.Len64(uint64(p.hiScore - (int64(math.Floor(lo*1000)) - 1)))
	return p, 1+p.sBits+16 <= 64
}

func (p *packer) rec(cont bool, score int64, spare int, id int64, idx int) radixRec {
	var k uint64
	if !cont {
		k = 1
	}
	k = k<<p.sBits | uint64(p.hiScore-score)
	k = k<<16 | uint64(maxPackedSpare-min(max(spare, 0), maxPackedSpare))
	return radixRec{a: uint64(id) ^ 1<<63, b: k, idx: int32(idx)}
}

// sortPacked returns the indices of the qualified candidates in rank
// order: a stable LSD radix sort on the ID, then on the packed key.
func sortPacked(b *rankBuf) []int32 {
	recs := b.recs[:0]
	for i := range b.shares {
		recs = append(recs, b.shares[i].qual...)
	}
	b.tmp = radixSort2(recs, b.tmp, true)
	b.recs = recs
	order := b.order[:0]
	for _, r := range recs {
		order = append(order, r.idx)
	}
	return order
}

// sortQualifiedSlow is the comparison sort for weights too extreme to pack.
func sortQualifiedSlow(cands []Candidate, order []int32) []int32 {
	for i := range cands {
		if cands[i].Qualified {
			order = append(order, int32(i))
		}
	}
	spareOf := func(cd *Candidate) int { return cd.Capacity.MaxCases - cd.Capacity.ActiveCases }
	slices.SortFunc(order, func(a, b int32) int {
		ca, cb := &cands[a], &cands[b]
		if (ca.Parts.Continuity > 0) != (cb.Parts.Continuity > 0) {
			if ca.Parts.Continuity > 0 {
				return -1
			}
			return 1
		}
		if ca.Score != cb.Score {
			return cmp.Compare(cb.Score, ca.Score)
		}
		if sa, sb := spareOf(ca), spareOf(cb); sa != sb {
			return cmp.Compare(sb, sa)
		}
		return cmp.Compare(ca.RegisseurID, cb.RegisseurID)
	})
	return order
}

// radixRec is sorted by b, then a (stable LSD radix: a first, then b).
type radixRec struct {
	a, b uint64
	idx  int32
}

// radixSort2 sorts recs by (b, a) with a stable LSD radix sort (on a,
// then on b); with byA false it sorts by b alone, keeping the input order
// of ties. Digits on which no two keys differ are skipped.
func radixSort2(recs, tmp []radixRec, byA bool) []radixRec {
	if len(recs) < 2 {
		return tmp
	}
	const digit = 11
	const mask = 1<<digit - 1
	var varyA, varyB uint64
	a0, b0 := recs[0].a, recs[0].b
	for i := range recs {
		varyA |= recs[i].a ^ a0
		varyB |= recs[i].b ^ b0
	}
	if !byA {
		varyA = 0
	}
	if cap(tmp) < len(recs) {
		tmp = make([]radixRec, len(recs))
	}
	tmp = tmp[:len(recs)]
	src, dst := recs, tmp
	var count [1 << digit]int
	pass := func(useB bool, shift int) {
		clear(count[:])
		if useB {
			for i := range src {
				count[src[i].b>>shift&mask]++
			}
		} else {
			for i := range src {
				count[src[i].a>>shift&mask]++
			}
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		if useB {
			for i := range src {
				d := src[i].b >> shift & mask
				dst[count[d]] = src[i]
				count[d]++
			}
		} else {
			for i := range src {
				d := src[i].a >> shift & mask
				dst[count[d]] = src[i]
				count[d]++
			}
		}
		src, dst = dst, src
	}
	for shift := 0; shift < 64; shift += digit {
		if varyA>>shift&mask != 0 {
			pass(false, shift)
		}
	}
	for shift := 0; shift < 64; shift += digit {
		if varyB>>shift&mask != 0 {
			pass(true, shift)
		}
	}
	if &src[0] != &recs[0] {
		copy(recs, src)
	}
	return tmp
}

// sortNameRecs sorts one share's name records by (b, a): a radix sort on
// b, then runs of equal b (names sharing 8 bytes) by a.
func sortNameRecs(recs, tmp []radixRec) []radixRec {
	tmp = radixSort2(recs, tmp, false)
	for lo := 0; lo < len(recs); {
		hi := lo + 1
		for hi < len(recs) && recs[hi].b == recs[lo].b {
			hi++
		}
		if hi-lo > 1 {
			slices.SortStableFunc(recs[lo:hi], func(x, y radixRec) int { return cmp.Compare(x.a, y.a) })
		}
		lo = hi
	}
	return tmp
}

// nameRec is the radix record of an excluded candidate: its name's first
// 16 bytes as two big-endian words (b, then a); ties on those are put in
// full name order, then RegisseurID, after the merge.
func nameRec(name string, idx int) radixRec {
	r := radixRec{b: namePrefix(name), idx: int32(idx)}
	if len(name) > 8 {
		r.a = namePrefix(name[8:])
	}
	return r
}

// namePrefix is the name's first 8 bytes as a big-endian word, zero padded:
// comparing prefixes orders like comparing the strings, up to ties.
func namePrefix(s string) uint64 {
	var k uint64
	for i := 0; i < 8; i++ {
		k <<= 8
		if i < len(s) {
			k |= uint64(s[i])
		}
	}
	return k
}

func lessRec(x, y radixRec) bool { return x.b < y.b || x.b == y.b && x.a < y.a }

// mergeNames merges the shares' sorted name records and puts runs with
// equal 16-byte prefixes in full name order, then RegisseurID.
func mergeNames(b *rankBuf, cands []Candidate) []int32 {
	shares := b.shares
	keys := shares[0].names
	if len(shares) > 1 {
		keys = b.keys[:0]
		pos := make([]int, len(shares))
		for {
			best := -1
			for w := range shares {
				l := shares[w].names
				if pos[w] < len(l) && (best < 0 || lessRec(l[pos[w]], shares[best].names[pos[best]])) {
					best = w
				}
			}
			if best < 0 {
				break
			}
			keys = append(keys, shares[best].names[pos[best]])
			pos[best]++
		}
		b.keys = keys
	}
	order := b.excl[:0]
	for _, k := range keys {
		order = append(order, k.idx)
	}
	b.excl = order
	for lo := 0; lo < len(keys); {
		hi := lo + 1
		for hi < len(keys) && keys[hi].a == keys[lo].a && keys[hi].b == keys[lo].b {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(order[lo:hi], func(a, b int32) int {
				if c := strings.Compare(cands[a].Name, cands[b].Name); c != 0 {
					return c
				}
				return cmp.Compare(cands[a].RegisseurID, cands[b].RegisseurID)
			})
		}
		lo = hi
	}
	return order
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
