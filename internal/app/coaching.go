package app

import (
	"context"
	"time"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// Competencies are the competencies of the profile (the newest instrument),
// which reflections, goals and intervisie sessions refer to by key.
type Competencies []assessment.Item

// Name is the competency's name; a key of an older instrument version is
// returned as it is.
func (cs Competencies) Name(key string) string {
	if it, ok := cs.Find(key); ok {
		return it.Name
	}
	return key
}

// Find returns the competency with key, if the profile has it.
func (cs Competencies) Find(key string) (assessment.Item, bool) {
	for _, it := range cs {
		if it.Key == key {
			return it, true
		}
	}
	return assessment.Item{}, false
}

// CompetencyProfile returns the competencies of the newest instrument; none
// when no instrument is loaded. Errors: internal.
func (a *App) CompetencyProfile(ctx context.Context) (Competencies, error) {
	ins, err := a.db.FindInstruments(ctx)
	if err != nil || len(ins) == 0 {
		return nil, err
	}
	return ins[len(ins)-1].Def.Competencies(), nil
}

// RegisseursInScope lists every regisseur the actor may see, by name.
// Errors: internal.
func (a *App) RegisseursInScope(ctx context.Context) ([]domain.Regisseur, error) {
	return collectAll(ctx, a.db.FindRegisseurs)
}

// coachees is the set of regisseurs the actor is linked to as coach.
func (a *App) coachees(ctx context.Context) (map[int64]bool, error) {
	ids, err := a.db.FindCoacheeIDs(ctx)
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// coachingMemberships maps every regisseur in the actor's pool scope to
// their membership: the one that still counts (not withdrawn or rejected),
// the newest when there are several.
func (a *App) coachingMemberships(ctx context.Context) (map[int64]domain.Membership, error) {
	all, err := collectAll(ctx, func(ctx context.Context, pg domain.Page) ([]domain.Membership, int, error) {
		return a.db.FindPoolMembers(ctx, domain.MemberFilter{}, pg)
	})
	if err != nil {
		return nil, err
	}
	out := map[int64]domain.Membership{}
	for _, m := range all {
		cur, ok := out[m.RegisseurID]
		switch {
		case !ok:
		case cur.Status.Counts() && !m.Status.Counts():
			continue
		case cur.Status.Counts() == m.Status.Counts() && !m.CreatedAt.After(cur.CreatedAt):
			continue
		}
		out[m.RegisseurID] = m
	}
	return out, nil
}

// coachingPreSelection reads the pre-selection of a membership as far as
// the actor may see it; nil when none is recorded or it is not visible.
// The read is audited: the plan page, one regisseur's, makes it; the
// dashboard does not (CoachCard.SeesPreSelection).
func (a *App) coachingPreSelection(ctx context.Context, membershipID int64) (*domain.PreSelection, error) {
	ps, err := a.db.FindPreSelection(ctx, membershipID)
	switch {
	case err == nil:
		return &ps, nil
	case domain.ErrorCode(err) == domain.ENotFound:
		return nil, nil
	}
	return nil, err
}

// CoachDashboard is the coach's start page: per regisseur in scope what
// needs attention now.
type CoachDashboard struct {
	// Everyone: the actor coaches every regisseur (admins), not only their own.
	Everyone bool
	Total    int
	Cards    []CoachCard
}

// CoachCard is one regisseur on the dashboard. A part the actor may not see
// of someone (a regisseur in scope by another role) is left out: its Known
// flag is false.
type CoachCard struct {
	Regisseur domain.Regisseur
	// ReadsReflections: the actor may read the reflections the regisseur shared.
	ReadsReflections bool
	// ManagesDevelopment: the actor may open the regisseur's development
	// page and plan (domain.CanManageDevelopment); a coach who also
	// dispatches sees members they do not coach.
	ManagesDevelopment bool
	OpenRounds         []domain.FeedbackRound
	ProposedRounds     []domain.FeedbackRound // proposed by the regisseur, awaiting approval
	RoundsKnown        bool
	DueGoals           []DueGoal // active goals due within domain.GoalDueDays
	GoalsKnown         bool
	Attendance         domain.Attendance
	Membership         *domain.Membership // nil without a pool membership
	// SeesPreSelection: the actor may see the whole of the membership's
	// pre-selection (domain.CanSeePreSelection), on the member's page. The
	// dashboard does not read it: its pitfalls and attention points are
	// sensitive, every read of them is audited and shows in the regisseur's
	// who-read list, and a coach looking over 25 coachees needs none of
	// them there (minimisation). The card links to the member's page, where
	// opening it is one audited read.
	SeesPreSelection bool
}

// DueGoal is an active goal that is due soon or overdue, by its outline
// (FindGoalSummaries): competency, target date and status, no description.
type DueGoal struct {
	domain.DevelopmentGoal
	Competency string // the competency's name
	Overdue    bool
}

// CoachDashboard assembles page pg of the dashboard: the regisseurs in scope
// with their open 360 rounds, goals due, intervisie attendance, pool
// membership (not the pre-selection: see CoachCard.SeesPreSelection).
// Errors: internal.
func (a *App) CoachDashboard(ctx context.Context, pg domain.Page) (CoachDashboard, error) {
	actor := domain.ActorFrom(ctx)
	regs, total, err := a.db.FindRegisseurs(ctx, pg)
	if err != nil {
		return CoachDashboard{}, err
	}
	out := CoachDashboard{Everyone: domain.CoachesEveryone(actor), Total: total}
	if len(regs) == 0 {
		return out, nil
	}
	comps, err := a.CompetencyProfile(ctx)
	if err != nil {
		return out, err
	}
	ids := make([]int64, len(regs))
	for i, r := range regs {
		ids[i] = r.ID
	}
	att, err := a.db.FindAttendance(ctx, ids)
	if err != nil {
		return out, err
	}
	attendance := map[int64]domain.Attendance{}
	for _, x := range att {
		attendance[x.RegisseurID] = x
	}
	members, err := a.coachingMemberships(ctx)
	if err != nil {
		return out, err
	}
	coached, err := a.coachees(ctx)
	if err != nil {
		return out, err
	}
	now := time.Now()
	for _, r := range regs {
		card := CoachCard{Regisseur: r, ReadsReflections: domain.CanReadSharedReflections(actor, coached[r.ID]),
			ManagesDevelopment: domain.CanManageDevelopment(actor, coached[r.ID]), Attendance: attendance[r.ID]}
		if err := a.cardRoundsAndGoals(ctx, &card, comps, now); err != nil {
			return out, err
		}
		if m, ok := members[r.ID]; ok {
			card.Membership, card.SeesPreSelection = &m, domain.CanSeePreSelection(actor, m)
		}
		out.Cards = append(out.Cards, card)
	}
	return out, nil
}

// cardRoundsAndGoals fills the open rounds and the goals due of a card, as
// far as the actor may see them.
func (a *App) cardRoundsAndGoals(ctx context.Context, card *CoachCard, comps Competencies, now time.Time) error {
	id := card.Regisseur.ID
	rounds, err := a.allFeedbackRounds(ctx, id)
	switch {
	case err == nil:
		card.RoundsKnown = true
		for _, fr := range rounds {
			switch fr.Status {
			case domain.RoundOpen:
				card.OpenRounds = append(card.OpenRounds, fr)
			case domain.RoundProposed:
				card.ProposedRounds = append(card.ProposedRounds, fr)
			}
		}
	case domain.ErrorCode(err) != domain.ENotFound:
		return err
	}
	// The outline of the plan, not its content: a dashboard view is no read
	// of the plan, and must not fill the regisseur's who-read list.
	goals, err := a.db.FindGoalSummaries(ctx, id)
	switch {
	case err == nil:
		card.GoalsKnown = true
		for _, g := range goals {
			if g.DueWithin(now, domain.GoalDueDays) {
				card.DueGoals = append(card.DueGoals, DueGoal{DevelopmentGoal: g, Competency: comps.Name(g.CompetencyKey), Overdue: g.Overdue(now)})
			}
		}
	case domain.ErrorCode(err) != domain.ENotFound:
		return err
	}
	return nil
}
