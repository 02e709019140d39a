package matching

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// ---- independent reference solutions (no code shared with the solver) ----

// refInstance is a proposal problem as the references see it: qualification
// and scores come from Rank (the rules), capacities from the members.
type refInstance struct {
	urg   []int           // per case
	score []map[int]int64 // per case: member index -> score in thousandths (qualified only)
	slots []int           // per member
}

func newRefInstance(cases []Case, members []Member, cfg Config) refInstance {
	ri := refInstance{urg: make([]int, len(cases)), score: make([]map[int]int64, len(cases)), slots: make([]int, len(members))}
	byID := map[int64]int{}
	for j, m := range members {
		byID[m.RegisseurID] = j
		ri.slots[j] = max(0, m.MaxCases-m.ActiveCases)
	}
	for i, c := range cases {
		ri.urg[i] = c.Urgency
		ri.score[i] = map[int]int64{}
		for _, cd := range Rank(c, members, cfg) {
			if cd.Qualified {
				ri.score[i][byID[cd.RegisseurID]] = int64(math.Round(cd.Score * 1000))
			}
		}
	}
	return ri
}

// objective is the lexicographic value of an assignment: placed cases per
// urgency level, most urgent first, then the total score.
type objective struct {
	placed []int // index 0 = highest urgency level present
	total  int64
}

func (ri refInstance) levels() []int {
	l := slices.Clone(ri.urg)
	slices.Sort(l)
	l = slices.Compact(l)
	slices.Reverse(l)
	return l
}

func (ri refInstance) value(assign []int) objective {
	lv := ri.levels()
	o := objective{placed: make([]int, len(lv))}
	for i, j := range assign {
		if j < 0 {
			continue
		}
		o.placed[slices.Index(lv, ri.urg[i])]++
		o.total += ri.score[i][j]
	}
	return o
}

func (a objective) better(b objective) bool {
	for k := range a.placed {
		if a.placed[k] != b.placed[k] {
			return a.placed[k] > b.placed[k]
		}
	}
	return a.total > b.total
}

// bruteForce enumerates every feasible assignment.
func (ri refInstance) bruteForce() objective {
	n := len(ri.urg)
	assign := make([]int, n)
	left := slices.Clone(ri.slots)
	var best objective
	first := true
	var rec func(i int)
	rec = func(i int) {
		if i == n {
			if v := ri.value(assign); first || v.better(best) {
				best, first = v, false
			}
			return
		}
		assign[i] = -1
		rec(i + 1)
		for j := range left {
			if _, ok := ri.score[i][j]; ok && left[j] > 0 {
				left[j]--
				assign[i] = j
				rec(i + 1)
				left[j]++
			}
		}
		assign[i] = -1
	}
	rec(0)
	return best
}

// hungarian solves the slot-expanded problem with the classic O(n²·m)
// Hungarian algorithm (potentials u, v; rows = cases; columns = one per
// free slot plus one "unplaced" column per case). Lexicographic weights:
// level rank × big + score, big larger than any score total.
func (ri refInstance) hungarian() objective {
	n := len(ri.urg)
	lv := ri.levels()
	var maxS int64 = 1
	for _, sc := range ri.score {
		for _, s := range sc {
			maxS = max(maxS, s)
		}
	}
	big := int64(2*n+2) * (maxS + 1)
	var colMember []int
	for j, s := range ri.slots {
		for range s {
			colMember = append(colMember, j)
		}
	}
	slotCols := len(colMember)
	m := slotCols + n
	const forbidden = int64(1) << 50
	cost := func(i, c int) int64 { // 1-based
		i--
		c--
		if c >= slotCols {
			return 0
		}
		s, ok := ri.score[i][colMember[c]]
		if !ok {
			return forbidden
		}
		rank := int64(len(lv) - slices.Index(lv, ri.urg[i]))
		return -(rank*big + s)
	}
	const inf = int64(math.MaxInt64 / 4)
	u := make([]int64, n+1)
	v := make([]int64, m+1)
	p := make([]int, m+1)
	way := make([]int, m+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		minv := make([]int64, m+1)
		used := make([]bool, m+1)
		for j := range minv {
			minv[j] = inf
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], inf, 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				cur := cost(i0, j) - u[i0] - v[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
			if j0 == 0 {
				break
			}
		}
	}
	assign := make([]int, n)
	for i := range assign {
		assign[i] = -1
	}
	for c := 1; c <= m; c++ {
		if p[c] != 0 && c-1 < slotCols {
			if _, ok := ri.score[p[c]-1][colMember[c-1]]; ok {
				assign[p[c]-1] = colMember[c-1]
			}
		}
	}
	return ri.value(assign)
}

