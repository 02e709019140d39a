package app

import (
	"time"

	"context"
	"slices"
	"strconv"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// The matching use cases: rank the candidates for one case, propose a batch
// of assignments for the waiting cases, and commit the pairs a dispatcher
// keeps. The API and the pages call these and nothing else, so both show
// the same candidates and the same proposal.

// errNoDispatch refuses an actor who does not dispatch cases.
func errNoDispatch() error {
	return domain.Errorf(domain.EForbidden, "forbidden", "U verdeelt geen casussen.")
}

// RankCandidates ranks the pool members in the actor's scope for a case:
// the qualified first, best fit first, then the excluded with the reasons,
// as far as the actor may see them (see Ranking). Nothing is stored; the
// read is audited as a candidate ranking of the case. A ranking is heavy
// (see enterHeavy). Errors: forbidden (domain.CanDispatchCases), not_found
// (the case is out of scope), unavailable (too many heavy requests at once).
func (a *App) RankCandidates(ctx context.Context, caseID int64) (Ranking, error) {
	if !domain.CanDispatchCases(domain.ActorFrom(ctx)) {
		return Ranking{}, errNoDispatch()
	}
	k, err := a.db.FindCaseByID(ctx, caseID)
	if err != nil {
		return Ranking{}, err
	}
	return a.rankCase(ctx, k)
}

// rankCase runs the engine for case k over the members in scope; it is
// heavy (see enterHeavy).
func (a *App) rankCase(ctx context.Context, k domain.Case) (Ranking, error) {
	done, err := a.enterHeavy(ctx)
	if err != nil {
		return Ranking{}, err
	}
	defer done()
	mc, err := a.db.MatchingCase(ctx, k)
	if err != nil {
		return Ranking{}, err
	}
	in, err := a.matchInput(ctx, &k.ID, mc.LeansOn)
	if err != nil {
		return Ranking{}, err
	}
	start := time.Now()
	r := in.rank(mc)
	a.timeEngine("rank", start)
	return r, a.newcomersFirst(ctx, &r, mc.PreviousRegisseurID)
}

// caseMatchConfig is the engine's configuration: the instrument's norms and
// competency names, and the continuity period of the deployment.
func (a *App) caseMatchConfig(norms map[string]float64, names map[string]string) matching.Config {
	return matching.Config{Norms: norms, Names: names, ContinuityDays: a.cfg.ContinuityDays}.WithDefaults()
}

// ProposedPair is one proposed assignment as the actor may see it.
type ProposedPair struct {
	CaseID, RegisseurID int64
	// Fit is the regisseur's band for the case (domain.FitBand).
	Fit string
	// Score is nil when the actor may not see it.
	Score *float64
}

// BatchProposal is the engine's proposal for waiting cases as the actor may
// see it, with the cases and the names the pages show beside it.
type BatchProposal struct {
	Pairs    []ProposedPair
	Unplaced []matching.Unplaced
	// Total and UpperBound are the summed fit of Pairs and a bound on the
	// best possible; nil when the actor may not see scores.
	Total, UpperBound *float64
	// Gap, Exact and Levels: see matching.Proposal.
	Gap    float64
	Exact  bool
	Levels []matching.LevelCount
	// Cases are the waiting cases the proposal considered, by id.
	Cases map[int64]domain.Case
	// RegisseurNames names the pool members in scope by regisseur id.
	RegisseurNames map[int64]string
}

// ProposeBatch proposes assignments for waiting cases in the actor's scope:
// exactly the cases of caseIDs, or every waiting case when caseIDs is empty,
// however many wait. Per urgency, highest first, as many cases as possible
// are placed, then the highest total fit, without exceeding any member's
// capacity; for an actor who may not see assessment scores, the fit is the
// one in words (see Ranking). Nothing is stored: the dispatcher commits the
// pairs they keep (CommitProposal or AssignCase); the read is audited as an
// assignment proposal. The cases and the members are loaded in a constant
// number of queries, and the work stops between its phases once ctx ends
// (the client went away). A proposal is heavy (see enterHeavy). Errors:
// forbidden (domain.CanDispatchCases), invalid (more than
// domain.MaxProposalCases ids, code max; an id that is not a waiting case in
// scope, code not_waiting), unavailable (too many heavy requests at once),
// canceled.
func (a *App) ProposeBatch(ctx context.Context, caseIDs []int64) (BatchProposal, error) {
	if !domain.CanDispatchCases(domain.ActorFrom(ctx)) {
		return BatchProposal{}, errNoDispatch()
	}
	if len(caseIDs) > domain.MaxProposalCases {
		return BatchProposal{}, domain.Invalid(domain.FieldError{Name: "caseIds", Code: "max",
			Reason: "Noem hoogstens " + domain.FormatNumber(float64(domain.MaxProposalCases), 0) + " casussen."})
	}
	done, err := a.enterHeavy(ctx)
	if err != nil {
		return BatchProposal{}, err
	}
	defer done()
	selected, cases, err := a.waitingCases(ctx, caseIDs)
	if err != nil {
		return BatchProposal{}, err
	}
	bp := BatchProposal{Cases: make(map[int64]domain.Case, len(selected)), RegisseurNames: map[int64]string{}}
	byCase := make(map[int64]matching.Case, len(selected))
	var leans []string
	for i, k := range selected {
		byCase[k.ID] = cases[i]
		bp.Cases[k.ID] = k
		leans = append(leans, cases[i].LeansOn...)
	}
	in, err := a.matchInput(ctx, nil, distinct(leans))
	if err != nil {
		return BatchProposal{}, err
	}
	// The engine takes no ctx: the work stops before and after it.
	if err := ctx.Err(); err != nil {
		return BatchProposal{}, err
	}
	for _, m := range in.members {
		bp.RegisseurNames[m.RegisseurID] = m.Name
	}
	start := time.Now()
	prop := matching.Propose(cases, in.members, in.cfg)
	a.timeEngine("propose", start)
	if err := ctx.Err(); err != nil {
		return BatchProposal{}, err
	}
	bp.Pairs, bp.Unplaced, bp.Gap, bp.Exact = make([]ProposedPair, 0, len(prop.Pairs)), prop.Unplaced, prop.Gap, prop.Exact
	bp.Levels = prop.Levels
	if bp.Unplaced == nil {
		bp.Unplaced = []matching.Unplaced{}
	}
	if in.scores {
		bp.Total, bp.UpperBound = &prop.Total, &prop.UpperBound
	}
	views := map[int64]*caseView{}
	for _, p := range prop.Pairs {
		pp := ProposedPair{CaseID: p.CaseID, RegisseurID: p.RegisseurID}
		if m := in.scored[p.RegisseurID]; m != nil {
			cv := views[p.CaseID]
			if cv == nil {
				cv = in.caseView(byCase[p.CaseID])
				views[p.CaseID] = cv
			}
			pp.Fit = cv.pairFit(m)
		}
		if in.scores {
			pp.Score = &p.Score
		}
		bp.Pairs = append(bp.Pairs, pp)
	}
	return bp, nil
}

// waitingCases are the waiting cases in scope named by caseIDs (each once),
// or all of them when caseIDs is empty, with the engine's view of each.
func (a *App) waitingCases(ctx context.Context, caseIDs []int64) ([]domain.Case, []matching.Case, error) {
	ids := slices.Clone(caseIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	cases, mcs, err := a.db.WaitingMatchingCases(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	// A case held by a live offer waits for its regisseur's answer.
	cases, mcs = withoutOffer(cases, mcs)
	if len(ids) == 0 || len(cases) == len(ids) {
		return cases, mcs, nil
	}
	found := make(map[int64]bool, len(cases))
	for _, k := range cases {
		found[k.ID] = true
	}
	for _, id := range caseIDs {
		if !found[id] {
			return nil, nil, domain.Invalid(domain.FieldError{Name: "caseIds", Code: "not_waiting",
				Reason: "Casus " + strconv.FormatInt(id, 10) + " wacht niet op een regisseur of valt buiten uw gemeenten."})
		}
	}
	return cases, mcs, nil
}

// PairOutcome is what became of one pair of a committed proposal.
type PairOutcome struct {
	CaseID, RegisseurID int64
	// Reference is the case's reference; "" when the case is not visible.
	Reference string
	// RegisseurName is "" when the regisseur is not visible.
	RegisseurName string
	// Err is nil when the pair was assigned, else why not: conflict,
	// invalid or not_found.
	Err *domain.Error
}

// CommitProposal assigns the pairs a dispatcher kept, one by one through
// AssignCase, which checks the capacity under a lock each time: a pair that
// no longer fits is reported and the others are still assigned. Only the
// first pair of a case counts. Errors: anything but a conflict, invalid or
// not_found of one pair stops the batch and is returned.
func (a *App) CommitProposal(ctx context.Context, pairs []matching.Pair) ([]PairOutcome, error) {
	seen := map[int64]bool{}
	var out []PairOutcome
	for _, p := range pairs {
		if seen[p.CaseID] {
			continue
		}
		seen[p.CaseID] = true
		o := PairOutcome{CaseID: p.CaseID, RegisseurID: p.RegisseurID}
		k, err := a.db.Assign(ctx, p.CaseID, p.RegisseurID)
		if err == nil {
			o.Reference, o.RegisseurName = k.Reference, k.RegisseurName
			out = append(out, o)
			continue
		}
		e, ok := domain.AsError(err)
		if !ok || (e.Code != domain.EConflict && e.Code != domain.EInvalid && e.Code != domain.ENotFound) {
			return out, err
		}
		o.Err = e
		if e.Code != domain.ENotFound {
			if k, err := a.db.FindCaseByID(ctx, p.CaseID); err == nil {
				o.Reference = k.Reference
			}
		}
		if r, err := a.db.FindRegisseurByID(ctx, p.RegisseurID); err == nil {
			o.RegisseurName = r.Name
		}
		out = append(out, o)
	}
	return out, nil
}
