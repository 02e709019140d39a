package app

import (
	"context"

	"regiepool/internal/domain"
)

// The pool: recruitment rounds, nominations and the members in scope. The
// store scopes every read to the actor (domain.MemberScopeOf) and refuses
// every write the rules of domain/pool_access.go do not allow.

// PoolRounds lists page p of the recruitment rounds, newest first, each
// with the quota lines the actor may see (domain.CanSeeEveryQuota), and
// their number. Errors: internal only.
func (a *App) PoolRounds(ctx context.Context, p domain.Page) ([]domain.PoolRound, int, error) {
	return a.db.FindPoolRounds(ctx, p)
}

// PoolRound returns one recruitment round. Errors: not_found.
func (a *App) PoolRound(ctx context.Context, id int64) (domain.PoolRound, error) {
	return a.db.FindPoolRound(ctx, id)
}

// OpenPoolRound opens a recruitment round with its participating
// organisations and their quotas (domain.CanOpenPoolRound). Errors:
// forbidden, invalid, conflict (another round has the name).
func (a *App) OpenPoolRound(ctx context.Context, r domain.PoolRound) (domain.PoolRound, error) {
	return a.db.CreatePoolRound(ctx, r.Name, r.Organisations)
}

// RoundChoices are the organisations that can take part in a new round.
// Errors: internal only.
func (a *App) RoundChoices(ctx context.Context) ([]domain.Organisation, error) {
	return collectAll(ctx, a.db.FindOrganisations)
}

// Nominate puts a candidate of the actor's organisation forward in a round
// (domain.CanNominate), within the organisation's quota. Errors: forbidden,
// not_found (the organisation takes no part in the round), invalid,
// conflict (quota full, e-mail address in use).
func (a *App) Nominate(ctx context.Context, n domain.Nomination) (domain.Membership, error) {
	return a.db.Nominate(ctx, n)
}

// CompetencyName is a competency of the newest instrument, by which a
// nomination is motivated.
type CompetencyName struct{ Key, Name string }

// NominationChoices are the choices of a nomination.
type NominationChoices struct {
	// OrganisationID is the actor's organisation, 0 for none.
	OrganisationID int64
	// Rounds are the rounds the organisation takes part in, each with the
	// organisation's own quota line.
	Rounds         []domain.PoolRound
	Competencies   []CompetencyName
	Municipalities []domain.Municipality
}

// NominationChoices collects the choices of the actor's next nomination.
// Errors: internal only.
func (a *App) NominationChoices(ctx context.Context) (NominationChoices, error) {
	var out NominationChoices
	if org := domain.ActorFrom(ctx).OrganisationID; org != nil {
		out.OrganisationID = *org
	}
	rounds, err := collectAll(ctx, a.db.FindPoolRounds)
	if err != nil {
		return out, err
	}
	for _, r := range rounds {
		if _, ok := r.Line(out.OrganisationID); ok {
			out.Rounds = append(out.Rounds, r)
		}
	}
	if out.Competencies, err = a.poolCompetencies(ctx); err != nil {
		return out, err
	}
	out.Municipalities, err = collectAll(ctx, a.db.FindMunicipalities)
	return out, err
}

// poolCompetencies are the competencies of the newest instrument.
func (a *App) poolCompetencies(ctx context.Context) ([]CompetencyName, error) {
	ins, err := a.db.FindInstruments(ctx)
	if err != nil || len(ins) == 0 {
		return nil, err
	}
	var out []CompetencyName
	for _, it := range ins[len(ins)-1].Def.Competencies() {
		out = append(out, CompetencyName{Key: it.Key, Name: it.Name})
	}
	return out, nil
}

// PoolMembers returns one page of the members in the actor's scope, by
// organisation and name. Errors: internal only.
func (a *App) PoolMembers(ctx context.Context, f domain.MemberFilter, p domain.Page) ([]domain.Membership, int, error) {
	return a.db.FindPoolMembers(ctx, f, p)
}

// PoolMember returns a member in the actor's scope with its history and
// leave; the motivation and the reasons of the history only for those who
// may see them (domain.CanSeeMotivation, domain.CanSeeStatusReasons).
// A read that carries one of those is audited
// (domain.MemberFileIsSensitive). Errors: not_found.
func (a *App) PoolMember(ctx context.Context, id int64) (domain.Membership, error) {
	return a.db.FindMembership(ctx, id)
}

// PoolOverview is one page of the pool as the actor may see it.
type PoolOverview struct {
	// Members are the members of the page; active and paused ones carry
	// their leave, so the next change of their availability shows.
	Members []domain.Membership
	Total   int
	// Counts are the members in scope per status (all pages, no filter).
	Counts map[domain.MembershipStatus]int
	// RoundNames are the names of the members' rounds by id, and Outcomes
	// the pre-selection outcome by membership id, for a nominating
	// organisation's own view (domain.PoolViewOrganisation) only.
	RoundNames map[int64]string
	Outcomes   map[int64]string
}

// PoolOverview collects page p of the members in scope that pass f, and the
// number per status. Errors: internal only.
func (a *App) PoolOverview(ctx context.Context, f domain.MemberFilter, p domain.Page) (PoolOverview, error) {
	var out PoolOverview
	ms, total, err := a.db.FindPoolMembers(ctx, f, p)
	if err != nil {
		return out, err
	}
	out.Total = total
	// The leave only, not the member's whole file: reading that is audited
	// (domain.MemberFileIsSensitive), and a list shows none of it.
	var onLeave []int64
	for _, m := range ms {
		if m.Status == domain.MemberActive || m.Status == domain.MemberPaused {
			onLeave = append(onLeave, m.ID)
		}
	}
	leave, err := a.db.FindMemberLeave(ctx, onLeave)
	if err != nil {
		return out, err
	}
	for _, m := range ms {
		m.Availability = leave[m.ID]
		out.Members = append(out.Members, m)
	}
	out.Counts = map[domain.MembershipStatus]int{}
	for _, s := range domain.MembershipStatuses {
		_, n, err := a.db.FindPoolMembers(ctx, domain.MemberFilter{Status: &s}, domain.Page{Page: 1, PageSize: 1})
		if err != nil {
			return out, err
		}
		out.Counts[s] = n
	}
	if domain.PoolViewOf(domain.ActorFrom(ctx)) != domain.PoolViewOrganisation {
		return out, nil
	}
	rounds, err := collectAll(ctx, a.db.FindPoolRounds)
	if err != nil {
		return out, err
	}
	out.RoundNames = map[int64]string{}
	for _, r := range rounds {
		out.RoundNames[r.ID] = r.Name
	}
	ids := make([]int64, len(out.Members))
	for i, m := range out.Members {
		ids[i] = m.ID
	}
	out.Outcomes, err = a.db.FindPreSelectionOutcomes(ctx, ids)
	return out, err
}
