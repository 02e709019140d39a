package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

type poolEnv struct {
	db      *postgres.DB
	coachID int64 // coaches every candidate nominate puts forward
	round   domain.PoolRound
	orgA    domain.Organisation
	orgB    domain.Organisation
	admin   context.Context
	coach   context.Context
	contact context.Context // org contact of orgA
	otherOC context.Context // org contact of orgB
}

func newPoolEnv(t *testing.T, quota int) *poolEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	e := &poolEnv{db: db, orgA: pgtest.MustCreateOrganisation(t, db), orgB: pgtest.MustCreateOrganisation(t, db)}
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	oc := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &e.orgA.ID})
	ocB := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &e.orgB.ID})
	e.admin, e.coach, e.coachID = pgtest.ActorCtx(t, db, admin.ID), pgtest.ActorCtx(t, db, coach.ID), coach.ID
	e.contact, e.otherOC = pgtest.ActorCtx(t, db, oc.ID), pgtest.ActorCtx(t, db, ocB.ID)
	var err error
	e.round, err = db.CreatePoolRound(e.admin, "Pilot complexe regie 2027", []domain.RoundOrganisation{
		{OrganisationID: e.orgA.ID, Quota: quota}, {OrganisationID: e.orgB.ID, Quota: quota}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// nominate puts a candidate of orgA forward, and links the env's coach to
// them as an admin would.
func (e *poolEnv) nominate(t *testing.T, name string) domain.Membership {
	t.Helper()
	m, err := e.db.Nominate(e.contact, domain.Nomination{RoundID: e.round.ID, RegisseurName: name, Motivation: "Ervaren gezinscoach", HoursPerWeek: 16})
	if err != nil {
		t.Fatalf("nominate %s: %v", name, err)
	}
	pgtest.MustLinkCoach(t, e.db, e.coachID, m.RegisseurID)
	return m
}

func (e *poolEnv) preselect(t *testing.T, id int64, outcome string) {
	t.Helper()
	p := domain.PreSelection{TestDate: time.Now().AddDate(0, 0, -3), InstrumentName: "NEO-PI-3", Provider: "Testbureau Noord", Outcome: outcome,
		Pitfalls: []string{"Neemt te veel zelf over"}, AttentionPoints: []string{"Grenzen aangeven"}}
	if _, err := e.db.RecordPreSelection(e.coach, id, p, nil, ""); err != nil {
		t.Fatalf("pre-select: %v", err)
	}
}

// readyForAdmission gives the regisseur a submitted self-assessment and a
// closed 360 round.
func (e *poolEnv) readyForAdmission(t *testing.T, m domain.Membership) {
	t.Helper()
	ctx := pgtest.SystemCtx()
	d, err := e.db.DraftSelfAssessment(ctx, m.RegisseurID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SaveSelfAssessment(ctx, d.ID, fullAnswers(t, e.db), true); err != nil {
		t.Fatal(err)
	}
	r, _, err := e.db.OpenFeedbackRound(ctx, m.RegisseurID, time.Now().AddDate(0, 0, 7), []domain.NewRater{{Group: "partner"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.CloseFeedbackRound(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
}

func fullAnswers(t *testing.T, db *postgres.DB) map[string]domain.Answer {
	t.Helper()
	ins, err := db.FindInstruments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	three := 3
	out := map[string]domain.Answer{}
	for _, it := range ins[0].Def.Items() {
		out[it.Key] = domain.Answer{Score: &three}
	}
	return out
}

func TestPool_Quota(t *testing.T) {
	e := newPoolEnv(t, 2)
	first := e.nominate(t, "Eerste")
	e.nominate(t, "Tweede")
	_, err := e.db.Nominate(e.contact, domain.Nomination{RoundID: e.round.ID, RegisseurName: "Derde", Motivation: "x", HoursPerWeek: 8})
	if derr, _ := domain.AsError(err); derr == nil || derr.Code != domain.EConflict || !strings.Contains(derr.Message, "2 van de 2") {
		t.Fatalf("third nomination: %v, want a quota conflict naming 2 of 2", err)
	}
	// Withdrawing frees the place.
	if _, err := e.db.MoveMembership(e.contact, first.ID, domain.MemberWithdrawn, domain.TransitionOptions{Reason: "Kandidaat is vertrokken"}); err != nil {
		t.Fatal(err)
	}
	e.nominate(t, "Derde")
	// The database enforces the quota too, whoever writes.
	_, err = e.db.Exec(`INSERT INTO pool_membership (round_id, organisation_id, regisseur_id, hours_per_week)
		SELECT $1, $2, id, 8 FROM regisseur WHERE name = 'Eerste'`, e.round.ID, e.orgA.ID)
	if err == nil || !strings.Contains(err.Error(), "quota") {
		t.Errorf("direct insert over quota: %v", err)
	}
}

func TestPool_Transitions(t *testing.T) {
	e := newPoolEnv(t, 100)
	all := domain.MembershipStatuses
	for _, from := range all {
		for _, to := range all {
			if from == to {
				continue
			}
			want := domain.CanMove(from, to)
			var got error
			m := e.nominate(t, "Kandidaat "+string(from)+" naar "+string(to))
			// Walk the membership to "from" through allowed steps.
			path := map[domain.MembershipStatus][]domain.MembershipStatus{
				domain.MemberNominated:   {},
				domain.MemberPreselected: {domain.MemberPreselected},
				domain.MemberAdmitted:    {domain.MemberPreselected, domain.MemberAdmitted},
				domain.MemberActive:      {domain.MemberPreselected, domain.MemberAdmitted, domain.MemberActive},
				domain.MemberPaused:      {domain.MemberPreselected, domain.MemberAdmitted, domain.MemberActive, domain.MemberPaused},
				domain.MemberLeft:        {domain.MemberPreselected, domain.MemberAdmitted, domain.MemberLeft},
				domain.MemberRejected:    {domain.MemberRejected},
				domain.MemberWithdrawn:   {domain.MemberWithdrawn},
			}[from]
			e.readyForAdmission(t, m)
			for _, step := range path {
				if step == domain.MemberPreselected {
					e.preselect(t, m.ID, domain.OutcomeSuitable)
					continue
				}
				if _, err := e.db.MoveMembership(e.admin, m.ID, step, domain.TransitionOptions{Reason: "stap"}); err != nil {
					t.Fatalf("walk to %s: step %s: %v", from, step, err)
				}
			}
			if to == domain.MemberPreselected && from == domain.MemberNominated {
				continue // pre-selection is recorded, not moved to
			}
			_, got = e.db.MoveMembership(e.admin, m.ID, to, domain.TransitionOptions{Reason: "test"})
			if want && got != nil {
				t.Errorf("%s → %s refused: %v", from, to, got)
			}
			if !want && domain.ErrorCode(got) != domain.EConflict {
				t.Errorf("%s → %s: %v, want a conflict", from, to, got)
			}
		}
	}
}

func TestPool_AdmissionRules(t *testing.T) {
	e := newPoolEnv(t, 5)
	m := e.nominate(t, "Zonder voorselectie")
	if _, err := e.db.MoveMembership(e.admin, m.ID, domain.MemberAdmitted, domain.TransitionOptions{Reason: "x"}); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("admit from nominated: %v", err)
	}
	// The database refuses admission without a pre-selection even when the code is bypassed.
	if _, err := e.db.Exec(`UPDATE pool_membership SET status = 'preselected' WHERE id = $1`, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Exec(`UPDATE pool_membership SET status = 'admitted' WHERE id = $1`, m.ID); err == nil || !strings.Contains(err.Error(), "pre-selection") {
		t.Errorf("direct admission without pre-selection: %v", err)
	}

	c := e.nominate(t, "Contra-indicatie")
	e.preselect(t, c.ID, domain.OutcomeContraIndication)
	if _, err := e.db.MoveMembership(e.admin, c.ID, domain.MemberAdmitted, domain.TransitionOptions{Reason: "x"}); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("admit without self-assessment: %v, want conflict", err)
	}
	e.readyForAdmission(t, c)
	if _, err := e.db.MoveMembership(e.admin, c.ID, domain.MemberAdmitted, domain.TransitionOptions{Reason: "x"}); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("admit with contra-indication, no override: %v, want invalid", err)
	}
	if _, err := e.db.MoveMembership(e.coach, c.ID, domain.MemberAdmitted, domain.TransitionOptions{Reason: "x", OverrideReason: "Gesprek gevoerd"}); domain.ErrorCode(err) != domain.EForbidden {
		t.Fatalf("coach overrides a contra-indication: %v, want forbidden", err)
	}
	got, err := e.db.MoveMembership(e.admin, c.ID, domain.MemberAdmitted, domain.TransitionOptions{Reason: "Toegelaten", OverrideReason: "Begeleiding op de valkuilen afgesproken"})
	if err != nil || got.Status != domain.MemberAdmitted {
		t.Fatalf("admin override: %v", err)
	}
	if n := len(got.Transitions); n != 3 || got.Transitions[2].Reason != "Toegelaten" || got.Transitions[2].ActorID == nil {
		t.Errorf("history %+v: want nominated, preselected, admitted with who and why", got.Transitions)
	}
	// An org contact cannot decide, only withdraw before a decision.
	if _, err := e.db.MoveMembership(e.contact, c.ID, domain.MemberWithdrawn, domain.TransitionOptions{Reason: "x"}); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("withdraw after admission: %v, want conflict", err)
	}
	if _, err := e.db.MoveMembership(e.otherOC, m.ID, domain.MemberWithdrawn, domain.TransitionOptions{Reason: "x"}); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("another organisation withdraws: %v, want not found", err)
	}
}

func TestPreSelection_Access(t *testing.T) {
	e := newPoolEnv(t, 5)
	m := e.nominate(t, "Kandidaat")
	e.preselect(t, m.ID, domain.OutcomeSuitableAttention)
	pdf := []byte("%PDF-1.4 test report")
	p, _ := e.db.FindPreSelection(e.coach, m.ID)
	if _, err := e.db.RecordPreSelection(e.coach, m.ID, p, pdf, "rapport.pdf"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.RecordPreSelection(e.coach, m.ID, p, []byte("GIF89a"), "x.gif"); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("non-PDF report: %v, want invalid", err)
	}
	db := e.db
	dispatcher := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{pgtest.MustCreateMunicipality(t, db).ID}})
	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	otherCoach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	for _, tt := range []struct {
		name        string
		ctx         context.Context
		full, brief bool
	}{
		{"admin", e.admin, true, false},
		{"coach", e.coach, true, false},
		{"another coach", pgtest.ActorCtx(t, db, otherCoach.ID), false, false},
		{"nominating org contact", e.contact, false, true},
		{"other org contact", e.otherOC, false, false},
		{"dispatcher", pgtest.ActorCtx(t, db, dispatcher.ID), false, false},
		{"monitor", pgtest.ActorCtx(t, db, monitor.ID), false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := countAudit(t, db, "record_type = 'pre_selection' AND action = 'read'")
			got, err := db.FindPreSelection(tt.ctx, m.ID)
			switch {
			case tt.full:
				if err != nil || len(got.Pitfalls) != 1 || got.Provider == "" || got.OutcomeOnly {
					t.Fatalf("full view: %+v %v", got, err)
				}
			case tt.brief:
				if err != nil || !got.OutcomeOnly || got.Outcome != domain.OutcomeSuitableAttention || got.Pitfalls != nil || got.Provider != "" {
					t.Fatalf("outcome-only view: %+v %v", got, err)
				}
			default:
				if domain.ErrorCode(err) != domain.ENotFound {
					t.Fatalf("got %+v %v, want not found", got, err)
				}
			}
			if after := countAudit(t, db, "record_type = 'pre_selection' AND action = 'read'"); after != before+1 {
				t.Errorf("%d audit rows for one read", after-before)
			}
			_, _, rerr := db.PreSelectionReport(tt.ctx, m.ID)
			if tt.full != (rerr == nil) {
				t.Errorf("report: %v (full access %v)", rerr, tt.full)
			}
		})
	}
}

