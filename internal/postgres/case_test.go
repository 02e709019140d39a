package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

type caseEnv struct {
	db         *postgres.DB
	mun        domain.Municipality
	org        domain.Organisation
	dispatcher context.Context
	sys        context.Context
}

func newCaseEnv(t *testing.T) *caseEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	e := &caseEnv{db: db, mun: pgtest.MustCreateMunicipality(t, db), org: pgtest.MustCreateOrganisation(t, db), sys: pgtest.SystemCtx()}
	d := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{e.mun.ID}})
	e.dispatcher = pgtest.ActorCtx(t, db, d.ID)
	return e
}

// member makes an active pool member with the given capacity.
func (e *caseEnv) member(t *testing.T, maxCases int, hours float64) domain.Regisseur {
	t.Helper()
	return pgtest.MustCreateActiveMember(t, e.db, e.org.ID, []int64{e.mun.ID}, maxCases, hours)
}

func (e *caseEnv) newCase(t *testing.T, ref string) domain.Case {
	t.Helper()
	c := domain.Case{Reference: ref, MunicipalityID: e.mun.ID, ParentsStruggle: true, SeveralDomains: true, HighRisk: true,
		LifeDomains: []string{"veiligheid", "wonen"}, SafetyRisk: "high", LeansOn: []string{"daadkrachtig"}}
	if err := e.db.CreateCase(e.dispatcher, &c); err != nil {
		t.Fatalf("create case %s: %v", ref, err)
	}
	return c
}

