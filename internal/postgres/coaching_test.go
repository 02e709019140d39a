package postgres_test

import (
	"context"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

type coachingEnv struct {
	db                  *postgres.DB
	regA, regB, regC    domain.Regisseur
	coach, other, admin context.Context
	selfA, selfB        context.Context
	dispatcher, monitor context.Context
	orgContact          context.Context
}

func newCoachingEnv(t *testing.T) *coachingEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	org := pgtest.MustCreateOrganisation(t, db)
	e := &coachingEnv{db: db, regA: pgtest.MustCreateRegisseur(t, db, org.ID), regB: pgtest.MustCreateRegisseur(t, db, org.ID), regC: pgtest.MustCreateRegisseur(t, db, org.ID)}
	user := func(u domain.User) context.Context { return pgtest.ActorCtx(t, db, pgtest.MustCreateUser(t, db, u).ID) }
	e.coach = user(domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{e.regA.ID, e.regB.ID}})
	e.other = user(domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{e.regC.ID}})
	e.admin = user(domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	e.selfA = user(domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &e.regA.ID})
	e.selfB = user(domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &e.regB.ID})
	e.dispatcher = user(domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{pgtest.MustCreateMunicipality(t, db).ID}})
	e.monitor = user(domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	e.orgContact = user(domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &org.ID})
	return e
}

func (e *coachingEnv) session(t *testing.T, daysAgo int, attendees, absentees []int64) domain.Intervisie {
	t.Helper()
	s := domain.Intervisie{HeldOn: time.Now().AddDate(0, 0, -daysAgo), DurationMinutes: 90, Form: domain.FormIntervisie,
		Competencies: []string{"daadkrachtig"}, Attendees: attendees, Absentees: absentees, Notes: "Vertrouwelijk: casus over grenzen"}
	if err := e.db.CreateIntervisie(e.coach, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestIntervisie_NotesVisibility(t *testing.T) {
	e := newCoachingEnv(t)
	s := e.session(t, 1, []int64{e.regA.ID}, []int64{e.regB.ID})
	for _, tt := range []struct {
		name      string
		ctx       context.Context
		found     bool
		seesNotes bool
	}{
		{"coach", e.coach, true, true},
		{"another coach of the pool", e.other, true, true},
		{"admin", e.admin, true, true},
		{"attending regisseur", e.selfA, true, false},
		{"absent regisseur (invited)", e.selfB, true, false},
		{"dispatcher", e.dispatcher, false, false},
		{"monitor", e.monitor, false, false},
		{"org contact", e.orgContact, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := countAudit(t, e.db, "record_type = 'intervisie_notes' AND action = 'read'")
			got, err := e.db.FindIntervisie(tt.ctx, s.ID)
			if tt.found != (err == nil) {
				t.Fatalf("found: %v, want %v", err, tt.found)
			}
			if got.NotesVisible != tt.seesNotes || (tt.seesNotes != (got.Notes != "")) {
				t.Fatalf("notes visible %v (%q), want %v", got.NotesVisible, got.Notes, tt.seesNotes)
			}
			want := 0
			if tt.seesNotes {
				want = 1
			}
			if n := countAudit(t, e.db, "record_type = 'intervisie_notes' AND action = 'read'") - before; n != want {
				t.Errorf("%d audit rows for the notes read, want %d", n, want)
			}
			list, _, err := e.db.FindIntervisies(tt.ctx, domain.Page{Page: 1, PageSize: 10})
			if err != nil || (len(list) == 1) != tt.found {
				t.Errorf("list: %d sessions, %v", len(list), err)
			}
			for _, x := range list {
				if x.Notes != "" {
					t.Error("the list carries notes")
				}
			}
		})
	}
}

func TestIntervisie_Attendance(t *testing.T) {
	e := newCoachingEnv(t)
	e.session(t, 30, []int64{e.regA.ID, e.regB.ID}, nil)
	e.session(t, 20, []int64{e.regA.ID}, []int64{e.regB.ID})
	last := e.session(t, 10, []int64{e.regA.ID}, []int64{e.regB.ID})
	got, err := e.db.FindAttendance(e.coach, []int64{e.regA.ID, e.regB.ID, e.regC.ID})
	if err != nil || len(got) != 3 {
		t.Fatalf("attendance: %+v %v", got, err)
	}
	for _, tt := range []struct {
		reg               domain.Attendance
		invited, attended int
		lastOn            *time.Time
	}{
		{got[0], 3, 3, &last.HeldOn},
		{got[1], 3, 1, nil},
		{got[2], 0, 0, nil},
	} {
		if tt.reg.Invited != tt.invited || tt.reg.Attended != tt.attended {
			t.Errorf("regisseur %d: %d/%d, want %d/%d", tt.reg.RegisseurID, tt.reg.Attended, tt.reg.Invited, tt.attended, tt.invited)
		}
		if tt.lastOn != nil && (tt.reg.LastAttended == nil || tt.reg.LastAttended.Format("2006-01-02") != tt.lastOn.Format("2006-01-02")) {
			t.Errorf("regisseur %d last attended %v, want %v", tt.reg.RegisseurID, tt.reg.LastAttended, tt.lastOn)
		}
	}
	if r := got[1].Rate(); r < 0.33 || r > 0.34 {
		t.Errorf("rate %v, want 1/3", r)
	}
	// A regisseur sees only their own figures, whatever they ask for.
	own, err := e.db.FindAttendance(e.selfB, []int64{e.regA.ID, e.regB.ID})
	if err != nil || len(own) != 1 || own[0].RegisseurID != e.regB.ID {
		t.Errorf("regisseur's own attendance: %+v %v", own, err)
	}
}

func TestReflection_Privacy(t *testing.T) {
	e := newCoachingEnv(t)
	r := domain.Reflection{RegisseurID: e.regA.ID, WrittenOn: time.Now(), CompetencyKey: "zelfkennis", CaseReference: "2026-0412", Body: "Ik merk dat ik te snel overneem."}
	if err := e.db.CreateReflection(e.selfA, &r, false); err != nil {
		t.Fatal(err)
	}
	bad := domain.Reflection{RegisseurID: e.regA.ID, WrittenOn: time.Now(), CompetencyKey: "zelfkennis", CaseReference: "Familie de Vries", Body: "x"}
	if err := e.db.CreateReflection(e.selfA, &bad, false); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("a case reference with a name: %v, want invalid", err)
	}
	if err := e.db.CreateReflection(e.selfB, &domain.Reflection{RegisseurID: e.regA.ID, WrittenOn: time.Now(), CompetencyKey: "zelfkennis", Body: "x"}, false); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("writing in another's log: %v", err)
	}
	count := func(ctx context.Context) int {
		rs, _, err := e.db.FindReflections(ctx, e.regA.ID, domain.Page{Page: 1, PageSize: 20})
		if err != nil {
			return -1
		}
		return len(rs)
	}
	for _, tt := range []struct {
		name            string
		ctx             context.Context
		private, shared int // -1: not found
	}{
		{"the regisseur", e.selfA, 1, 1},
		{"their coach", e.coach, 0, 1},
		{"another coach", e.other, -1, -1},
		{"admin", e.admin, -1, -1},
		{"another regisseur", e.selfB, -1, -1},
		{"dispatcher", e.dispatcher, -1, -1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := count(tt.ctx); got != tt.private {
				t.Errorf("private entry: sees %d, want %d", got, tt.private)
			}
		})
	}
	if _, err := e.db.ReplyToReflection(e.coach, r.ID, "Herkenbaar!"); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("reply to a private entry: %v, want not found", err)
	}
	if err := e.db.ShareReflection(e.selfA, r.ID, true); err != nil {
		t.Fatal(err)
	}
	if got := count(e.coach); got != 1 {
		t.Fatalf("coach sees %d shared entries, want 1", got)
	}
	if _, err := e.db.ReplyToReflection(e.coach, r.ID, "Wat hielp je om te wachten?"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ReplyToReflection(e.other, r.ID, "x"); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("another coach replies: %v", err)
	}
	rs, _, err := e.db.FindReflections(e.selfA, e.regA.ID, domain.Page{Page: 1, PageSize: 20})
	if err != nil || len(rs[0].Replies) != 1 {
		t.Fatalf("the regisseur does not see the reply: %+v %v", rs, err)
	}
	if n := countAudit(t, e.db, "record_type = 'reflection_log' AND action = 'read' AND outcome = 'allowed'"); n < 4 {
		t.Errorf("%d audited log reads", n)
	}
	if n := countAudit(t, e.db, "record_type = 'reflection_log' AND outcome = 'denied'"); n < 4 {
		t.Errorf("%d denied log reads recorded", n)
	}
}