func TestPoolMembers_ScopeAndFilter(t *testing.T) {
	e := newPoolEnv(t, 5)
	mun := pgtest.MustCreateMunicipality(t, e.db)
	m := e.nominate(t, "Met gemeente")
	e.nominate(t, "Zonder gemeente")
	// A nominee without a coach: the admins' alone, until one is linked.
	if _, err := e.db.Nominate(e.contact, domain.Nomination{RoundID: e.round.ID, RegisseurName: "Zonder begeleider", Motivation: "x", HoursPerWeek: 8}); err != nil {
		t.Fatal(err)
	}
	ids := []int64{mun.ID}
	if _, err := e.db.UpdateCapacity(e.coach, m.ID, domain.CapacityUpdate{MunicipalityIDs: &ids}); err != nil {
		t.Fatal(err)
	}
	// Dispatchers see pool members only: admit m and make it active.
	e.preselect(t, m.ID, domain.OutcomeSuitable)
	e.readyForAdmission(t, m)
	for _, to := range []domain.MembershipStatus{domain.MemberAdmitted, domain.MemberActive} {
		if _, err := e.db.MoveMembership(e.admin, m.ID, to, domain.TransitionOptions{Reason: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	disp := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: ids})
	page := domain.Page{Page: 1, PageSize: 50}
	for _, tt := range []struct {
		name string
		ctx  context.Context
		f    domain.MemberFilter
		want int
	}{
		{"admin sees all", e.admin, domain.MemberFilter{}, 3},
		{"coach sees their coachees", e.coach, domain.MemberFilter{}, 2},
		{"dispatcher sees members in their municipalities", pgtest.ActorCtx(t, e.db, disp.ID), domain.MemberFilter{}, 1},
		{"org contact sees own organisation", e.contact, domain.MemberFilter{}, 3},
		{"other org contact sees none", e.otherOC, domain.MemberFilter{}, 0},
		{"filter by municipality", e.admin, domain.MemberFilter{MunicipalityID: &mun.ID}, 1},
		{"filter by organisation", e.admin, domain.MemberFilter{OrganisationID: &e.orgB.ID}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ms, total, err := e.db.FindPoolMembers(tt.ctx, tt.f, page)
			if err != nil || total != tt.want || len(ms) != tt.want {
				t.Fatalf("got %d (total %d), %v; want %d", len(ms), total, err, tt.want)
			}
		})
	}
	dctx := pgtest.ActorCtx(t, e.db, disp.ID)
	if got, err := e.db.FindMembership(dctx, m.ID); err != nil || got.Motivation != "" {
		t.Errorf("dispatcher view: motivation %q, %v; want none", got.Motivation, err)
	}
}