// proposalValue checks a proposal's feasibility against the rules and
// returns its objective.
func proposalValue(t *testing.T, ri refInstance, cases []Case, members []Member, p Proposal) objective {
	t.Helper()
	caseIdx := map[int64]int{}
	for i, c := range cases {
		caseIdx[c.ID] = i
	}
	memIdx := map[int64]int{}
	for j, m := range members {
		memIdx[m.RegisseurID] = j
	}
	assign := make([]int, len(cases))
	for i := range assign {
		assign[i] = -1
	}
	usedSlots := make([]int, len(members))
	usedHours := make([]float64, len(members))
	var total float64
	for _, pr := range p.Pairs {
		i, j := caseIdx[pr.CaseID], memIdx[pr.RegisseurID]
		if assign[i] != -1 {
			t.Fatalf("case %d placed twice", pr.CaseID)
		}
		s, ok := ri.score[i][j]
		if !ok {
			t.Fatalf("case %d placed on unqualified member %d", pr.CaseID, pr.RegisseurID)
		}
		if math.Abs(float64(s)/1000-pr.Score) > 1e-9 {
			t.Fatalf("pair score %v, Rank says %v", pr.Score, float64(s)/1000)
		}
		assign[i] = j
		usedSlots[j]++
		usedHours[j] += cases[i].HoursPerWeek
		total += pr.Score
	}
	for j, m := range members {
		if usedSlots[j] > m.MaxCases-m.ActiveCases {
			t.Fatalf("member %d gets %d cases, room for %d", m.RegisseurID, usedSlots[j], m.MaxCases-m.ActiveCases)
		}
		if usedHours[j] > m.HoursPerWeek-m.HoursCommitted+1e-9 {
			t.Fatalf("member %d gets %.2f hours, %.2f left", m.RegisseurID, usedHours[j], m.HoursPerWeek-m.HoursCommitted)
		}
	}
	if len(p.Pairs)+len(p.Unplaced) != len(cases) {
		t.Fatalf("%d pairs + %d unplaced for %d cases", len(p.Pairs), len(p.Unplaced), len(cases))
	}
	if math.Abs(total-p.Total) > 1e-6 {
		t.Fatalf("Total %v, pairs sum to %v", p.Total, total)
	}
	return ri.value(assign)
}