func TestDevelopmentGoal_History(t *testing.T) {
	e := newCoachingEnv(t)
	g := domain.DevelopmentGoal{RegisseurID: e.regA.ID, CompetencyKey: "overtuigingskracht", Basis: "below_norm",
		Description: "Grenzen benoemen in het rondetafeloverleg", Actions: []string{"Oefenen in intervisie"}, TargetDate: time.Now().AddDate(0, 3, 0)}
	if err := e.db.CreateDevelopmentGoal(e.coach, &g); err != nil {
		t.Fatal(err)
	}
	if err := e.db.CreateDevelopmentGoal(e.other, &domain.DevelopmentGoal{RegisseurID: e.regA.ID, CompetencyKey: "zelfkennis", Basis: "other", Description: "x", TargetDate: time.Now()}); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("another coach adds a goal: %v", err)
	}
	for _, st := range []string{domain.GoalInProgress, domain.GoalAchieved} {
		st := st
		if _, err := e.db.UpdateDevelopmentGoal(e.coach, g.ID, domain.GoalUpdate{Status: &st, Note: "voortgang"}); err != nil {
			t.Fatal(err)
		}
	}
	bogus := "done"
	if _, err := e.db.UpdateDevelopmentGoal(e.coach, g.ID, domain.GoalUpdate{Status: &bogus}); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("unknown status: %v", err)
	}
	goals, err := e.db.FindDevelopmentGoals(e.selfA, e.regA.ID)
	if err != nil || len(goals) != 1 {
		t.Fatalf("plan: %v", err)
	}
	h := goals[0].History
	if len(h) != 3 || h[0].From != nil || h[1].To != domain.GoalInProgress || *h[2].From != domain.GoalInProgress || h[2].To != domain.GoalAchieved || h[2].Actor == nil {
		t.Fatalf("history %+v: want open, in_progress, achieved with who", h)
	}
	if _, err := e.db.FindDevelopmentGoals(e.selfB, e.regA.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("another regisseur reads the plan: %v", err)
	}
}
