package matching

import (
	"math"
	"math/rand"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// baseCase and baseMember qualify; each test changes one thing.
func baseCase() Case {
	return Case{
		ID: 1, MunicipalityID: 10, Region: "noord", StartsOn: day(2027, 3, 1), Urgency: 1, HoursPerWeek: 4,
		LeansOn:                 []string{"daadkrachtig", "verbindend"},
		LifeDomains:             []string{"wonen", "opvoeding", "veiligheid"},
		InvolvedOrganisationIDs: []int64{7},
	}
}

func baseMember(id int64, name string) Member {
	return Member{
		RegisseurID: id, Name: name, OrganisationID: 1, Status: "active",
		MaxCases: 5, ActiveCases: 2, HoursPerWeek: 20, HoursCommitted: 8,
		MunicipalityIDs:  []int64{10},
		Regions:          []string{"noord"},
		Competency:       map[string]float64{"daadkrachtig": 4.2, "verbindend": 4.6, "analytisch": 3},
		DomainExperience: map[string]int{"wonen": 3, "opvoeding": 1},
	}
}

func testConfig() Config {
	return Config{
		Norms:    map[string]float64{"daadkrachtig": 4, "verbindend": 3.5},
		Minimums: map[string]float64{"daadkrachtig": 3, "verbindend": 2},
		Names:    map[string]string{"daadkrachtig": "Daadkrachtig", "verbindend": "Verbindend"},
	}
}

func TestWithDefaults(t *testing.T) {
	got := Config{}.WithDefaults()
	want := Weights{Competency: 0.35, Knowledge: 0.15, Continuity: 0.25, Load: 0.15, Region: 0.10, Shortfall: 0.1}
	if got.ContinuityDays != 365 || got.ScaleMin != 1 || got.ScaleMax != 5 || got.Weights != want {
		t.Fatalf("defaults: %+v", got)
	}
	kept := Config{ContinuityDays: 30, ScaleMin: 0, ScaleMax: 10, Weights: Weights{Region: 1}}.WithDefaults()
	if kept.ContinuityDays != 30 || kept.ScaleMin != 0 || kept.ScaleMax != 10 || kept.Weights != (Weights{Region: 1}) {
		t.Fatalf("set values must be kept: %+v", kept)
	}
}

func TestRankExclusions(t *testing.T) {
	tests := []struct {
		name   string
		change func(m *Member, c *Case)
		want   []string // every reason, in order
		codes  []string // their codes
	}{
		{"paused status", func(m *Member, c *Case) { m.Status = "paused" },
			[]string{"Niet actief in de pool (status: gepauzeerd)"}, []string{"not_active"}},
		{"admitted status", func(m *Member, c *Case) { m.Status = "admitted" },
			[]string{"Niet actief in de pool (status: toegelaten maar nog niet actief)"}, []string{"not_active"}},
		{"left status", func(m *Member, c *Case) { m.Status = "left" },
			[]string{"Niet actief in de pool (status: uitgestroomd)"}, []string{"not_active"}},
		{"other status", func(m *Member, c *Case) { m.Status = "geschorst" },
			[]string{"Niet actief in de pool (status: geschorst)"}, []string{"not_active"}},
		{"paused until after the start", func(m *Member, c *Case) { m.PausedUntil = ptrT(day(2027, 3, 12)) },
			[]string{"Gepauzeerd tot 12-03-2027"}, []string{"paused"}},
		{"paused until the start day itself", func(m *Member, c *Case) { m.PausedUntil = ptrT(day(2027, 3, 1)) },
			[]string{"Gepauzeerd tot 01-03-2027"}, []string{"paused"}},
		{"on leave at the start", func(m *Member, c *Case) {
			m.Unavailable = []Period{{From: day(2027, 2, 20), To: day(2027, 3, 1)}}
		}, []string{"Afwezig (verlof) van 20-02-2027 tot en met 01-03-2027"}, []string{"on_leave"}},
		{"no case room", func(m *Member, c *Case) { m.ActiveCases = 5 },
			[]string{"Geen ruimte: 5 van 5 casussen"}, []string{"no_capacity"}},
		{"too few hours", func(m *Member, c *Case) { m.HoursCommitted = 17.5 },
			[]string{"Te weinig uren: nog 2,5 uur per week vrij, de casus vraagt 4,0"}, []string{"no_hours"}},
		{"not independent", func(m *Member, c *Case) { m.OrganisationID = 7 },
			[]string{"Werkt voor een organisatie die al betrokken is bij het gezin (regie onafhankelijk)"}, []string{"not_independent"}},
		{"contra-indication", func(m *Member, c *Case) { m.ContraIndication = true },
			[]string{"Onopgeloste contra-indicatie uit de voorselectie"}, []string{"contra_indication"}},
		{"below the hard minimum", func(m *Member, c *Case) { m.Competency["daadkrachtig"] = 2.2 },
			[]string{"Onder het minimum op Daadkrachtig (2,2 < 3)"}, []string{"below_hard_minimum"}},
		{"below the hard minimum, key without display name", func(m *Member, c *Case) {
			c.LeansOn = append(c.LeansOn, "analytisch")
			m.Competency["analytisch"] = 1.25
		}, []string{"Onder het minimum op analytisch (1,25 < 1,5)"}, []string{"below_hard_minimum"}},
		{"every reason at once", func(m *Member, c *Case) {
			m.Status = "paused"
			m.PausedUntil = ptrT(day(2027, 4, 1))
			m.Unavailable = []Period{{From: day(2027, 3, 1), To: day(2027, 3, 5)}, {From: day(2027, 5, 1), To: day(2027, 5, 5)}}
			m.ActiveCases = 6
			m.HoursCommitted = 19
			m.OrganisationID = 7
			m.ContraIndication = true
			m.Competency["daadkrachtig"] = 2.999
			m.Competency["verbindend"] = 1
		}, []string{
			"Niet actief in de pool (status: gepauzeerd)",
			"Gepauzeerd tot 01-04-2027",
			"Afwezig (verlof) van 01-03-2027 tot en met 05-03-2027",
			"Geen ruimte: 6 van 5 casussen",
			"Te weinig uren: nog 1,0 uur per week vrij, de casus vraagt 4,0",
			"Werkt voor een organisatie die al betrokken is bij het gezin (regie onafhankelijk)",
			"Onopgeloste contra-indicatie uit de voorselectie",
			"Onder het minimum op Daadkrachtig (2,999 < 3)",
			"Onder het minimum op Verbindend (1 < 2)",
		}, []string{"not_active", "paused", "on_leave", "no_capacity", "no_hours", "not_independent", "contra_indication",
			"below_hard_minimum", "below_hard_minimum"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := baseCase()
			excluded := baseMember(1, "Zoë Zwart")
			tc.change(&excluded, &c)
			members := []Member{excluded, baseMember(2, "Bram Bos"), baseMember(3, "Anna Appel")}
			cfg := testConfig()
			cfg.Norms["analytisch"] = 2.5
			cfg.Minimums["analytisch"] = 1.5
			out := Rank(c, members, cfg)
			if len(out) != 3 {
				t.Fatalf("every member must appear, got %d", len(out))
			}
			last := out[2]
			if last.RegisseurID != 1 || last.Qualified || last.Score != 0 {
				t.Fatalf("excluded member must come last, unqualified, score 0: %+v", last)
			}
			if !slices.Equal(last.Reasons, tc.want) {
				t.Fatalf("reasons\n got  %q\n want %q", last.Reasons, tc.want)
			}
			if !slices.Equal(last.ReasonCodes, tc.codes) {
				t.Fatalf("codes %q, want %q", last.ReasonCodes, tc.codes)
			}
			if !out[0].Qualified || !out[1].Qualified {
				t.Fatalf("the others qualify: %+v", out[:2])
			}
		})
	}
}

func TestRankBoundaries(t *testing.T) {
	c := baseCase()
	tests := []struct {
		name   string
		change func(m *Member)
	}{
		{"pause ended the day before", func(m *Member) { m.PausedUntil = ptrT(day(2027, 2, 28)) }},
		{"leave ends the day before", func(m *Member) { m.Unavailable = []Period{{From: day(2027, 2, 1), To: day(2027, 2, 28)}} }},
		{"leave starts the day after", func(m *Member) { m.Unavailable = []Period{{From: day(2027, 3, 2), To: day(2027, 3, 9)}} }},
		{"exactly enough hours", func(m *Member) { m.HoursCommitted = 16 }},
		{"last free slot", func(m *Member) { m.ActiveCases = 4 }},
		{"exactly on the norm", func(m *Member) { m.Competency["daadkrachtig"] = 4 }},
		{"below the norm, above the minimum", func(m *Member) { m.Competency["daadkrachtig"] = 3.2 }},
		{"exactly on the minimum", func(m *Member) { m.Competency["daadkrachtig"] = 3 }},
		{"no score on a normed competency", func(m *Member) { delete(m.Competency, "daadkrachtig") }},
		{"date in another time zone", func(m *Member) {
			ams, err := time.LoadLocation("Europe/Amsterdam")
			if err != nil {
				ams = time.FixedZone("CET", 3600)
			}
			m.PausedUntil = ptrT(time.Date(2027, 2, 28, 23, 30, 0, 0, ams))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := baseMember(1, "A")
			tc.change(&m)
			out := Rank(c, []Member{m}, testConfig())
			if !out[0].Qualified {
				t.Fatalf("must qualify: %q", out[0].Reasons)
			}
		})
	}
}

func TestRankScoreAndReasons(t *testing.T) {
	c := baseCase()
	m := baseMember(1, "A")
	out := Rank(c, []Member{m}, testConfig())
	cd := out[0]
	// Competency: mean of (4.2−1)/4 and (4.6−1)/4 = 0.85; knowledge 2 of 3;
	// no continuity; load 3 of 5; municipality.
	want := Parts{Competency: 0.85, Knowledge: 2.0 / 3, Continuity: 0, Load: 0.6, Region: 1}
	if math.Abs(cd.Parts.Competency-want.Competency) > 1e-12 || math.Abs(cd.Parts.Knowledge-want.Knowledge) > 1e-12 ||
		cd.Parts.Continuity != 0 || cd.Parts.Load != 0.6 || cd.Parts.Region != 1 {
		t.Fatalf("parts %+v, want %+v", cd.Parts, want)
	}
	score := 0.35*0.85 + 0.15*2/3 + 0.15*0.6 + 0.10
	if cd.Score != math.Round(score*1000)/1000 {
		t.Fatalf("score %v, want %v", cd.Score, math.Round(score*1000)/1000)
	}
	wantReasons := []string{"Competenties: 0,85", "Kent leefgebieden: 2 van 3", "Ruimte: 3 van 5 casussen vrij", "Werkt in deze gemeente"}
	if !slices.Equal(cd.Reasons, wantReasons) {
		t.Fatalf("reasons %q, want %q", cd.Reasons, wantReasons)
	}
	if cd.Capacity != (Capacity{ActiveCases: 2, MaxCases: 5, HoursLeft: 12}) {
		t.Fatalf("capacity %+v", cd.Capacity)
	}

	// Region only, no domains named, no competency scores at all.
	c.MunicipalityID = 99
	c.LifeDomains = nil
	m.Competency = nil
	cd = Rank(c, []Member{m}, testConfig())[0]
	if cd.Parts.Region != 0.5 || cd.Parts.Knowledge != 0.5 || cd.Parts.Competency != 0.5 {
		t.Fatalf("fallback parts %+v", cd.Parts)
	}
	if !slices.Contains(cd.Reasons, "Werkt in deze regio") || !slices.Contains(cd.Reasons, reasonNoDomains) ||
		!slices.Contains(cd.Reasons, reasonNoCompetencies) {
		t.Fatalf("fallback reasons %q", cd.Reasons)
	}

	// A case leaning on nothing uses all the member's competencies.
	c = baseCase()
	c.LeansOn = nil
	m = baseMember(1, "A")
	cd = Rank(c, []Member{m}, testConfig())[0]
	if math.Abs(cd.Parts.Competency-(3.2+3.6+2)/4/3) > 1e-12 {
		t.Fatalf("all-competency mean %v", cd.Parts.Competency)
	}
}

func TestRankOrder(t *testing.T) {
	c := baseCase()
	mk := func(id int64, name string, comp float64, active int) Member {
		m := baseMember(id, name)
		m.Competency = map[string]float64{"daadkrachtig": comp, "verbindend": comp}
		m.ActiveCases = active
		return m
	}
	members := []Member{
		mk(5, "E", 4.5, 2),
		mk(4, "D", 4.5, 2), // same score and room as 5: lower ID first
		mk(3, "C", 5.0, 2),
		mk(2, "B", 4.5, 1), // same competency, more room: higher score
		mk(9, "Xavier", 1.0, 0),
		mk(8, "Anna", 1.0, 0),
		mk(7, "Anna", 1.0, 0),
	}
	out := Rank(c, members, testConfig())
	var ids []int64
	for _, cd := range out {
		ids = append(ids, cd.RegisseurID)
	}
	if want := []int64{3, 2, 4, 5, 7, 8, 9}; !slices.Equal(ids, want) {
		t.Fatalf("order %v, want %v", ids, want)
	}
	for k, cd := range out {
		if cd.Qualified != (k < 4) {
			t.Fatalf("position %d qualified=%v", k, cd.Qualified)
		}
	}
}

func TestRankContinuity(t *testing.T) {
	prev := int64(42)
	tests := []struct {
		name      string
		closedOn  *time.Time
		days      int
		change    func(m *Member)
		wantFirst int64
		wantCont  bool
	}{
		{"earlier regisseur first despite a lower score", ptrT(day(2026, 9, 1)), 0, nil, 42, true},
		{"no closing date: continuity holds", nil, 0, nil, 42, true},
		{"closed exactly ContinuityDays ago", ptrT(day(2027, 3, 1).AddDate(0, 0, -30)), 30, nil, 42, true},
		{"continuity expired", ptrT(day(2027, 3, 1).AddDate(0, 0, -31)), 30, nil, 1, false},
		{"expired under the 365-day default", ptrT(day(2025, 1, 1)), 0, nil, 1, false},
		{"earlier regisseur excluded", ptrT(day(2026, 9, 1)), 0, func(m *Member) { m.ActiveCases = m.MaxCases }, 1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := baseCase()
			c.PreviousRegisseurID = &prev
			c.PreviousClosedOn = tc.closedOn
			strong := baseMember(1, "Sterk")
			strong.Competency = map[string]float64{"daadkrachtig": 5, "verbindend": 5}
			weak := baseMember(42, "Vorige")
			weak.Competency = map[string]float64{"daadkrachtig": 4, "verbindend": 3.5}
			weak.MunicipalityIDs, weak.Regions = nil, nil
			weak.ActiveCases = 4
			if tc.change != nil {
				tc.change(&weak)
			}
			cfg := testConfig()
			cfg.ContinuityDays = tc.days
			cfg.Weights = Weights{Competency: 0.6, Continuity: 0.1, Region: 0.3} // continuity alone cannot win on score
			out := Rank(c, []Member{strong, weak}, cfg)
			if out[0].RegisseurID != tc.wantFirst {
				t.Fatalf("first %d, want %d (%+v)", out[0].RegisseurID, tc.wantFirst, out)
			}
			var w Candidate
			for _, cd := range out {
				if cd.RegisseurID == 42 {
					w = cd
				}
			}
			if (w.Parts.Continuity == 1) != tc.wantCont {
				t.Fatalf("continuity part %v", w.Parts.Continuity)
			}
			if tc.wantCont && (!slices.Contains(w.Reasons, reasonContinuity) || w.Score >= out[1].Score) {
				t.Fatalf("continuity case must rank first on a lower score: %+v", out)
			}
			if !tc.wantCont && w.Qualified && !slices.Contains(w.Reasons, reasonContinuityGone) {
				t.Fatalf("expired continuity must be explained: %q", w.Reasons)
			}
		})
	}
}

