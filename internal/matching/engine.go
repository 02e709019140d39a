package matching

import (
	"math"
	"slices"
	"time"

	"regiepool/internal/domain"
)

// WithDefaults fills unset configuration: ContinuityDays 365, the 1–5
// competency scale and the default weights when all weights are zero
// (DefaultWeights).
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
		c.Weights = DefaultWeights
	}
	return c
}

// DefaultWeights weigh the parts of the fit score, which sum to 1 for a
// perfect fit, and the penalty for scores under the norm: 0.1 of fit per
// scale point short, summed over the competencies the case leans on (a
// member 0.5 under the norm on one competency loses 0.05, as much as half
// the region part). An instrument's matching policy may set another
// penalty.
var DefaultWeights = Weights{Competency: 0.35, Knowledge: 0.15, Continuity: 0.25, Load: 0.15, Region: 0.10, Shortfall: 0.1}

// Exclusion bits, one per rule; a member is qualified when none is set.
const (
	exNotActive uint16 = 1 << iota
	exPaused
	exLeave
	exFull
	exHours
	exIndependence
	exContra
	exMinimum     // below a hard minimum (norms do not exclude)
	numExclusions = iota
)

// eps absorbs float noise in hour and norm comparisons.
const eps = 1e-9

// tables number the competency keys and life domains that the cases of one
// call mention, so a member's scores and experience can be laid out as
// slices indexed by those numbers (see memberView) instead of being looked
// up in the member's maps for every case.
type tables struct {
	cfg       Config
	keys      []string       // competency keys by index
	keyIdx    map[string]int // key -> index
	norm      []float64      // norm per key index; NaN when there is none
	normText  []string       // per key index: " < 4)", to end a below-norm reason
	minimum   []float64      // hard minimum per key index; NaN when there is none
	minText   []string       // per key index: " < 2)", to end a below-minimum reason
	names     []string       // per key index: the display name (Config.Names) or the key
	domains   []string       // life domains by index
	domIdx    map[string]int // domain -> index
	scaleMin  float64
	scaleSpan float64
	needAll   bool // some case leans on nothing: members need compAll
}

func newTables(cfg Config) *tables {
	t := &tables{cfg: cfg, keyIdx: map[string]int{}, domIdx: map[string]int{}}
	t.scaleMin = cfg.ScaleMin
	t.scaleSpan = cfg.ScaleMax - cfg.ScaleMin
	if t.scaleSpan <= 0 {
		t.scaleSpan = 1
	}
	return t
}

// key returns the index of competency key k, adding it when new.
func (t *tables) key(k string) int {
	if i, ok := t.keyIdx[k]; ok {
		return i
	}
	i := len(t.keys)
	t.keys = append(t.keys, k)
	t.keyIdx[k] = i
	n, ok := t.cfg.Norms[k]
	if !ok {
		n = math.NaN()
	}
	t.norm = append(t.norm, n)
	t.normText = append(t.normText, " < "+domain.FormatNumberTrim(n, 6)+")")
	lo, ok := t.cfg.Minimums[k]
	if !ok {
		lo = math.NaN()
	}
	t.minimum = append(t.minimum, lo)
	t.minText = append(t.minText, " < "+domain.FormatNumberTrim(lo, 6)+")")
	name := t.cfg.Names[k]
	if name == "" {
		name = k
	}
	t.names = append(t.names, name)
	return i
}

// domain returns the index of life domain d, adding it when new.
func (t *tables) domain(d string) int {
	if i, ok := t.domIdx[d]; ok {
		return i
	}
	i := len(t.domains)
	t.domains = append(t.domains, d)
	t.domIdx[d] = i
	return i
}

// normalise maps a competency score onto [0, 1].
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

// casePrep is a case with its competencies and domains as indices and its
// dates as day numbers.
type casePrep struct {
	c         *Case
	startDay  int
	leans     []int // distinct key indices, in the case's order
	domains   []int // distinct domain indices
	hasPrev   bool
	prevID    int64
	contValid bool // continuity has not expired
}

func (t *tables) prepCase(c *Case) casePrep {
	p := casePrep{c: c, startDay: dayNumber(c.StartsOn)}
	for _, k := range c.LeansOn {
		if i := t.key(k); !slices.Contains(p.leans, i) {
			p.leans = append(p.leans, i)
		}
	}
	if len(p.leans) == 0 {
		t.needAll = true
	}
	for _, d := range c.LifeDomains {
		if i := t.domain(d); !slices.Contains(p.domains, i) {
			p.domains = append(p.domains, i)
		}
	}
	if c.PreviousRegisseurID != nil {
		p.hasPrev = true
		p.prevID = *c.PreviousRegisseurID
		p.contValid = c.PreviousClosedOn == nil ||
			p.startDay-dayNumber(*c.PreviousClosedOn) <= t.cfg.ContinuityDays
	}
	return p
}

// dayNumber numbers t's calendar date in t's own location (days since
// 1970-01-01), so dates compare by calendar day, not by instant, and
// subtract to whole days.
func dayNumber(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / (24 * 60 * 60))
}

// memberView is a member laid out by the tables' indices.
type memberView struct {
	m         *Member
	comp      []float64 // raw score per key index; NaN when missing
	hasPause  bool
	pausedDay int
	leaves    [][2]int // leave periods as day numbers
	// Filled by fillScoring, which only qualified members need.
	knows   []bool    // per domain index: experience > 0
	compAll float64   // normalised mean over all the member's scores; NaN when none
	all     []float64 // scratch for compAll
}

