package domain

import "slices"

// The access rules of the pool, each in one place: the store scopes its
// reads and refuses its writes with them, the application layer checks
// them, and the pages use them to decide which sections and forms to show.

// IsNominator reports whether a is a contact of the organisation that
// nominated m.
func IsNominator(a *Actor, m Membership) bool {
	return a.Has(RoleOrgContact) && a.OrganisationID != nil && *a.OrganisationID == m.OrganisationID
}

// IsOwnMembership reports whether a is the regisseur of m. The system actor
// counts as every regisseur: demo data is entered on their behalf.
func IsOwnMembership(a *Actor, m Membership) bool {
	if a.Kind == ActorSystem {
		return true
	}
	return a.Has(RoleRegisseur) && a.RegisseurID != nil && *a.RegisseurID == m.RegisseurID
}

// IsCoachOf reports whether a coaches m's regisseur (m.CoachIDs).
func IsCoachOf(a *Actor, m Membership) bool {
	return a.Has(RoleCoach) && a.Kind == ActorUser && slices.Contains(m.CoachIDs, a.UserID)
}

// CanDecide reports whether a decides on m: records its pre-selection,
// takes any step of its life cycle, and sets its capacity and leave. That
// is the selection: admins, and the coaches of m's regisseur. A nominee
// without a coach is the admins' alone until an admin links one.
func CanDecide(a *Actor, m Membership) bool {
	return a.Has(RoleAdmin) || IsCoachOf(a, m)
}

// CanWithdraw reports whether a may withdraw m's nomination: the nominating
// organisation, before the selection has decided.
func CanWithdraw(a *Actor, m Membership) bool {
	return IsNominator(a, m) && !m.Status.Decided()
}

// StepsFor lists the steps of the life cycle a may take from m's status.
func StepsFor(a *Actor, m Membership) []MembershipStatus {
	switch {
	case CanDecide(a, m):
		return NextStatuses(m.Status)
	case CanWithdraw(a, m):
		return []MembershipStatus{MemberWithdrawn}
	}
	return nil
}

// CanOverrideContraIndication reports whether a may admit a nominee despite
// a contra-indication in the pre-selection: admins only.
func CanOverrideContraIndication(a *Actor) bool { return a.Has(RoleAdmin) }

// CanSeeMotivation reports whether a may read m's nomination motivation: those
// who decide on m, the nominating organisation and the regisseur; never
// dispatchers.
func CanSeeMotivation(a *Actor, m Membership) bool {
	return CanDecide(a, m) || IsNominator(a, m) || IsOwnMembership(a, m)
}

// CanSeeStatusReasons reports whether a may read why m's status changed
// and why m is on leave (pauses, sick leave, withdrawals: often health
// data): the member themself, their coaches and admins. Everyone else who
// sees m, the nominating organisation and dispatchers included, sees the
// steps and the days, not why.
func CanSeeStatusReasons(a *Actor, m Membership) bool {
	return CanDecide(a, m) || IsOwnMembership(a, m)
}

// CanSeePreSelection reports whether a may see the whole of m's
// pre-selection (test, pitfalls, attention points, the provider's report):
// those who decide on m and the regisseur themself.
func CanSeePreSelection(a *Actor, m Membership) bool {
	return CanDecide(a, m) || IsOwnMembership(a, m)
}

// CanSeePreSelectionOutcomeOnly reports whether a may see the outcome of m's
// pre-selection and nothing else: the nominating organisation.
func CanSeePreSelectionOutcomeOnly(a *Actor, m Membership) bool {
	return !CanSeePreSelection(a, m) && IsNominator(a, m)
}

// CanKnowPreSelection reports whether a may learn whether m has a
// pre-selection at all: whoever may see all of it or its outcome.
// Dispatchers and monitors never do.
func CanKnowPreSelection(a *Actor, m Membership) bool {
	return CanSeePreSelection(a, m) || CanSeePreSelectionOutcomeOnly(a, m)
}

// CanNominate reports whether a may put candidates forward: a contact of an
// organisation, for that organisation.
func CanNominate(a *Actor) bool { return a.Can(PermNominate) && a.OrganisationID != nil }

// CanOpenPoolRound reports whether a may open a recruitment round: admins.
func CanOpenPoolRound(a *Actor) bool { return a.Can(PermManagePool) }

// CanSeeEveryQuota reports whether a sees every organisation's line of a
// pool round (quota and places taken): admins, coaches, dispatchers and
// monitors. Anyone else sees their own organisation's line only.
func CanSeeEveryQuota(a *Actor) bool {
	return a.HasAny(RoleAdmin, RoleCoach, RoleDispatcher, RoleMonitor)
}

// CanSeeAllMembers reports whether a sees every nomination and member of the
// pool: admins. A coach sees the members they coach (IsCoachOf).
func CanSeeAllMembers(a *Actor) bool { return a.Has(RoleAdmin) }

