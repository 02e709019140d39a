package domain

import (
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Session and access token lifetimes: a web session ends after
// SessionIdleTimeout without a request and at the latest SessionAbsoluteTimeout
// after the log-in (also the cookie's Max-Age); an API token lives
// AccessTokenLifetime.
const (
	SessionIdleTimeout     = 30 * time.Minute
	SessionAbsoluteTimeout = 12 * time.Hour
	AccessTokenLifetime    = 8 * time.Hour
)

// User is an account. Scopes: OrganisationID for an org_contact,
// MunicipalityIDs for a dispatcher, CoacheeIDs (regisseur ids) for a coach.
type User struct {
	ID              int64
	Email           string
	Name            string
	Roles           []Role
	OrganisationID  *int64
	MunicipalityIDs []int64
	CoacheeIDs      []int64
	RegisseurID     *int64 // the regisseur record linked to this account
	DisabledAt      *time.Time
	CreatedAt       time.Time
}

// Disabled reports whether the account may no longer sign in.
func (u *User) Disabled() bool { return u.DisabledAt != nil }

// Validate normalises and checks a user before it is stored. Scopes must
// match the roles: an org_contact needs an organisation, a dispatcher at
// least one municipality.
func (u *User) Validate() error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Name = strings.TrimSpace(u.Name)
	var fe []FieldError
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || len(u.Email) > 254 {
		fe = append(fe, FieldError{Name: "email", Code: "email", Reason: "Vul een geldig e-mailadres in."})
	}
	fe = checkText(fe, "name", u.Name, true, 200)
	if len(u.Roles) == 0 {
		fe = append(fe, FieldError{Name: "roles", Code: "required", Reason: "Kies ten minste één rol."})
	}
	for _, r := range u.Roles {
		if _, ok := ParseRole(string(r)); !ok {
			fe = append(fe, FieldError{Name: "roles", Code: "oneof", Reason: "Onbekende rol: " + string(r) + "."})
		}
	}
	slices.Sort(u.Roles)
	u.Roles = slices.Compact(u.Roles)
	if slices.Contains(u.Roles, RoleOrgContact) && u.OrganisationID == nil {
		fe = append(fe, FieldError{Name: "organisationId", Code: "required", Reason: "Een contactpersoon hoort bij een organisatie."})
	}
	if slices.Contains(u.Roles, RoleDispatcher) && len(u.MunicipalityIDs) == 0 {
		fe = append(fe, FieldError{Name: "municipalityIds", Code: "required", Reason: "Een werkverdeler werkt voor ten minste één gemeente."})
	}
	if !slices.Contains(u.Roles, RoleDispatcher) && len(u.MunicipalityIDs) > 0 {
		fe = append(fe, FieldError{Name: "municipalityIds", Code: "role", Reason: "Alleen een werkverdeler heeft gemeenten."})
	}
	if !slices.Contains(u.Roles, RoleCoach) && len(u.CoacheeIDs) > 0 {
		fe = append(fe, FieldError{Name: "coacheeIds", Code: "role", Reason: "Alleen een begeleider heeft regisseurs om te begeleiden."})
	}
	slices.Sort(u.MunicipalityIDs)
	u.MunicipalityIDs = slices.Compact(u.MunicipalityIDs)
	slices.Sort(u.CoacheeIDs)
	u.CoacheeIDs = slices.Compact(u.CoacheeIDs)
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// Regisseur is a person in, or on the way into, the pool.
type Regisseur struct {
	ID             int64     `db:"id"`
	Name           string    `db:"name"`
	OrganisationID int64     `db:"organisation_id"`
	UserID         *int64    `db:"user_id"`
	CreatedAt      time.Time `db:"created_at"`
}

// Validate checks a regisseur before it is stored.
func (r *Regisseur) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	fe := checkText(nil, "name", r.Name, true, 200)
	if r.OrganisationID <= 0 {
		fe = append(fe, FieldError{Name: "organisationId", Code: "required", Reason: "Kies de organisatie van de regisseur."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// AuditEvent is one row of the audit trail. It holds no free text, answers
// or names: only who, for which organisation, what, when, where, outcome.
type AuditEvent struct {
	ID             int64     `db:"id"`
	At             time.Time `db:"at"`
	ActorKind      ActorKind `db:"actor_kind"`
	ActorUserID    *int64    `db:"actor_user_id"`
	ActorTokenID   *int64    `db:"actor_token_id"`
	OrganisationID *int64    `db:"organisation_id"`
	Action         string    `db:"action"`
	RecordType     string    `db:"record_type"`
	RecordID       *int64    `db:"record_id"`
	RequestID      string    `db:"request_id"`
	ClientAddr     string    `db:"client_addr"`
	Outcome        string    `db:"outcome"`
	// Detail is what a read covered where the record does not say it (the
	// file study's filter), as a JSON object of dates and ids; "" when none.
	Detail string `db:"detail"`
}

// Audit outcomes.
const (
	OutcomeAllowed = "allowed"
	OutcomeDenied  = "denied"
)

// AccessToken is an API bearer token's record; the token itself is shown once.
type AccessToken struct {
	ID         int64      `db:"id"`
	UserID     int64      `db:"user_id"`
	CreatedAt  time.Time  `db:"created_at"`
	ExpiresAt  time.Time  `db:"expires_at"`
	LastUsedAt *time.Time `db:"last_used_at"`
	RevokedAt  *time.Time `db:"revoked_at"`
}

// UserUpdate holds the fields to change; nil fields stay as they are.
type UserUpdate struct {
	Name            *string
	Roles           *[]Role
	OrganisationID  *int64
	MunicipalityIDs *[]int64
	CoacheeIDs      *[]int64
	RegisseurID     *int64
	Disabled        *bool
	Password        *string
}

// AuditFilter selects audit events; nil fields do not filter.
type AuditFilter struct {
	RecordType *string
	RecordID   *int64
	UserID     *int64
}

// CanSeeAllUsers reports whether a sees every account (admins). Everyone
// else sees their own account, and see CanSeeOrganisationUsers.
func CanSeeAllUsers(a *Actor) bool { return a.Has(RoleAdmin) }

// CanSeeOrganisationUsers reports whether a sees the accounts of their own
// organisation (a.OrganisationID): org contacts that belong to one.
func CanSeeOrganisationUsers(a *Actor) bool {
	return a.Has(RoleOrgContact) && a.OrganisationID != nil
}

// CanSeeUser reports whether a may see account u: the rule the store's
// scoping of user reads applies in SQL.
func CanSeeUser(a *Actor, u User) bool {
	return CanSeeAllUsers(a) || (a.Kind == ActorUser && a.UserID == u.ID) ||
		(CanSeeOrganisationUsers(a) && u.OrganisationID != nil && *u.OrganisationID == *a.OrganisationID)
}

// CanSeeAllRegisseurs reports whether a sees every regisseur record: admins.
// Others see a part, by CanSeeOrganisationRegisseurs, CanSeeCoachees,
// CanSeeOwnRegisseur and CanSeePoolRegisseurs; monitors see no person at
// all.
func CanSeeAllRegisseurs(a *Actor) bool { return a.Has(RoleAdmin) }

// CanSeeOrganisationRegisseurs reports whether a sees the regisseurs of
// their own organisation (a.OrganisationID): org contacts that belong to one.
func CanSeeOrganisationRegisseurs(a *Actor) bool {
	return a.Has(RoleOrgContact) && a.OrganisationID != nil
}

// CanSeeCoachees reports whether a sees the regisseurs they coach: coaches.
func CanSeeCoachees(a *Actor) bool { return a.Has(RoleCoach) }

// CanSeeOwnRegisseur reports whether a sees the regisseur record linked to
// their own account: regisseurs.
func CanSeeOwnRegisseur(a *Actor) bool { return a.Has(RoleRegisseur) }

// CanSeePoolRegisseurs reports whether a sees the regisseurs they dispatch
// cases to (IsDispatchedMember): dispatchers. Nominees, rejected candidates,
// former members and members elsewhere stay hidden from them.
func CanSeePoolRegisseurs(a *Actor) bool { return a.Has(RoleDispatcher) }

// CanSeeRegisseur reports whether a may see regisseur r; coached says
// whether a coaches r, memberships are r's pool memberships. It is the rule
// the store's scoping of regisseur reads applies in SQL.
func CanSeeRegisseur(a *Actor, r Regisseur, coached bool, memberships []Membership) bool {
	return CanSeeAllRegisseurs(a) ||
		(CanSeeOrganisationRegisseurs(a) && r.OrganisationID == *a.OrganisationID) ||
		(CanSeeCoachees(a) && coached) ||
		(CanSeeOwnRegisseur(a) && r.UserID != nil && *r.UserID == a.UserID) ||
		(CanSeePoolRegisseurs(a) && slices.ContainsFunc(memberships, func(m Membership) bool {
			return m.RegisseurID == r.ID && IsDispatchedMember(a, m)
		}))
}

// CanReadAudit reports whether a may read the audit trail (admins).
func CanReadAudit(a *Actor) bool { return a.Can(PermReadAudit) }

// CanSeeMonitoring reports whether a may see the pilot's monitoring figures
// (admins and monitors): aggregates only, never a person.
func CanSeeMonitoring(a *Actor) bool { return a.Can(PermMonitoring) }

// CanSeePoolReport reports whether a may read the pool report (admins and
// coaches).
func CanSeePoolReport(a *Actor) bool { return a.Can(PermPoolReport) }