// smallInstance builds a random instance whose hours never bind.
func smallInstance(r *rand.Rand, nCases, nMembers, maxSlots int) ([]Case, []Member, Config) {
	members := make([]Member, nMembers)
	for j := range members {
		m := &members[j]
		m.RegisseurID = int64(100 + j)
		m.Name = fmt.Sprintf("Lid %c", 'A'+j)
		m.OrganisationID = int64(1 + r.Intn(4))
		m.Status = "active"
		if r.Intn(12) == 0 {
			m.Status = "paused"
		}
		free := 1 + r.Intn(maxSlots)
		if r.Intn(10) == 0 {
			free = 0
		}
		m.MaxCases = free + r.Intn(3)
		m.ActiveCases = m.MaxCases - free
		m.HoursPerWeek = 1000
		m.ContraIndication = r.Intn(15) == 0
		m.MunicipalityIDs = []int64{int64(1 + r.Intn(4))}
		m.Regions = []string{[]string{"noord", "zuid"}[r.Intn(2)]}
		m.Competency = map[string]float64{}
		for _, k := range genKeys[:4] {
			if r.Intn(6) > 0 {
				m.Competency[k] = 1 + float64(r.Intn(17))/4
			}
		}
		m.DomainExperience = map[string]int{}
		for _, d := range genDomains[:4] {
			m.DomainExperience[d] = r.Intn(3)
		}
	}
	cases := make([]Case, nCases)
	for i := range cases {
		c := &cases[i]
		c.ID = int64(1 + i)
		c.MunicipalityID = int64(1 + r.Intn(4))
		c.Region = []string{"noord", "zuid"}[r.Intn(2)]
		c.StartsOn = genStart
		c.Urgency = 1 + r.Intn(3)
		c.HoursPerWeek = float64(1 + r.Intn(6))
		for _, k := range r.Perm(4)[:r.Intn(3)] {
			c.LeansOn = append(c.LeansOn, genKeys[k])
		}
		for _, d := range r.Perm(4)[:r.Intn(4)] {
			c.LifeDomains = append(c.LifeDomains, genDomains[d])
		}
		if r.Intn(3) == 0 {
			c.InvolvedOrganisationIDs = []int64{int64(1 + r.Intn(4))}
		}
		if r.Intn(3) == 0 {
			c.PreviousRegisseurID = ptrI(members[r.Intn(nMembers)].RegisseurID)
			c.PreviousClosedOn = ptrT(genStart.AddDate(0, 0, -r.Intn(700)))
		}
	}
	cfg := Config{Norms: map[string]float64{"daadkrachtig": 2, "verbindend": 1.5, "analytisch": 2}}
	return cases, members, cfg
}

func TestProposeOptimalBruteForce(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for k := 0; k < 150; k++ {
		nc, nm := 1+r.Intn(6), 1+r.Intn(4)
		cases, members, cfg := smallInstance(r, nc, nm, 2)
		t.Run(fmt.Sprintf("seed1/%d_%dx%d", k, nc, nm), func(t *testing.T) {
			ri := newRefInstance(cases, members, cfg)
			p := Propose(cases, members, cfg)
			got := proposalValue(t, ri, cases, members, p)
			want := ri.bruteForce()
			if !slices.Equal(got.placed, want.placed) || got.total != want.total {
				t.Fatalf("Propose %+v, brute force %+v", got, want)
			}
			if !p.Exact || p.Gap != 0 || math.Abs(p.UpperBound-p.Total) > 1e-9 {
				t.Fatalf("hours never bind: want exact, got %+v", p)
			}
		})
	}
}

func TestProposeOptimalHungarian(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for k := 0; k < 120; k++ {
		nc, nm := 5+r.Intn(36), 2+r.Intn(14)
		cases, members, cfg := smallInstance(r, nc, nm, 3)
		t.Run(fmt.Sprintf("seed2/%d_%dx%d", k, nc, nm), func(t *testing.T) {
			ri := newRefInstance(cases, members, cfg)
			p := Propose(cases, members, cfg)
			got := proposalValue(t, ri, cases, members, p)
			want := ri.hungarian()
			if !slices.Equal(got.placed, want.placed) || got.total != want.total {
				t.Fatalf("Propose %+v, Hungarian %+v", got, want)
			}
			if math.Abs(p.UpperBound-p.Total) > 1e-9 || !p.Exact {
				t.Fatalf("hours never bind: want UpperBound = Total, got %+v", p)
			}
		})
	}
}

// The two references agree with each other too (guards the test itself).
func TestReferencesAgree(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for k := 0; k < 60; k++ {
		cases, members, cfg := smallInstance(r, 1+r.Intn(6), 1+r.Intn(4), 2)
		ri := newRefInstance(cases, members, cfg)
		a, b := ri.bruteForce(), ri.hungarian()
		if !slices.Equal(a.placed, b.placed) || a.total != b.total {
			t.Fatalf("instance %d: brute force %+v, Hungarian %+v", k, a, b)
		}
	}
}