// CanSeeMember reports whether a may see m at all: the rule MemberScopeOf
// gives the store's pool queries, for one membership.
func CanSeeMember(a *Actor, m Membership) bool {
	sc := MemberScopeOf(a)
	switch {
	case sc.All:
		return true
	case sc.CoachUserID != nil && slices.Contains(m.CoachIDs, *sc.CoachUserID):
		return true
	case sc.Dispatcher && IsDispatchedMember(a, m):
		return true
	case sc.OrganisationID != nil && *sc.OrganisationID == m.OrganisationID:
		return true
	}
	return sc.RegisseurID != nil && *sc.RegisseurID == m.RegisseurID
}

// IsDispatchedMember reports whether a dispatches cases to m: a is a
// dispatcher, m is in the pool proper (InPoolStatuses) and takes cases in
// one of a's municipalities.
func IsDispatchedMember(a *Actor, m Membership) bool {
	return a.Has(RoleDispatcher) && m.Status.InPool() &&
		slices.ContainsFunc(m.MunicipalityIDs, func(id int64) bool { return slices.Contains(a.MunicipalityIDs, id) })
}

// MemberScope is which memberships an actor may see; the store turns it
// into the condition of its pool queries.
type MemberScope struct {
	All bool
	// CoachUserID: the memberships of the regisseurs this user coaches.
	CoachUserID *int64
	// Dispatcher: the members in the pool proper (InPoolStatuses) who take
	// cases in one of MunicipalityIDs.
	Dispatcher      bool
	MunicipalityIDs []int64
	// OrganisationID: the nominations of this organisation (org contacts).
	OrganisationID *int64
	// RegisseurID: this regisseur's own membership.
	RegisseurID *int64
}

// MemberScopeOf is the scope of a's pool reads: admins see all
// (CanSeeAllMembers); coaches the members they coach, whatever their status;
// dispatchers the members in the pool who take cases in one of their
// municipalities, never nominees or rejections; org contacts their
// organisation's nominations; a regisseur their own. Monitors see none: they
// see the pool in aggregates only.
func MemberScopeOf(a *Actor) MemberScope {
	if CanSeeAllMembers(a) {
		return MemberScope{All: true}
	}
	var s MemberScope
	if a.Has(RoleCoach) && a.Kind == ActorUser {
		id := a.UserID
		s.CoachUserID = &id
	}
	if a.Has(RoleDispatcher) {
		s.Dispatcher, s.MunicipalityIDs = true, a.MunicipalityIDs
	}
	if a.Has(RoleOrgContact) && a.OrganisationID != nil {
		s.OrganisationID = a.OrganisationID
	}
	if a.Has(RoleRegisseur) && a.RegisseurID != nil {
		s.RegisseurID = a.RegisseurID
	}
	return s
}

// PoolView names the part of the pool an actor's overview shows, for its
// heading and layout.
type PoolView string

// The views of the pool overview.
const (
	PoolViewAll          PoolView = "all"          // every organisation's nominations and members
	PoolViewOrganisation PoolView = "organisation" // the actor's organisation's nominations
	PoolViewCoachees     PoolView = "coachees"     // the nominations and members the coach coaches
	PoolViewDispatcher   PoolView = "dispatcher"   // the members in the dispatcher's municipalities
	PoolViewOwn          PoolView = "own"          // the regisseur's own membership
)

// PoolViewOf is the view of the pool overview for a.
func PoolViewOf(a *Actor) PoolView {
	switch {
	case CanSeeAllMembers(a):
		return PoolViewAll
	case a.Has(RoleOrgContact):
		return PoolViewOrganisation
	case a.Has(RoleCoach):
		return PoolViewCoachees
	case a.Has(RoleDispatcher):
		return PoolViewDispatcher
	}
	return PoolViewOwn
}

// MemberFileIsSensitive reports whether member m, as read for an actor
// (the store has already left out what the actor may not see), carries a
// sensitive part of the member's file, so that reading it is audited as a
// read of the pool_membership and shows in the regisseur's who-read list.
// Per part of the member's page and GET /pool-members/{id}:
//   - the work profile (name, organisation, round, status, capacity,
//     municipalities, case counts, the steps of the history and the days
//     of leave) is not: dispatchers plan with it every day, like a public
//     profile;
//   - the nomination's motivation, in general and per competency, is: the
//     organisation's judgement of the person (CanSeeMotivation);
//   - why the status changed and why the member is on leave are: often
//     health data (CanSeeStatusReasons);
//   - the pre-selection (outcome or all of it) is, and its store read
//     audits itself as pre_selection.
//
// Only what was actually returned counts: a motivation left empty reads
// nothing sensitive.
func MemberFileIsSensitive(m Membership) bool {
	if m.Motivation != "" {
		return true
	}
	for _, t := range m.CompetencyMotivations {
		if t != "" {
			return true
		}
	}
	for _, t := range m.Transitions {
		if t.Reason != "" {
			return true
		}
	}
	for _, u := range m.Availability {
		if u.Reason != "" {
			return true
		}
	}
	return false
}