// TestPool_AdmissionWithPlan: without a closed 360 round, a development goal
// on every competency scored under the norm stands in for it.
func TestPool_AdmissionWithPlan(t *testing.T) {
	e := newPoolEnv(t, 5)
	m := e.nominate(t, "Met ontwikkelplan")
	e.preselect(t, m.ID, domain.OutcomeSuitable)
	ctx := pgtest.SystemCtx()
	d, err := e.db.DraftSelfAssessment(ctx, m.RegisseurID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SaveSelfAssessment(ctx, d.ID, fullAnswers(t, e.db), true); err != nil { // 3 on everything
		t.Fatal(err)
	}
	admit := func() error {
		_, err := e.db.MoveMembership(e.admin, m.ID, domain.MemberAdmitted, domain.TransitionOptions{Reason: "x"})
		return err
	}
	if err := admit(); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("no round, no plan: %v, want conflict", err)
	}
	ins, _ := e.db.FindInstruments(context.Background())
	var below []string
	for _, c := range ins[0].Def.Competencies() {
		if *c.Norm > 3 {
			below = append(below, c.Key)
		}
	}
	for i, key := range below {
		g := domain.DevelopmentGoal{RegisseurID: m.RegisseurID, CompetencyKey: key, Basis: "below_norm", Description: "Groeien naar de norm", TargetDate: time.Now().AddDate(0, 6, 0)}
		if err := e.db.CreateDevelopmentGoal(e.admin, &g); err != nil {
			t.Fatal(err)
		}
		if i == len(below)-2 {
			if err := admit(); domain.ErrorCode(err) != domain.EConflict {
				t.Fatalf("plan missing one competency: %v, want conflict", err)
			}
		}
	}
	if err := admit(); err != nil {
		t.Fatalf("plan covers every competency under the norm: %v", err)
	}
}

