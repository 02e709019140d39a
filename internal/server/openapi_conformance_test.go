package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"regiepool/internal/apitest"
	"regiepool/internal/demo"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// demoLogins are the demo accounts of README's table (a contract): every
// role, and two scopes for most.
var demoLogins = []string{"admin", "organisatie", "organisatie2", "begeleider", "begeleider2",
	"werkverdeler", "werkverdeler2", "regisseur", "regisseur2", "regisseur3", "monitor"}

// apiClient sends requests as one user; every response passes the OpenAPI
// validator of the server it talks to.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

func (c apiClient) call(method, path, body string, header ...string) (int, []byte) {
	c.t.Helper()
	hdr := append([]string{"Content-Type", "application/json"}, header...)
	if c.token != "" {
		hdr = append(hdr, "Authorization", "Bearer "+c.token)
	}
	res, b := do(c.t, method, c.base+"/api/v1"+path, body, hdr...)
	return res.StatusCode, b
}

// must sends a request that has to succeed and decodes its JSON answer
// into out (when out is not nil).
func (c apiClient) must(method, path, body string, out any) {
	c.t.Helper()
	status, b := c.call(method, path, body)
	if status >= 300 {
		c.t.Fatalf("%s %s = %d %s, want success", method, path, status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: decode %s: %v", method, path, b, err)
		}
	}
}

// TestOpenAPIConformance reaches every documented operation with success
// and checks each answer against the document (apitest does), on the demo
// data: every GET as every demo account, in every format it offers, for
// the records each list shows (out-of-scope records answer 404, which is
// checked too), then one successful call of every write operation. An
// operation added to the document without a way to reach it here fails.
func TestOpenAPIConformance(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := demo.Load(context.Background(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger()})
	if err != nil {
		t.Fatal(err)
	}
	srv, cov := apitest.NewServerCoverage(t, h)
	anon := apiClient{t: t, base: srv.URL}
	users := map[string]apiClient{}
	for _, login := range demoLogins {
		var tok struct {
			Token string `json:"token"`
		}
		otp := ""
		if login+"@regiepool.test" == demo.AdminEmail {
			otp = pgtest.OTP(t, demo.AdminTOTPSecret)
		}
		anon.must("POST", "/access-tokens", fmt.Sprintf(`{"email":"%s@regiepool.test","password":%q,"otp":%q}`, login, demo.Password, otp), &tok)
		users[login] = apiClient{t: t, base: srv.URL, token: tok.Token}
	}
	ids := crawl(users["admin"], idSet{})
	for _, login := range demoLogins {
		crawl(users[login], ids.clone())
	}
	conformanceWrites(t, users)
	t.Logf("%d responses validated against the OpenAPI document", cov.Validated())
	if missing := cov.Missing(); len(missing) > 0 {
		t.Errorf("operations no request reached with success: %s", strings.Join(missing, ", "))
	}
}

// TestAPITestsValidate: the tests of this package start their servers with
// apitest, so every API response they see is held to the document; only the
// benchmarks, which measure throughput, run the handler bare.
func TestAPITestsValidate(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if f != "assign_bench_test.go" && f != "proposal_bench_test.go" && strings.Contains(string(b), "httptest."+"NewServer(") {
			t.Errorf("%s starts a server with httptest.NewServer; use apitest.NewServer so its API responses are validated", f)
		}
	}
}

// idSet holds, per collection (the path segment before {id}), ids seen in
// answers, in the order first seen.
type idSet map[string][]int64

func (s idSet) add(name string, id int64) {
	if !slices.Contains(s[name], id) {
		s[name] = append(s[name], id)
	}
}

func (s idSet) clone() idSet {
	out := idSet{}
	for k, v := range s {
		out[k] = slices.Clone(v)
	}
	return out
}

// harvest collects the ids of the objects in every array of v, under the
// array's key (a page's results under the collection's name).
func (s idSet) harvest(name string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "results" {
				s.harvest(name, x)
			} else {
				s.harvest(k, x)
			}
		}
	case []any:
		for _, x := range v {
			if o, ok := x.(map[string]any); ok {
				if id, ok := o["id"].(float64); ok {
					s.add(name, int64(id))
				}
			}
			s.harvest(name, x)
		}
	}
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// fill turns a documented path into concrete ones, with the first and the
// last id seen of each collection; none when an id is not known yet.
func (s idSet) fill(template string) []string {
	segs := strings.Split(strings.TrimPrefix(template, "/"), "/")
	paths := []string{""}
	for i, seg := range segs {
		if !pathParam.MatchString(seg) {
			for j := range paths {
				paths[j] += "/" + seg
			}
			continue
		}
		name := segs[i-1]
		if seg == "{goalId}" {
			name = "goals"
		}
		known := s[name]
		if len(known) == 0 {
			return nil
		}
		pick := []int64{known[0]}
		if len(known) > 1 {
			pick = append(pick, known[len(known)-1])
		}
		var next []string
		for _, p := range paths {
			for _, id := range pick {
				next = append(next, p+"/"+strconv.FormatInt(id, 10))
			}
		}
		paths = next
	}
	return paths
}