// Rank must give the same answer however many goroutines it uses and
// whatever the input order.
func TestRankDeterministic(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	members := genMembers(r, 9000, genOpts{activeFrac: 0.9, maxCap: 5, exclusions: true, orgs: 30, normBelowMix: true})
	for i := range members {
		if i%7 == 0 {
			members[i].Name = members[(i*13)%len(members)].Name // duplicate names
		}
	}
	c, _, _ := makeRankData()
	a := Rank(c, members, genConfig())
	shuffled := slices.Clone(members)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b := Rank(c, shuffled, genConfig())
	for k := range a {
		if a[k].RegisseurID != b[k].RegisseurID || a[k].Score != b[k].Score || !slices.Equal(a[k].Reasons, b[k].Reasons) {
			t.Fatalf("position %d differs: %+v vs %+v", k, a[k], b[k])
		}
	}
	// One goroutine or several: the same answer.
	prev := runtime.GOMAXPROCS(1)
	serial := Rank(c, members, genConfig())
	runtime.GOMAXPROCS(prev)
	for k := range a {
		if a[k].RegisseurID != serial[k].RegisseurID || !slices.Equal(a[k].Reasons, serial[k].Reasons) {
			t.Fatalf("serial position %d differs: %+v vs %+v", k, a[k], serial[k])
		}
	}
	// The order is the documented one.
	for k := 1; k < len(a); k++ {
		p, q := a[k-1], a[k]
		switch {
		case p.Qualified && q.Qualified:
			pc, qc := p.Parts.Continuity > 0, q.Parts.Continuity > 0
			ps, qs := p.Capacity.MaxCases-p.Capacity.ActiveCases, q.Capacity.MaxCases-q.Capacity.ActiveCases
			ok := pc && !qc || pc == qc && (p.Score > q.Score || p.Score == q.Score && (ps > qs || ps == qs && p.RegisseurID < q.RegisseurID))
			if !ok {
				t.Fatalf("qualified out of order at %d: %+v, %+v", k, p, q)
			}
		case !p.Qualified && q.Qualified:
			t.Fatalf("excluded before qualified at %d", k)
		case !p.Qualified && !q.Qualified:
			if c := strings.Compare(p.Name, q.Name); c > 0 || c == 0 && p.RegisseurID > q.RegisseurID {
				t.Fatalf("excluded out of order at %d: %q %d, %q %d", k, p.Name, p.RegisseurID, q.Name, q.RegisseurID)
			}
		}
	}
}

