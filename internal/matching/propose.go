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
// go to a member that is qualified for it by Rank's rules, and no member
// gets more cases than MaxCases − ActiveCases. This part is solved exactly
// (min-cost flow by cost scaling over all qualified pairs, no pruning): each
// placed case is worth its score plus an urgency bonus, rank(urgency) ×
// (2·cases·maxScore + 1), so one more case on a higher level outweighs any
// change in score and any number of cases on lower levels.
//
// Hours are checked after the flow: where a member's placed cases need more
// hours than HoursPerWeek − HoursCommitted, the member's least urgent, then
// lowest-scoring cases are taken off until they fit, and the freed cases
// are offered to members with room left (cases and hours) in another exact
// pass; a member that ran over takes no further cases. No capacity is ever
// exceeded. UpperBound is the score total of the flow optimum without the
// hours check; when hours did not bind, Total equals it, Gap is 0 and Exact
// is true.
func Propose(cases []Case, members []Member, cfg Config) Proposal {
	cfg = cfg.WithDefaults()
	t := newTables(cfg)
	n, m := len(cases), len(members)
	prop := Proposal{Pairs: []Pair{}, Unplaced: []Unplaced{}}
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

	// Urgency bonus per case.
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
	bonus := make([]int64, n)
	for i := range cases {
		r, _ := slices.BinarySearch(levels, cases[i].Urgency)
		bonus[i] = int64(r+1) * unit
	}
	// Keep the scaled costs and prices well inside int64.
	nodes := float64(2*n + m + 2)
	if (float64(len(levels))*float64(unit)+float64(maxS))*nodes*nodes*8 > 9e18 {
		for i := range cases {
			prop.Unplaced = append(prop.Unplaced, Unplaced{CaseID: cases[i].ID,
				Reason: "Te veel casussen in één voorstel om exact in te delen; splits de batch"})
		}
		return prop
	}

	slots := make([]int32, m)
	for j := range members {
		slots[j] = int32(max(0, members[j].MaxCases-members[j].ActiveCases))
	}
	place := solveAssignment(&assignment{n: n, m: m, start: g.start, to: g.to, score: g.score, bonus: bonus, cap: slots})
	var ub int64
	for _, e := range place {
		if e >= 0 {
			ub += int64(g.score[e])
		}
	}

	// Hours: take cases off members that run over, re-place them elsewhere.
	dropped := repairHours(cases, members, g, bonus, slots, place)

	var total int64
	for i, e := range place {
		if e >= 0 {
			j := g.to[e]
			total += int64(g.score[e])
			prop.Pairs = append(prop.Pairs, Pair{CaseID: cases[i].ID, RegisseurID: members[j].RegisseurID, Score: float64(g.score[e]) / 1000})
			continue
		}
		var reason string
		switch {
		case g.start[i+1] == g.start[i]:
			reason = noCandidateReason(&g.excl[i], m)
		case dropped[i]:
			reason = "Gekwalificeerde regisseurs met ruimte hebben niet genoeg uren per week over"
		default:
			reason = "Alle gekwalificeerde regisseurs zijn al ingedeeld (capaciteit op)"
		}
		prop.Unplaced = append(prop.Unplaced, Unplaced{CaseID: cases[i].ID, Reason: reason})
	}
	prop.Total = float64(total) / 1000
	prop.UpperBound = float64(ub) / 1000
	if ub > 0 && total < ub {
		prop.Gap = float64(ub-total) / float64(ub)
	}
	prop.Exact = !slices.Contains(dropped, true)
	return prop
}

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

// buildEdges evaluates every pair with Rank's rules, split over the cores.
func buildEdges(t *tables, cps []casePrep, views []memberView) *edges {
	n := len(cps)
	g := &edges{start: make([]int32, n+1), excl: make([][numExclusions]int32, n)}
	deg := make([]int32, n)
	workers := workersFor(n*max(len(views), 1), 1<<15)
	workers = min(workers, max(n, 1))
	type part struct{ to, score []int32 }
	parts := make([]part, workers)
	parallel(workers, n, func(w, lo, hi int) {
		var p part
		// Typical pools qualify well under half the members for a case.
		p.to = make([]int32, 0, (hi-lo)*len(views)/2+16)
		p.score = make([]int32, 0, cap(p.to))
		for i := lo; i < hi; i++ {
			cp := &cps[i]
			ex := &g.excl[i]
			for j := range views {
				v := &views[j]
				if mask := t.exclusions(cp, v); mask != 0 {
					for b := mask; b != 0; b &= b - 1 {
						ex[bits.TrailingZeros16(b)]++
					}
					continue
				}
				s := t.scoreMilli(t.parts(cp, v))
				s = min(max(s, -maxEdgeScore), maxEdgeScore)
				p.to = append(p.to, int32(j))
				p.score = append(p.score, int32(s))
				deg[i]++
			}
		}
		parts[w] = p
	})
	for i := range deg {
		g.start[i+1] = g.start[i] + deg[i]
	}
	g.to = make([]int32, 0, g.start[n])
	g.score = make([]int32, 0, g.start[n])
	for _, p := range parts {
		g.to = append(g.to, p.to...)
		g.score = append(g.score, p.score...)
	}
	return g
}