// crawl sends every documented GET the ids allow, in every format it offers,
// learning ids from the answers, until nothing new can be filled in; it
// returns the ids it knows then.
func crawl(c apiClient, ids idSet) idSet {
	c.t.Helper()
	v, err := apitest.Load()
	if err != nil {
		c.t.Fatal(err)
	}
	sent := map[string]bool{}
	for pass := 0; pass < 5; pass++ {
		progress := false
		for _, op := range v.Operations() {
			template, ok := strings.CutPrefix(op, "GET ")
			if !ok {
				continue
			}
			segs := strings.Split(template, "/")
			name := segs[len(segs)-1]
			for _, path := range ids.fill(template) {
				if sent[path] {
					continue
				}
				sent[path] = true
				progress = true
				for _, mt := range v.Produces(op) {
					status, body := c.call("GET", path, "", "Accept", mt)
					if status != http.StatusOK || mt != "application/json" {
						continue
					}
					var doc any
					if err := json.Unmarshal(body, &doc); err == nil {
						ids.harvest(name, doc)
					}
				}
			}
		}
		if !progress {
			break
		}
	}
	return ids
}

// idOf is the decoded {"id": …} of an answer.
type idOf struct {
	ID int64 `json:"id"`
}

// conformanceWrites calls every write operation once with success, each as
// a demo account allowed to, on records of its own scope.
func conformanceWrites(t *testing.T, u map[string]apiClient) {
	t.Helper()
	admin, contact, coach, disp, reg, reg2, monitor := u["admin"], u["organisatie"], u["begeleider"], u["werkverdeler"], u["regisseur"], u["regisseur2"], u["monitor"]
	type me struct {
		ID              int64   `json:"id"`
		OrganisationID  *int64  `json:"organisationId"`
		MunicipalityIDs []int64 `json:"municipalityIds"`
		RegisseurID     *int64  `json:"regisseurId"`
	}
	var meContact, meDisp, meReg, meReg2, meMonitor me
	contact.must("GET", "/me", "", &meContact)
	disp.must("GET", "/me", "", &meDisp)
	reg.must("GET", "/me", "", &meReg)
	reg2.must("GET", "/me", "", &meReg2)
	monitor.must("GET", "/me", "", &meMonitor)
	today := time.Now().Format(time.DateOnly)
	later := time.Now().AddDate(0, 0, 14).Format(time.DateOnly)

	// Reference data and accounts (admin).
	var mun, org, user, regisseur idOf
	admin.must("POST", "/municipalities", `{"code":"GM9999","name":"Proefgemeente","region":"Fryslân"}`, &mun)
	admin.must("PATCH", fmt.Sprintf("/municipalities/%d", mun.ID), `{"region":"Friesland"}`, nil)
	admin.must("POST", "/organisations", `{"name":"Proeforganisatie"}`, &org)
	admin.must("PATCH", fmt.Sprintf("/organisations/%d", org.ID), `{"kvkNumber":"12345678"}`, nil)
	admin.must("POST", "/users", fmt.Sprintf(`{"email":"proef@regiepool.test","name":"Proef","roles":["dispatcher"],"municipalityIds":[%d]}`, mun.ID), &user)
	admin.must("PATCH", fmt.Sprintf("/users/%d", user.ID), `{"name":"Proef Persoon"}`, nil)
	admin.must("POST", "/regisseurs", fmt.Sprintf(`{"name":"Proef Regisseur","organisationId":%d}`, org.ID), &regisseur)

	// The pool: a round, a nomination, its pre-selection and a life-cycle
	// step; capacity and leave of an active member.
	var round, member idOf
	admin.must("POST", "/pool-rounds", fmt.Sprintf(`{"name":"Proefronde","organisations":[{"organisationId":%d,"quota":1}]}`, *meContact.OrganisationID), &round)
	contact.must("POST", fmt.Sprintf("/pool-rounds/%d/nominations", round.ID), fmt.Sprintf(`{"regisseurName":"Proef Kandidaat","motivation":"Sterk in netwerken","hoursPerWeek":16,"municipalityIds":[%d]}`, meDisp.MunicipalityIDs[0]), &member)
	admin.must("PUT", fmt.Sprintf("/pool-members/%d/pre-selection", member.ID), `{"testDate":"2026-10-01","instrumentName":"NEO","provider":"Bureau","outcome":"suitable"}`, nil)
	status, body := admin.call("PUT", fmt.Sprintf("/pool-members/%d/pre-selection/report?filename=rapport.pdf", member.ID), "%PDF-1.4 rapport", "Content-Type", "application/pdf")
	if status != http.StatusNoContent {
		t.Fatalf("upload report: %d %s", status, body)
	}
	admin.must("GET", fmt.Sprintf("/pool-members/%d/pre-selection/report", member.ID), "", nil)
	admin.must("POST", fmt.Sprintf("/pool-members/%d/transitions", member.ID), `{"to":"rejected","reason":"Past niet in deze ronde"}`, nil)
	var active struct {
		Results []struct {
			ID int64 `json:"id"`
		} `json:"results"`
	}
	admin.must("GET", "/pool-members?status=active", "", &active)
	if len(active.Results) == 0 {
		t.Fatal("the demo has no active pool members")
	}
	activeID := active.Results[len(active.Results)-1].ID
	admin.must("PATCH", fmt.Sprintf("/pool-members/%d", activeID), `{"maxCases":4}`, nil)
	admin.must("POST", fmt.Sprintf("/pool-members/%d/unavailability", activeID), fmt.Sprintf(`{"startsOn":%q,"endsOn":%q,"reason":"opleiding"}`, later, later), nil)

	// Self-assessment and 360 feedback: the regisseur's own self-assessment,
	// a round opened by the coach with an internal rater who answers, and a
	// round the regisseur proposes and the coach approves.
	var self idOf
	reg.must("POST", fmt.Sprintf("/regisseurs/%d/self-assessments", *meReg.RegisseurID), "", &self)
	reg.must("PUT", fmt.Sprintf("/self-assessments/%d", self.ID), `{"answers":{}}`, nil)
	reg.must("POST", fmt.Sprintf("/self-assessments/%d/submission", self.ID), answersJSON(t, 4, false), nil)
	var fr idOf
	coach.must("POST", fmt.Sprintf("/regisseurs/%d/feedback-rounds", *meReg2.RegisseurID), fmt.Sprintf(`{"deadline":%q,"raters":[{"group":"peer","userId":%d},{"group":"partner"}]}`, later, meDisp.ID), &fr)
	coach.must("PATCH", fmt.Sprintf("/feedback-rounds/%d", fr.ID), fmt.Sprintf(`{"deadline":%q}`, time.Now().AddDate(0, 0, 21).Format(time.DateOnly)), nil)
	coach.must("POST", fmt.Sprintf("/feedback-rounds/%d/raters", fr.ID), `{"raters":[{"group":"partner"}]}`, nil)
	var requests struct {
		Results []struct {
			ID      int64 `json:"id"`
			RoundID int64 `json:"roundId"`
		} `json:"results"`
	}
	disp.must("GET", "/feedback-requests", "", &requests)
	var request int64
	for _, r := range requests.Results {
		if r.RoundID == fr.ID {
			request = r.ID
		}
	}
	disp.must("PUT", fmt.Sprintf("/feedback-requests/%d", request), `{"answers":{}}`, nil)
	disp.must("POST", fmt.Sprintf("/feedback-requests/%d/submission", request), answersJSON(t, 3, false), nil)
	coach.must("POST", fmt.Sprintf("/feedback-rounds/%d/closure", fr.ID), "", nil)
	var proposed idOf
	reg2.must("POST", fmt.Sprintf("/regisseurs/%d/feedback-round-proposals", *meReg2.RegisseurID), fmt.Sprintf(`{"deadline":%q,"raters":[{"group":"partner"}]}`, later), &proposed)
	coach.must("POST", fmt.Sprintf("/feedback-rounds/%d/approval", proposed.ID), "", nil)

	// Coaching: a theme and a session, a reflection shared and answered,
	// a development goal and its progress.
	var theme, reflection, goal idOf
	coach.must("POST", "/intervisie-themes", `{"name":"Proefthema"}`, &theme)
	coach.must("POST", "/intervisie-sessions", fmt.Sprintf(`{"heldOn":%q,"durationMinutes":90,"form":"intervisie","themeIds":[%d],"attendees":[%d]}`, today, theme.ID, *meReg.RegisseurID), nil)
	reg.must("POST", fmt.Sprintf("/regisseurs/%d/reflections", *meReg.RegisseurID), fmt.Sprintf(`{"writtenOn":%q,"competencyKey":"daadkrachtig","body":"Wat ik leerde"}`, today), &reflection)
	status, body = reg.call("PATCH", fmt.Sprintf("/reflections/%d", reflection.ID), `{"shared":true}`)
	if status != http.StatusNoContent {
		t.Fatalf("share reflection: %d %s", status, body)
	}
	coach.must("POST", fmt.Sprintf("/reflections/%d/replies", reflection.ID), `{"body":"Mooi inzicht"}`, nil)
	coach.must("POST", fmt.Sprintf("/regisseurs/%d/development-plan/goals", *meReg.RegisseurID), fmt.Sprintf(`{"competencyKey":"daadkrachtig","basis":"other","description":"Sneller opschalen","targetDate":%q}`, later), &goal)
	coach.must("PATCH", fmt.Sprintf("/regisseurs/%d/development-plan/goals/%d", *meReg.RegisseurID, goal.ID), `{"status":"in_progress","note":"gestart"}`, nil)

	// Cases: register two, propose, assign, log, hand over and close one.
	var c1, c2 idOf
	newCase := fmt.Sprintf(`{"reference":"ZAAK-%%d","municipalityId":%d,"parentsStruggle":true,"highRisk":true,"safetyRisk":"high","lifeDomains":["veiligheid"]}`, meDisp.MunicipalityIDs[0])
	disp.must("POST", "/cases", fmt.Sprintf(newCase, 1), &c1)
	disp.must("POST", "/cases", fmt.Sprintf(newCase, 2), &c2)
	disp.must("POST", "/assignment-proposals", fmt.Sprintf(`{"caseIds":[%d]}`, c2.ID), nil)
	var cands struct {
		Results []struct {
			RegisseurID int64 `json:"regisseurId"`
			Qualified   bool  `json:"qualified"`
		} `json:"results"`
	}
	disp.must("GET", fmt.Sprintf("/cases/%d/candidates", c1.ID), "", &cands)
	var qualified []int64
	for _, c := range cands.Results {
		if c.Qualified {
			qualified = append(qualified, c.RegisseurID)
		}
	}
	if len(qualified) < 2 {
		t.Fatalf("%d qualified candidates in the demo, want 2 to hand over", len(qualified))
	}
	disp.must("POST", fmt.Sprintf("/cases/%d/assignments", c1.ID), fmt.Sprintf(`{"regisseurId":%d}`, qualified[0]), nil)
	disp.must("POST", fmt.Sprintf("/cases/%d/events", c1.ID), fmt.Sprintf(`{"kind":"round_table","occurredOn":%q}`, today), nil)
	disp.must("PATCH", fmt.Sprintf("/cases/%d", c1.ID), `{"selfReliance":{"wonen":2,"inkomen":3}}`, nil)
	disp.must("GET", fmt.Sprintf("/cases/%d/events", c1.ID), "", nil)
	disp.must("POST", fmt.Sprintf("/cases/%d/handovers", c1.ID), fmt.Sprintf(`{"regisseurId":%d,"reason":"Verhuizing van de regisseur"}`, qualified[1]), nil)
	disp.must("POST", fmt.Sprintf("/cases/%d/closure", c1.ID), `{"reason":"goals_reached","endConversation":{"held":false},"finalCheck":{"helpWorks":true,"familyDirectsOwnLife":true}}`, nil)
	disp.must("POST", fmt.Sprintf("/cases/%d/questionnaires", c1.ID), `{"moment":"close","respondents":[{"kind":"parent","count":2},{"kind":"party","count":1}]}`, nil)

	// Offers: the demo regisseur declines her open offer, which frees her
	// slot; the dispatcher offers her c2, and she accepts it.
	var open struct {
		Results []idOf `json:"results"`
	}
	reg.must("GET", "/offers", "", &open)
	if len(open.Results) == 0 {
		t.Fatal("the demo has no open offer for regisseur@regiepool.test")
	}
	reg.must("POST", fmt.Sprintf("/offers/%d/decline", open.Results[0].ID), `{"reason":"Geen ruimte deze week"}`, nil)
	var offered struct {
		Offer idOf `json:"offer"`
	}
	disp.must("POST", fmt.Sprintf("/cases/%d/assignments", c2.ID), fmt.Sprintf(`{"regisseurId":%d,"offer":true}`, *meReg.RegisseurID), &offered)
	reg.must("POST", fmt.Sprintf("/offers/%d/accept", offered.Offer.ID), "", nil)

	// A token ends itself.
	var tok idOf
	anon := apiClient{t: t, base: admin.base}
	anon.must("POST", "/access-tokens", fmt.Sprintf(`{"email":"monitor@regiepool.test","password":%q}`, demo.Password), &tok)
	status, body = monitor.call("DELETE", fmt.Sprintf("/access-tokens/%d", tok.ID), "")
	if status != http.StatusNoContent {
		t.Fatalf("revoke token: %d %s", status, body)
	}
}
