package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"regiepool/internal/demo"
	"regiepool/internal/pgtest"
)

// TestDemoCaseThroughEveryStep: the demo has a closed case through every
// step of its life (issue 13, Done when): the joint problem analysis, a
// plan drawn up with the family with goals, two evaluations with the
// self-reliance rising, an escalation with its outcome, and the close with
// its end conversation and final check, and the family's answers.
func TestDemoCaseThroughEveryStep(t *testing.T) {
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	var caseID, adminID int64
	if err := db.Get(&caseID, `SELECT id FROM complex_case WHERE reference = 'Z-2026-0101'`); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&adminID, `SELECT u.id FROM app_user u JOIN user_role r ON r.user_id = u.id WHERE r.role = 'admin' ORDER BY u.id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	hdr := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, adminID)}
	res, body := do(t, "GET", fmt.Sprintf("%s/api/v1/cases/%d/events?pageSize=100", srv.URL, caseID), "", hdr...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("timeline: %d %s", res.StatusCode, body)
	}
	for _, want := range []string{`"kind":"problem_analysis"`, `"kind":"plan_adjusted"`, `"planGoals":[`, `"participants":["parent","young_person","network"]`,
		`"kind":"escalation"`, `"outcome":"`, `"field":"selfReliance"`, `"kind":"closed"`, `"endConversation":{"held":true`, `"finalCheck":{`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the demo case's timeline lacks %s", want)
		}
	}
	if n := strings.Count(string(body), `"kind":"evaluation"`); n < 2 {
		t.Errorf("%d evaluations, want 2", n)
	}
	res, body = do(t, "GET", fmt.Sprintf("%s/api/v1/cases/%d", srv.URL, caseID), "", hdr...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("case: %d %s", res.StatusCode, body)
	}
	for _, want := range []string{`"kind":"evaluation"`, `"kind":"closed"`, `"change":2`, `"closure":{`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the demo case lacks %s\n%s", want, body)
		}
	}
	// The family's and the parties' voice at the close, shown above the
	// threshold.
	res, body = do(t, "GET", fmt.Sprintf("%s/api/v1/cases/%d/questionnaires", srv.URL, caseID), "", hdr...)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"respondentKind":"parent","issued":4,"answered":4,"shown":true`) {
		t.Errorf("the demo case's voice: %d %s", res.StatusCode, body)
	}
}
