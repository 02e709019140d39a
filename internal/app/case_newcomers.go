package app

import (
	"context"
	"slices"

	"regiepool/internal/domain"
)

// newcomerReason tells the dispatcher why a member moved up.
const newcomerReason = "Nog geen casus gehad: gaat voor bij gelijke geschiktheid (minstens 5 casussen per regisseur)."

// newcomersFirst moves qualified members who never had a case ahead of the
// equally qualified (the same fit band, domain.FitBand) in the engine's
// order, so every regisseur of the pool gets cases (the pilot asks at least
// 5 each). Otherwise the order stays the engine's; the family's earlier
// regisseur (continuity) is never passed. It works on the ranking, not in
// the engine, so the engine's scores stay what they are.
func (a *App) newcomersFirst(ctx context.Context, r *Ranking, previous *int64) error {
	ids := make([]int64, 0, len(r.Candidates))
	for _, c := range r.Candidates {
		if c.Qualified {
			ids = append(ids, c.RegisseurID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	handled, err := a.db.CasesHandled(ctx, ids)
	if err != nil {
		return err
	}
	isPrev := func(c CandidateView) bool { return previous != nil && c.RegisseurID == *previous }
	cs := r.Candidates
	for start := 0; start < len(cs) && cs[start].Qualified; {
		end := start + 1
		for end < len(cs) && cs[end].Qualified && cs[end].Fit == cs[start].Fit && isPrev(cs[end]) == isPrev(cs[start]) {
			end++
		}
		run := cs[start:end]
		slices.SortStableFunc(run, func(x, y CandidateView) int {
			nx, ny := handled[x.RegisseurID] == 0, handled[y.RegisseurID] == 0
			switch {
			case nx && !ny:
				return -1
			case ny && !nx:
				return 1
			}
			return 0
		})
		for i := range run {
			if handled[run[i].RegisseurID] == 0 {
				// The reasons may share a backing array: append to a copy.
				run[i].Reasons = append(slices.Clip(run[i].Reasons), newcomerReason)
				run[i].ReasonCodes = append(slices.Clip(run[i].ReasonCodes), domain.ReasonNewcomer)
			}
		}
		start = end
	}
	return nil
}
