package app

import (
	"math"
	"slices"
	"strings"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// Turning the engine's candidates into what the actor may see of them
// (see candidate.go).

// rank ranks case mc for the actor.
func (in *matchInput) rank(mc matching.Case) Ranking {
	cands := matching.Rank(mc, in.members, in.cfg)
	r := Ranking{CaseID: mc.ID, Candidates: make([]CandidateView, len(cands)), Scores: in.scores}
	cv := in.caseView(mc)
	var scores []CandidateScores
	if in.scores {
		scores = make([]CandidateScores, len(cands))
	} else {
		// One backing array for every list of reasons in words.
		n := 0
		for _, c := range cands {
			n += len(c.Reasons) + len(cv.pattern(c.RegisseurID).under) + 1
		}
		cv.reasons = make([]string, 0, n)
		cv.codes = make([]string, 0, n)
	}
	for i, c := range cands {
		var sc *CandidateScores
		if in.scores {
			scores[i] = CandidateScores{Score: c.Score, Parts: c.Parts}
			sc = &scores[i]
		}
		r.Candidates[i] = cv.view(c, sc)
	}
	return r
}

// caseView turns the engine's candidates for one case into what the actor
// may see. What depends only on a member's verdicts (the competency list,
// the profile line, the norms missed) is made once per pattern of verdicts
// and shared, read-only, by the candidates with that pattern: a ranking of
// thousands of members has a handful of patterns.
type caseView struct {
	in       *matchInput
	mc       matching.Case
	leans    []string // the competencies the case leans on, once each
	names    []string // their names
	norms    []float64
	hasNorm  []bool
	minimums []float64 // NaN: no hard minimum
	domains  int       // the case's life domains, once each
	patterns map[string]*verdictPattern
	key      []byte
	reasons  []string // backing for the reasons in words, when set
	codes    []string // backing for their codes
}

// verdictPattern is what follows from one pattern of verdicts.
type verdictPattern struct {
	fits     []CompetencyFit
	verdicts []string
	profile  string   // a qualified member's profile in words
	under    []string // "Onder het minimum op …" for each competency under its hard minimum
}

func (in *matchInput) caseView(mc matching.Case) *caseView {
	cv := &caseView{in: in, mc: mc, leans: distinct(mc.LeansOn), domains: len(distinct(mc.LifeDomains)), patterns: map[string]*verdictPattern{}}
	for _, k := range cv.leans {
		name := in.names[k]
		if name == "" {
			name = k
		}
		n, ok := in.norms[k]
		cv.names, cv.norms, cv.hasNorm = append(cv.names, name), append(cv.norms, n), append(cv.hasNorm, ok)
		lo, ok := in.cfg.Minimums[k]
		if !ok {
			lo = math.NaN()
		}
		cv.minimums = append(cv.minimums, lo)
	}
	return cv
}

// pattern is the verdict pattern of regisseur id.
func (cv *caseView) pattern(id int64) *verdictPattern {
	m := cv.in.scored[id]
	// Per competency: m (meets), u (a score under the norm), x (under the
	// hard minimum), n (no score).
	cv.key = cv.key[:0]
	for i, k := range cv.leans {
		var x float64
		var ok bool
		if m != nil {
			x, ok = m.Competency[k]
		}
		cv.key = append(cv.key, verdictKey(x, ok, cv.norms[i], cv.hasNorm[i], cv.minimums[i]))
	}
	if p, ok := cv.patterns[string(cv.key)]; ok {
		return p
	}
	p := &verdictPattern{}
	var meets, short []string
	for i, v := range cv.key {
		f := domain.CompetencyMeets
		switch v {
		case 'm':
			meets = append(meets, cv.names[i])
		case 'x':
			f = domain.CompetencySupplement
			short = append(short, cv.names[i])
			p.under = append(p.under, "Onder het minimum op "+cv.names[i])
		default:
			f = domain.CompetencySupplement
			short = append(short, cv.names[i])
		}
		p.fits = append(p.fits, CompetencyFit{Key: cv.leans[i], Name: cv.names[i], Fit: f})
		p.verdicts = append(p.verdicts, f)
	}
	switch {
	case len(cv.leans) == 0:
		p.profile = "Profiel: de casus leunt niet op bepaalde competenties"
	case len(short) == 0:
		p.profile = "Voldoet aan het profiel: " + strings.Join(meets, ", ")
	case len(meets) == 0:
		p.profile = "Aanvullen via netwerk/begeleiding: " + strings.Join(short, ", ")
	default:
		p.profile = "Voldoet op " + strings.Join(meets, ", ") + "; aanvullen via netwerk/begeleiding: " + strings.Join(short, ", ")
	}
	cv.patterns[string(cv.key)] = p
	return p
}

// view is what the actor sees of candidate c; scores is nil when the actor
// may not see them.
func (cv *caseView) view(c matching.Candidate, scores *CandidateScores) CandidateView {
	p := cv.pattern(c.RegisseurID)
	v := CandidateView{RegisseurID: c.RegisseurID, OrganisationID: c.OrganisationID, Name: c.Name, Qualified: c.Qualified,
		Competencies: p.fits, Capacity: c.Capacity, Scores: scores}
	if c.Qualified {
		v.Fit = domain.FitBand(p.verdicts, c.Parts.Continuity > 0, c.Parts.Knowledge, cv.domains)
	}
	if scores != nil {
		v.Reasons, v.ReasonCodes = c.Reasons, c.ReasonCodes
	} else {
		v.Reasons, v.ReasonCodes = cv.wordReasons(c, p)
	}
	return v
}

// verdictKey is the verdict on one competency as a byte: m (meets the
// norm), u (a score under the norm), x (under the hard minimum lo; NaN for
// none), n (no score).
func verdictKey(x float64, ok bool, norm float64, hasNorm bool, lo float64) byte {
	switch {
	case domain.CompetencyFitOf(x, ok, norm, hasNorm) == domain.CompetencyMeets:
		return 'm'
	case !ok:
		return 'n'
	case !math.IsNaN(lo) && x < lo-1e-9:
		return 'x'
	}
	return 'u'
}

// pairFit is the band of member m, placed by a proposal, for the case: the
// parts the band reads (continuity, knowledge of the life domains) are
// computed as the engine does, since ranking one pair costs far more
// (about 75 µs) than this.
func (cv *caseView) pairFit(m *matching.Member) string {
	mc := cv.mc
	c := matching.Candidate{RegisseurID: m.RegisseurID, Qualified: true}
	if domains := distinct(mc.LifeDomains); len(domains) > 0 {
		known := 0
		for _, d := range domains {
			if m.DomainExperience[d] > 0 {
				known++
			}
		}
		c.Parts.Knowledge = float64(known) / float64(len(domains))
	}
	if mc.PreviousRegisseurID != nil && *mc.PreviousRegisseurID == m.RegisseurID &&
		(mc.PreviousClosedOn == nil || civilDays(*mc.PreviousClosedOn, mc.StartsOn) <= cv.in.cfg.ContinuityDays) {
		c.Parts.Continuity = 1
	}
	return cv.view(c, nil).Fit
}

// civilDays is the number of calendar days from a to b.
func civilDays(a, b time.Time) int {
	day := func(t time.Time) time.Time {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return int(day(b).Sub(day(a)).Hours() / 24)
}

// wordReasons are the engine's reasons without those that speak of
// competency scores (domain.ScoreReason, chosen by code), with the verdicts
// in words instead: for a qualified member which competencies meet the
// norm and which to supply through network or coach, for an excluded one
// the competencies under the hard minimum; and their codes. The engine saw
// only verdicts for such an actor, so the scores would not leak, but their
// numbers would mislead.
func (cv *caseView) wordReasons(c matching.Candidate, p *verdictPattern) ([]string, []string) {
	size := len(c.Reasons) + len(p.under) + 1
	var out, codes []string
	if cap(cv.reasons)-len(cv.reasons) >= size && cap(cv.codes)-len(cv.codes) >= size {
		// Carved from the shared backing, capped so that it never grows
		// into a neighbour's.
		l := len(cv.reasons)
		cv.reasons, cv.codes = cv.reasons[:l+size], cv.codes[:l+size]
		out, codes = cv.reasons[l:l:l+size], cv.codes[l:l:l+size]
	} else {
		out, codes = make([]string, 0, size), make([]string, 0, size)
	}
	if c.Qualified {
		out, codes = append(out, p.profile), append(codes, domain.ReasonProfile)
	}
	for i, r := range c.Reasons {
		if code := c.ReasonCodes[i]; !domain.ScoreReason(code) {
			out, codes = append(out, r), append(codes, code)
		}
	}
	if !c.Qualified {
		for _, u := range p.under {
			out, codes = append(out, u), append(codes, domain.ReasonBelowMinimum)
		}
	}
	return out, codes
}

// distinct is s without repeats, in order.
func distinct(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