// With tight hours the proposal must still respect every capacity, keep
// no urgent case out for a less urgent one, and report consistently.
func TestProposeCapacityAndHours(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	bound := 0
	for k := 0; k < 120; k++ {
		nc, nm := 5+r.Intn(36), 2+r.Intn(14)
		cases, members, cfg := smallInstance(r, nc, nm, 4)
		for j := range members {
			members[j].HoursPerWeek = float64(4 + r.Intn(10))
			members[j].HoursCommitted = float64(r.Intn(3))
		}
		t.Run(fmt.Sprintf("seed4/%d_%dx%d", k, nc, nm), func(t *testing.T) {
			ri := newRefInstance(cases, members, cfg)
			p := Propose(cases, members, cfg)
			got := proposalValue(t, ri, cases, members, p) // fails on any exceeded capacity
			relaxed := ri.hungarian()
			if !slices.Equal(got.placed, relaxed.placed) || got.total != relaxed.total {
				bound++
			}
			if p.UpperBound < p.Total-1e-9 || p.Gap < 0 || p.Gap > 1 || (p.Exact && p.Gap != 0) {
				t.Fatalf("bound %v total %v gap %v exact %v", p.UpperBound, p.Total, p.Gap, p.Exact)
			}
			if p.Total < p.UpperBound-1e-9 && math.Abs(p.Gap-(p.UpperBound-p.Total)/p.UpperBound) > 1e-12 {
				t.Fatalf("gap %v for total %v, bound %v", p.Gap, p.Total, p.UpperBound)
			}
			sum := 0
			for _, lc := range p.Levels {
				sum += lc.Placed
			}
			if sum != len(p.Pairs) || len(p.Levels) != len(got.placed) {
				t.Fatalf("levels %+v for %d pairs", p.Levels, len(p.Pairs))
			}
		})
	}
	if bound == 0 {
		t.Fatalf("hours never bound: the test does not test the repair")
	}
}

func TestProposeUrgencyFirst(t *testing.T) {
	m := baseMember(1, "Enige")
	m.ActiveCases = 4 // one slot
	normal := baseCase()
	normal.ID, normal.Urgency = 1, 1
	crisis := baseCase()
	crisis.ID, crisis.Urgency = 2, 3
	crisis.LifeDomains = []string{"verslaving"}       // lower knowledge part
	crisis.MunicipalityID, crisis.Region = 99, "zuid" // and no region part
	cfg := testConfig()
	if Rank(normal, []Member{m}, cfg)[0].Score <= Rank(crisis, []Member{m}, cfg)[0].Score {
		t.Fatal("setup: the normal case must score higher")
	}
	p := Propose([]Case{normal, crisis}, []Member{m}, cfg)
	if len(p.Pairs) != 1 || p.Pairs[0].CaseID != 2 {
		t.Fatalf("the crisis case must get the slot: %+v", p)
	}
	if len(p.Unplaced) != 1 || p.Unplaced[0].CaseID != 1 ||
		p.Unplaced[0].Reason != "Alle gekwalificeerde regisseurs zijn al ingedeeld (capaciteit op)" {
		t.Fatalf("unplaced %+v", p.Unplaced)
	}

	// Two high-urgency cases beat one crisis plus one normal? No: one more
	// crisis case placed outweighs any number of lower ones.
	a := baseMember(1, "A")
	a.ActiveCases = 4
	b := baseMember(2, "B")
	b.ActiveCases = 4
	b.OrganisationID = 7 // not independent for cases involving organisation 7
	c1 := baseCase()     // crisis, only A qualifies
	c1.ID, c1.Urgency = 10, 3
	c2 := baseCase() // high, A or B
	c2.ID, c2.Urgency, c2.InvolvedOrganisationIDs = 11, 2, nil
	c3 := baseCase() // high, A or B
	c3.ID, c3.Urgency, c3.InvolvedOrganisationIDs = 12, 2, nil
	p = Propose([]Case{c2, c3, c1}, []Member{a, b}, cfg)
	placed := map[int64]bool{}
	for _, pr := range p.Pairs {
		placed[pr.CaseID] = true
	}
	if !placed[10] || len(p.Pairs) != 2 {
		t.Fatalf("crisis case must be placed: %+v", p)
	}
}

