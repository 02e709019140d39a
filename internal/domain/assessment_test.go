package domain

import (
	"slices"
	"testing"
)

func TestDevelopmentAccess(t *testing.T) {
	reg, other := int64(7), int64(8)
	user := func(roles ...Role) *Actor { return &Actor{Kind: ActorUser, UserID: 1, Roles: roles} }
	self := user(RoleRegisseur)
	self.RegisseurID = &reg
	for _, tt := range []struct {
		name                       string
		actor                      *Actor
		coaches                    bool
		manage, read, drafts, link bool
	}{
		{"admin", user(RoleAdmin), false, true, true, false, false},
		{"their coach", user(RoleCoach), true, true, true, false, true},
		{"another coach", user(RoleCoach), false, false, false, false, true},
		{"the regisseur", self, false, false, true, true, false},
		{"dispatcher", user(RoleDispatcher), true, false, false, false, false},
		{"org contact", user(RoleOrgContact), true, false, false, false, false},
		{"monitor", user(RoleMonitor), true, false, false, false, false},
		{"anonymous", &Actor{Kind: ActorAnonymous}, true, false, false, false, false},
		{"external rater", &Actor{Kind: ActorRater, TokenID: 3}, true, false, false, false, false},
		{"system", SystemActor(), false, true, true, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanManageDevelopment(tt.actor, tt.coaches); got != tt.manage {
				t.Errorf("CanManageDevelopment = %v, want %v", got, tt.manage)
			}
			if got := CanReadDevelopment(tt.actor, reg, tt.coaches); got != tt.read {
				t.Errorf("CanReadDevelopment = %v, want %v", got, tt.read)
			}
			if got := CanSeeSelfAssessmentDrafts(tt.actor, reg); got != tt.drafts {
				t.Errorf("CanSeeSelfAssessmentDrafts = %v, want %v", got, tt.drafts)
			}
			if got := NeedsCoachingLink(tt.actor); got != tt.link {
				t.Errorf("NeedsCoachingLink = %v, want %v", got, tt.link)
			}
		})
	}
	if CanSelfAssess(self, other) || CanReadDevelopment(self, other, false) {
		t.Error("a regisseur reaches another regisseur's development")
	}
	if !IsExternalRater(&Actor{Kind: ActorRater}) || IsExternalRater(self) {
		t.Error("IsExternalRater mixes up raters and users")
	}
}

func TestRaterGroups(t *testing.T) {
	for _, g := range RaterGroups {
		if p, ok := ParseRaterGroup(string(g)); !ok || p != g {
			t.Errorf("ParseRaterGroup(%q) = %q, %v", g, p, ok)
		}
		if n := g.Names(); n.Label == "" || n.One == "" || n.Many == "" || n.Role == "" {
			t.Errorf("group %q lacks a Dutch name: %+v", g, n)
		}
	}
	for _, gs := range [][]RaterGroup{AccountRaterGroups, LinkRaterGroups} {
		for _, g := range gs {
			if _, ok := ParseRaterGroup(string(g)); !ok {
				t.Errorf("form group %q is no rater group", g)
			}
		}
	}
	if _, ok := ParseRaterGroup("buurman"); ok {
		t.Error("ParseRaterGroup accepts an unknown group")
	}
	if got := RaterGroup("buurman").Label(); got != "buurman" {
		t.Errorf("unknown group label %q, want its code", got)
	}
}

// TestRaterAccount_MayRateIn: "coach" admits only a coach who coaches the
// regisseur, "manager" only a contact of the regisseur's organisation; peer
// and partner admit any account, family none.
func TestRaterAccount_MayRateIn(t *testing.T) {
	org, other := int64(1), int64(2)
	for _, tt := range []struct {
		name string
		acc  RaterAccount
		want []RaterGroup
	}{
		{"own coach", RaterAccount{Roles: []Role{RoleCoach}, Coaches: true}, []RaterGroup{GroupCoach, GroupPeer, GroupPartner}},
		{"another coach", RaterAccount{Roles: []Role{RoleCoach}}, []RaterGroup{GroupPeer, GroupPartner}},
		{"coaching link without the role", RaterAccount{Roles: []Role{RoleDispatcher}, Coaches: true}, []RaterGroup{GroupPeer, GroupPartner}},
		{"contact of the organisation", RaterAccount{Roles: []Role{RoleOrgContact}, OrganisationID: &org}, []RaterGroup{GroupManager, GroupPeer, GroupPartner}},
		{"contact of another organisation", RaterAccount{Roles: []Role{RoleOrgContact}, OrganisationID: &other}, []RaterGroup{GroupPeer, GroupPartner}},
		{"employee of the organisation", RaterAccount{Roles: []Role{RoleRegisseur}, OrganisationID: &org}, []RaterGroup{GroupPeer, GroupPartner}},
		{"admin", RaterAccount{Roles: []Role{RoleAdmin}}, []RaterGroup{GroupPeer, GroupPartner}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.acc.Groups(org); !slices.Equal(got, tt.want) {
				t.Errorf("groups %v, want %v", got, tt.want)
			}
			if tt.acc.MayRateIn(GroupFamily, org) {
				t.Error("an account may rate as family")
			}
		})
	}
	for _, g := range LinkRaterGroups {
		if g.Known() {
			t.Errorf("links are made for the known group %s", g)
		}
	}
}