// Appending to one candidate's reasons must not change another's.
func TestRankReasonsIndependent(t *testing.T) {
	out := Rank(baseCase(), []Member{baseMember(1, "A"), baseMember(2, "B")}, testConfig())
	before := slices.Clone(out[1].Reasons)
	out[0].Reasons = append(out[0].Reasons, "extra")
	if !slices.Equal(out[1].Reasons, before) {
		t.Fatalf("reasons share storage")
	}
}

func TestRankEdgeCases(t *testing.T) {
	if out := Rank(baseCase(), nil, testConfig()); len(out) != 0 {
		t.Fatalf("no members: %+v", out)
	}
	// Weights so large that scores spread too wide to group them take the
	// comparison sort.
	cfg := testConfig()
	cfg.Weights = Weights{Competency: 1e13, Load: 1}
	a := baseMember(1, "A")
	b := baseMember(2, "B")
	b.Competency = map[string]float64{"daadkrachtig": 5, "verbindend": 5}
	c := baseMember(3, "C")
	c.Status = "left"
	out := Rank(baseCase(), []Member{a, c, b}, cfg)
	if out[0].RegisseurID != 2 || out[1].RegisseurID != 1 || out[2].RegisseurID != 3 {
		t.Fatalf("order %d %d %d", out[0].RegisseurID, out[1].RegisseurID, out[2].RegisseurID)
	}
}

