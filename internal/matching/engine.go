package matching

import (
	"math"
	"math/bits"
)

// WithDefaults fills unset configuration: ContinuityDays 365, the 1–5
// competency scale and the default weights when all weights are zero.
// ScaleMin 0 is a legitimate lower bound (a 0–10 scale), so the 1–5 scale is
// only filled in when ScaleMax is unset.
func (c Config) WithDefaults() Config {
	if c.ContinuityDays == 0 {
		c.ContinuityDays = 365
	}
	if c.ScaleMax == 0 {
		if c.ScaleMin == 0 {
			c.ScaleMin = 1
		}
		c.ScaleMax = 5
	}
	if c.Weights == (Weights{}) {
		c.Weights = Weights{Competency: 0.35, Knowledge: 0.15, Continuity: 0.25, Load: 0.15, Region: 0.10}
	}
	return c
}

// Exclusion bits, one per rule; a member is qualified when none is set.
const (
	exNotActive uint16 = 1 << iota
	exPaused
	exLeave
	exFull
	exHours
	exIndependence
	exContra
	exNorm
	numExclusions = iota
)

// eps absorbs float noise in hour and norm comparisons.
const eps = 1e-9

// tables hold what is shared by all pairs of one call: interned competency
// keys (with their norms) and life domains, scale and weights.
type tables struct {
	cfg       Config
	keys      []string
	keyIdx    map[string]int32
	norm      []float64 // per key; NaN when no norm
	normText  []string  // per key: " < 4)"
	domains   []string
	domIdx    map[string]int32
	scaleMin  float64
	scaleSpan float64
	needAll   bool // some case leans on nothing: members need compAll
}

func newTables(cfg Config) *tables {
	t := &tables{cfg: cfg, keyIdx: map[string]int32{}, domIdx: map[string]int32{}}
	t.scaleMin = cfg.ScaleMin
	t.scaleSpan = cfg.ScaleMax - cfg.ScaleMin
	if t.scaleSpan <= 0 {
		t.scaleSpan = 1
	}
	return t
}

func (t *tables) key(k string) int32 {
	if i, ok := t.keyIdx[k]; ok {
		return i
	}
	i := int32(len(t.keys))
	t.keys = append(t.keys, k)
	t.keyIdx[k] = i
	n, ok := t.cfg.Norms[k]
	if !ok {
		n = math.NaN()
	}
	t.norm = append(t.norm, n)
	t.normText = append(t.normText, string(append(appendShort([]byte(" < "), n), ')')))
	return i
}

func (t *tables) domain(d string) int32 {
	if i, ok := t.domIdx[d]; ok {
		return i
	}
	i := int32(len(t.domains))
	t.domains = append(t.domains, d)
	t.domIdx[d] = i
	return i
}

func (t *tables) domWords() int { return (len(t.domains) + 63) / 64 }

