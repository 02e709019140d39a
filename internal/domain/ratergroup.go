package domain

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
// of the invitation form. A coach always has an account.
var LinkRaterGroups = []RaterGroup{GroupPartner, GroupFamily, GroupPeer, GroupManager}

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
// their form says so.
func (g RaterGroup) Known() bool { return g == GroupCoach || g == GroupManager }

// FamilyForm reports whether the group answers the shorter, plain-language
// family form instead of the full instrument.
func (g RaterGroup) FamilyForm() bool { return g == GroupFamily }
