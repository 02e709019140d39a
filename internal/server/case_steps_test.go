package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"regiepool/internal/pgtest"
)

// TestCaseSteps_API: the structured steps (issue 13, items 3–6) are logged
// with their details, refused with a field error when the details are
// missing, contradictory or name an unknown organisation, keep only the
// fields of their kind, and come back on the timeline.
func TestCaseSteps_API(t *testing.T) {
	e := newCaseLogEnv(t)
	org := pgtest.MustCreateOrganisation(t, e.db)
	today := time.Now().Format("2006-01-02")
	post := func(who, kind, details string) (int, map[string]any) {
		t.Helper()
		body := fmt.Sprintf(`{"kind":%q,"occurredOn":%q,"details":%s}`, kind, today, details)
		code, b := e.logEvent(t, who, body)
		var out map[string]any
		_ = json.Unmarshal(b, &out)
		return code, out
	}
	ok := []struct{ kind, details, want string }{
		{"problem_analysis", fmt.Sprintf(`{"participants":["parent","young_person","parent"],"organisationIds":[%d],"lifeDomains":["wonen","inkomen"],"conclusion":"Schulden houden de woonsituatie onzeker.","why":"hoort hier niet"}`, org.ID), "Schulden"},
		{"escalation", fmt.Sprintf(`{"escalatedTo":"organisation_management","organisationId":%d,"why":"Zorg komt niet op gang.","outcome":"Start binnen een week.","mandateUsed":true}`, org.ID), "Start binnen"},
		{"escalation", `{"escalatedTo":"process_owner","why":"Geen passende zorg beschikbaar.","mandateUsed":false}`, "process_owner"},
		{"intervention", `{"concern":"care_avoidance","action":"Veilig Thuis geconsulteerd."}`, "care_avoidance"},
		{"network_engaged", `{"engaged":["network","voorliggend_veld"],"action":"Buurtteam en oma."}`, "voorliggend_veld"},
		{"evaluation", `{"participants":["parent"],"goals":[{"lifeDomain":"wonen","goal":"Vaste woning","reached":true}],"planAdjusted":true}`, "Vaste woning"},
	}
	for _, tt := range ok {
		code, out := post("anna", tt.kind, tt.details)
		if code != http.StatusCreated {
			t.Fatalf("%s: %d %v, want 201", tt.kind, code, out)
		}
		b, _ := json.Marshal(out["details"])
		if !strings.Contains(string(b), tt.want) {
			t.Errorf("%s details = %s, want %q in it", tt.kind, b, tt.want)
		}
	}
	// The problem analysis keeps its own fields, once each.
	_, out := post("dispatcher", "problem_analysis", `{"participants":["network","network"],"lifeDomains":["werk"],"conclusion":"Werk geeft houvast.","why":"weg"}`)
	if d, _ := json.Marshal(out["details"]); string(d) != `{"conclusion":"Werk geeft houvast.","lifeDomains":["werk"],"participants":["network"]}` {
		t.Errorf("normalized details = %s", d)
	}
	// An evaluation without details still works (a date only).
	if code, out := e.logEvent(t, "anna", fmt.Sprintf(`{"kind":"evaluation","occurredOn":%q}`, today)); code != http.StatusCreated {
		t.Errorf("evaluation without details: %d %s", code, out)
	}

	bad := []struct{ kind, details, field string }{
		{"problem_analysis", `{"participants":["parent"],"lifeDomains":["wonen"]}`, "details.conclusion"},
		{"problem_analysis", `{"participants":["oom"],"lifeDomains":["wonen"],"conclusion":"x"}`, "details.participants"},
		{"problem_analysis", `{"participants":["parent"],"lifeDomains":[],"conclusion":"x"}`, "details.lifeDomains"},
		{"problem_analysis", `{"organisationIds":[999999],"lifeDomains":["wonen"],"conclusion":"x"}`, "details.organisationIds"},
		{"problem_analysis", fmt.Sprintf(`{"participants":["parent"],"lifeDomains":["wonen"],"conclusion":%q}`, strings.Repeat("a", 2001)), "details.conclusion"},
		{"escalation", `{"escalatedTo":"organisation_management","why":"x","mandateUsed":true}`, "details.organisationId"},
		{"escalation", `{"escalatedTo":"process_owner","why":"x"}`, "details.mandateUsed"},
		{"escalation", `{"escalatedTo":"de buren","why":"x","mandateUsed":true}`, "details.escalatedTo"},
		{"escalation", `null`, "details"},
		{"intervention", `{"concern":"safety"}`, "details.action"},
		{"network_engaged", `{"engaged":[]}`, "details.engaged"},
		{"evaluation", `{"goals":[{"goal":"","reached":true}]}`, "details.goals"},
	}
	for _, tt := range bad {
		code, out := post("anna", tt.kind, tt.details)
		b, _ := json.Marshal(out)
		if code != http.StatusBadRequest || !strings.Contains(string(b), `"`+tt.field+`"`) {
			t.Errorf("%s %s: %d %s, want 400 on %s", tt.kind, tt.details, code, b, tt.field)
		}
	}
	// Who may log follows domain.CanLogCase: Bram never directed the case,
	// so it is out of his scope.
	if code, _ := post("bram", "intervention", `{"concern":"safety","action":"x"}`); code != http.StatusNotFound {
		t.Errorf("another regisseur logs an intervention: %d, want 404", code)
	}

	res, b := do(t, "GET", fmt.Sprintf("%s/api/v1/cases/%d/events?pageSize=100", e.srv, e.caseID), "", "Authorization", "Bearer "+e.tokens["anna"])
	if res.StatusCode != http.StatusOK {
		t.Fatalf("timeline: %d %s", res.StatusCode, b)
	}
	for _, want := range []string{`"kind":"problem_analysis"`, `"mandateUsed":true`, `"concern":"care_avoidance"`, `"planAdjusted":true`, `"details":null`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("timeline lacks %s", want)
		}
	}
}

