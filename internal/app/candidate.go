package app

import (
	"context"
	"math"
	"slices"

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
	Reasons []string
	// ReasonCodes has the code of each reason (domain.Reason…), at the
	// same index.
	ReasonCodes []string
	Capacity    matching.Capacity
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
	return a.newMatchInput(ctx, members, norms, names, leans)
}

// newMatchInput decides what the engine may see of members for the actor,
// under the instrument's matching policy.
func (a *App) newMatchInput(ctx context.Context, members []matching.Member, norms map[string]float64, names map[string]string,
	leans []string) (matchInput, error) {
	pol, err := a.db.MatchingPolicy(ctx)
	if err != nil {
		return matchInput{}, err
	}
	in := matchInput{members: members, scored: make(map[int64]*matching.Member, len(members)), norms: norms, names: names,
		cfg: a.caseMatchConfig(norms, names)}
	// The instrument's matching policy: norms are targets, with a penalty
	// per scale point short; only the hard minimums exclude.
	in.cfg.Minimums, in.cfg.Weights.Shortfall = pol.Minimums, pol.NormPenalty
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
// leans as their scores: the top of the scale for one that meets its norm;
// for one below it, the hard minimum (or the bottom of the scale when there
// is none), so the engine keeps them qualified with the same penalty for
// every member under that norm; below the hard minimum, a score under it
// (which the engine excludes, as it would the real score); no score stays
// no score. Members with the same verdicts share one map, which the engine
// only reads.
func verdictsOnly(members []matching.Member, leans []string, norms map[string]float64, cfg matching.Config) []matching.Member {
	out := make([]matching.Member, len(members))
	shared := map[string]map[string]float64{}
	key := make([]byte, len(leans))
	for i, m := range members {
		for j, k := range leans {
			x, ok := m.Competency[k]
			n, hasNorm := norms[k]
			lo, hasMin := cfg.Minimums[k]
			if !hasMin {
				lo = math.NaN()
			}
			key[j] = verdictKey(x, ok, n, hasNorm, lo)
		}
		coarse, ok := shared[string(key)]
		if !ok {
			coarse = make(map[string]float64, len(leans))
			for j, k := range leans {
				lo, hasMin := cfg.Minimums[k]
				switch key[j] {
				case 'm':
					coarse[k] = cfg.ScaleMax
				case 'u':
					coarse[k] = cfg.ScaleMin
					if hasMin {
						coarse[k] = max(lo, cfg.ScaleMin)
					}
				case 'x':
					coarse[k] = lo - 1
				}
			}
			shared[string(key)] = coarse
		}
		m.Competency = coarse
		out[i] = m
	}
	return out
}
