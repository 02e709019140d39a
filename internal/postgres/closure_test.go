package postgres_test

import (
	"fmt"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestRecordCaseEvent_PlanAndEvaluation: a new plan carries its details (a
// legacy one through AddCaseEvent does not need them); an evaluation's
// self-reliance becomes the case's, with the change kept on the event, in
// the same transaction; the database allows changes only on
// re-assessments and evaluations.
func TestRecordCaseEvent_PlanAndEvaluation(t *testing.T) {
	e := newCaseEnv(t)
	c := domain.Case{Reference: "P-1", MunicipalityID: e.mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high", SelfReliance: map[string]int{"wonen": 2}}
	if err := e.db.CreateCase(e.dispatcher, &c); err != nil {
		t.Fatal(err)
	}
	plan := domain.CaseEvent{Kind: domain.EventPlanMade, OccurredOn: time.Now()}
	if err := e.db.RecordCaseEvent(e.dispatcher, c.ID, &plan); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("new plan without details: %v, want invalid", err)
	}
	if err := e.db.AddCaseEvent(e.dispatcher, c.ID, &plan); err != nil {
		t.Fatalf("legacy plan: %v", err)
	}
	bad := domain.CaseEvent{Kind: domain.EventEvaluation, OccurredOn: time.Now(), Details: &domain.StepDetails{SelfReliance: map[string]int{"wonen": 7}}}
	if err := e.db.RecordCaseEvent(e.dispatcher, c.ID, &bad); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("evaluation off the scale: %v", err)
	}
	ev := domain.CaseEvent{Kind: domain.EventEvaluation, OccurredOn: time.Now(), Details: &domain.StepDetails{SelfReliance: map[string]int{"wonen": 4, "werk": 3}}}
	if err := e.db.RecordCaseEvent(e.dispatcher, c.ID, &ev); err != nil {
		t.Fatal(err)
	}
	got, err := e.db.FindCaseByID(e.sys, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.SelfReliance) != "map[werk:3 wonen:4]" {
		t.Errorf("self-reliance = %v", got.SelfReliance)
	}
	tl, err := e.db.FindCaseTimeline(e.sys, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var changes domain.FieldChanges
	for _, x := range tl {
		if x.Kind == domain.EventEvaluation {
			changes = x.Event.Changes
		}
	}
	if fmt.Sprint(changes) != "[{selfReliance werk <nil> 3} {selfReliance wonen 2 4}]" {
		t.Errorf("evaluation changes = %v", changes)
	}
	if _, err := e.db.Exec(`INSERT INTO case_event (case_id, kind, occurred_on, changes) VALUES ($1, 'round_table', now(), '[]')`, c.ID); err == nil {
		t.Error("the database took changes on a round table")
	}
}

// TestCloseCaseWith: a complete closure is stored with the self-reliance
// change; a refused one changes nothing; the database keeps closure
// details off open cases.
func TestCloseCaseWith(t *testing.T) {
	e := newCaseEnv(t)
	c := e.newCase(t, "C-1")
	yes, no := true, false
	if _, err := e.db.CloseCaseWith(e.dispatcher, c.ID, domain.Closure{Reason: domain.CloseOwnRegie}); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("close without end conversation: %v, want invalid", err)
	}
	other := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{pgtest.MustCreateMunicipality(t, e.db).ID}})
	cl := domain.Closure{Reason: domain.CloseOwnRegie, EndConversation: &domain.EndConversation{Held: &no},
		FinalCheck: &domain.FinalCheck{HelpWorks: &yes, FamilyDirectsOwnLife: &no, WhyNot: "Nog afhankelijk van de buurt."}, SelfReliance: map[string]int{"wonen": 3}}
	if _, err := e.db.CloseCaseWith(pgtest.ActorCtx(t, e.db, other.ID), c.ID, cl); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("close out of scope: %v, want not_found", err)
	}
	if got, _ := e.db.FindCaseByID(e.sys, c.ID); got.Status == domain.CaseClosed || got.Closure != nil {
		t.Fatalf("a refused close changed the case: %+v", got)
	}
	if _, err := e.db.Exec(`UPDATE complex_case SET close_details = '{}' WHERE id = $1`, c.ID); err == nil {
		t.Error("the database took closure details on an open case")
	}
	out, err := e.db.CloseCaseWith(e.dispatcher, c.ID, cl)
	if err != nil {
		t.Fatal(err)
	}
	if out.Closure == nil || out.Closure.FinalCheck.WhyNot != "Nog afhankelijk van de buurt." || out.SelfReliance["wonen"] != 3 {
		t.Fatalf("closed: %+v %+v", out.Closure, out.SelfReliance)
	}
	tl, err := e.db.FindCaseTimeline(e.sys, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := tl[len(tl)-1]
	if last.Kind != domain.TimelineClosed || last.Closure == nil || fmt.Sprint(last.Changes) != "[{selfReliance wonen <nil> 3}]" {
		t.Errorf("closed step = %+v", last)
	}
}
