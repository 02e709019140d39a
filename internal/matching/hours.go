package matching

import (
	"slices"
	"strconv"
)

// maxRounds bounds the re-solves of the hours repair; after it, members
// still running over keep the cases that fit and the rest is re-placed
// by the improvement passes.
const maxRounds = 40

// resolveMax is the number of pairs up to which repair solves the whole
// proposal again each round; larger instances re-place only the cases
// taken off (repairLocal). A variable for the tests.
var resolveMax = 200_000

// repair turns the relaxation's solution root (solved with caps) into a
// proposal within every member's hours: where a member's cases need more
// hours than it has left, it keeps the most urgent cases that fit (then
// those needing the fewest hours), its slots are lowered to that number
// and the whole proposal is solved again, so cases move where the hours
// are instead of being dropped. Then improve fills and swaps.
func (p *problem) repair(caps []int32, root []int32) []int32 {
	if len(p.g.to) > resolveMax {
		return p.repairLocal(root)
	}
	caps = slices.Clone(caps)
	place := slices.Clone(root)
	for round := 0; ; round++ {
		st := p.newState(place)
		over := false
		for j := range p.members {
			if fits(st.usedH[j], p.hours[j]) {
				continue
			}
			over = true
			kept := st.keep(j)
			caps[j] = min(caps[j], int32(kept))
		}
		if !over {
			break
		}
		if round == maxRounds {
			for j := range p.members {
				if !fits(st.usedH[j], p.hours[j]) {
					st.dropOver(j)
				}
			}
			place = st.place
			break
		}
		place = p.relax(caps)
	}
	st := p.newState(place)
	st.improve()
	return st.place
}

// repairLocal is repair for large instances, where solving everything
// again each round would take too long: members that run over keep the
// cases keep chooses, and the cases left unplaced are placed by an exact
// flow over the room left (free slots, and pairs whose hours fit the
// member's hours left), members that ran over included, round after round
// while it places any; then improve fills and swaps.
func (p *problem) repairLocal(root []int32) []int32 {
	st := p.newState(slices.Clone(root))
	g := p.g
	for round := 0; round <= maxRounds; round++ {
		for j := range p.members {
			if !fits(st.usedH[j], p.hours[j]) {
				st.dropOver(j)
			}
		}
		if round == maxRounds {
			break
		}
		sub := &assignment{m: len(p.members), start: []int32{0}, cap: make([]int32, len(p.members))}
		for j := range sub.cap {
			sub.cap[j] = p.slots[j] - st.usedS[j]
		}
		var idx, orig []int32
		for i := range p.cases {
			if st.place[i] >= 0 {
				continue
			}
			before := len(sub.to)
			for e := g.start[i]; e < g.start[i+1]; e++ {
				j := g.to[e]
				if sub.cap[j] > 0 && fits(st.usedH[j]+p.cases[i].HoursPerWeek, p.hours[j]) {
					sub.to = append(sub.to, j)
					sub.score = append(sub.score, g.score[e])
					orig = append(orig, e)
				}
			}
			if len(sub.to) > before {
				idx = append(idx, int32(i))
				sub.start = append(sub.start, int32(len(sub.to)))
				sub.bonus = append(sub.bonus, p.bonus[i])
			}
		}
		sub.n = len(idx)
		placed := 0
		if sub.n > 0 {
			for q, se := range solveAssignment(sub) {
				if se >= 0 {
					st.add(idx[q], orig[se])
					placed++
				}
			}
		}
		if placed == 0 {
			break
		}
	}
	st.improve()
	return st.place
}

// state is a proposal being improved: per member the hours and slots used
// and the cases placed.
type state struct {
	p        *problem
	place    []int32
	usedH    []float64
	usedS    []int32
	byMember [][]int32
}

func (p *problem) newState(place []int32) *state {
	m := len(p.members)
	st := &state{p: p, place: place, usedH: make([]float64, m), usedS: make([]int32, m), byMember: make([][]int32, m)}
	for i, e := range place {
		if e >= 0 {
			st.add(int32(i), e)
		}
	}
	return st
}

func (st *state) add(i, e int32) {
	j := st.p.g.to[e]
	st.place[i] = e
	st.usedH[j] += st.p.cases[i].HoursPerWeek
	st.usedS[j]++
	st.byMember[j] = append(st.byMember[j], i)
}

func (st *state) remove(i int32) {
	e := st.place[i]
	j := st.p.g.to[e]
	st.place[i] = -1
	st.usedH[j] -= st.p.cases[i].HoursPerWeek
	st.usedS[j]--
	list := st.byMember[j]
	k := slices.Index(list, i)
	list[k] = list[len(list)-1]
	st.byMember[j] = list[:len(list)-1]
}

