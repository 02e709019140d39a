package domain

import (
	"context"
	"slices"
)

// Role is what a user may do; a user can hold several.
type Role string

// The roles of DOMAIN.md.
const (
	RoleAdmin      Role = "admin"
	RoleOrgContact Role = "org_contact"
	RoleCoach      Role = "coach"
	RoleDispatcher Role = "dispatcher"
	RoleRegisseur  Role = "regisseur"
	RoleMonitor    Role = "monitor"
)

// Roles lists every role, in the order the UI shows them.
var Roles = []Role{RoleAdmin, RoleOrgContact, RoleCoach, RoleDispatcher, RoleRegisseur, RoleMonitor}

// RoleLabels are the Dutch names of the roles.
var RoleLabels = map[Role]string{
	RoleAdmin:      "Functioneel beheerder",
	RoleOrgContact: "Contactpersoon organisatie",
	RoleCoach:      "Begeleider",
	RoleDispatcher: "Werkverdeler",
	RoleRegisseur:  "Regisseur",
	RoleMonitor:    "Monitor",
}

// ParseRole checks a role name.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, slices.Contains(Roles, r)
}

// ActorKind says who acts: a signed-in user, an external rater with a token,
// nobody, or the system itself (demo loading, migrations).
type ActorKind string

// The actor kinds, as stored in the audit trail.
const (
	ActorUser      ActorKind = "user"
	ActorRater     ActorKind = "rater"
	ActorAnonymous ActorKind = "anonymous"
	ActorSystem    ActorKind = "system"
)

// Actor is who makes a request, with the scopes that decide what they see.
// It travels in the request context; the store reads it from there and
// scopes every query to it.
type Actor struct {
	Kind            ActorKind
	UserID          int64
	TokenID         int64 // the single-use token of a rater
	Roles           []Role
	OrganisationID  *int64  // an org_contact's organisation (and a user's employer)
	MunicipalityIDs []int64 // a dispatcher's municipalities
	RegisseurID     *int64  // set when the user is a regisseur
	RequestID       string
	ClientAddr      string
	// Stage is set for a web session whose log-in is not complete (a second
	// factor is still asked or must be set up); such an actor holds no role.
	Stage SessionStage
}

// Has reports whether the actor holds role. The system actor (demo loading,
// maintenance) holds every role.
func (a *Actor) Has(role Role) bool {
	if a != nil && a.Kind == ActorSystem {
		return true
	}
	return a != nil && a.Kind == ActorUser && (a.Stage == "" || a.Stage == StageFull) && slices.Contains(a.Roles, role)
}

// HasAny reports whether the actor holds one of roles.
func (a *Actor) HasAny(roles ...Role) bool {
	for _, r := range roles {
		if a.Has(r) {
			return true
		}
	}
	return false
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or an anonymous one.
func ActorFrom(ctx context.Context) *Actor {
	if a, ok := ctx.Value(actorKey{}).(*Actor); ok && a != nil {
		return a
	}
	return &Actor{Kind: ActorAnonymous}
}

// SystemActor is used by the program itself (demo data, maintenance).
func SystemActor() *Actor { return &Actor{Kind: ActorSystem} }