// TestPoolMembers_ListReadsNoMotivation: the pool list read carries no
// nomination motivation, in general or per competency, not even for those
// who may read it (no list shows or returns it: minimisation); the member's
// own read (FindMembership) keeps it.
func TestPoolMembers_ListReadsNoMotivation(t *testing.T) {
	e := newPoolEnv(t, 5)
	m := e.nominate(t, "Met motivatie")
	if _, err := e.db.Exec(`UPDATE pool_membership SET competency_motivations = '{"regie": "Houdt de regie vast"}' WHERE id = $1`, m.ID); err != nil {
		t.Fatal(err)
	}
	for name, ctx := range map[string]context.Context{"admin": e.admin, "coach": e.coach, "org contact": e.contact} {
		ms, _, err := e.db.FindPoolMembers(ctx, domain.MemberFilter{}, domain.Page{Page: 1, PageSize: 50})
		if err != nil || len(ms) != 1 {
			t.Fatalf("%s: %d members, %v; want 1", name, len(ms), err)
		}
		if got := ms[0]; got.Motivation != "" || len(got.CompetencyMotivations) != 0 {
			t.Errorf("%s: the list read carries motivation %q, %v; want none", name, got.Motivation, got.CompetencyMotivations)
		}
		full, err := e.db.FindMembership(ctx, m.ID)
		if err != nil || full.Motivation != "Ervaren gezinscoach" || full.CompetencyMotivations["regie"] != "Houdt de regie vast" {
			t.Errorf("%s: the member's read lacks the motivation: %q, %v, %v", name, full.Motivation, full.CompetencyMotivations, err)
		}
	}
}
