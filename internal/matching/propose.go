package matching

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// Propose assigns many waiting cases at once.
//
// Objective, lexicographic: per urgency level from the highest down, place
// as many cases as possible; then maximise the total score. A case may only
// go to a member that is qualified for it by Rank's rules, no member gets
// more cases than MaxCases − ActiveCases, and the cases placed on a member
// need no more hours per week than HoursPerWeek − HoursCommitted.
//
// Without the hours the problem is an assignment, solved exactly as a
// min-cost flow by cost scaling over all qualified pairs (flow.go): each
// placed case is worth its score plus an urgency bonus, rank(urgency) ×
// (2·cases·maxScore + 1); the sets of cases that can be placed together
// form a matroid, so the most valuable flow places the most cases per level
// from the highest down, then the highest total score. With hours (a
// multi-dimensional assignment, NP-hard in general) this flow, with each
// member's slots lowered to what its hours could hold at best, is a
// relaxation: its value bounds the optimum from above.
//
// The proposal starts from the relaxation's solution. Where a member runs
// over its hours it keeps the most urgent cases that fit, its slots are
// lowered to that many and the whole flow is solved again, until no member
// runs over (repair); then unplaced cases fill the room left and take the
// place of less urgent cases where the hours allow (improve), so no case is
// left unplaced while a less urgent one holds a place it could take. On
// small instances a branch and bound over the relaxation (exact.go) then
// finds the optimum and proves it. Levels tells per urgency level whether
// the count placed is proven maximal; Exact is true only when the whole
// proposal is a proven optimum, and Gap bounds the loss in total score.
func Propose(cases []Case, members []Member, cfg Config) Proposal {
	cfg = cfg.WithDefaults()
	t := newTables(cfg)
	n, m := len(cases), len(members)
	prop := Proposal{Pairs: []Pair{}, Unplaced: []Unplaced{}, Levels: []LevelCount{}}
	if n == 0 {
		prop.Exact = true
		return prop
	}
	cps := make([]casePrep, n)
	for i := range cases {
		cps[i] = t.prepCase(&cases[i])
	}
	views := prepareMembers(t, members)
	g := buildEdges(t, cps, views)

	// Urgency bonus and level per case.
	levels := make([]int, 0, 4)
	for i := range cases {
		levels = append(levels, cases[i].Urgency)
	}
	slices.Sort(levels)
	levels = slices.Compact(levels)
	maxS := int64(1)
	for _, s := range g.score {
		maxS = max(maxS, abs64(int64(s)))
	}
	unit := 2*int64(n)*maxS + 1
	p := &problem{cases: cases, members: members, g: g, bonus: make([]int64, n), level: make([]int8, n),
		nLevels: len(levels), slots: make([]int32, m), hours: make([]float64, m)}
	for i := range cases {
		r, _ := slices.BinarySearch(levels, cases[i].Urgency)
		p.bonus[i] = int64(r+1) * unit
		p.level[i] = int8(len(levels) - 1 - r)
	}
	// Keep the scaled costs and prices well inside int64.
	nodes := float64(2*n + m + 2)
	if len(levels) > 100 || (float64(len(levels))*float64(unit)+float64(maxS))*nodes*nodes*8 > 9e18 {
		for i := range cases {
			prop.Unplaced = append(prop.Unplaced, Unplaced{CaseID: cases[i].ID,
				Reason: "Te veel casussen in één voorstel om exact in te delen; splits de batch"})
		}
		return prop
	}
	for j := range members {
		p.slots[j] = int32(max(0, members[j].MaxCases-members[j].ActiveCases))
		p.hours[j] = hoursLeft(&members[j])
	}

	caps := p.effectiveCaps()
	root := p.relax(caps)
	bound := p.value(root)
	place := p.repair(caps, root)
	inc := p.value(place)
	open := []value{bound}
	if compareValues(inc, bound) < 0 && exactSearch && p.smallEnough() {
		place, inc, open = p.branchAndBound(place, inc)
	}
	pr := p.prove(inc, open)

	st := p.newState(place)
	for i, e := range place {
		if e >= 0 {
			j := g.to[e]
			prop.Pairs = append(prop.Pairs, Pair{CaseID: cases[i].ID, RegisseurID: members[j].RegisseurID, Score: float64(g.score[e]) / 1000})
			continue
		}
		reason := st.reason(i)
		if g.start[i+1] == g.start[i] {
			reason = noCandidateReason(&g.excl[i], m)
		}
		prop.Unplaced = append(prop.Unplaced, Unplaced{CaseID: cases[i].ID, Reason: reason})
	}
	for l := range p.nLevels {
		lc := LevelCount{Urgency: levels[len(levels)-1-l], Placed: inc.placed[l], Proven: pr.proven[l]}
		for i := range cases {
			if int(p.level[i]) == l {
				lc.Waiting++
			}
		}
		prop.Levels = append(prop.Levels, lc)
	}
	prop.Total = float64(inc.score) / 1000
	prop.UpperBound = float64(pr.upper) / 1000
	if pr.upper > 0 && inc.score < pr.upper {
		prop.Gap = float64(pr.upper-inc.score) / float64(pr.upper)
	}
	prop.Exact = pr.exact
	return prop
}