// TestCaseSteps_Page: the log form records a problem analysis, an
// escalation, an intervention and the network engaged; the timeline shows
// their details in words; a step without its details is shown again with
// the error on the field.
func TestCaseSteps_Page(t *testing.T) {
	e := newCaseLogEnv(t)
	today := time.Now().Format("2006-01-02")
	page := e.casePage(t, "anna")
	for _, want := range []string{"Gezamenlijke probleemanalyse", `name="participants"`, `name="lifeDomains"`, `name="escalatedTo"`, `name="concern"`, `name="engaged"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the log form lacks %s", want)
		}
	}
	forms := []url.Values{
		{"kind": {"problem_analysis"}, "occurredOn": {today}, "participants": {"parent", "young_person"}, "lifeDomains": {"wonen", "onderwijs"},
			"conclusion": {"Het gezin en de school zien dezelfde zorg."}},
		{"kind": {"escalation"}, "occurredOn": {today}, "escalatedTo": {"process_owner"}, "why": {"Wachtlijst jeugdhulp."}, "outcome": {"Voorrang gekregen."}, "mandateUsed": {"ja"}},
		{"kind": {"intervention"}, "occurredOn": {today}, "concern": {"limited_parental_capacity"}, "action": {"Gezinshuis ingezet."}},
		{"kind": {"network_engaged"}, "occurredOn": {today}, "engaged": {"alternative_coordination"}, "action": {"Gezamenlijk overleg met school."}},
	}
	for _, f := range forms {
		if got := e.logForm(t, "anna", f); got != http.StatusSeeOther {
			t.Fatalf("%s form: %d, want 303", f.Get("kind"), got)
		}
	}
	page = e.casePage(t, "anna")
	for _, want := range []string{"Deelnemers: Ouder(s), Jongere", "Leefgebieden: Wonen, Onderwijs", "Het gezin en de school zien dezelfde zorg.",
		"Opgeschaald naar: Procesregisseur van de gemeente", "Doorzettingsmacht of mandaat gebruikt: ja", "Aanleiding: Beperkte opvoedcapaciteit",
		"Ingezet: Andere vorm van gezamenlijke afstemming"} {
		if !strings.Contains(page, want) {
			t.Errorf("the timeline lacks %q", want)
		}
	}
	if got := e.logForm(t, "anna", url.Values{"kind": {"problem_analysis"}, "occurredOn": {today}, "lifeDomains": {"wonen"}, "participants": {"parent"}}); got != http.StatusBadRequest {
		t.Errorf("problem analysis without conclusion: %d, want 400", got)
	}
}
