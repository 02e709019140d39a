package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// reassess patches the case's assessment through the API as who.
func (e *caseLogEnv) reassess(t *testing.T, who, body string) (int, []byte) {
	t.Helper()
	res, b := do(t, "PATCH", fmt.Sprintf("%s/api/v1/cases/%d", e.srv, e.caseID), body,
		"Authorization", "Bearer "+e.tokens[who], "Content-Type", "application/json")
	return res.StatusCode, b
}

// TestCaseReassessment: the current regisseur and the dispatcher re-assess
// an open case; meetsDefinition follows; every change is kept as a
// reassessment event with old → new on the timeline; contradictions are
// refused with 400; the previous regisseur (403) and a closed case (409)
// are refused.
func TestCaseReassessment(t *testing.T) {
	e := newCaseLogEnv(t)

	// The case starts as high risk (safety high), parents struggle, no domains.
	got, b := e.reassess(t, "anna", `{"safetyRisk":"medium","highRisk":false,"lifeDomains":["wonen","inkomen"],"severalDomains":true,
		"selfReliance":{"wonen":2,"inkomen":3}}`)
	if got != http.StatusOK {
		t.Fatalf("the current regisseur re-assesses: %d %s", got, b)
	}
	var c struct {
		SafetyRisk      string         `json:"safetyRisk"`
		HighRisk        bool           `json:"highRisk"`
		MeetsDefinition bool           `json:"meetsDefinition"`
		LifeDomains     []string       `json:"lifeDomains"`
		SelfReliance    map[string]int `json:"selfReliance"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	if c.SafetyRisk != "medium" || c.HighRisk || !c.MeetsDefinition || len(c.LifeDomains) != 2 || c.SelfReliance["wonen"] != 2 {
		t.Fatalf("after the re-assessment: %+v", c)
	}

	// Dropping the struggle leaves the working definition: a reason is needed,
	// and meetsDefinition is recomputed by the database.
	if got, b := e.reassess(t, "dispatcher", `{"parentsStruggle":false}`); got != http.StatusBadRequest || !contains(b, "definitionReason") {
		t.Fatalf("leaving the definition without a reason: %d %s, want 400 on definitionReason", got, b)
	}
	if got, b := e.reassess(t, "dispatcher", `{"parentsStruggle":false,"definitionReason":"Ouders houden het nu zelf vol; afschalen volgt.","selfReliance":{"wonen":4,"inkomen":3}}`); got != http.StatusOK || !contains(b, `"meetsDefinition":false`) {
		t.Fatalf("the dispatcher re-assesses: %d %s", got, b)
	}

	// Contradictions with the checklist are refused, every one named.
	for body, field := range map[string]string{
		`{"severalDomains":true,"lifeDomains":["wonen"]}`: "lifeDomains",
		`{"highRisk":true,"safetyRisk":"low"}`:            "highRisk",
		`{"safetyRisk":"high"}`:                           "highRisk",
		`{"selfReliance":{"wonen":6}}`:                    "selfReliance",
		`{"selfReliance":{"maan":3}}`:                     "selfReliance",
		`{"safetyRisk":"extreme"}`:                        "safetyRisk",
	} {
		if got, b := e.reassess(t, "anna", body); got != http.StatusBadRequest || !contains(b, `"`+field+`"`) {
			t.Errorf("%s: %d %s, want 400 on %s", body, got, b, field)
		}
	}

	// The timeline keeps both re-assessments with what changed.
	res, tb := do(t, "GET", fmt.Sprintf("%s/api/v1/cases/%d/events", e.srv, e.caseID), "", "Authorization", "Bearer "+e.tokens["anna"])
	if res.StatusCode != http.StatusOK {
		t.Fatalf("timeline: %d %s", res.StatusCode, tb)
	}
	var tl struct {
		Results []struct {
			Kind    string `json:"kind"`
			Changes []struct {
				Field      string  `json:"field"`
				LifeDomain *string `json:"lifeDomain"`
				Old        any     `json:"old"`
				New        any     `json:"new"`
			} `json:"changes"`
		} `json:"results"`
	}
	if err := json.Unmarshal(tb, &tl); err != nil {
		t.Fatal(err)
	}
	var re [][]string
	for _, x := range tl.Results {
		if x.Kind != domain.EventReassessment {
			continue
		}
		var fs []string
		for _, ch := range x.Changes {
			f := ch.Field
			if ch.LifeDomain != nil {
				f += "." + *ch.LifeDomain
			}
			fs = append(fs, fmt.Sprintf("%s:%v→%v", f, ch.Old, ch.New))
		}
		re = append(re, fs)
	}
	want := [][]string{
		{"safetyRisk:high→medium", "lifeDomains:[]→[wonen inkomen]", "severalDomains:false→true", "highRisk:true→false",
			"selfReliance.inkomen:<nil>→3", "selfReliance.wonen:<nil>→2"},
		{"parentsStruggle:true→false", "definitionReason:→Ouders houden het nu zelf vol; afschalen volgt.", "selfReliance.wonen:2→4",
			"meetsDefinition:true→false"},
	}
	if fmt.Sprint(re) != fmt.Sprint(want) {
		t.Fatalf("reassessment events:\n got %v\nwant %v", re, want)
	}

	// The previous regisseur after a handover, and everyone on a closed case, are refused.
	ctx := pgtest.ActorCtx(t, e.db, e.dispatcherCtxUserID)
	if _, err := e.db.Handover(ctx, e.caseID, e.bram, "Anna gaat met verlof."); err != nil {
		t.Fatal(err)
	}
	if got, b := e.reassess(t, "anna", `{"safetyRisk":"low"}`); got != http.StatusForbidden {
		t.Fatalf("the previous regisseur re-assesses: %d %s, want 403", got, b)
	}
	if got, b := e.reassess(t, "bram", `{"safetyRisk":"low"}`); got != http.StatusOK {
		t.Fatalf("the new regisseur re-assesses: %d %s, want 200", got, b)
	}
	if _, err := e.db.CloseCase(ctx, e.caseID, domain.CloseOwnRegie); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"bram", "dispatcher", "admin"} {
		if got, b := e.reassess(t, who, `{"safetyRisk":"medium"}`); got != http.StatusConflict {
			t.Errorf("%s re-assesses a closed case: %d %s, want 409", who, got, b)
		}
	}
}

func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }

// reassessForm posts the re-assessment form of the case page as who and
// returns the status.
func (e *caseLogEnv) reassessForm(t *testing.T, who string, form url.Values) int {
	t.Helper()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/casussen/%d/beoordeling", e.srv, e.caseID), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: e.cookies[who]})
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

const reassessFormMarker = `id="herbeoordelen"`

// TestCaseReassessment_Page: the case page offers the re-assessment form to
// the current regisseur; a contradiction is shown again with 400; a saved
// re-assessment appears on the timeline in words; the previous regisseur
// gets no form and is refused, and a closed case offers no form.
func TestCaseReassessment_Page(t *testing.T) {
	e := newCaseLogEnv(t)
	if !strings.Contains(e.casePage(t, "anna"), reassessFormMarker) {
		t.Fatal("the current regisseur sees no re-assessment form")
	}
	form := url.Values{"safetyRisk": {"medium"}, "parentsStruggle": {"ja"}, "severalDomains": {"ja"}, "lifeDomains": {"wonen"},
		"selfReliance-wonen": {"2"}}
	if got := e.reassessForm(t, "anna", form); got != http.StatusBadRequest {
		t.Fatalf("several domains with one domain: %d, want 400", got)
	}
	form["lifeDomains"] = []string{"wonen", "inkomen"}
	if got := e.reassessForm(t, "anna", form); got != http.StatusSeeOther {
		t.Fatalf("a consistent re-assessment: %d, want 303", got)
	}
	page := e.casePage(t, "anna")
	for _, want := range []string{"Herbeoordeling", "Veiligheidsrisico: hoog → midden", "Zelfredzaamheid wonen: geen → 2", "Wonen: 2 – niet zelfredzaam"} {
		if !strings.Contains(page, want) {
			t.Errorf("the case page lacks %q", want)
		}
	}
	ctx := pgtest.ActorCtx(t, e.db, e.dispatcherCtxUserID)
	if _, err := e.db.Handover(ctx, e.caseID, e.bram, "Anna gaat met verlof."); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.casePage(t, "anna"), reassessFormMarker) {
		t.Error("the previous regisseur sees the re-assessment form")
	}
	if got := e.reassessForm(t, "anna", form); got != http.StatusForbidden {
		t.Errorf("the previous regisseur posts the form: %d, want 403", got)
	}
	if _, err := e.db.CloseCase(ctx, e.caseID, domain.CloseOwnRegie); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.casePage(t, "dispatcher"), reassessFormMarker) {
		t.Error("a closed case offers the re-assessment form")
	}
	if got := e.reassessForm(t, "dispatcher", form); got != http.StatusConflict {
		t.Errorf("the form on a closed case: %d, want 409", got)
	}
}
