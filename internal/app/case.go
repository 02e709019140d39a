package app

import (
	"context"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// The case use cases: intake, reading, assignment, handover, closing and
// the log. The store scopes every call to the actor (domain.CaseScopeOf) and
// checks the dispatch rules (domain.CanDispatchCases, CanDispatchIn,
// CanLogCase) in the same transaction as the change and its audit row.

// RegisterCase registers c at intake in one of the actor's municipalities
// (with the defaults of domain.Case.ApplyDefaults) and sets c to the case as
// stored, read in the same transaction. Errors: forbidden (not a dispatcher), invalid (including
// a municipality out of scope, code scope), conflict (the reference exists
// in the municipality).
func (a *App) RegisterCase(ctx context.Context, c *domain.Case) error {
	return a.db.CreateCase(ctx, c)
}

// Cases returns one page of the cases in the actor's scope, the most urgent
// and then the oldest first, with the total. The read is audited.
func (a *App) Cases(ctx context.Context, f domain.CaseFilter, p domain.Page) ([]domain.Case, int, error) {
	return a.db.FindCases(ctx, f, p)
}

// AssignCase gives a waiting case to a regisseur with room for it and
// returns the case as it is now. Capacity, independence and availability
// are checked under a lock, so concurrent assignments never overbook.
//
// A regisseur the ranking excludes (a contra-indication, a score under a
// hard minimum, paused: domain.Overridable) can be assigned only with
// overrideReason: the assignment then keeps the reason and the exclusion
// codes overridden, for the case timeline, the audit trail (action
// "override") and monitoring (OverrideCounts). overrideReason is ignored
// for a regisseur the ranking qualifies. The exclusions are checked with
// the engine's rules just before the locked assignment; capacity is
// checked again under the locks.
//
// Errors: forbidden, not_found, invalid (overrideReason too long), conflict
// (the case has a regisseur, or the regisseur cannot take it; the key names
// why; override_required names the exclusions).
func (a *App) AssignCase(ctx context.Context, caseID, regisseurID int64, overrideReason string) (domain.Case, error) {
	if !domain.CanDispatchCases(domain.ActorFrom(ctx)) {
		return a.db.Assign(ctx, caseID, regisseurID) // refused and audited there
	}
	k, err := a.db.FindCaseByID(ctx, caseID)
	if err != nil {
		return domain.Case{}, err
	}
	var o domain.Override
	if k.Status == domain.CaseWaiting {
		excl, err := a.exclusionsOf(ctx, k, regisseurID)
		if err != nil {
			return domain.Case{}, err
		}
		if o, err = domain.CheckOverride(excl, overrideReason); err != nil {
			return domain.Case{}, err
		}
	}
	return a.db.AssignOverride(ctx, caseID, regisseurID, o)
}

// HandOverCase moves an assigned case to another regisseur with a reason,
// with the checks of AssignCase. Errors: forbidden, not_found, invalid (no
// reason, field "reason"), conflict.
func (a *App) HandOverCase(ctx context.Context, caseID, regisseurID int64, reason string) (domain.Case, error) {
	return a.db.Handover(ctx, caseID, regisseurID, reason)
}

// CloseCase ends regie (afschalen) with a complete closure: one of
// domain.CloseReasons (other with a text), the end conversation, the final
// check and the family's self-reliance at close, which updates the case's
// with the change kept on the closed step. The regisseur's capacity is
// freed at once; the case keeps its history and its last regisseur.
// Errors: forbidden, not_found, invalid (domain.Closure.Validate),
// conflict (already closed).
func (a *App) CloseCase(ctx context.Context, caseID int64, cl domain.Closure) (domain.Case, error) {
	return a.db.CloseCaseWith(ctx, caseID, cl)
}

// CaseRecord is a case with the change of the family's self-reliance from
// intake to the latest measurement (domain.SelfRelianceHistoryOf).
type CaseRecord struct {
	Case         domain.Case
	SelfReliance domain.SelfRelianceHistory
}

// CaseRecord reads a case in scope with its self-reliance history; the read
// is audited. Errors: not_found.
func (a *App) CaseRecord(ctx context.Context, id int64) (CaseRecord, error) {
	k, err := a.db.FindCaseByID(ctx, id)
	if err != nil {
		return CaseRecord{}, err
	}
	all, err := a.timelineOf(ctx, k)
	if err != nil {
		return CaseRecord{}, err
	}
	return CaseRecord{Case: k, SelfReliance: domain.SelfRelianceHistoryOf(k.SelfReliance, all)}, nil
}

// ReassessCase changes the assessment of an open case in scope (safety
// risk, life domains, the definition checklist, self-reliance per life
// domain) and keeps what changed, old → new, as a log event of kind
// reassessment; it returns the case as it is now. Errors: not_found,
// forbidden (domain.CheckReassessment), conflict (closed), invalid
// (domain.Case.ValidateAssessment, with the checklist's consistency).
func (a *App) ReassessCase(ctx context.Context, caseID int64, r domain.Reassessment) (domain.Case, error) {
	return a.db.ReassessCase(ctx, caseID, r)
}

// CaseTimeline returns the life of a case in scope as one ordered list:
// intake, every assignment and handover, the logged events and the close,
// with who recorded each step as the actor may see it
// (domain.ViewTimeline). The read of the case is audited. Errors:
// not_found.
func (a *App) CaseTimeline(ctx context.Context, caseID int64, p domain.Page) ([]domain.TimelineEntry, int, error) {
	k, err := a.db.FindCaseByID(ctx, caseID)
	if err != nil {
		return nil, 0, err
	}
	all, err := a.timelineOf(ctx, k)
	if err != nil {
		return nil, 0, err
	}
	from := min(p.Offset(), len(all))
	return all[from:min(from+p.PageSize, len(all))], len(all), nil
}

func (a *App) timelineOf(ctx context.Context, k domain.Case) ([]domain.TimelineEntry, error) {
	es, err := a.db.FindCaseTimeline(ctx, k.ID)
	if err != nil {
		return nil, err
	}
	es = domain.ViewTimeline(domain.ActorFrom(ctx), k, es)
	domain.HideDeclineReasons(domain.ActorFrom(ctx), k, es)
	return es, nil
}

// LogCaseEvent records e in the log of a case in scope and fills its ID
// and creation time; a plan carries its details, and an evaluation's
// self-reliance updates the case's (with the change kept on the event).
// Errors: forbidden (domain.CanLogCase), not_found, invalid
// (domain.CaseEvent.ValidateNew).
func (a *App) LogCaseEvent(ctx context.Context, caseID int64, e *domain.CaseEvent) error {
	return a.db.RecordCaseEvent(ctx, caseID, e)
}

// CaseIntake holds the choices of the intake form, as far as the actor may
// see them.
type CaseIntake struct {
	// Municipalities are those the actor registers cases in.
	Municipalities []domain.Municipality
	// Organisations may be in the family's care already.
	Organisations []domain.Organisation
	// Competencies are those of the newest instrument a case may lean on.
	Competencies []assessment.Item
	// Cases are the cases in scope, one of which may be the family's earlier case.
	Cases []domain.Case
}

// CaseIntake reads the choices of the intake form.
func (a *App) CaseIntake(ctx context.Context) (CaseIntake, error) {
	var in CaseIntake
	var err error
	if in.Municipalities, err = collectAll(ctx, a.db.FindMunicipalities); err != nil {
		return in, err
	}
	if in.Organisations, err = collectAll(ctx, a.db.FindOrganisations); err != nil {
		return in, err
	}
	if in.Competencies, err = a.caseCompetencies(ctx); err != nil {
		return in, err
	}
	in.Cases, err = collectAll(ctx, func(ctx context.Context, p domain.Page) ([]domain.Case, int, error) {
		return a.db.FindCases(ctx, domain.CaseFilter{}, p)
	})
	return in, err
}

// CaseDetail is a case with what its page shows beside it.
type CaseDetail struct {
	Case domain.Case
	// CompetencyNames names the newest instrument's competencies by key.
	CompetencyNames map[string]string
	// OrganisationNames names the organisations in scope by id; only read
	// when the case names involved organisations.
	OrganisationNames map[int64]string
	// Earlier is the family's earlier case; EarlierHidden says there is one
	// that the actor may not see.
	Earlier       *domain.Case
	EarlierHidden bool
	// Timeline is the newest part of the case's life in order (at most
	// domain.MaxPageSize entries, oldest first; CaseTimeline);
	// TimelineTotal counts every entry.
	Timeline      []domain.TimelineEntry
	TimelineTotal int
	// LatestPlan is the newest version of the family plan with details
	// (domain.LatestPlan): the goals an evaluation ticks; nil without one.
	LatestPlan *domain.CaseEvent
	// SelfReliance is the change of the family's self-reliance from intake
	// to the latest measurement.
	SelfReliance domain.SelfRelianceHistory
	// Ranking is the ranking of RankCandidates, for an actor who
	// dispatches a case in the pool's hands (domain.Case.Dispatchable);
	// without candidates otherwise.
	Ranking Ranking
	// Voice is the family's and the parties' voice in aggregate
	// (CaseVoice), for the people of domain.CanReadCaseVoice; nil for
	// others.
	Voice *CaseVoice
}

// HandoverCandidates are the candidates who could take over the case now:
// qualified, and not its current regisseur, best first.
func (d CaseDetail) HandoverCandidates() []CandidateView {
	var out []CandidateView
	for _, x := range d.Ranking.Candidates {
		if x.Qualified && (d.Case.RegisseurID == nil || x.RegisseurID != *d.Case.RegisseurID) {
			out = append(out, x)
		}
	}
	return out
}

// CaseDetail reads a case in scope with its log, the names its page shows
// and, for a dispatcher of a case in the pool's hands, the ranked
// candidates. Errors: not_found.
func (a *App) CaseDetail(ctx context.Context, id int64) (CaseDetail, error) {
	k, err := a.db.FindCaseByID(ctx, id)
	if err != nil {
		return CaseDetail{}, err
	}
	d := CaseDetail{Case: k, CompetencyNames: map[string]string{}, OrganisationNames: map[int64]string{}}
	comps, err := a.caseCompetencies(ctx)
	if err != nil {
		return d, err
	}
	for _, it := range comps {
		d.CompetencyNames[it.Key] = it.Name
	}
	if len(k.InvolvedOrganisationIDs) > 0 {
		orgs, err := collectAll(ctx, a.db.FindOrganisations)
		if err != nil {
			return d, err
		}
		for _, o := range orgs {
			d.OrganisationNames[o.ID] = o.Name
		}
	}
	if k.EarlierCaseID != nil {
		prev, err := a.db.FindCaseByID(ctx, *k.EarlierCaseID)
		switch {
		case err == nil:
			d.Earlier = &prev
		case domain.ErrorCode(err) == domain.ENotFound:
			d.EarlierHidden = true
		default:
			return d, err
		}
	}
	all, err := a.timelineOf(ctx, k)
	if err != nil {
		return d, err
	}
	d.TimelineTotal = len(all)
	d.SelfReliance = domain.SelfRelianceHistoryOf(k.SelfReliance, all)
	var events []domain.CaseEvent
	for _, e := range all {
		if e.Event != nil {
			events = append(events, *e.Event)
		}
	}
	d.LatestPlan = domain.LatestPlan(events)
	d.Timeline = all[max(0, len(all)-domain.MaxPageSize):]
	if domain.CanReadCaseVoice(domain.ActorFrom(ctx), k) {
		v, err := a.CaseVoice(ctx, k.ID)
		if err != nil {
			return d, err
		}
		d.Voice = &v
	}
	if domain.CanDispatchCases(domain.ActorFrom(ctx)) && k.Dispatchable() {
		if d.Ranking, err = a.rankCase(ctx, k); err != nil {
			return d, err
		}
	}
	return d, nil
}

// caseCompetencies are the competencies of the newest instrument; none
// before an instrument is loaded.
func (a *App) caseCompetencies(ctx context.Context) ([]assessment.Item, error) {
	ins, err := a.db.FindInstruments(ctx)
	if err != nil || len(ins) == 0 {
		return nil, err
	}
	return ins[len(ins)-1].Def.Competencies(), nil
}
