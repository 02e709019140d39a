package domain

import (
	"slices"
	"testing"
	"time"
)

// TestPoolAccess is the pool's access table: who decides on a nominee of
// organisation 7 (regisseur 3, coached by user 20), who sees what of it.
func TestPoolAccess(t *testing.T) {
	org, other, self, someone, coachID := int64(7), int64(8), int64(3), int64(4), int64(20)
	user := func(roles ...Role) *Actor { return &Actor{Kind: ActorUser, UserID: 99, Roles: roles} }
	contact := func(o *int64) *Actor { a := user(RoleOrgContact); a.OrganisationID = o; return a }
	regisseur := func(r *int64) *Actor { a := user(RoleRegisseur); a.RegisseurID = r; return a }
	coach := user(RoleCoach)
	coach.UserID = coachID
	m := Membership{ID: 1, OrganisationID: org, RegisseurID: self, Status: MemberNominated, CoachIDs: []int64{coachID}}
	for _, tt := range []struct {
		name                                                         string
		a                                                            *Actor
		decide, withdraw, motivation, reasons, preSelection, outcome bool
	}{
		{"admin", user(RoleAdmin), true, false, true, true, true, false},
		{"the regisseur's coach", coach, true, false, true, true, true, false},
		{"another coach", user(RoleCoach), false, false, false, false, false, false},
		{"nominating contact", contact(&org), false, true, true, false, false, true},
		{"other contact", contact(&other), false, false, false, false, false, false},
		{"contact without organisation", contact(nil), false, false, false, false, false, false},
		{"the regisseur", regisseur(&self), false, false, true, true, true, false},
		{"another regisseur", regisseur(&someone), false, false, false, false, false, false},
		{"dispatcher", user(RoleDispatcher), false, false, false, false, false, false},
		{"monitor", user(RoleMonitor), false, false, false, false, false, false},
		{"anonymous", &Actor{Kind: ActorAnonymous}, false, false, false, false, false, false},
		{"system", SystemActor(), true, false, true, true, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				rule      string
				got, want bool
			}{
				{"CanDecide", CanDecide(tt.a, m), tt.decide},
				{"CanWithdraw", CanWithdraw(tt.a, m), tt.withdraw},
				{"CanSeeMotivation", CanSeeMotivation(tt.a, m), tt.motivation},
				{"CanSeeStatusReasons", CanSeeStatusReasons(tt.a, m), tt.reasons},
				{"CanSeePreSelection", CanSeePreSelection(tt.a, m), tt.preSelection},
				{"CanSeePreSelectionOutcomeOnly", CanSeePreSelectionOutcomeOnly(tt.a, m), tt.outcome},
				{"CanKnowPreSelection", CanKnowPreSelection(tt.a, m), tt.preSelection || tt.outcome},
			} {
				if c.got != c.want {
					t.Errorf("%s = %v, want %v", c.rule, c.got, c.want)
				}
			}
		})
	}
}

// TestPoolAccess_NomineeWithoutCoach: until an admin links a coach, no coach
// decides on a nominee or sees it.
func TestPoolAccess_NomineeWithoutCoach(t *testing.T) {
	m := Membership{ID: 1, OrganisationID: 7, RegisseurID: 3, Status: MemberNominated}
	coach := &Actor{Kind: ActorUser, UserID: 20, Roles: []Role{RoleCoach}}
	if CanDecide(coach, m) || CanSeeMember(coach, m) || CanSeePreSelection(coach, m) || CanSeeStatusReasons(coach, m) {
		t.Error("a coach reaches a nominee without a coach")
	}
	if admin := (&Actor{Kind: ActorUser, Roles: []Role{RoleAdmin}}); !CanDecide(admin, m) || !CanSeeMember(admin, m) {
		t.Error("the admin does not reach a nominee without a coach")
	}
}