func TestCase_Intake(t *testing.T) {
	e := newCaseEnv(t)
	c := e.newCase(t, "2026-001")
	if !c.MeetsDefinition || c.Status != domain.CaseWaiting {
		t.Fatalf("case %+v: want meets definition, waiting", c)
	}
	for _, tt := range []struct {
		name  string
		c     domain.Case
		field string
	}{
		{"outside the definition without reason", domain.Case{Reference: "Z-901", MunicipalityID: e.mun.ID, SafetyRisk: "low"}, "definitionReason"},
		{"a name as reference", domain.Case{Reference: "Fam. Jansen", MunicipalityID: e.mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high"}, "reference"},
		{"bad RSIN", domain.Case{Reference: "Z-902", MunicipalityID: e.mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high", Bronorganisatie: "123456789"}, "bronorganisatie"},
		{"outside pool without reason", domain.Case{Reference: "Z-903", MunicipalityID: e.mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high", OutsidePool: "veilig_thuis"}, "outsideReason"},
		{"another municipality", domain.Case{Reference: "Z-904", MunicipalityID: pgtest.MustCreateMunicipality(t, e.db).ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high"}, "municipalityId"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			err := e.db.CreateCase(e.dispatcher, &c)
			derr, _ := domain.AsError(err)
			if derr == nil || derr.Code != domain.EInvalid || !hasField(derr, tt.field) {
				t.Fatalf("got %v, want invalid %s", err, tt.field)
			}
		})
	}
	// Registered with a reason, a case outside the definition is accepted.
	out := domain.Case{Reference: "Z-905", MunicipalityID: e.mun.ID, SafetyRisk: "low", DefinitionReason: "Op verzoek van de ouders"}
	if err := e.db.CreateCase(e.dispatcher, &out); err != nil || out.MeetsDefinition {
		t.Fatalf("with a reason: %v, meets %v", err, out.MeetsDefinition)
	}
}

func hasField(e *domain.Error, name string) bool {
	for _, f := range e.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// TestCase_NoPersonalDataColumns: the case tables have no place for names,
// addresses or birth dates of family members.
func TestCase_NoPersonalDataColumns(t *testing.T) {
	db := pgtest.NewDB(t)
	var cols []string
	const q = `SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_name IN ('complex_case', 'case_organisation', 'assignment', 'case_event')
		  AND (column_name ~* '(name|naam|address|adres|street|straat|postcode|zip|birth|geboorte|bsn|phone|telefoon|email)')`
	if err := db.Select(&cols, q); err != nil {
		t.Fatal(err)
	}
	if len(cols) > 0 {
		t.Fatalf("personal-data columns in the case schema: %v", cols)
	}
}

// TestAssign_Concurrency: 200 parallel assignments to one regisseur with
// capacity 3 give exactly 3 successes and 197 conflicts; parallel
// assignments of one case give it exactly one regisseur.
func TestAssign_Concurrency(t *testing.T) {
	e := newCaseEnv(t)
	r := e.member(t, 3, 40)
	cases := make([]domain.Case, 200)
	for i := range cases {
		cases[i] = e.newCase(t, fmt.Sprintf("C-%03d", i))
	}
	var wg sync.WaitGroup
	results := make(chan error, len(cases))
	for _, c := range cases {
		wg.Add(1)
		go func(id int64) {
			defer wg.Done()
			_, err := e.db.Assign(e.dispatcher, id, r.ID)
			results <- err
		}(c.ID)
	}
	wg.Wait()
	close(results)
	ok, conflicts := 0, 0
	for err := range results {
		switch domain.ErrorCode(err) {
		case "internal":
			if err == nil {
				ok++
			} else {
				t.Errorf("unexpected error: %v", err)
			}
		case domain.EConflict:
			conflicts++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 3 || conflicts != 197 {
		t.Fatalf("%d successes and %d conflicts, want 3 and 197", ok, conflicts)
	}
	var active int
	if err := e.db.Get(&active, `SELECT count(*) FROM assignment WHERE regisseur_id = $1 AND ended_at IS NULL`, r.ID); err != nil || active != 3 {
		t.Fatalf("%d active assignments, want 3", active)
	}

	// One case, many regisseurs at once: exactly one wins.
	c := e.newCase(t, "Z-1001")
	var regs []domain.Regisseur
	for i := 0; i < 10; i++ {
		regs = append(regs, e.member(t, 5, 40))
	}
	results = make(chan error, len(regs))
	for _, r := range regs {
		wg.Add(1)
		go func(id int64) {
			defer wg.Done()
			_, err := e.db.Assign(e.dispatcher, c.ID, id)
			results <- err
		}(r.ID)
	}
	wg.Wait()
	close(results)
	ok = 0
	for err := range results {
		if err == nil {
			ok++
		} else if domain.ErrorCode(err) != domain.EConflict {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d regisseurs got the case, want 1", ok)
	}
}

func TestAssign_CapacityHoursHandoverClose(t *testing.T) {
	e := newCaseEnv(t)
	a, b := e.member(t, 2, 4), e.member(t, 2, 40)
	c1, c2, c3 := e.newCase(t, "H-1"), e.newCase(t, "H-2"), e.newCase(t, "H-3")
	// 50 hours over 26 weeks is 1.92 h/week: two fit in 4 hours, not three.
	if _, err := e.db.Assign(e.dispatcher, c1.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Assign(e.dispatcher, c2.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	_, err := e.db.Assign(e.dispatcher, c3.ID, a.ID)
	if derr, _ := domain.AsError(err); derr == nil || derr.Key != "no_capacity" {
		t.Fatalf("third case: %v, want no_capacity", err)
	}
	if _, err := e.db.Assign(e.dispatcher, c1.ID, b.ID); domain.ErrorCode(err) != domain.EConflict {
		t.Fatalf("a second regisseur on an assigned case: %v", err)
	}
	got, err := e.db.Handover(e.dispatcher, c1.ID, b.ID, "Verhuizing van de regisseur")
	if err != nil || got.Handovers != 1 || *got.RegisseurID != b.ID {
		t.Fatalf("handover: %+v %v", got, err)
	}
	// Closing releases capacity at once.
	if _, err := e.db.CloseCase(e.dispatcher, c2.ID, "own_regie"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Assign(e.dispatcher, c3.ID, a.ID); err != nil {
		t.Fatalf("after closing a case the capacity is free: %v", err)
	}
	ms, _, err := e.db.FindPoolMembers(e.sys, domain.MemberFilter{}, domain.Page{Page: 1, PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.RegisseurID == a.ID && m.ActiveCases != 1 {
			t.Errorf("member a has %d active cases, want 1", m.ActiveCases)
		}
	}
	// Leaving the pool with an open case is refused.
	var mid int64
	if err := e.db.Get(&mid, `SELECT id FROM pool_membership WHERE regisseur_id = $1`, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.MoveMembership(e.sys, mid, domain.MemberLeft, domain.TransitionOptions{Reason: "x"}); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("leave with an open case: %v, want conflict", err)
	}
	// The log.
	h := 3.5
	if err := e.db.AddCaseEvent(e.dispatcher, c3.ID, &domain.CaseEvent{Kind: "hours", OccurredOn: time.Now(), Hours: &h}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.AddCaseEvent(e.dispatcher, c3.ID, &domain.CaseEvent{Kind: "hours", OccurredOn: time.Now()}); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("hours without hours: %v", err)
	}
	evs, _, err := e.db.FindCaseEvents(e.dispatcher, c3.ID, domain.Page{Page: 1, PageSize: 20})
	if err != nil || len(evs) != 1 || *evs[0].Hours != 3.5 {
		t.Fatalf("events %+v %v", evs, err)
	}
}

// TestAddCaseEvent_ClosedCaseIsReadOnly: a closed case's log takes only an
// admin's correction, in the store and in the database itself; a refused
// attempt by someone who may not write is audited as denied.
func TestAddCaseEvent_ClosedCaseIsReadOnly(t *testing.T) {
	e := newCaseEnv(t)
	c := e.newCase(t, "L-1")
	if _, err := e.db.CloseCase(e.dispatcher, c.ID, domain.CloseMoved); err != nil {
		t.Fatal(err)
	}
	h := 1.0
	if err := e.db.AddCaseEvent(e.dispatcher, c.ID, &domain.CaseEvent{Kind: domain.EventHours, OccurredOn: time.Now(), Hours: &h}); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("hours on a closed case: %v, want conflict", err)
	}
	if err := e.db.AddCaseEvent(e.dispatcher, c.ID, &domain.CaseEvent{Kind: domain.EventCorrection, OccurredOn: time.Now(), Reason: "x"}); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("a dispatcher's correction: %v, want forbidden", err)
	}
	var denied int
	if err := e.db.Get(&denied, `SELECT count(*) FROM audit_event WHERE record_type = 'case_event' AND outcome = 'denied'`); err != nil || denied != 1 {
		t.Errorf("%d denied case_event rows (%v), want 1", denied, err)
	}
	if _, err := e.db.Exec(`INSERT INTO case_event (case_id, kind, occurred_on) VALUES ($1, 'evaluation', current_date)`, c.ID); err == nil {
		t.Error("the database took an evaluation on a closed case")
	}
	if _, err := e.db.Exec(`INSERT INTO case_event (case_id, kind, occurred_on) VALUES ($1, 'correction', current_date)`, c.ID); err == nil {
		t.Error("the database took a correction without a reason")
	}
	corr := domain.CaseEvent{Kind: domain.EventCorrection, OccurredOn: time.Now(), Reason: "  De evaluatie van maart is dubbel vastgelegd.  "}
	if err := e.db.AddCaseEvent(e.sys, c.ID, &corr); err != nil {
		t.Fatalf("an admin's correction: %v", err)
	}
	evs, _, err := e.db.FindCaseEvents(e.sys, c.ID, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil || len(evs) != 1 || evs[0].Kind != domain.EventCorrection || evs[0].Reason != "De evaluatie van maart is dubbel vastgelegd." {
		t.Fatalf("events %+v %v", evs, err)
	}
}
