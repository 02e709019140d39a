package domain

import (
	"testing"
	"time"
)

func intp(n int) *int { return &n }

func TestSummarizeVoice_Threshold(t *testing.T) {
	parent := func(heard, helped int, well string) VoiceAnswer {
		return VoiceAnswer{Kind: RespondentParent, Heard: intp(heard), Helped: intp(helped), WentWell: well}
	}
	answers := []VoiceAnswer{
		parent(4, 5, "Zij luisterde"), parent(5, 3, ""), parent(3, 4, "afspraken werden nagekomen"),
		{Kind: RespondentParty, Collaboration: intp(2), CouldBeBetter: "Sneller terugbellen"},
		{Kind: RespondentParty, Collaboration: intp(4)},
	}
	tallies := []VoiceTally{{Kind: RespondentParent, Issued: 4}, {Kind: RespondentParty, Issued: 3}}
	got := SummarizeVoice(tallies, answers, 1) // a lower threshold is raised to the floor
	if len(got) != 3 || got[0].Kind != RespondentParent || got[1].Kind != RespondentYoungPerson || got[2].Kind != RespondentParty {
		t.Fatalf("summaries %+v: want one per kind in order", got)
	}
	p := got[0]
	if !p.Shown || p.Issued != 4 || p.Answered != 3 || *p.Heard != 4 || *p.Helped != 4 || p.Collaboration != nil {
		t.Errorf("parents: %+v", p)
	}
	// Alphabetical, case-insensitive: the order says nothing about who answered when.
	if len(p.WentWell) != 2 || p.WentWell[0] != "afspraken werden nagekomen" || p.WentWell[1] != "Zij luisterde" {
		t.Errorf("parents' texts %q", p.WentWell)
	}
	party := got[2]
	if party.Shown || party.Answered != 2 || party.Issued != 3 || party.Collaboration != nil || party.CouldBeBetter != nil {
		t.Errorf("parties below the threshold must show counts only: %+v", party)
	}
	if y := got[1]; y.Shown || y.Issued != 0 || y.Answered != 0 {
		t.Errorf("young people: %+v", y)
	}
	if got := SummarizeVoice(tallies, answers, 4); got[0].Shown {
		t.Error("a configured threshold of 4 must hide 3 answers")
	}
}

func TestVoiceAnswer_Validate(t *testing.T) {
	long := string(make([]rune, MaxVoiceText+1))
	for _, tt := range []struct {
		name   string
		a      VoiceAnswer
		fields []string
	}{
		{"family complete", VoiceAnswer{Kind: RespondentParent, Heard: intp(1), Helped: intp(5)}, nil},
		{"family without scales", VoiceAnswer{Kind: RespondentYoungPerson}, []string{"heard", "helped"}},
		{"family out of range", VoiceAnswer{Kind: RespondentParent, Heard: intp(0), Helped: intp(6)}, []string{"heard", "helped"}},
		{"party complete", VoiceAnswer{Kind: RespondentParty, Collaboration: intp(3), WentWell: " goed "}, nil},
		{"party without scale", VoiceAnswer{Kind: RespondentParty, Heard: intp(3)}, []string{"collaboration"}},
		{"texts too long", VoiceAnswer{Kind: RespondentParty, Collaboration: intp(3), WentWell: long, CouldBeBetter: long}, []string{"wentWell", "couldBeBetter"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.a.Validate()
			if tt.fields == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e, ok := AsError(err)
			if !ok || len(e.Fields) != len(tt.fields) {
				t.Fatalf("got %v, want fields %v", err, tt.fields)
			}
			for i, f := range tt.fields {
				if e.Fields[i].Name != f {
					t.Errorf("field %d: %s, want %s", i, e.Fields[i].Name, f)
				}
			}
		})
	}
}