// sortQualified groups keys by score and spare cases before comparing; the
// result must be what sorting by compareQualified alone gives.
func TestSortQualified(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, spread := range []int64{1, 20, 1000, 1 << 20, 1 << 62} {
		keys := make([]qualifiedKey, 2000)
		for i := range keys {
			keys[i] = qualifiedKey{
				score:      r.Int63n(spread) - spread/3,
				id:         int64(r.Intn(500)),
				spare:      int32(r.Intn(12) - 1),
				index:      int32(i),
				continuity: r.Intn(300) == 0,
			}
		}
		want := slices.Clone(keys)
		slices.SortFunc(want, compareQualified)
		got := sortQualified(slices.Clone(keys))
		for i := range want {
			if compareQualified(got[i], want[i]) != 0 {
				t.Fatalf("spread %d: position %d is %+v, want %+v", spread, i, got[i], want[i])
			}
		}
	}
}

// sortExcluded groups keys by the name's first byte before comparing; the
// result must be what sorting by compareExcluded alone gives.
func TestSortExcluded(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	names := []string{"", "A", "Anna", "Anna Bos", "anna", "Zoë", "Émile", "Ömer", "Bram", "Bram Bos"}
	keys := make([]excludedKey, 2000)
	for i := range keys {
		keys[i] = excludedKey{name: names[r.Intn(len(names))], id: int64(r.Intn(50)), index: int32(i)}
	}
	want := slices.Clone(keys)
	slices.SortFunc(want, compareExcluded)
	got := sortExcluded(slices.Clone(keys))
	for i := range want {
		if compareExcluded(got[i], want[i]) != 0 {
			t.Fatalf("position %d is %+v, want %+v", i, got[i], want[i])
		}
	}
}
