package app

import (
	"context"
	"time"

	"regiepool/internal/domain"
)

// The home page (/): per role of the actor, what waits for them, as counts
// gathered through the use cases of this package (so every count is in the
// actor's scope and audited as those reads are). A section is nil when the
// actor lacks the role.

// Home is the signed-in actor's start page, one section per role.
type Home struct {
	Dispatcher *DispatcherHome
	Coach      *CoachHome
	OrgContact *OrgContactHome
	Regisseur  *RegisseurHome
	Monitor    bool
	Admin      *AdminHome
}

// DispatcherHome counts the sections of the dispatcher's inbox.
type DispatcherHome struct {
	// Unavailable: the inbox is a heavy use case and was refused for now;
	// the counts are zero.
	Unavailable                              bool
	Urgent, Unqualified, Expiring, Newcomers int
	Total                                    int
}

// CoachHome counts what the coach's dashboard shows on its first page.
type CoachHome struct {
	Regisseurs, OpenRounds, DueGoals, OverdueGoals int
	Total                                          int // open rounds plus goals due
}

// OpenRoundPlaces is a recruitment round where the actor's organisation
// still has free places.
type OpenRoundPlaces struct {
	RoundID int64
	Name    string
	Free    int
}

// OrgContactHome is the organisation contact's to-do: rounds with free
// places and nominees waiting for the pre-selection decision.
type OrgContactHome struct {
	Rounds  []OpenRoundPlaces
	Pending int
	Total   int // rounds with free places plus nominees pending
}

// RegisseurHome is the regisseur's to-do: offers to answer, feedback asked
// of them, their open cases.
type RegisseurHome struct {
	Offers, ExpiringOffers, FeedbackRequests, OpenCases int
	Total                                               int // offers plus feedback requests
}

// AdminHome counts the accounts and the outbox. Waiting are accounts to
// review: made at a first sign-in through an identity provider, waiting for
// an admin to give them roles. OutboxFailed are messages that failed for
// good (a to-do), OutboxPending messages waiting to be sent.
type AdminHome struct {
	Users, Disabled, Waiting int
	OutboxFailed             int
	OutboxPending            int
}

// Home gathers the actor's start page. Errors: internal only (a refused
// heavy inbox is shown as unavailable, not as an error).
func (a *App) Home(ctx context.Context) (Home, error) {
	actor := domain.ActorFrom(ctx)
	var h Home
	if actor.Kind != domain.ActorUser {
		return h, nil
	}
	var err error
	if actor.Has(domain.RoleDispatcher) {
		if h.Dispatcher, err = a.dispatcherHome(ctx); err != nil {
			return h, err
		}
	}
	if actor.Has(domain.RoleCoach) {
		if h.Coach, err = a.coachHome(ctx); err != nil {
			return h, err
		}
	}
	if actor.Has(domain.RoleOrgContact) {
		if h.OrgContact, err = a.orgContactHome(ctx, actor); err != nil {
			return h, err
		}
	}
	if actor.Has(domain.RoleRegisseur) {
		if h.Regisseur, err = a.regisseurHome(ctx); err != nil {
			return h, err
		}
	}
	h.Monitor = actor.Has(domain.RoleMonitor)
	if actor.Has(domain.RoleAdmin) {
		if h.Admin, err = a.adminHome(ctx); err != nil {
			return h, err
		}
	}
	return h, nil
}

func (a *App) dispatcherHome(ctx context.Context) (*DispatcherHome, error) {
	box, err := a.DispatchInbox(ctx)
	if domain.ErrorCode(err) == domain.EUnavailable {
		return &DispatcherHome{Unavailable: true}, nil
	}
	if err != nil {
		return nil, err
	}
	d := &DispatcherHome{Urgent: box.UrgentCount, Unqualified: box.UnqualifiedCount, Expiring: box.ExpiringCount, Newcomers: box.NewcomerCount}
	d.Total = d.Urgent + d.Unqualified + d.Expiring + d.Newcomers
	return d, nil
}

func (a *App) coachHome(ctx context.Context) (*CoachHome, error) {
	dash, err := a.CoachDashboard(ctx, FirstRows)
	if err != nil {
		return nil, err
	}
	c := &CoachHome{Regisseurs: dash.Total}
	for _, card := range dash.Cards {
		c.OpenRounds += len(card.OpenRounds)
		c.DueGoals += len(card.DueGoals)
		for _, g := range card.DueGoals {
			if g.Overdue {
				c.OverdueGoals++
			}
		}
	}
	c.Total = c.OpenRounds + c.DueGoals
	return c, nil
}

func (a *App) orgContactHome(ctx context.Context, actor *domain.Actor) (*OrgContactHome, error) {
	o := &OrgContactHome{}
	rounds, err := collectAll(ctx, a.PoolRounds)
	if err != nil {
		return nil, err
	}
	if actor.OrganisationID != nil {
		for _, r := range rounds {
			if line, ok := r.Line(*actor.OrganisationID); ok && line.Quota > line.Nominated {
				o.Rounds = append(o.Rounds, OpenRoundPlaces{RoundID: r.ID, Name: r.Name, Free: line.Quota - line.Nominated})
			}
		}
	}
	s := domain.MemberNominated
	if _, o.Pending, err = a.PoolMembers(ctx, domain.MemberFilter{Status: &s}, domain.Page{Page: 1, PageSize: 1}); err != nil {
		return nil, err
	}
	o.Total = len(o.Rounds) + o.Pending
	return o, nil
}

func (a *App) regisseurHome(ctx context.Context) (*RegisseurHome, error) {
	r := &RegisseurHome{}
	offers, err := collectAll(ctx, a.OpenOffers)
	if err != nil {
		return nil, err
	}
	r.Offers = len(offers)
	now := time.Now()
	for _, o := range offers {
		if o.ExpiresSoonAt(now) {
			r.ExpiringOffers++
		}
	}
	if _, r.FeedbackRequests, err = a.FeedbackRequests(ctx, domain.Page{Page: 1, PageSize: 1}); err != nil {
		return nil, err
	}
	assigned := domain.CaseAssigned
	if _, r.OpenCases, err = a.Cases(ctx, domain.CaseFilter{Status: &assigned}, domain.Page{Page: 1, PageSize: 1}); err != nil {
		return nil, err
	}
	r.Total = r.Offers + r.FeedbackRequests
	return r, nil
}

func (a *App) adminHome(ctx context.Context) (*AdminHome, error) {
	users, err := collectAll(ctx, a.Users)
	if err != nil {
		return nil, err
	}
	stats, err := a.db.OutboxStats(ctx)
	if err != nil {
		return nil, err
	}
	h := &AdminHome{Users: len(users), OutboxFailed: stats.Failed, OutboxPending: stats.Pending}
	for _, u := range users {
		if u.Disabled() {
			h.Disabled++
		} else if len(u.Roles) == 0 {
			h.Waiting++
		}
	}
	return h, nil
}