// repairHours takes cases off members whose placed cases need more hours
// than they have left and re-places them on members with room, in exact
// passes, until no member runs over. It updates place and returns which
// cases were taken off at some point.
func repairHours(cases []Case, members []Member, g *edges, bonus []int64, slots []int32, place []int32) []bool {
	n, m := len(cases), len(members)
	dropped := make([]bool, n)
	frozen := make([]bool, m)
	usedHours := make([]float64, m)
	usedSlots := make([]int32, m)
	byMember := make([][]int32, m)
	for i, e := range place {
		if e >= 0 {
			j := g.to[e]
			usedHours[j] += cases[i].HoursPerWeek
			usedSlots[j]++
			byMember[j] = append(byMember[j], int32(i))
		}
	}
	left := func(j int) float64 { return members[j].HoursPerWeek - members[j].HoursCommitted }
	for {
		over := false
		for j := 0; j < m; j++ {
			if usedHours[j] <= left(j)+eps {
				continue
			}
			over = true
			frozen[j] = true
			list := byMember[j]
			// Least urgent first, then lowest score, then most hours.
			slices.SortFunc(list, func(a, b int32) int {
				ca, cb := &cases[a], &cases[b]
				if ca.Urgency != cb.Urgency {
					return ca.Urgency - cb.Urgency
				}
				if sa, sb := g.score[place[a]], g.score[place[b]]; sa != sb {
					return int(sa - sb)
				}
				if ca.HoursPerWeek != cb.HoursPerWeek {
					if ca.HoursPerWeek > cb.HoursPerWeek {
						return -1
					}
					return 1
				}
				return int(b - a)
			})
			k := 0
			for usedHours[j] > left(j)+eps && k < len(list) {
				i := list[k]
				usedHours[j] -= cases[i].HoursPerWeek
				usedSlots[j]--
				place[i] = -1
				dropped[i] = true
				k++
			}
			byMember[j] = append(list[:0:0], list[k:]...)
		}
		if !over {
			return dropped
		}
		// Re-place every unplaced case that has candidates, on members that
		// did not run over and have room left.
		var idx []int32  // sub-problem case -> case
		var orig []int32 // sub-problem edge -> edge
		sub := &assignment{m: m, start: []int32{0}, cap: make([]int32, m)}
		for j := 0; j < m; j++ {
			if !frozen[j] {
				sub.cap[j] = slots[j] - usedSlots[j]
			}
		}
		for i := 0; i < n; i++ {
			if place[i] >= 0 {
				continue
			}
			before := len(sub.to)
			for e := g.start[i]; e < g.start[i+1]; e++ {
				j := g.to[e]
				if sub.cap[j] > 0 && cases[i].HoursPerWeek <= left(int(j))-usedHours[j]+eps {
					sub.to = append(sub.to, j)
					sub.score = append(sub.score, g.score[e])
					orig = append(orig, e)
				}
			}
			if len(sub.to) == before {
				continue
			}
			idx = append(idx, int32(i))
			sub.start = append(sub.start, int32(len(sub.to)))
			sub.bonus = append(sub.bonus, bonus[i])
		}
		if len(idx) == 0 {
			return dropped
		}
		sub.n = len(idx)
		res := solveAssignment(sub)
		for q, se := range res {
			if se < 0 {
				continue
			}
			i := idx[q]
			e := orig[se]
			j := g.to[e]
			place[i] = e
			usedHours[j] += cases[i].HoursPerWeek
			usedSlots[j]++
			byMember[j] = append(byMember[j], i)
		}
	}
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
