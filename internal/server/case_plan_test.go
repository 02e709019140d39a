package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestCasePlan_API: a plan (plan_made, plan_adjusted) through the API
// carries who drew it up, goals with who does what, and evaluation
// agreements; without them it is refused with the field named. A plan
// logged before the details existed stays valid.
func TestCasePlan_API(t *testing.T) {
	e := newCaseLogEnv(t)
	org := pgtest.MustCreateOrganisation(t, e.db)
	today := time.Now().Format("2006-01-02")
	later := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	post := func(kind, details string) (int, map[string]any) {
		t.Helper()
		body := fmt.Sprintf(`{"kind":%q,"occurredOn":%q,"details":%s}`, kind, today, details)
		code, b := e.logEvent(t, "anna", body)
		var out map[string]any
		_ = json.Unmarshal(b, &out)
		return code, out
	}
	goal := fmt.Sprintf(`{"lifeDomain":"wonen","goal":"Vaste woning","responsible":"organisation","organisationId":%d,"action":"Urgentie aanvragen"}`, org.ID)
	agreement := fmt.Sprintf(`{"date":%q,"participants":["parent"],"organisationIds":[%d]}`, later, org.ID)
	plan := func(participants, goals, agreements string) string {
		return fmt.Sprintf(`{"participants":%s,"planGoals":%s,"evaluationAgreements":%s}`, participants, goals, agreements)
	}
	bad := []struct{ kind, details, field string }{
		{"plan_made", `null`, "details"},
		{"plan_adjusted", `null`, "details"},
		{"plan_made", plan(`[]`, "["+goal+"]", "["+agreement+"]"), "details.participants"},
		{"plan_made", plan(`["parent"]`, `[]`, "["+agreement+"]"), "details.planGoals"},
		{"plan_made", plan(`["parent"]`, `[{"lifeDomain":"maan","goal":"x","responsible":"parent","action":"y"}]`, "["+agreement+"]"), "details.planGoals[0].lifeDomain"},
		{"plan_made", plan(`["parent"]`, `[{"lifeDomain":"wonen","goal":"","responsible":"parent","action":"y"}]`, "["+agreement+"]"), "details.planGoals[0].goal"},
		{"plan_made", plan(`["parent"]`, `[{"lifeDomain":"wonen","goal":"x","responsible":"buurman","action":"y"}]`, "["+agreement+"]"), "details.planGoals[0].responsible"},
		{"plan_made", plan(`["parent"]`, `[{"lifeDomain":"wonen","goal":"x","responsible":"organisation","action":"y"}]`, "["+agreement+"]"), "details.planGoals[0].organisationId"},
		{"plan_made", plan(`["parent"]`, `[{"lifeDomain":"wonen","goal":"x","responsible":"parent","action":""}]`, "["+agreement+"]"), "details.planGoals[0].action"},
		{"plan_made", plan(`["parent"]`, "["+goal+"]", `[]`), "details.evaluationAgreements"},
		{"plan_made", plan(`["parent"]`, "["+goal+"]", `[{"date":"2000-01-01","participants":["parent"]}]`), "details.evaluationAgreements[0].date"},
		{"plan_made", plan(`["parent"]`, "["+goal+"]", fmt.Sprintf(`[{"date":%q}]`, later)), "details.evaluationAgreements[0].participants"},
		{"plan_made", plan(`["parent"]`, `[{"lifeDomain":"wonen","goal":"x","responsible":"organisation","organisationId":999999,"action":"y"}]`, "["+agreement+"]"), "details.organisationIds"},
	}
	for _, tt := range bad {
		code, out := post(tt.kind, tt.details)
		b, _ := json.Marshal(out)
		if code != http.StatusBadRequest || !strings.Contains(string(b), `"`+tt.field+`"`) {
			t.Errorf("%s %s: %d %s, want 400 on %s", tt.kind, tt.details, code, b, tt.field)
		}
	}

	// The network alone is not the family; a parent is.
	code, out := post("plan_made", plan(`["network"]`, "["+goal+"]", "["+agreement+"]"))
	if code != http.StatusCreated {
		t.Fatalf("plan with the network: %d %v", code, out)
	}
	code, out = post("plan_adjusted", plan(`["parent","young_person"]`, `[{"lifeDomain":"inkomen","goal":"Schulden in beeld","responsible":"regisseur","organisationId":5,"action":"Budgetcoach regelen"}]`, "["+agreement+"]"))
	if code != http.StatusCreated {
		t.Fatalf("adjusted plan: %d %v", code, out)
	}
	if d, _ := json.Marshal(out["details"]); strings.Contains(string(d), `"organisationId":5`) || !strings.Contains(string(d), `"responsible":"regisseur"`) {
		t.Errorf("a goal for the regisseur keeps no organisation: %s", d)
	}
	// A plan logged before the details existed is still read.
	if err := e.db.AddCaseEvent(pgtest.ActorCtx(t, e.db, e.dispatcherCtxUserID), e.caseID, &domain.CaseEvent{Kind: domain.EventPlanMade, OccurredOn: time.Now()}); err != nil {
		t.Fatalf("legacy plan: %v", err)
	}
	es, _, err := e.db.FindCaseEvents(pgtest.SystemCtx(), e.caseID, domain.Page{Page: 1, PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	var withFamily []bool
	for _, x := range es {
		if domain.IsPlan(x.Kind) {
			withFamily = append(withFamily, x.Details.WithFamily())
		}
	}
	if fmt.Sprint(withFamily) != "[false true false]" || !domain.PlanWithFamily(es) {
		t.Errorf("plans with the family = %v", withFamily)
	}
	if p := domain.LatestPlan(es); p == nil || p.Details.PlanGoals[0].Goal != "Schulden in beeld" {
		t.Errorf("latest plan = %+v", p)
	}
}

// TestCaseEvaluationAndClose_SelfReliance: an evaluation and the close
// measure the self-reliance, which updates the case's with the change kept
// on the timeline; GET /cases/{id} gives the change per life domain from
// intake; the close records the end conversation and the final check.
func TestCaseEvaluationAndClose_SelfReliance(t *testing.T) {
	e := newCaseLogEnv(t)
	org := pgtest.MustCreateOrganisation(t, e.db)
	today := time.Now().Format("2006-01-02")
	if _, err := e.db.Exec(`UPDATE complex_case SET self_reliance = '{"wonen": 2, "inkomen": 1}' WHERE id = $1`, e.caseID); err != nil {
		t.Fatal(err)
	}
	evaluate := func(sr string) (int, string) {
		code, b := e.logEvent(t, "anna", fmt.Sprintf(`{"kind":"evaluation","occurredOn":%q,"details":{"participants":["parent"],"selfReliance":%s}}`, today, sr))
		return code, string(b)
	}
	for _, sr := range []string{`{"wonen":6}`, `{"maan":3}`} {
		if code, b := evaluate(sr); code != http.StatusBadRequest || !strings.Contains(b, `"details.selfReliance"`) {
			t.Errorf("evaluation with self-reliance %s: %d %s, want 400", sr, code, b)
		}
	}
	if code, b := evaluate(`{"wonen":3}`); code != http.StatusCreated {
		t.Fatalf("first evaluation: %d %s", code, b)
	}
	if code, b := evaluate(`{"wonen":4,"inkomen":2}`); code != http.StatusCreated {
		t.Fatalf("second evaluation: %d %s", code, b)
	}
	if got := e.caseJSON(t); fmt.Sprint(got["selfReliance"]) != "map[inkomen:2 wonen:4]" {
		t.Errorf("self-reliance after the evaluations = %v", got["selfReliance"])
	}

	disp := []string{"Authorization", "Bearer " + e.tokens["dispatcher"], "Content-Type", "application/json"}
	closeURL := fmt.Sprintf("%s/api/v1/cases/%d/closure", e.srv, e.caseID)
	held := fmt.Sprintf(`{"held":true,"date":%q,"participants":["parent","young_person"],"organisationIds":[%d]}`, today, org.ID)
	works := `{"helpWorks":true,"familyDirectsOwnLife":true}`
	bad := []struct{ body, field string }{
		{`{"reason":"own_regie"}`, "endConversation.held"},
		{`{"reason":"own_regie"}`, "finalCheck.helpWorks"},
		{`{"reason":"other","endConversation":` + held + `,"finalCheck":` + works + `}`, "reasonText"},
		{`{"reason":"weg","endConversation":` + held + `,"finalCheck":` + works + `}`, "reason"},
		{`{"reason":"own_regie","endConversation":{"held":true},"finalCheck":` + works + `}`, "endConversation.date"},
		{`{"reason":"own_regie","endConversation":{"held":true,"date":"2999-01-01","participants":["parent"]},"finalCheck":` + works + `}`, "endConversation.date"},
		{`{"reason":"own_regie","endConversation":{"held":true,"date":"` + today + `"},"finalCheck":` + works + `}`, "endConversation.participants"},
		{`{"reason":"own_regie","endConversation":{"held":true,"date":"` + today + `","organisationIds":[999999]},"finalCheck":` + works + `}`, "endConversation.organisationIds"},
		{`{"reason":"own_regie","endConversation":` + held + `,"finalCheck":{"helpWorks":true,"familyDirectsOwnLife":false}}`, "finalCheck.whyNot"},
		{`{"reason":"own_regie","endConversation":` + held + `,"finalCheck":{"helpWorks":false}}`, "finalCheck.familyDirectsOwnLife"},
		{`{"reason":"own_regie","endConversation":` + held + `,"finalCheck":` + works + `,"selfReliance":{"wonen":0}}`, "selfReliance"},
	}
	for _, tt := range bad {
		res, b := do(t, "POST", closeURL, tt.body, disp...)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `"`+tt.field+`"`) {
			t.Errorf("close %s: %d %s, want 400 on %s", tt.body, res.StatusCode, b, tt.field)
		}
	}
	if got := e.caseJSON(t); got["status"] == "closed" {
		t.Fatal("a refused close closed the case")
	}
	body := `{"reason":"other","reasonText":"Gezin verhuist naar familie.","endConversation":` + held +
		`,"finalCheck":{"helpWorks":true,"familyDirectsOwnLife":false,"whyNot":"De schulden lopen nog."},"selfReliance":{"inkomen":3}}`
	res, b := do(t, "POST", closeURL, body, disp...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("close: %d %s", res.StatusCode, b)
	}

	got := e.caseJSON(t)
	if fmt.Sprint(got["selfReliance"]) != "map[inkomen:3 wonen:4]" || got["regisseurId"] == nil {
		t.Errorf("closed case: self-reliance %v, regisseur %v", got["selfReliance"], got["regisseurId"])
	}
	cl, _ := json.Marshal(got["closure"])
	for _, want := range []string{`"reasonText":"Gezin verhuist naar familie."`, `"held":true`, `"whyNot":"De schulden lopen nog."`, `"familyDirectsOwnLife":false`} {
		if !strings.Contains(string(cl), want) {
			t.Errorf("closure %s lacks %s", cl, want)
		}
	}
	h, _ := json.Marshal(got["selfRelianceHistory"])
	var hist struct {
		Measurements []struct {
			Kind   string         `json:"kind"`
			Scores map[string]int `json:"scores"`
		} `json:"measurements"`
		Domains []struct {
			LifeDomain             string `json:"lifeDomain"`
			Intake, Latest, Change *int
		} `json:"domains"`
	}
	if err := json.Unmarshal(h, &hist); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, m := range hist.Measurements {
		kinds = append(kinds, fmt.Sprint(m.Kind, m.Scores))
	}
	if want := "[intakemap[inkomen:1 wonen:2] evaluationmap[wonen:3] evaluationmap[inkomen:2 wonen:4] closedmap[inkomen:3]]"; fmt.Sprint(kinds) != want {
		t.Errorf("measurements = %v, want %s", kinds, want)
	}
	var changes []string
	for _, d := range hist.Domains {
		changes = append(changes, fmt.Sprintf("%s %d→%d (%+d)", d.LifeDomain, *d.Intake, *d.Latest, *d.Change))
	}
	if want := "[inkomen 1→3 (+2) wonen 2→4 (+2)]"; fmt.Sprint(changes) != want {
		t.Errorf("change per life domain = %v, want %s", changes, want)
	}

	res, b = do(t, "GET", fmt.Sprintf("%s/api/v1/cases/%d/events?pageSize=100", e.srv, e.caseID), "", "Authorization", "Bearer "+e.tokens["anna"])
	if res.StatusCode != http.StatusOK {
		t.Fatalf("timeline: %d %s", res.StatusCode, b)
	}
	for _, want := range []string{`"kind":"evaluation"`, `"field":"selfReliance","lifeDomain":"wonen","old":2,"new":3`,
		`"kind":"closed"`, `"field":"selfReliance","lifeDomain":"inkomen","old":2,"new":3`, `"whyNot":"De schulden lopen nog."`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("timeline lacks %s", want)
		}
	}
}

// caseJSON is GET /cases/{id} as the dispatcher reads it.
func (e *caseLogEnv) caseJSON(t *testing.T) map[string]any {
	t.Helper()
	res, b := do(t, "GET", fmt.Sprintf("%s/api/v1/cases/%d", e.srv, e.caseID), "", "Authorization", "Bearer "+e.tokens["dispatcher"])
	if res.StatusCode != http.StatusOK {
		t.Fatalf("case: %d %s", res.StatusCode, b)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