func TestVoiceAccess(t *testing.T) {
	reg, other := int64(7), int64(8)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	closedAt := now.AddDate(0, 0, -3)
	open := Case{MunicipalityID: 1, Status: CaseAssigned, RegisseurID: &reg, StartsOn: now.AddDate(0, -2, 0)}
	closed := Case{MunicipalityID: 1, Status: CaseClosed, RegisseurID: &reg, ClosedAt: &closedAt, StartsOn: now.AddDate(0, -6, 0)}
	longAgo := now.AddDate(0, 0, -VoiceCloseDays-1)
	oldClosed := closed
	oldClosed.ClosedAt = &longAgo
	waiting := Case{MunicipalityID: 1, Status: CaseWaiting}
	actors := map[string]*Actor{
		"admin":           {Kind: ActorUser, Roles: []Role{RoleAdmin}},
		"dispatcher":      {Kind: ActorUser, Roles: []Role{RoleDispatcher}, MunicipalityIDs: []int64{1}},
		"dispatcher else": {Kind: ActorUser, Roles: []Role{RoleDispatcher}, MunicipalityIDs: []int64{2}},
		"regisseur":       {Kind: ActorUser, Roles: []Role{RoleRegisseur}, RegisseurID: &reg},
		"other regisseur": {Kind: ActorUser, Roles: []Role{RoleRegisseur}, RegisseurID: &other},
		"monitor":         {Kind: ActorUser, Roles: []Role{RoleMonitor}},
		"coach":           {Kind: ActorUser, Roles: []Role{RoleCoach}},
	}
	for _, tt := range []struct {
		actor string
		c     Case
		code  string // "" = allowed
	}{
		{"admin", open, ""}, {"dispatcher", open, ""}, {"regisseur", open, ""},
		{"regisseur", closed, ""}, {"dispatcher", closed, ""},
		{"dispatcher else", open, EForbidden}, {"other regisseur", open, EForbidden},
		{"monitor", open, EForbidden}, {"coach", closed, EForbidden},
		{"regisseur", oldClosed, EConflict}, {"admin", waiting, EConflict},
	} {
		err := CheckVoiceIssue(actors[tt.actor], tt.c, now)
		if got := map[bool]string{true: "", false: ErrorCode(err)}[err == nil]; got != tt.code {
			t.Errorf("%s on a %s case: %v, want %q", tt.actor, tt.c.Status, err, tt.code)
		}
	}
	if !CanSeeVoiceAcrossCases(actors["monitor"]) || CanSeeVoiceAcrossCases(actors["dispatcher"]) || CanReadCaseVoice(actors["monitor"], open) {
		t.Error("monitors see the voice across cases only, dispatchers never across cases")
	}
}

func TestVoiceRequest_Validate(t *testing.T) {
	reg := int64(7)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	closedAt := time.Date(2026, 3, 8, 15, 0, 0, 0, time.UTC)
	open := Case{Status: CaseAssigned, RegisseurID: &reg, StartsOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	closed := Case{Status: CaseClosed, RegisseurID: &reg, ClosedAt: &closedAt, StartsOn: open.StartsOn}
	day := func(s string) *time.Time { d, _ := ParseDate(s); return &d }
	two := map[RespondentKind]int{RespondentParent: 2}
	for _, tt := range []struct {
		name  string
		c     Case
		r     VoiceRequest
		field string
	}{
		{"evaluation", open, VoiceRequest{Moment: VoiceAtEvaluation, MomentDate: day("2026-03-01"), Counts: two}, ""},
		{"close fills its date", closed, VoiceRequest{Moment: VoiceAtClose, Counts: two}, ""},
		{"close on another day", closed, VoiceRequest{Moment: VoiceAtClose, MomentDate: day("2026-03-01"), Counts: two}, "momentDate"},
		{"evaluation of a closed case", closed, VoiceRequest{Moment: VoiceAtEvaluation, MomentDate: day("2026-03-01"), Counts: two}, "moment"},
		{"close of an open case", open, VoiceRequest{Moment: VoiceAtClose, Counts: two}, "moment"},
		{"unknown moment", open, VoiceRequest{Moment: "later", Counts: two}, "moment"},
		{"evaluation without date", open, VoiceRequest{Moment: VoiceAtEvaluation, Counts: two}, "momentDate"},
		{"evaluation in the future", open, VoiceRequest{Moment: VoiceAtEvaluation, MomentDate: day("2026-04-01"), Counts: two}, "momentDate"},
		{"evaluation before the start", open, VoiceRequest{Moment: VoiceAtEvaluation, MomentDate: day("2025-12-01"), Counts: two}, "momentDate"},
		{"no links", open, VoiceRequest{Moment: VoiceAtEvaluation, MomentDate: day("2026-03-01"), Counts: map[RespondentKind]int{RespondentParty: 0}}, "respondents"},
		{"too many links", open, VoiceRequest{Moment: VoiceAtEvaluation, MomentDate: day("2026-03-01"), Counts: map[RespondentKind]int{RespondentParty: 11}}, "respondents"},
		{"unknown kind", open, VoiceRequest{Moment: VoiceAtEvaluation, MomentDate: day("2026-03-01"), Counts: map[RespondentKind]int{"neighbour": 1}}, "respondents"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.r.Validate(tt.c, now)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if tt.r.MomentDate == nil {
					t.Fatal("no moment date")
				}
				return
			}
			e, ok := AsError(err)
			if !ok || len(e.Fields) == 0 || e.Fields[0].Name != tt.field {
				t.Fatalf("got %v, want field %s", err, tt.field)
			}
		})
	}
	r := VoiceRequest{Moment: VoiceAtClose, Counts: two}
	if err := r.Validate(closed, now); err != nil || !r.MomentDate.Equal(time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the close's date: %v %v", r.MomentDate, err)
	}
}