// fill lays out what the exclusion rules need. It reuses v's slices, so
// one view can be refilled for member after member.
func (t *tables) fill(v *memberView, m *Member) {
	v.m = m
	v.comp = v.comp[:0]
	for _, k := range t.keys {
		x, ok := m.Competency[k]
		if !ok {
			x = math.NaN()
		}
		v.comp = append(v.comp, x)
	}
	v.hasPause = m.PausedUntil != nil
	if v.hasPause {
		v.pausedDay = dayNumber(*m.PausedUntil)
	}
	v.leaves = v.leaves[:0]
	for _, p := range m.Unavailable {
		v.leaves = append(v.leaves, [2]int{dayNumber(p.From), dayNumber(p.To)})
	}
}

// fillScoring adds what only the score needs: domain experience and the
// mean over all competencies.
func (t *tables) fillScoring(v *memberView) {
	m := v.m
	v.knows = v.knows[:0]
	for _, d := range t.domains {
		v.knows = append(v.knows, m.DomainExperience[d] > 0)
	}
	v.compAll = math.NaN()
	if t.needAll && len(m.Competency) > 0 {
		// Sum in a fixed order: map order changes from run to run, and with
		// it the last bit of a float sum.
		v.all = v.all[:0]
		for _, x := range m.Competency {
			v.all = append(v.all, t.normalise(x))
		}
		slices.Sort(v.all)
		s := 0.0
		for _, x := range v.all {
			s += x
		}
		v.compAll = s / float64(len(v.all))
	}
}

// hoursLeft is the member's free regie hours per week.
func hoursLeft(m *Member) float64 { return m.HoursPerWeek - m.HoursCommitted }

// onLeave reports whether leave period l contains day.
func onLeave(l [2]int, day int) bool { return l[0] <= day && day <= l[1] }

// belowNorm reports whether the member scores below the norm on key k
// (both present).
func (t *tables) belowNorm(v *memberView, k int) bool {
	x, n := v.comp[k], t.norm[k]
	return !math.IsNaN(x) && !math.IsNaN(n) && x < n-eps
}

// belowMinimum reports whether the member scores below the hard minimum
// on key k (both present).
func (t *tables) belowMinimum(v *memberView, k int) bool {
	x, lo := v.comp[k], t.minimum[k]
	return !math.IsNaN(x) && !math.IsNaN(lo) && x < lo-eps
}

// shortfall is the scale points under the norm, summed over the
// competencies the case leans on.
func (t *tables) shortfall(c *casePrep, v *memberView) float64 {
	s := 0.0
	for _, k := range c.leans {
		if t.belowNorm(v, k) {
			s += t.norm[k] - v.comp[k]
		}
	}
	return s
}

// exclusions returns the set of rules that keep the member off case c.
func (t *tables) exclusions(c *casePrep, v *memberView) uint16 {
	m := v.m
	var mask uint16
	if m.Status != "active" {
		mask |= exNotActive
	}
	if v.hasPause && v.pausedDay >= c.startDay {
		mask |= exPaused
	}
	for _, l := range v.leaves {
		if onLeave(l, c.startDay) {
			mask |= exLeave
			break
		}
	}
	if m.ActiveCases >= m.MaxCases {
		mask |= exFull
	}
	if hoursLeft(m) < c.c.HoursPerWeek-eps {
		mask |= exHours
	}
	for _, o := range c.c.InvolvedOrganisationIDs {
		if o == m.OrganisationID {
			mask |= exIndependence
			break
		}
	}
	if m.ContraIndication {
		mask |= exContra
	}
	for _, k := range c.leans {
		if t.belowMinimum(v, k) {
			mask |= exMinimum
			break
		}
	}
	return mask
}

// parts computes the fit components of a qualified pair; v must have been
// through fillScoring.
func (t *tables) parts(c *casePrep, v *memberView) Parts {
	m := v.m
	var p Parts
	switch {
	case len(c.leans) > 0:
		s := 0.0
		for _, k := range c.leans {
			if x := v.comp[k]; math.IsNaN(x) {
				s += 0.5 // no score on this competency: neutral
			} else {
				s += t.normalise(x)
			}
		}
		p.Competency = s / float64(len(c.leans))
	case !math.IsNaN(v.compAll):
		p.Competency = v.compAll
	default:
		p.Competency = 0.5
	}
	p.NormShortfall = math.Round(t.shortfall(c, v)*1e6) / 1e6
	if len(c.domains) == 0 {
		p.Knowledge = 0.5
	} else {
		p.Knowledge = float64(knownDomains(c, v)) / float64(len(c.domains))
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

// knownDomains counts the case's life domains the member has experience in.
func knownDomains(c *casePrep, v *memberView) int {
	n := 0
	for _, d := range c.domains {
		if v.knows[d] {
			n++
		}
	}
	return n
}

// noCompetencyScores reports whether the competency part fell back to
// neutral because the member has no score at all on what counts.
func noCompetencyScores(c *casePrep, v *memberView) bool {
	if len(c.leans) == 0 {
		return math.IsNaN(v.compAll)
	}
	for _, k := range c.leans {
		if !math.IsNaN(v.comp[k]) {
			return false
		}
	}
	return true
}

// scoreMilli is the weighted sum of the parts in thousandths (the score
// rounded to 3 decimals, as an exact integer).
func (t *tables) scoreMilli(p Parts) int64 {
	w := t.cfg.Weights
	raw := w.Competency*p.Competency + w.Knowledge*p.Knowledge + w.Continuity*p.Continuity +
		w.Load*p.Load + w.Region*p.Region - w.Shortfall*p.NormShortfall
	// The nudge keeps float noise from turning an exact half (0.5875, summed
	// as 0.58749999…) into a round-down.
	return int64(math.Round(raw*1000 + 1e-6))
}

func capacityOf(m *Member) Capacity {
	return Capacity{ActiveCases: m.ActiveCases, MaxCases: m.MaxCases, HoursLeft: math.Round(hoursLeft(m)*10) / 10}
}
