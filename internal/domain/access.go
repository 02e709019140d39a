package domain

import "slices"

// Permission names something a route lets an actor do. Which roles hold it
// is decided here and nowhere else; object-level scoping (which records) is
// applied by the store from the same Actor.
type Permission string

// The permissions of the routes.
const (
	PermSignedIn           Permission = "signed_in"           // any user with an account
	PermManageOrganisation Permission = "manage_organisation" // create and edit organisations and municipalities
	PermReadOrganisation   Permission = "read_organisation"   // organisations in scope
	PermReadMunicipalities Permission = "read_municipalities" // the municipalities (a reference list; the monitoring filter)
	PermReadInstruments    Permission = "read_instruments"    // the assessment instruments
	PermRate               Permission = "rate"                // answer a 360 feedback request one was asked
	PermManageUsers        Permission = "manage_users"        // create, disable, assign roles and scopes
	PermReadUsers          Permission = "read_users"          // user records in scope
	PermManageRegisseurs   Permission = "manage_regisseurs"   // create regisseur records
	PermReadRegisseurs     Permission = "read_regisseurs"     // regisseur records in scope
	PermReadAudit          Permission = "read_audit"          // the audit trail
	PermSelfAssess         Permission = "self_assess"         // fill in one's own self-assessment
	PermReadDevelopment    Permission = "read_development"    // self-assessments and 360 results in scope
	PermManageFeedback     Permission = "manage_feedback"     // open and run 360 rounds for regisseurs in scope
	PermReadPool           Permission = "read_pool"           // pool rounds and members in scope
	PermManagePool         Permission = "manage_pool"         // open pool rounds
	PermNominate           Permission = "nominate"            // nominate candidates of one's own organisation
	PermDecidePool         Permission = "decide_pool"         // pre-selection, admission, capacity and leave
	PermMoveMember         Permission = "move_member"         // take a life-cycle step (org contacts: withdraw only)
	PermReadPreSelection   Permission = "read_pre_selection"  // pre-selection results, as far as the role may see
	PermCoach              Permission = "coach"               // intervisie log, coach dashboard, development plans in scope
	PermReflect            Permission = "reflect"             // keep one's own reflection log
	PermDispatch           Permission = "dispatch"            // register, match, assign, hand over and close cases in scope
	PermReadCases          Permission = "read_cases"          // cases in scope, and their log
	PermAnswerOffer        Permission = "answer_offer"        // accept or decline a case offered to oneself
	PermPoolReport         Permission = "pool_report"         // the pool report (PDF)
	PermMonitoring         Permission = "monitoring"          // aggregated monitoring figures and reports
	PermReadOutbox         Permission = "read_outbox"         // the outbox of e-mails, sent and unsent
)

var permissionRoles = map[Permission][]Role{
	PermSignedIn:           Roles,
	PermManageOrganisation: {RoleAdmin},
	// Monitors reach the monitoring and nothing else (issue 15): the
	// municipalities only, to filter it by.
	PermReadOrganisation:   rolesExcept(RoleMonitor),
	PermReadMunicipalities: Roles,
	PermReadInstruments:    rolesExcept(RoleMonitor),
	// A monitor is never asked to rate a regisseur (RaterAccount.MayRateIn).
	PermRate:             rolesExcept(RoleMonitor),
	PermManageUsers:      {RoleAdmin},
	PermReadUsers:        {RoleAdmin, RoleOrgContact},
	PermManageRegisseurs: {RoleAdmin},
	// Monitors see aggregates only, never a person.
	PermReadRegisseurs: {RoleAdmin, RoleOrgContact, RoleCoach, RoleDispatcher, RoleRegisseur},
	PermReadAudit:      {RoleAdmin},
	PermSelfAssess:     {RoleRegisseur},
	// Development data is for the regisseur, their coaches and admins only:
	// never dispatchers, org contacts or monitors.
	PermReadDevelopment: {RoleAdmin, RoleCoach, RoleRegisseur},
	PermManageFeedback:  {RoleAdmin, RoleCoach},
	// Monitors see the pool only in aggregates (reports), never a member.
	PermReadPool:   {RoleAdmin, RoleOrgContact, RoleCoach, RoleDispatcher, RoleRegisseur},
	PermManagePool: {RoleAdmin},
	PermNominate:   {RoleOrgContact},
	PermDecidePool: {RoleAdmin, RoleCoach},
	PermMoveMember: {RoleAdmin, RoleCoach, RoleOrgContact},
	// Dispatchers and monitors see nothing of a pre-selection.
	PermReadPreSelection: {RoleAdmin, RoleCoach, RoleOrgContact, RoleRegisseur},
	PermCoach:            {RoleAdmin, RoleCoach},
	PermReflect:          {RoleRegisseur},
	PermDispatch:         {RoleAdmin, RoleDispatcher},
	// A regisseur reads and logs the cases they direct; monitors see cases
	// only as aggregates.
	PermReadCases:  {RoleAdmin, RoleDispatcher, RoleRegisseur},
	PermPoolReport: {RoleAdmin, RoleCoach},
	// Only the regisseur an offer is made to answers it.
	PermAnswerOffer: {RoleRegisseur},
	PermMonitoring:  {RoleAdmin, RoleMonitor},
	// Messages hold links and addresses: admins only.
	PermReadOutbox: {RoleAdmin},
}

// rolesExcept is every role but r.
func rolesExcept(r Role) []Role {
	var out []Role
	for _, x := range Roles {
		if x != r {
			out = append(out, x)
		}
	}
	return out
}

// RolesWith lists the roles that hold permission p, for a store query that
// must select by it.
func RolesWith(p Permission) []Role { return slices.Clone(permissionRoles[p]) }

// MayRate reports whether an account with roles may rate a regisseur in a
// 360 round (PermRate): any role but monitor alone.
func MayRate(roles []Role) bool {
	return slices.ContainsFunc(roles, func(r Role) bool { return slices.Contains(permissionRoles[PermRate], r) })
}

// Can reports whether the actor holds permission p.
func (a *Actor) Can(p Permission) bool {
	return a.HasAny(permissionRoles[p]...)
}
