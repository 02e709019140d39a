package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"regiepool/internal/app"
	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// The rules of the voice (issue 13, item 11) in testdata/authz.txt.
func init() {
	issue := func(api bool, id func(*ruleEnv) int64, moment string) func(t *testing.T, e *ruleEnv, role string) bool {
		return func(t *testing.T, e *ruleEnv, role string) bool {
			today := time.Now().Format("2006-01-02")
			if api {
				body := fmt.Sprintf(`{"moment":%q,"momentDate":%q,"respondents":[{"kind":"parent","count":1}]}`, moment, today)
				status, _ := e.send(t, role, "POST", fmt.Sprintf("/api/v1/cases/%d/questionnaires", id(e)), body)
				return status == http.StatusCreated
			}
			form := url.Values{"moment": {moment}, "momentDate": {today}, "aantal-parent": {"1"}}
			status, _ := e.send(t, role, "POST", fmt.Sprintf("/casussen/%d/vragenlijsten", id(e)), form.Encode())
			return status == http.StatusCreated
		}
	}
	open := func(e *ruleEnv) int64 { return e.open }
	handedOver := func(e *ruleEnv) int64 { return e.handedOver }
	closed := func(e *ruleEnv) int64 { return e.closed }
	ruleChecks["POST /api/v1/cases/:id/questionnaires[open]"] = issue(true, open, "evaluation")
	ruleChecks["POST /api/v1/cases/:id/questionnaires[handed-over]"] = issue(true, handedOver, "evaluation")
	ruleChecks["POST /api/v1/cases/:id/questionnaires[closed]"] = issue(true, closed, "close")
	ruleChecks["POST /casussen/:id/vragenlijsten[open]"] = issue(false, open, "evaluation")
	ruleChecks["GET /api/v1/cases/:id/questionnaires[handed-over]"] = func(t *testing.T, e *ruleEnv, role string) bool {
		status, _ := e.send(t, role, "GET", fmt.Sprintf("/api/v1/cases/%d/questionnaires", e.handedOver), "")
		return status == http.StatusOK
	}
}

type voiceSummaryJSON struct {
	RespondentKind string   `json:"respondentKind"`
	Issued         int      `json:"issued"`
	Answered       int      `json:"answered"`
	Shown          bool     `json:"shown"`
	Heard          *float64 `json:"heard"`
	Collaboration  *float64 `json:"collaboration"`
	WentWell       []string `json:"wentWell"`
}

