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
	// FeedbackRequests counts the open invitations to rate a regisseur
	// (anyone may be asked); the menu shows "Feedback geven" only when
	// there are some (HasFeedbackRequests).
	FeedbackRequests int
}

// DispatcherHome counts the sections of the dispatcher's inbox.
type DispatcherHome struct {
	// Unavailable: the inbox is a heavy use case and was refused for now;
	// the counts are zero.
	Unavailable                              bool
	Urgent, Unqualified, Expiring, Newcomers int
	Total                                    int
}

// CoachHome counts what the coach's dashboard shows on its first page,
// with the rounds and reflections that wait for the coach.
type CoachHome struct {
	Regisseurs, OpenRounds, DueGoals, OverdueGoals int
	// ToApprove are rounds the regisseurs proposed; ToClose open rounds past
	// their deadline (domain.FeedbackRound.ToClose).
	ToApprove, ToClose []RoundToDo
	// Reflections are the coachees who shared reflections the coach has
	// not answered yet, with how many.
	Reflections []ReflectionsToDo
	Total       int // open rounds, goals due, rounds to approve, unanswered reflections
}

// RoundToDo is a 360 round that waits for the coach.
type RoundToDo struct {
	RoundID       int64
	RegisseurName string
	Deadline      time.Time
}

// ReflectionsToDo counts a coachee's shared reflections without a reply.
type ReflectionsToDo struct {
	RegisseurID   int64
	RegisseurName string
	Unanswered    int
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
// of them, their self-assessment, evaluations due in their cases, their
// open cases.
type RegisseurHome struct {
	Offers, ExpiringOffers, FeedbackRequests, OpenCases int
	// SelfAssessment says what the self-assessment needs: "" nothing,
	// SelfDraft a draft to finish, SelfNever a first one, SelfForRound one
	// for the 360 round that runs since the last was sent.
	SelfAssessment string
	// Evaluations are the cases whose plan is to be evaluated within
	// domain.EvaluationDueDays, or was due already.
	Evaluations []EvaluationToDo
	Total       int // offers, feedback requests, the self-assessment, evaluations due
}

// What a regisseur's self-assessment needs (RegisseurHome.SelfAssessment).
const (
	SelfDraft    = "draft"
	SelfNever    = "never"
	SelfForRound = "round"
)

// EvaluationToDo is a case whose next evaluation is due.
type EvaluationToDo struct {
	CaseID    int64
	Reference string
	Due       time.Time
	Overdue   bool
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
	if h.FeedbackRequests, err = a.FeedbackRequestCount(ctx); err != nil {
		return h, err
	}
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
	now := time.Now()
	actor := domain.ActorFrom(ctx)
	unanswered, err := a.db.CountUnansweredReflections(ctx)
	if err != nil {
		return nil, err
	}
	for _, card := range dash.Cards {
		for _, fr := range card.ProposedRounds {
			c.ToApprove = append(c.ToApprove, RoundToDo{RoundID: fr.ID, RegisseurName: card.Regisseur.Name, Deadline: fr.Deadline})
		}
		for _, fr := range card.OpenRounds {
			if fr.ToClose(now) {
				c.ToClose = append(c.ToClose, RoundToDo{RoundID: fr.ID, RegisseurName: card.Regisseur.Name, Deadline: fr.Deadline})
			}
		}
		// Only a coachee's own coach answers their reflections.
		if !card.ReadsReflections || domain.CoachesEveryone(actor) {
			continue
		}
		if n := unanswered[card.Regisseur.ID]; n > 0 {
			c.Reflections = append(c.Reflections, ReflectionsToDo{RegisseurID: card.Regisseur.ID, RegisseurName: card.Regisseur.Name, Unanswered: n})
		}
	}
	c.Total = c.OpenRounds + c.DueGoals + len(c.ToApprove) + len(c.Reflections)
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
	if r.FeedbackRequests, err = a.FeedbackRequestCount(ctx); err != nil {
		return nil, err
	}
	if r.SelfAssessment, err = a.selfAssessmentToDo(ctx); err != nil {
		return nil, err
	}
	assigned := domain.CaseAssigned
	cases, total, err := a.Cases(ctx, domain.CaseFilter{Status: &assigned}, FirstRows)
	if err != nil {
		return nil, err
	}
	r.OpenCases = total
	for _, k := range cases {
		entries, err := a.timelineOf(ctx, k)
		if err != nil {
			return nil, err
		}
		var events []domain.CaseEvent
		for _, e := range entries {
			if e.Event != nil {
				events = append(events, *e.Event)
			}
		}
		if due, ok := domain.EvaluationDue(events, now, domain.EvaluationDueDays); ok {
			today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
			r.Evaluations = append(r.Evaluations, EvaluationToDo{CaseID: k.ID, Reference: k.Reference, Due: due, Overdue: due.Before(today)})
		}
	}
	r.Total = r.Offers + r.FeedbackRequests + len(r.Evaluations)
	if r.SelfAssessment != "" {
		r.Total++
	}
	return r, nil
}

// selfAssessmentToDo says what the signed-in regisseur's self-assessment
// needs (RegisseurHome.SelfAssessment).
func (a *App) selfAssessmentToDo(ctx context.Context) (string, error) {
	actor := domain.ActorFrom(ctx)
	if actor.RegisseurID == nil {
		return "", nil
	}
	own, _, err := a.SelfAssessments(ctx, *actor.RegisseurID, FirstRows)
	if err != nil {
		return "", err
	}
	var last *time.Time
	for _, s := range own {
		switch {
		case s.Status == domain.StatusDraft && len(s.Answers) > 0:
			return SelfDraft, nil
		case s.SubmittedAt != nil && (last == nil || s.SubmittedAt.After(*last)):
			last = s.SubmittedAt
		}
	}
	if last == nil {
		return SelfNever, nil
	}
	rounds, err := a.allFeedbackRounds(ctx, *actor.RegisseurID)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return "", err
	}
	for _, fr := range rounds {
		if fr.Status == domain.RoundOpen && fr.CreatedAt.After(*last) {
			return SelfForRound, nil
		}
	}
	return "", nil
}

// FeedbackRequestCount counts the signed-in user's open invitations to rate
// a regisseur. Errors: internal.
func (a *App) FeedbackRequestCount(ctx context.Context) (int, error) {
	if !domain.ActorFrom(ctx).Can(domain.PermRate) {
		return 0, nil
	}
	_, n, err := a.FeedbackRequests(ctx, domain.Page{Page: 1, PageSize: 1})
	return n, err
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