func TestStepsFor(t *testing.T) {
	org := int64(7)
	contact := &Actor{Kind: ActorUser, Roles: []Role{RoleOrgContact}, OrganisationID: &org}
	coach := &Actor{Kind: ActorUser, UserID: 20, Roles: []Role{RoleCoach}}
	dispatcher := &Actor{Kind: ActorUser, Roles: []Role{RoleDispatcher}}
	for _, tt := range []struct {
		name   string
		a      *Actor
		status MembershipStatus
		want   []MembershipStatus
	}{
		{"coach, nominee", coach, MemberNominated, []MembershipStatus{MemberPreselected, MemberRejected, MemberWithdrawn}},
		{"coach, active", coach, MemberActive, []MembershipStatus{MemberPaused, MemberLeft}},
		{"coach, left", coach, MemberLeft, nil},
		{"contact, preselected", contact, MemberPreselected, []MembershipStatus{MemberWithdrawn}},
		{"contact, admitted", contact, MemberAdmitted, nil},
		{"dispatcher, active", dispatcher, MemberActive, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := StepsFor(tt.a, Membership{OrganisationID: org, Status: tt.status, CoachIDs: []int64{20}})
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMemberScopeOf(t *testing.T) {
	org, reg, coach := int64(7), int64(3), int64(20)
	for _, tt := range []struct {
		name string
		a    *Actor
		want MemberScope
	}{
		{"coach", &Actor{Kind: ActorUser, UserID: 20, Roles: []Role{RoleCoach}}, MemberScope{CoachUserID: &coach}},
		{"dispatcher", &Actor{Kind: ActorUser, Roles: []Role{RoleDispatcher}, MunicipalityIDs: []int64{5}}, MemberScope{Dispatcher: true, MunicipalityIDs: []int64{5}}},
		{"contact and regisseur", &Actor{Kind: ActorUser, Roles: []Role{RoleOrgContact, RoleRegisseur}, OrganisationID: &org, RegisseurID: &reg},
			MemberScope{OrganisationID: &org, RegisseurID: &reg}},
		{"monitor", &Actor{Kind: ActorUser, Roles: []Role{RoleMonitor}}, MemberScope{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := MemberScopeOf(tt.a)
			if got.All != tt.want.All || got.Dispatcher != tt.want.Dispatcher || !slices.Equal(got.MunicipalityIDs, tt.want.MunicipalityIDs) ||
				!samePtr(got.OrganisationID, tt.want.OrganisationID) || !samePtr(got.RegisseurID, tt.want.RegisseurID) ||
				!samePtr(got.CoachUserID, tt.want.CoachUserID) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func samePtr(a, b *int64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func TestTransitionOptions_Validate(t *testing.T) {
	long := string(make([]rune, 2001))
	for _, tt := range []struct {
		name   string
		to     MembershipStatus
		reason string
		want   string // the field in error, "" for none
	}{
		{"withdraw with a reason", MemberWithdrawn, "Kiest ander werk", ""},
		{"withdraw without one", MemberWithdrawn, "   ", "reason"},
		{"preselect without one", MemberPreselected, "", ""},
		{"activate without one", MemberActive, "", ""},
		{"pause without one", MemberPaused, "", "reason"},
		{"a reason too long", MemberActive, long, "reason"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opt := TransitionOptions{Reason: tt.reason}
			got := ""
			if e, ok := AsError(opt.Validate(tt.to)); ok {
				got = e.Fields[0].Name
			}
			if got != tt.want {
				t.Errorf("field in error %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReportFileName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"rapport pien.pdf", "rapport pien.pdf"},
		{`C:\Users\x\noord.pdf`, "noord.pdf"},
		{"../../etc/r\x00ap\nport.pdf", "rapport.pdf"},
		{"map/", "rapport.pdf"},
		{"", "rapport.pdf"},
	} {
		if got := ReportFileName(tt.in); got != tt.want {
			t.Errorf("ReportFileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnavailability_Validate(t *testing.T) {
	day := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		u    Unavailability
		want string
	}{
		{"one day", Unavailability{StartsOn: day, EndsOn: day, Reason: LeaveHoliday}, ""},
		{"no reason", Unavailability{StartsOn: day, EndsOn: day.AddDate(0, 0, 3)}, ""},
		{"ends before it starts", Unavailability{StartsOn: day, EndsOn: day.AddDate(0, 0, -1)}, "endsOn"},
		{"unknown reason", Unavailability{StartsOn: day, EndsOn: day, Reason: "vakantie"}, "reason"},
		{"two years", Unavailability{StartsOn: day, EndsOn: day.AddDate(0, 0, MaxLeaveDays-1)}, ""},
		{"longer than two years", Unavailability{StartsOn: day, EndsOn: day.AddDate(0, 0, MaxLeaveDays)}, "endsOn"},
		{"from year 1", Unavailability{StartsOn: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), EndsOn: day}, "endsOn"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if e, ok := AsError(tt.u.Validate()); ok {
				got = e.Fields[0].Name
			}
			if got != tt.want {
				t.Errorf("field in error %q, want %q", got, tt.want)
			}
		})
	}
}