// exactSearch switches the branch and bound on (tests switch it off to
// check the repair alone).
var exactSearch = true

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// prepareMembers lays every member out once for all cases.
func prepareMembers(t *tables, members []Member) []memberView {
	views := make([]memberView, len(members))
	for j := range members {
		t.fill(&views[j], &members[j])
		t.fillScoring(&views[j])
	}
	return views
}

// edges are the qualified (case, member) pairs with their scores, per case
// (CSR), and per case how many members each rule excluded.
type edges struct {
	start []int32
	to    []int32
	score []int32
	excl  [][numExclusions]int32
}

// maxEdgeScore bounds |score| in thousandths (weights summing to at most
// 10^6); larger scores are clamped.
const maxEdgeScore = 1_000_000_000

// buildEdges evaluates every pair with Rank's rules, split over the cores,
// in two passes: the first applies the exclusion rules and marks the
// qualified pairs in a bit set (a bit per pair), so the second can score
// them straight into arrays of the exact size.
func buildEdges(t *tables, cps []casePrep, views []memberView) *edges {
	n, m := len(cps), len(views)
	g := &edges{start: make([]int32, n+1), excl: make([][numExclusions]int32, n)}
	words := (m + 63) / 64
	qualified := make([]uint64, n*words)
	workers := workersFor(n*max(m, 1), 1<<15)
	workers = min(workers, max(n, 1))
	parallel(workers, n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			cp := &cps[i]
			ex := &g.excl[i]
			row := qualified[i*words : (i+1)*words]
			deg := int32(0)
			for j := range views {
				if mask := t.exclusions(cp, &views[j]); mask != 0 {
					for b := mask; b != 0; b &= b - 1 {
						ex[bits.TrailingZeros16(b)]++
					}
					continue
				}
				row[j>>6] |= 1 << (j & 63)
				deg++
			}
			g.start[i+1] = deg
		}
	})
	for i := range n {
		g.start[i+1] += g.start[i]
	}
	g.to = make([]int32, g.start[n])
	g.score = make([]int32, g.start[n])
	parallel(workers, n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			cp := &cps[i]
			e := g.start[i]
			for w, word := range qualified[i*words : (i+1)*words] {
				for ; word != 0; word &= word - 1 {
					j := w<<6 | bits.TrailingZeros64(word)
					s := t.scoreMilli(t.parts(cp, &views[j]))
					g.to[e] = int32(j)
					g.score[e] = int32(min(max(s, -maxEdgeScore), maxEdgeScore))
					e++
				}
			}
		}
	})
	return g
}

var exclusionLabels = [numExclusions]string{
	"niet actief", "gepauzeerd", "afwezig (verlof)", "zonder ruimte", "te weinig uren",
	"niet onafhankelijk", "met contra-indicatie", "onder het minimum",
}

// noCandidateReason summarises why no member qualified, most common rule
// first: "Geen gekwalificeerde regisseur: 12 zonder ruimte, 3 niet
// onafhankelijk". A member excluded by several rules counts for each.
func noCandidateReason(ex *[numExclusions]int32, members int) string {
	if members == 0 {
		return "Geen gekwalificeerde regisseur: de pool is leeg"
	}
	order := make([]int, 0, numExclusions)
	for k := range ex {
		if ex[k] > 0 {
			order = append(order, k)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(ex[b] - ex[a]) })
	var sb strings.Builder
	sb.WriteString("Geen gekwalificeerde regisseur: ")
	for q, k := range order {
		if q > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(strconv.Itoa(int(ex[k])))
		sb.WriteByte(' ')
		sb.WriteString(exclusionLabels[k])
	}
	return sb.String()
}
