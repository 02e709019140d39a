package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// What an actor sees of a ranking, decided here for the API and the pages
// alike. Matching ranks on competency scores from self-assessments and 360
// rounds. An actor who may see those scores (domain.CanSeeAssessmentScores)
// gets the engine's ranking with its numbers. Anyone else (a dispatcher)
// gets a ranking the engine made from the verdicts alone: every score on a
// competency a case leans on is replaced by "meets the norm" (the top of the
// scale) or "below it" (the bottom), and other scores are left out. So not
// only the numbers are hidden: the order, the choice of a batch proposal
// and anything subtracted from them depend on nothing finer than the
// verdicts either, which a dispatcher sees anyway. Otherwise comparing the
// order of two candidates across cases with chosen life domains, or across
// loads, would bound their scores as closely as one likes.

// CompetencyFit is the verdict on one competency the case leans on.
type CompetencyFit struct {
	Key, Name string
	// Fit is domain.CompetencyMeets or domain.CompetencySupplement.
	Fit string
}

// CandidateScores are the numbers matching derives from assessments.
type CandidateScores struct {
	// Score is the weighted sum of Parts (0 for an excluded member).
	Score float64
	Parts matching.Parts
}

// CandidateView is what the actor may see of one candidate for a case.
type CandidateView struct {
	RegisseurID    int64
	OrganisationID int64
	Name           string
	Qualified      bool
	// Fit is the band of a qualified candidate (domain.FitBand); "" when
	// excluded.
	Fit string
	// Competencies has a verdict per competency the case leans on, in the
	// case's order.
	Competencies []CompetencyFit
	// Reasons say in Dutch why the member is excluded or how they fit; for
	// an actor without Scores, without any number derived from assessments.
	Reasons  []string
	Capacity matching.Capacity
	// Scores is nil when the actor may not see them.
	Scores *CandidateScores
}

// Ranking is the ranking of one case as the actor may see it.
type Ranking struct {
	CaseID     int64
	Candidates []CandidateView
	// Scores reports whether the candidates carry their numbers.
	Scores bool
}

// matchInput is what the engine works on for the actor: the members (with
// their scores, or only the verdicts), the norms and names, and the
// configuration.
type matchInput struct {
	members []matching.Member          // as the engine sees them
	scored  map[int64]*matching.Member // by regisseur id, with their scores
	norms   map[string]float64
	names   map[string]string
	cfg     matching.Config
	scores  bool // the actor sees the numbers
}

// matchInput loads the members in scope for the cases leaning on leans, and
// decides what the engine may see of them for the actor. The read is
// audited as a ranking of caseID, or (nil) as a batch proposal.
func (a *App) matchInput(ctx context.Context, caseID *int64, leans []string) (matchInput, error) {
	members, norms, names, err := a.db.MatchingMembers(ctx, a.cfg.MinRaters, caseID)
	if err != nil {
		return matchInput{}, err
	}
	in := matchInput{members: members, scored: make(map[int64]*matching.Member, len(members)), norms: norms, names: names,
		cfg: a.caseMatchConfig(norms, names)}
	for i := range members {
		in.scored[members[i].RegisseurID] = &members[i]
	}
	if in.scores, err = a.scoresVisible(ctx, members); err != nil {
		return matchInput{}, err
	}
	if !in.scores {
		in.members = verdictsOnly(members, leans, norms, in.cfg)
	}
	return in, nil
}

// scoresVisible reports whether the actor may see the assessment scores of
// every member: admins, and a coach of all of them.
func (a *App) scoresVisible(ctx context.Context, members []matching.Member) (bool, error) {
	act := domain.ActorFrom(ctx)
	if domain.CanSeeAssessmentScores(act, false) {
		return true, nil
	}
	if !domain.CanSeeAssessmentScores(act, true) {
		return false, nil
	}
	ids, err := a.db.FindCoacheeIDs(ctx)
	if err != nil {
		return false, err
	}
	for _, m := range members {
		if !slices.Contains(ids, m.RegisseurID) {
			return false, nil
		}
	}
	return true, nil
}

// verdictsOnly copies members with only the verdicts on the competencies in
// leans as their scores: the top of the scale for one that meets its norm,
// the bottom for one below it (which the engine excludes, as it would the
// real score); no score stays no score.
func verdictsOnly(members []matching.Member, leans []string, norms map[string]float64, cfg matching.Config) []matching.Member {
	out := make([]matching.Member, len(members))
	for i, m := range members {
		coarse := make(map[string]float64, len(leans))
		for _, k := range leans {
			x, ok := m.Competency[k]
			if !ok {
				continue
			}
			n, hasNorm := norms[k]
			if domain.CompetencyFitOf(x, true, n, hasNorm) == domain.CompetencyMeets {
				coarse[k] = cfg.ScaleMax
			} else {
				coarse[k] = cfg.ScaleMin
			}
		}
		m.Competency = coarse
		out[i] = m
	}
	return out
}

