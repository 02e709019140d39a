package matching

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Rank's order. Candidates are large to move around, so each goroutine
// makes small keys for its share of them, holding what the order looks at
// and where the candidate is (index), and sorts those; the sorted shares
// are merged, and Rank then moves every candidate once.
//
// compareQualified and compareExcluded define the order. The sorts first
// put the keys in groups with a counting sort (sortByGroup), which is much
// faster than comparing every pair, so the groups must agree with them.

type qualifiedKey struct {
	score      int64 // Score in thousandths
	id         int64
	spare      int32
	index      int32
	continuity bool
}

type excludedKey struct {
	name  string
	id    int64
	index int32
}

// compareQualified is the order of the qualified candidates: continuity
// first, then Score descending, then more spare cases, then RegisseurID.
func compareQualified(a, b qualifiedKey) int {
	switch {
	case a.continuity != b.continuity:
		return trueFirst(a.continuity)
	case a.score != b.score:
		return trueFirst(a.score > b.score)
	case a.spare != b.spare:
		return trueFirst(a.spare > b.spare)
	}
	return cmp.Compare(a.id, b.id)
}

// compareExcluded is the order of the excluded candidates: by Name, then
// RegisseurID.
func compareExcluded(a, b excludedKey) int {
	if c := strings.Compare(a.name, b.name); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// trueFirst orders a before its opposite when a is true.
func trueFirst(a bool) int {
	if a {
		return -1
	}
	return 1
}

// rankShare holds the keys of a share of the candidates.
type rankShare struct {
	qual []qualifiedKey
	excl []excludedKey
}

// newRankShare returns an empty share for n candidates, with room for half
// of them of each kind (append makes more when needed).
func newRankShare(n int) rankShare {
	return rankShare{qual: make([]qualifiedKey, 0, n/2), excl: make([]excludedKey, 0, n/2)}
}

// add adds the key of cd, the candidate at index.
func (sh *rankShare) add(cd *Candidate, index int) {
	if cd.Qualified {
		score := int64(math.Round(cd.Score * 1000)) // Score is whole thousandths
		spare := int32(cd.Capacity.MaxCases - cd.Capacity.ActiveCases)
		sh.qual = append(sh.qual, qualifiedKey{score, cd.RegisseurID, spare, int32(index), cd.Parts.Continuity > 0})
	} else {
		sh.excl = append(sh.excl, excludedKey{cd.Name, cd.RegisseurID, int32(index)})
	}
}

// sort puts the share's keys in order.
func (sh *rankShare) sort() {
	sh.qual = sortQualified(sh.qual)
	sh.excl = sortExcluded(sh.excl)
}

// rankOrder merges the sorted shares into the indices of all candidates in
// Rank's order: the qualified ones, then the excluded ones.
func rankOrder(shares []rankShare, n int) []int32 {
	quals := make([][]qualifiedKey, len(shares))
	excls := make([][]excludedKey, len(shares))
	for k, sh := range shares {
		quals[k], excls[k] = sh.qual, sh.excl
	}
	order := make([]int32, 0, n)
	order = merge(order, quals, compareQualified, func(k qualifiedKey) int32 { return k.index })
	return merge(order, excls, compareExcluded, func(k excludedKey) int32 { return k.index })
}

// merge appends the indices of the keys of the sorted lists to order, in
// the order of all the keys together.
func merge[K any](order []int32, lists [][]K, compare func(a, b K) int, index func(K) int32) []int32 {
	for {
		first := -1
		for l := range lists {
			if len(lists[l]) > 0 && (first < 0 || compare(lists[l][0], lists[first][0]) < 0) {
				first = l
			}
		}
		if first < 0 {
			return order
		}
		order = append(order, index(lists[first][0]))
		lists[first] = lists[first][1:]
	}
}

// The groups of sortQualified: spareGroups per score (spare cases 0 …
// spareGroups-2, and one for more), when the scores span fewer than
// maxScoreSpan thousandths (the default weights keep them within 0–1000).
const (
	spareGroups  = 8
	maxScoreSpan = 1 << 11
)

// sortQualified returns the qualified keys in order. Scores are whole
// thousandths and spare cases small numbers, so the keys fall into groups:
// continuity first, then by score descending, then by spare cases
// descending; only keys in the same group need comparing. Scores spread
// too wide (extreme weights) are sorted by comparison alone.
func sortQualified(keys []qualifiedKey) []qualifiedKey {
	if len(keys) == 0 {
		return keys
	}
	lo, hi := keys[0].score, keys[0].score
	for _, k := range keys {
		lo, hi = min(lo, k.score), max(hi, k.score)
	}
	if uint64(hi-lo) >= maxScoreSpan { // as uint64, an overflow is a wide span too
		slices.SortFunc(keys, compareQualified)
		return keys
	}
	group := func(k qualifiedKey) int {
		if k.continuity {
			return 0
		}
		spare := min(max(int(k.spare), 0), spareGroups-1)
		return 1 + int(hi-k.score)*spareGroups + (spareGroups - 1 - spare)
	}
	return sortByGroup(keys, 1+int(hi-lo+1)*spareGroups, group, compareQualified)
}

// sortExcluded returns the excluded keys in order, grouped by the first
// byte of the name (names compare byte by byte).
func sortExcluded(keys []excludedKey) []excludedKey {
	group := func(k excludedKey) int {
		if k.name == "" {
			return 0
		}
		return 1 + int(k.name[0])
	}
	return sortByGroup(keys, 257, group, compareExcluded)
}

// sortByGroup returns the keys sorted by compare, for an order that goes
// by group first: group(k) is a number in [0, groups), and every key of a
// lower group comes first. A counting sort puts the keys in group order in
// two passes, so compare is only called for keys in the same group, which
// takes far fewer comparisons than sorting all keys by compare.
func sortByGroup[K any](keys []K, groups int, group func(K) int, compare func(a, b K) int) []K {
	start := make([]int, groups+1) // keys of group g go to sorted[start[g]:start[g+1]]
	for _, k := range keys {
		start[group(k)+1]++
	}
	for g := 1; g <= groups; g++ {
		start[g] += start[g-1]
	}
	sorted := make([]K, len(keys))
	next := slices.Clone(start[:groups])
	for _, k := range keys {
		g := group(k)
		sorted[next[g]] = k
		next[g]++
	}
	for g := range groups {
		slices.SortFunc(sorted[start[g]:start[g+1]], compare)
	}
	return sorted
}
