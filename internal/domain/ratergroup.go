package domain

import "slices"

// RaterGroup is who a rater of a 360 round is to the regisseur.
type RaterGroup string

// The rater groups.
const (
	GroupCoach   RaterGroup = "coach"
	GroupManager RaterGroup = "manager"
	GroupPeer    RaterGroup = "peer"
	GroupPartner RaterGroup = "partner"
	GroupFamily  RaterGroup = "family"
)

// RaterGroups lists every rater group in display order.
var RaterGroups = []RaterGroup{GroupCoach, GroupManager, GroupPeer, GroupPartner, GroupFamily}

// AccountRaterGroups are the groups an account is invited in, in the order
// of the invitation form. Family members have no account.
var AccountRaterGroups = []RaterGroup{GroupCoach, GroupManager, GroupPeer, GroupPartner}

// LinkRaterGroups are the groups external links are made for, in the order
// of the invitation form. Coach and manager answer only with an account
// (RaterGroup.Known): whoever holds a link could answer it.
var LinkRaterGroups = []RaterGroup{GroupPartner, GroupFamily, GroupPeer}

// RaterGroupNames are the Dutch names of one rater group.
type RaterGroupNames struct {
	Label string // the group as a heading or table cell: "Samenwerkingspartners"
	One   string // one member in running text: "Link voor partner 1"
	Many  string // several members in running text: "3 partners"
	Role  string // what an invited account rates as: "Als samenwerkingspartner"
}

var raterGroupNames = map[RaterGroup]RaterGroupNames{
	GroupCoach:   {Label: "Begeleider", One: "begeleider", Many: "begeleiders", Role: "begeleider"},
	GroupManager: {Label: "Leidinggevende", One: "leidinggevende", Many: "leidinggevenden", Role: "leidinggevende"},
	GroupPeer:    {Label: "Collega-regisseurs", One: "collega", Many: "collega's", Role: "collega"},
	GroupPartner: {Label: "Samenwerkingspartners", One: "partner", Many: "partners", Role: "samenwerkingspartner"},
	GroupFamily:  {Label: "Gezin", One: "gezinslid", Many: "gezinsleden", Role: "gezinslid"},
}

// ParseRaterGroup checks a group name.
func ParseRaterGroup(s string) (RaterGroup, bool) {
	g := RaterGroup(s)
	_, ok := raterGroupNames[g]
	return g, ok
}

// Names returns the Dutch names of g; an unknown group is named by its code.
func (g RaterGroup) Names() RaterGroupNames {
	if n, ok := raterGroupNames[g]; ok {
		return n
	}
	s := string(g)
	return RaterGroupNames{Label: s, One: s, Many: s, Role: s}
}

// Label is the Dutch name of the group as a heading: "Collega-regisseurs".
func (g RaterGroup) Label() string { return g.Names().Label }

// Known reports whether the regisseur knows who the raters of a group are
// (their coach and manager); such groups may be shown from one response, and
// their form and every view of the results say so. Only an account the group
// admits (RaterAccount.MayRateIn) answers in a known group, never a link.
func (g RaterGroup) Known() bool { return g == GroupCoach || g == GroupManager }

// RaterAccount is what decides in which groups an account may rate a
// regisseur: its roles, its organisation and whether it coaches them.
type RaterAccount struct {
	Roles          []Role
	OrganisationID *int64 // the account's organisation
	Coaches        bool   // the account coaches the regisseur (coach_regisseur)
}

// ManagesOrganisation reports whether the account is a manager of the
// organisation orgID. DOMAIN.md names no manager role: the organisation's
// contact (org_contact) is the one who answers for its regisseurs in the
// pool (nominates them, releases their hours, follows their status), so a
// regisseur's manager is a contact of their own organisation.
func (r RaterAccount) ManagesOrganisation(orgID int64) bool {
	return slices.Contains(r.Roles, RoleOrgContact) && r.OrganisationID != nil && *r.OrganisationID == orgID
}

// MayRateIn reports whether the account may rate a regisseur of
// organisation orgID in group g. The known groups are shown from a single
// response, so they admit only whom the regisseur knows there: "coach" only
// their own coach, "manager" only a manager of their organisation. Peer and
// partner admit any account that may rate at all (MayRate: not a monitor
// alone, who sees the monitoring and nothing else); family has no accounts.
func (r RaterAccount) MayRateIn(g RaterGroup, orgID int64) bool {
	if !MayRate(r.Roles) {
		return false
	}
	switch g {
	case GroupCoach:
		return r.Coaches && slices.Contains(r.Roles, RoleCoach)
	case GroupManager:
		return r.ManagesOrganisation(orgID)
	}
	return slices.Contains(AccountRaterGroups, g)
}

// Groups lists the groups the account may be invited in to rate a regisseur
// of organisation orgID, in the order of AccountRaterGroups.
func (r RaterAccount) Groups(orgID int64) []RaterGroup {
	var out []RaterGroup
	for _, g := range AccountRaterGroups {
		if r.MayRateIn(g, orgID) {
			out = append(out, g)
		}
	}
	return out
}

// RaterGroupRefusal is the reason an account may not rate in group g,
// naming the rater as given ("Het account met id 17": the store names
// accounts by id, as a regisseur proposing a round may not see names).
func RaterGroupRefusal(g RaterGroup, rater string) string {
	switch g {
	case GroupCoach:
		return rater + " is niet de begeleider van deze regisseur; alleen de eigen begeleider beoordeelt als begeleider."
	case GroupManager:
		return rater + " is geen leidinggevende (contactpersoon) van de organisatie van deze regisseur; alleen die beoordeelt als leidinggevende."
	}
	return rater + " kan niet als " + g.Names().Role + " beoordelen."
}

// FamilyForm reports whether the group answers the shorter, plain-language
// family form instead of the full instrument.
func (g RaterGroup) FamilyForm() bool { return g == GroupFamily }

// RaterAccountOf is what decides the groups the account u may rate the
// regisseur regisseurID in.
func RaterAccountOf(u User, regisseurID int64) RaterAccount {
	return RaterAccount{Roles: u.Roles, OrganisationID: u.OrganisationID, Coaches: slices.Contains(u.CoacheeIDs, regisseurID)}
}

// RaterAccountFilter selects accounts for the rater picker of a round
// about a regisseur.
type RaterAccountFilter struct {
	// Query matches any part of the name, case-insensitively; "" matches
	// every name.
	Query string
	// IDs, when not nil, limits the result to these accounts (the ones
	// already picked).
	IDs []int64
	// Skip leaves these accounts out (already invited).
	Skip []int64
}