// TestVoice_API hands out links through the API, answers them through the
// questionnaire page, and reads the figures: counts only below the
// threshold, means and texts from it on; bad requests are refused with the
// field named.
func TestVoice_API(t *testing.T) {
	e := newRuleEnv(t)
	today := time.Now().Format("2006-01-02")
	path := fmt.Sprintf("/api/v1/cases/%d/questionnaires", e.open)
	status, body := e.send(t, "regisseur", "POST", path, fmt.Sprintf(`{"moment":"evaluation","momentDate":%q,"respondents":[{"kind":"parent","count":3},{"kind":"party","count":1}]}`, today))
	if status != http.StatusCreated {
		t.Fatalf("issue: %d %s", status, body)
	}
	var issued struct {
		Moment     string `json:"moment"`
		MomentDate string `json:"momentDate"`
		Links      []struct {
			RespondentKind string `json:"respondentKind"`
			URL            string `json:"url"`
		} `json:"links"`
	}
	if err := json.Unmarshal([]byte(body), &issued); err != nil || len(issued.Links) != 4 || issued.MomentDate != today {
		t.Fatalf("issued %s (%v)", body, err)
	}
	tokenOf := func(u string) string {
		i := strings.Index(u, "/vragenlijst/rpq_")
		if i < 0 {
			t.Fatalf("link %q", u)
		}
		return u[i+len("/vragenlijst/"):]
	}
	answer := func(link string, form url.Values) int {
		status, _ := e.send(t, "anon", "POST", "/vragenlijst/"+tokenOf(link), form.Encode())
		return status
	}
	read := func(role string) []voiceSummaryJSON {
		t.Helper()
		status, body := e.send(t, role, "GET", path, "")
		if status != http.StatusOK {
			t.Fatalf("read as %s: %d %s", role, status, body)
		}
		var out struct {
			Threshold   int                `json:"threshold"`
			Respondents []voiceSummaryJSON `json:"respondents"`
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil || out.Threshold != 3 || len(out.Respondents) != 3 {
			t.Fatalf("read %s (%v)", body, err)
		}
		return out.Respondents
	}
	for i, heard := range []string{"5", "4"} {
		if s := answer(issued.Links[i].URL, url.Values{"heard": {heard}, "helped": {"4"}, "wentWell": {fmt.Sprintf("Tekst %d", i)}}); s != http.StatusOK {
			t.Fatalf("answer %d: %d", i, s)
		}
	}
	if s := answer(issued.Links[0].URL, url.Values{"heard": {"1"}, "helped": {"1"}}); s != http.StatusGone {
		t.Errorf("second answer through one link: %d, want 410", s)
	}
	if s := answer(issued.Links[3].URL, url.Values{"collaboration": {"2"}}); s != http.StatusOK {
		t.Fatalf("party: %d", s)
	}
	got := read("dispatcher")
	if p := got[0]; p.RespondentKind != "parent" || p.Issued != 3 || p.Answered != 2 || p.Shown || p.Heard != nil || len(p.WentWell) != 0 {
		t.Errorf("parents below the threshold: %+v", p)
	}
	if p := got[2]; p.RespondentKind != "party" || p.Answered != 1 || p.Shown || p.Collaboration != nil {
		t.Errorf("party below the threshold: %+v", p)
	}
	if s := answer(issued.Links[2].URL, url.Values{"heard": {"3"}, "helped": {"4"}}); s != http.StatusOK {
		t.Fatalf("third parent: %d", s)
	}
	got = read("regisseur")
	if p := got[0]; !p.Shown || p.Heard == nil || *p.Heard != 4 || len(p.WentWell) != 2 {
		t.Errorf("parents at the threshold: %+v", p)
	}

	for _, tt := range []struct{ body, field string }{
		{`{"moment":"close","respondents":[{"kind":"parent","count":1}]}`, "moment"},
		{`{"moment":"evaluation","respondents":[{"kind":"parent","count":1}]}`, "momentDate"},
		{fmt.Sprintf(`{"moment":"evaluation","momentDate":%q,"respondents":[{"kind":"parent","count":1},{"kind":"parent","count":2}]}`, today), "respondents"},
		{fmt.Sprintf(`{"moment":"evaluation","momentDate":%q,"respondents":[{"kind":"neighbour","count":1}]}`, today), "respondents"},
		{fmt.Sprintf(`{"moment":"evaluation","momentDate":%q,"respondents":[{"kind":"party","count":11}]}`, today), "respondents"},
		{fmt.Sprintf(`{"moment":"evaluation","momentDate":%q,"respondents":[],"names":["Jan"]}`, today), "names"},
	} {
		status, body := e.send(t, "regisseur", "POST", path, tt.body)
		if status != http.StatusBadRequest || !strings.Contains(body, `"name":"`+tt.field+`"`) {
			t.Errorf("%s: %d %s, want 400 naming %s", tt.body, status, body, tt.field)
		}
	}
	status, body = e.send(t, "dispatcher", "POST", fmt.Sprintf("/api/v1/cases/%d/questionnaires", e.waiting), fmt.Sprintf(`{"moment":"evaluation","momentDate":%q,"respondents":[{"kind":"parent","count":1}]}`, today))
	if status != http.StatusConflict {
		t.Errorf("links for a waiting case: %d %s, want 409", status, body)
	}
	if status, _ := e.send(t, "monitor", "GET", path, ""); status != http.StatusForbidden {
		t.Errorf("a monitor reads one case: %d, want 403", status)
	}
}

// TestVoice_Demo: the demo has a closed case whose parents' and parties'
// answers show, and one whose answers stay below the threshold; across
// cases the monitor sees them, and monitoring can ask for them per moment.
func TestVoice_Demo(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	a := app.New(db, app.Config{})
	cases, _, err := a.Cases(pgtest.SystemCtx(), domain.CaseFilter{Status: ptrTo(domain.CaseClosed)}, domain.Page{Page: 1, PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	var shown, below bool
	for _, c := range cases {
		v, err := a.CaseVoice(pgtest.SystemCtx(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		p, party := v.Summaries[0], v.Summaries[2]
		shown = shown || (p.Shown && party.Shown && len(p.WentWell) > 0 && !v.Summaries[1].Shown && v.Summaries[1].Answered > 0)
		below = below || (!p.Shown && p.Answered > 0)
	}
	if !shown || !below {
		t.Errorf("demo: a closed case with answers shown %v, one below the threshold %v", shown, below)
	}
	mon, _, err := db.FindUsers(pgtest.SystemCtx(), domain.Page{Page: 1, PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range mon {
		if !slices.Contains(u.Roles, domain.RoleMonitor) {
			continue
		}
		ctx := pgtest.ActorCtx(t, db, u.ID)
		f := domain.VoiceFilter{From: time.Now().AddDate(0, -1, 0), To: time.Now(), Moment: domain.VoiceAtClose}
		ss, err := a.VoiceAcrossCases(ctx, f)
		// At least the two closed cases' answers (4 parents, 3 parties);
		// the monitoring demo (demo/monitoring.go) closes more.
		if err != nil || !ss[0].Shown || ss[0].Answered < 4 || ss[2].Answered < 3 || !ss[2].Shown {
			t.Errorf("monitor, at the close: %+v %v", ss, err)
		}
		// The monitoring report's question 7 carries the voice, under its small-cell rule.
		return
	}
	t.Fatal("the demo has no monitor")
}

func ptrTo[T any](v T) *T { return &v }