// keepOrder sorts member j's cases in the order they are kept: most urgent
// first, then fewest hours, then highest score, then case order.
func (st *state) keepOrder(j int) []int32 {
	list := slices.Clone(st.byMember[j])
	p := st.p
	slices.SortFunc(list, func(a, b int32) int {
		if la, lb := p.level[a], p.level[b]; la != lb {
			return int(la) - int(lb)
		}
		if ha, hb := p.cases[a].HoursPerWeek, p.cases[b].HoursPerWeek; ha != hb {
			if ha < hb {
				return -1
			}
			return 1
		}
		if sa, sb := p.g.score[st.place[a]], p.g.score[st.place[b]]; sa != sb {
			return int(sb - sa)
		}
		return int(a - b)
	})
	return list
}

// keep returns how many of member j's cases fit its hours, taken in
// keepOrder and skipping those that do not fit.
func (st *state) keep(j int) int {
	h, k := 0.0, 0
	for _, i := range st.keepOrder(j) {
		if hi := st.p.cases[i].HoursPerWeek; fits(h+hi, st.p.hours[j]) {
			h += hi
			k++
		}
	}
	return k
}

// dropOver takes off member j the cases keep skips.
func (st *state) dropOver(j int) {
	h := 0.0
	for _, i := range st.keepOrder(j) {
		if hi := st.p.cases[i].HoursPerWeek; fits(h+hi, st.p.hours[j]) {
			h += hi
		} else {
			st.remove(i)
		}
	}
}

// improve places what can still be placed and swaps urgency in, until
// neither changes anything: an unplaced case goes to the best-scoring
// qualified member with a free slot and the hours; an unplaced case takes
// the place of a less urgent case when the hours allow, and the case it
// displaces is tried elsewhere. Both raise the objective, so it ends; at
// the end no unplaced case could take a free place or the place of a less
// urgent case.
func (st *state) improve() {
	p := st.p
	for changed := true; changed; {
		changed = false
		var todo []int32
		for i := range p.cases {
			if st.place[i] < 0 && p.g.start[i+1] > p.g.start[i] {
				todo = append(todo, int32(i))
			}
		}
		slices.SortStableFunc(todo, func(a, b int32) int { return int(p.level[a]) - int(p.level[b]) })
		for _, i := range todo {
			if st.place[i] >= 0 {
				continue
			}
			if st.fill(i) {
				changed = true
			} else if d := st.swap(i); d >= 0 {
				changed = true
				st.fill(d)
			}
		}
	}
}

// fill places case i on its best-scoring member with room, if any.
func (st *state) fill(i int32) bool {
	p := st.p
	h := p.cases[i].HoursPerWeek
	best := int32(-1)
	for e := p.g.start[i]; e < p.g.start[i+1]; e++ {
		j := p.g.to[e]
		if st.usedS[j] < p.slots[j] && fits(st.usedH[j]+h, p.hours[j]) &&
			(best < 0 || p.g.score[e] > p.g.score[best]) {
			best = e
		}
	}
	if best < 0 {
		return false
	}
	st.add(i, best)
	return true
}

// swap puts case i in the place of a less urgent case whose hours make
// room for it (the least urgent such case, then the best score for i) and
// returns the displaced case, or -1.
func (st *state) swap(i int32) int32 {
	p := st.p
	h := p.cases[i].HoursPerWeek
	bestE, bestD := int32(-1), int32(-1)
	for e := p.g.start[i]; e < p.g.start[i+1]; e++ {
		j := p.g.to[e]
		for _, d := range st.byMember[j] {
			if p.level[d] <= p.level[i] || !fits(st.usedH[j]-p.cases[d].HoursPerWeek+h, p.hours[j]) {
				continue
			}
			if bestD < 0 || p.level[d] > p.level[bestD] ||
				(p.level[d] == p.level[bestD] && p.g.score[e] > p.g.score[bestE]) {
				bestE, bestD = e, d
			}
		}
	}
	if bestD < 0 {
		return -1
	}
	st.remove(bestD)
	st.add(i, bestE)
	return bestD
}

// reason says truthfully why case i is not placed in the final state.
func (st *state) reason(i int) string {
	p := st.p
	var full, short int
	for e := p.g.start[i]; e < p.g.start[i+1]; e++ {
		j := p.g.to[e]
		if st.usedS[j] >= p.slots[j] {
			full++
		} else {
			short++ // improve leaves no qualified member with room
		}
	}
	switch {
	case short == 0:
		return "Alle gekwalificeerde regisseurs zijn al ingedeeld (capaciteit op)"
	case full == 0:
		return "Gekwalificeerde regisseurs met een vrije plek hebben niet genoeg uren per week over"
	}
	return "Van de gekwalificeerde regisseurs zijn er " + strconv.Itoa(full) + " al ingedeeld (capaciteit op) en hebben er " +
		strconv.Itoa(short) + " met een vrije plek niet genoeg uren per week over"
}