func TestProposeUnplacedReasons(t *testing.T) {
	full1 := baseMember(1, "A")
	full1.ActiveCases = 5
	full2 := baseMember(2, "B")
	full2.ActiveCases = 5
	dependent := baseMember(3, "C")
	dependent.OrganisationID = 7
	c := baseCase()
	p := Propose([]Case{c}, []Member{full1, full2, dependent}, testConfig())
	want := "Geen gekwalificeerde regisseur: 2 zonder ruimte, 1 niet onafhankelijk"
	if len(p.Unplaced) != 1 || p.Unplaced[0].Reason != want {
		t.Fatalf("unplaced %+v, want %q", p.Unplaced, want)
	}
	p = Propose([]Case{c}, nil, testConfig())
	if len(p.Unplaced) != 1 || !strings.Contains(p.Unplaced[0].Reason, "de pool is leeg") {
		t.Fatalf("empty pool: %+v", p.Unplaced)
	}
	p = Propose(nil, []Member{full1}, testConfig())
	if len(p.Pairs) != 0 || len(p.Unplaced) != 0 || p.Pairs == nil || p.Unplaced == nil || !p.Exact {
		t.Fatalf("no cases: %+v", p)
	}
}

// A member with three free slots but hours for two: the relaxation puts
// three cases there, and one of them moves to another member.
func TestProposeHoursRepair(t *testing.T) {
	busy := baseMember(1, "Druk")
	busy.ActiveCases, busy.MaxCases = 0, 3
	busy.HoursPerWeek, busy.HoursCommitted = 10, 0
	busy.Competency = map[string]float64{"daadkrachtig": 5, "verbindend": 5}
	other := baseMember(2, "Ander")
	other.MunicipalityIDs, other.Regions = nil, nil // scores lower everywhere
	other.HoursPerWeek, other.HoursCommitted = 40, 0
	var cases []Case
	for k := 0; k < 3; k++ {
		c := baseCase()
		c.ID, c.Urgency, c.HoursPerWeek = int64(k+1), 3-k, 4
		cases = append(cases, c)
	}
	p := Propose(cases, []Member{busy, other}, testConfig())
	onBusy := 0
	for _, pr := range p.Pairs {
		if pr.RegisseurID == 1 {
			onBusy++
		}
	}
	if len(p.Pairs) != 3 || onBusy != 2 {
		t.Fatalf("want two cases on the busy member and one moved: %+v", p.Pairs)
	}
	if !p.Exact || p.Gap != 0 || p.Total != p.UpperBound {
		t.Fatalf("the search proves this optimal: %+v", p)
	}

	// Nobody else qualifies: the least urgent case stays unplaced, and the
	// reason is the hours (the busy member has a free slot).
	other.Status = "left"
	p = Propose(cases, []Member{busy, other}, testConfig())
	if len(p.Pairs) != 2 || len(p.Unplaced) != 1 || p.Unplaced[0].CaseID != 3 ||
		p.Unplaced[0].Reason != "Gekwalificeerde regisseurs met een vrije plek hebben niet genoeg uren per week over" {
		t.Fatalf("%+v", p)
	}
	want := []LevelCount{{3, 1, 1, true}, {2, 1, 1, true}, {1, 1, 0, true}}
	if !slices.Equal(p.Levels, want) || !p.Exact {
		t.Fatalf("levels %+v, want %+v", p.Levels, want)
	}
}