// rank ranks case mc for the actor.
func (in *matchInput) rank(mc matching.Case) Ranking {
	cands := matching.Rank(mc, in.members, in.cfg)
	r := Ranking{CaseID: mc.ID, Candidates: make([]CandidateView, len(cands)), Scores: in.scores}
	for i, c := range cands {
		r.Candidates[i] = in.view(mc, c)
	}
	return r
}

// view is what the actor sees of candidate c of case mc.
func (in *matchInput) view(mc matching.Case, c matching.Candidate) CandidateView {
	v := CandidateView{RegisseurID: c.RegisseurID, OrganisationID: c.OrganisationID, Name: c.Name, Qualified: c.Qualified,
		Capacity: c.Capacity}
	var verdicts, meets, short, under []string
	for _, k := range distinct(mc.LeansOn) {
		name := in.names[k]
		if name == "" {
			name = k
		}
		var x float64
		var ok bool
		if m := in.scored[c.RegisseurID]; m != nil {
			x, ok = m.Competency[k]
		}
		n, hasNorm := in.norms[k]
		f := domain.CompetencyFitOf(x, ok, n, hasNorm)
		v.Competencies = append(v.Competencies, CompetencyFit{Key: k, Name: name, Fit: f})
		verdicts = append(verdicts, f)
		switch {
		case f == domain.CompetencyMeets:
			meets = append(meets, name)
		case ok:
			under = append(under, name)
			short = append(short, name)
		default:
			short = append(short, name)
		}
	}
	if c.Qualified {
		v.Fit = domain.FitBand(verdicts, c.Parts.Continuity > 0, c.Parts.Knowledge, len(distinct(mc.LifeDomains)))
	}
	if in.scores {
		v.Reasons = c.Reasons
		v.Scores = &CandidateScores{Score: c.Score, Parts: c.Parts}
		return v
	}
	v.Reasons = wordReasons(c, meets, short, under)
	return v
}

// pairFit is the band of member m, placed by a proposal, for case mc: the
// parts the band reads (continuity, knowledge of the life domains) are
// computed as the engine does, since ranking one pair costs far more
// (about 75 µs) than this.
func (in *matchInput) pairFit(mc matching.Case, m *matching.Member) string {
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
		(mc.PreviousClosedOn == nil || civilDays(*mc.PreviousClosedOn, mc.StartsOn) <= in.cfg.ContinuityDays) {
		c.Parts.Continuity = 1
	}
	return in.view(mc, c).Fit
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
// competency scores, with the verdicts in words instead: for a qualified
// member which competencies meet the norm and which to supply through the
// network, for an excluded one the competencies under the norm.
func wordReasons(c matching.Candidate, meets, short, under []string) []string {
	out := make([]string, 0, len(c.Reasons)+1)
	if c.Qualified {
		switch {
		case len(meets) == 0 && len(short) == 0:
			out = append(out, "Profiel: de casus leunt niet op bepaalde competenties")
		case len(short) == 0:
			out = append(out, "Voldoet aan het profiel: "+strings.Join(meets, ", "))
		case len(meets) == 0:
			out = append(out, "Aanvullen via netwerk: "+strings.Join(short, ", "))
		default:
			out = append(out, "Voldoet op "+strings.Join(meets, ", ")+"; aanvullen via netwerk: "+strings.Join(short, ", "))
		}
	}
	for _, r := range c.Reasons {
		if !scoreReason(r) {
			out = append(out, r)
		}
	}
	if !c.Qualified {
		for _, name := range under {
			out = append(out, "Onder de norm op "+name)
		}
	}
	return out
}

// scoreReason reports whether a reason of the engine speaks of competency
// scores: the competency part ("Competenties: 0,75", "Competenties: geen
// scores bekend …") or a score under a norm ("Onder de norm op Daadkrachtig
// (2,92 < 4)"). The engine saw only verdicts for such an actor, so these
// would not leak, but their numbers would mislead.
func scoreReason(r string) bool {
	return strings.HasPrefix(r, "Competenties") || strings.HasPrefix(r, "Onder de norm op ")
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