func (t *tables) normalise(x float64) float64 {
	v := (x - t.scaleMin) / t.scaleSpan
	if v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// casePrep is a case with its lists interned and dates turned into days.
type casePrep struct {
	c         *Case
	startDay  int32
	leans     []int32 // distinct key indices, in the case's order
	domains   []int32 // distinct domain indices
	hasPrev   bool
	prevID    int64
	contValid bool // continuity has not expired
	orgSet    map[int64]struct{}
}

func (t *tables) prepCase(c *Case) casePrep {
	p := casePrep{c: c, startDay: dayNum(c.StartsOn)}
	for _, k := range c.LeansOn {
		i := t.key(k)
		if !containsI32(p.leans, i) {
			p.leans = append(p.leans, i)
		}
	}
	if len(p.leans) == 0 {
		t.needAll = true
	}
	for _, d := range c.LifeDomains {
		i := t.domain(d)
		if !containsI32(p.domains, i) {
			p.domains = append(p.domains, i)
		}
	}
	if c.PreviousRegisseurID != nil {
		p.hasPrev = true
		p.prevID = *c.PreviousRegisseurID
		p.contValid = c.PreviousClosedOn == nil ||
			int(p.startDay-dayNum(*c.PreviousClosedOn)) <= t.cfg.ContinuityDays
	}
	if len(c.InvolvedOrganisationIDs) > 16 {
		p.orgSet = make(map[int64]struct{}, len(c.InvolvedOrganisationIDs))
		for _, o := range c.InvolvedOrganisationIDs {
			p.orgSet[o] = struct{}{}
		}
	}
	return p
}

func containsI32(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// memberView is a member with its competencies and domain experience laid
// out by the tables' indices.
type memberView struct {
	m       *Member
	comp    []float64 // raw score per key index; NaN when missing
	compAll float64   // normalised mean over all the member's scores; NaN when none
	dom     []uint64  // bit per domain index: experience > 0
	// Dates as day numbers, precomputed when one member meets many cases.
	pre       bool
	hasPause  bool
	pausedDay int32
	leaves    [][2]int32
}

// precomputeDates turns the member's pause and leave dates into day numbers.
func (v *memberView) precomputeDates() {
	m := v.m
	v.pre = true
	if m.PausedUntil != nil {
		v.hasPause, v.pausedDay = true, dayNum(*m.PausedUntil)
	}
	for _, p := range m.Unavailable {
		v.leaves = append(v.leaves, [2]int32{dayNum(p.From), dayNum(p.To)})
	}
}

// fill lays m's competencies out for the current tables, reusing comp.
// fillRest adds what only the score needs (domains, the all-competency
// mean), so excluded members skip those lookups.
func (t *tables) fill(v *memberView, m *Member, comp []float64, dom []uint64) {
	v.m = m
	v.pre = false
	for i, k := range t.keys {
		x, ok := m.Competency[k]
		if !ok {
			x = math.NaN()
		}
		comp[i] = x
	}
	v.comp = comp
	v.dom = dom
}

func (t *tables) fillRest(v *memberView) {
	m := v.m
	dom := v.dom
	clear(dom)
	for i, d := range t.domains {
		if m.DomainExperience[d] > 0 {
			dom[i>>6] |= 1 << (uint(i) & 63)
		}
	}
	v.compAll = math.NaN()
	if t.needAll && len(m.Competency) > 0 {
		s := 0.0
		for _, x := range m.Competency {
			s += t.normalise(x)
		}
		v.compAll = s / float64(len(m.Competency))
	}
}

// hoursLeft is the member's free regie hours per week.
func hoursLeft(m *Member) float64 { return m.HoursPerWeek - m.HoursCommitted }

// onLeave reports whether a leave period contains day.
func onLeave(m *Member, day int32) bool {
	for _, p := range m.Unavailable {
		if dayNum(p.From) <= day && day <= dayNum(p.To) {
			return true
		}
	}
	return false
}

// exclusions returns the set of rules that keep m off case c.
func (t *tables) exclusions(c *casePrep, v *memberView) uint16 {
	m := v.m
	var mask uint16
	if m.Status != "active" {
		mask |= exNotActive
	}
	if v.pre {
		if v.hasPause && v.pausedDay >= c.startDay {
			mask |= exPaused
		}
		for _, l := range v.leaves {
			if l[0] <= c.startDay && c.startDay <= l[1] {
				mask |= exLeave
				break
			}
		}
	} else {
		if m.PausedUntil != nil && dayNum(*m.PausedUntil) >= c.startDay {
			mask |= exPaused
		}
		if len(m.Unavailable) > 0 && onLeave(m, c.startDay) {
			mask |= exLeave
		}
	}
	if m.ActiveCases >= m.MaxCases {
		mask |= exFull
	}
	if hoursLeft(m) < c.c.HoursPerWeek-eps {
		mask |= exHours
	}
	if c.orgSet != nil {
		if _, ok := c.orgSet[m.OrganisationID]; ok {
			mask |= exIndependence
		}
	} else {
		for _, o := range c.c.InvolvedOrganisationIDs {
			if o == m.OrganisationID {
				mask |= exIndependence
				break
			}
		}
	}
	if m.ContraIndication {
		mask |= exContra
	}
	for _, k := range c.leans {
		x, n := v.comp[k], t.norm[k]
		if x == x && n == n && x < n-eps { // both present (not NaN)
			mask |= exNorm
			break
		}
	}
	return mask
}

// parts computes the fit components of a qualified pair; v must have been
// through fillRest.
func (t *tables) parts(c *casePrep, v *memberView) Parts {
	m := v.m
	var p Parts
	if len(c.leans) > 0 {
		s := 0.0
		for _, k := range c.leans {
			x := v.comp[k]
			if x != x {
				s += 0.5 // no score on this competency: neutral
			} else {
				s += t.normalise(x)
			}
		}
		p.Competency = s / float64(len(c.leans))
	} else if v.compAll == v.compAll {
		p.Competency = v.compAll
	} else {
		p.Competency = 0.5
	}
	if len(c.domains) == 0 {
		p.Knowledge = 0.5
	} else {
		k := 0
		for _, d := range c.domains {
			k += int(v.dom[d>>6] >> (uint(d) & 63) & 1)
		}
		p.Knowledge = float64(k) / float64(len(c.domains))
	}
	if c.hasPrev && c.contValid && m.RegisseurID == c.prevID {
		p.Continuity = 1
	}
	if m.MaxCases > 0 {
		p.Load = float64(m.MaxCases-m.ActiveCases) / float64(m.MaxCases)
		if p.Load < 0 {
			p.Load = 0
		}
	}
	for _, id := range m.MunicipalityIDs {
		if id == c.c.MunicipalityID {
			p.Region = 1
			break
		}
	}
	if p.Region == 0 && c.c.Region != "" {
		for _, r := range m.Regions {
			if r == c.c.Region {
				p.Region = 0.5
				break
			}
		}
	}
	return p
}

// scoreMilli is the weighted sum of the parts in thousandths (the score
// rounded to 3 decimals, as an exact integer).
func (t *tables) scoreMilli(p Parts) int64 {
	w := t.cfg.Weights
	raw := w.Competency*p.Competency + w.Knowledge*p.Knowledge + w.Continuity*p.Continuity +
		w.Load*p.Load + w.Region*p.Region
	// The nudge keeps float noise from turning an exact half (0.5875, summed
	// as 0.58749999…) into a round-down.
	return int64(math.Round(raw*1000 + 1e-6))
}

func capacityOf(m *Member) Capacity {
	return Capacity{ActiveCases: m.ActiveCases, MaxCases: m.MaxCases, HoursLeft: math.Round(hoursLeft(m)*10) / 10}
}

// statusText maps a pool status to Dutch.
func statusText(s string) string {
	switch s {
	case "paused":
		return "gepauzeerd"
	case "admitted":
		return "toegelaten maar nog niet actief"
	case "left":
		return "uitgestroomd"
	case "":
		return "onbekend"
	}
	return s
}

// exclusionReasons writes the Dutch reasons for every rule in mask.
func (t *tables) exclusionReasons(c *casePrep, v *memberView, mask uint16, full *pairCache, a *textArena) []string {
	m := v.m
	out := a.list(t.countReasons(c, v, mask))
	if mask&exNotActive != 0 {
		out = append(out, notActiveText(m.Status))
	}
	if mask&exPaused != 0 {
		out = append(out, a.end(appendDate(append(a.begin(32), "Gepauzeerd tot "...), *m.PausedUntil)))
	}
	if mask&exLeave != 0 {
		for _, p := range m.Unavailable {
			if dayNum(p.From) <= c.startDay && c.startDay <= dayNum(p.To) {
				b := appendDate(append(a.begin(64), "Afwezig (verlof) van "...), p.From)
				b = append(b, " tot en met "...)
				out = append(out, a.end(appendDate(b, p.To)))
			}
		}
	}
	if mask&exFull != 0 {
		out = append(out, full.get(m.ActiveCases, m.MaxCases))
	}
	if mask&exHours != 0 {
		b := append(a.begin(96), "Te weinig uren: nog "...)
		b = appendDec(b, hoursLeft(m), 1)
		b = append(b, " uur per week vrij, de casus vraagt "...)
		b = appendDec(b, c.c.HoursPerWeek, 1)
		out = append(out, a.end(b))
	}
	if mask&exIndependence != 0 {
		out = append(out, reasonIndependence)
	}
	if mask&exContra != 0 {
		out = append(out, reasonContra)
	}
	if mask&exNorm != 0 {
		for _, k := range c.leans {
			x, n := v.comp[k], t.norm[k]
			if x == x && n == n && x < n-eps {
				name := t.keys[k]
				if dn, ok := t.cfg.Names[name]; ok && dn != "" {
					name = dn
				}
				b := append(a.begin(48+len(name)), "Onder de norm op "...)
				b = append(b, name...)
				b = append(b, " ("...)
				b = appendScoreBelow(b, x, n)
				b = append(b, t.normText[k]...)
				out = append(out, a.end(b))
			}
		}
	}
	return out
}

// countReasons is the exact number of texts exclusionReasons writes.
func (t *tables) countReasons(c *casePrep, v *memberView, mask uint16) int {
	n := bits.OnesCount16(mask &^ (exLeave | exNorm))
	if mask&exLeave != 0 {
		for _, p := range v.m.Unavailable {
			if dayNum(p.From) <= c.startDay && c.startDay <= dayNum(p.To) {
				n++
			}
		}
	}
	if mask&exNorm != 0 {
		for _, k := range c.leans {
			x, nm := v.comp[k], t.norm[k]
			if x == x && nm == nm && x < nm-eps {
				n++
			}
		}
	}
	return n
}

const (
	reasonIndependence = "Werkt voor een organisatie die al betrokken is bij het gezin (regie onafhankelijk)"
	reasonContra       = "Onopgeloste contra-indicatie uit de voorselectie"
)

func notActiveText(status string) string {
	switch status {
	case "paused":
		return "Niet actief in de pool (status: gepauzeerd)"
	case "admitted":
		return "Niet actief in de pool (status: toegelaten maar nog niet actief)"
	case "left":
		return "Niet actief in de pool (status: uitgestroomd)"
	}
	return "Niet actief in de pool (status: " + statusText(status) + ")"
}

// Reasons for the score parts that need no formatting.
const (
	reasonContinuity     = "Continuïteit: eerdere regisseur van dit gezin"
	reasonContinuityGone = "Continuïteit verlopen: eerdere regisseur van dit gezin, maar de vorige casus is te lang geleden gesloten"
	reasonMunicipality   = "Werkt in deze gemeente"
	reasonRegion         = "Werkt in deze regio"
	reasonNoRegion       = "Werkt niet in deze gemeente of regio"
	reasonNoDomains      = "Kent leefgebieden: de casus noemt geen leefgebieden"
	reasonNoCompetencies = "Competenties: geen scores bekend (neutraal 0,50)"
)

// qualifiedReasonCount is the number of texts scoreReasons writes.
func qualifiedReasonCount(c *casePrep, m *Member) int {
	if c.hasPrev && m.RegisseurID == c.prevID {
		return 5
	}
	return 4
}

// scoreReasons appends the Dutch explanation of a qualified pair's parts.
func scoreReasons(dst []string, c *casePrep, m *Member, p Parts, noScores bool, know []string, spare *pairCache) []string {
	if noScores {
		dst = append(dst, reasonNoCompetencies)
	} else {
		dst = append(dst, competencyReason(p.Competency))
	}
	if len(c.domains) == 0 {
		dst = append(dst, reasonNoDomains)
	} else {
		dst = append(dst, know[int(math.Round(p.Knowledge*float64(len(c.domains))))])
	}
	if p.Continuity > 0 {
		dst = append(dst, reasonContinuity)
	} else if c.hasPrev && m.RegisseurID == c.prevID {
		dst = append(dst, reasonContinuityGone)
	}
	dst = append(dst, spare.get(m.MaxCases-m.ActiveCases, m.MaxCases))
	switch {
	case p.Region == 1:
		dst = append(dst, reasonMunicipality)
	case p.Region > 0:
		dst = append(dst, reasonRegion)
	default:
		dst = append(dst, reasonNoRegion)
	}
	return dst
}

// noCompetencyScores reports whether the competency part fell back to
// neutral because the member has no score at all on what counts.
func noCompetencyScores(c *casePrep, v *memberView) bool {
	if len(c.leans) == 0 {
		return v.compAll != v.compAll
	}
	for _, k := range c.leans {
		if x := v.comp[k]; x == x {
			return false
		}
	}
	return true
}
