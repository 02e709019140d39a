package app

import (
	"context"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// Overrides (issue 14, item 2): a dispatcher may assign a candidate the
// ranking excludes, with a reason (AssignCase); monitoring counts them.

// exclusionsOf is why the ranking excludes regisseur regisseurID from case
// k, with the engine's rules and the texts the actor may see (in words for
// an actor who may not see scores); nil when the ranking qualifies them or
// they are no pool member in scope (the store then refuses the
// assignment with its own reason).
func (a *App) exclusionsOf(ctx context.Context, k domain.Case, regisseurID int64) ([]domain.Exclusion, error) {
	mc, err := a.db.MatchingCase(ctx, k)
	if err != nil {
		return nil, err
	}
	m, norms, names, found, err := a.db.MatchingMember(ctx, a.cfg.MinRaters, k.ID, regisseurID)
	if err != nil || !found {
		return nil, err
	}
	in, err := a.newMatchInput(ctx, []matching.Member{m}, norms, names, mc.LeansOn)
	if err != nil {
		return nil, err
	}
	c := in.rank(mc).Candidates[0]
	if c.Qualified {
		return nil, nil
	}
	out := make([]domain.Exclusion, len(c.Reasons))
	for i := range c.Reasons {
		out[i] = domain.Exclusion{Code: c.ReasonCodes[i], Reason: c.Reasons[i]}
	}
	return out, nil
}

// OverrideCounts counts the assignments made against the ranking's
// exclusions per exclusion code (domain.ExclusionReasons), over the cases
// monitoring covers: registered in [from, to], in one municipality when
// municipalityID is set. It answers the pilot's question whether the
// profile or its hard minimums need changing; only counts, no case or
// person. Monitors and admins. Errors: forbidden.
func (a *App) OverrideCounts(ctx context.Context, from, to time.Time, municipalityID *int64) (map[string]int, error) {
	return a.db.CountOverrides(ctx, from, to, municipalityID)
}
