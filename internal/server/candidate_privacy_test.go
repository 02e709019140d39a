package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// mustSelfScore gives regisseur id a submitted self-assessment: 3 on every
// item, except the competencies named in scores.
func mustSelfScore(t *testing.T, db *postgres.DB, id int64, scores map[string]int) {
	t.Helper()
	ctx := pgtest.SystemCtx()
	ins, err := db.FindInstruments(ctx)
	if err != nil || len(ins) == 0 {
		t.Fatalf("instruments: %v", err)
	}
	answers := map[string]domain.Answer{}
	for _, it := range ins[len(ins)-1].Def.Items() {
		n := 3
		if s, ok := scores[it.Key]; ok {
			n = s
		}
		answers[it.Key] = domain.Answer{Score: &n}
	}
	d, err := db.DraftSelfAssessment(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSelfAssessment(ctx, d.ID, answers, true); err != nil {
		t.Fatal(err)
	}
}

// candidateEnv is a waiting case leaning on one competency, with three pool
// members who differ only in their score on it: 4 (the norm), 5, and 1
// (under the instrument's hard minimum of 2, so excluded).
type candidateEnv struct {
	srv                   string
	db                    *postgres.DB
	caseID                int64
	atNorm, above, under  int64
	dispatcher, admin     domain.User
	dispToken, adminToken string
	dispCookie            string
}

func newCandidateEnv(t *testing.T) *candidateEnv {
	t.Helper()
	srv, db := newServer(t)
	mun := pgtest.MustCreateMunicipality(t, db)
	e := &candidateEnv{srv: srv.URL, db: db}
	e.dispatcher = pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	e.admin = pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	e.dispToken, e.adminToken = pgtest.MustAccessToken(t, db, e.dispatcher.ID), pgtest.MustAccessToken(t, db, e.admin.ID)
	e.dispCookie = pgtest.MustSession(t, db, e.dispatcher.ID)
	// atNorm is created first: with equal fit it would come first on its
	// lower id; the engine puts above first on its higher score.
	for _, m := range []struct {
		id    *int64
		score int
	}{{&e.atNorm, 4}, {&e.above, 5}, {&e.under, 1}} {
		*m.id = pgtest.MustCreateActiveMember(t, db, pgtest.MustCreateOrganisation(t, db).ID, []int64{mun.ID}, 2, 16).ID
		mustSelfScore(t, db, *m.id, map[string]int{"daadkrachtig": m.score})
	}
	c := domain.Case{Reference: "Z-360", MunicipalityID: mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: domain.RiskHigh,
		LeansOn: []string{"daadkrachtig"}}
	if err := db.CreateCase(pgtest.ActorCtx(t, db, e.dispatcher.ID), &c); err != nil {
		t.Fatal(err)
	}
	e.caseID = c.ID
	return e
}

func (e *candidateEnv) api(t *testing.T, token, method, path, body string) []byte {
	t.Helper()
	res, b := do(t, method, e.srv+path, body, "Authorization", "Bearer "+token, "Content-Type", "application/json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	return b
}

func (e *candidateEnv) page(t *testing.T, cookie, path string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", e.srv+path, nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: cookie})
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	return string(b)
}

// audited counts the audit rows of user on recordType (and record id, when
// not nil).
func audited(t *testing.T, db *postgres.DB, userID int64, recordType string, id *int64) int {
	t.Helper()
	var n int
	if err := db.Get(&n, `SELECT count(*) FROM audit_event WHERE actor_user_id = $1 AND action = 'read' AND record_type = $2
		AND ($3::bigint IS NULL OR record_id = $3)`, userID, recordType, id); err != nil {
		t.Fatal(err)
	}
	return n
}

type rankedJSON struct {
	RegisseurID  int64    `json:"regisseurId"`
	Qualified    bool     `json:"qualified"`
	Fit          string   `json:"fit"`
	Reasons      []string `json:"reasons"`
	Competencies []struct {
		Key, Name, Fit string
	} `json:"competencies"`
	Score *float64 `json:"score"`
	Parts *struct {
		Competency float64 `json:"competency"`
	} `json:"parts"`
}

func decodeRanking(t *testing.T, body []byte) []rankedJSON {
	t.Helper()
	var out struct {
		Results []rankedJSON `json:"results"`
	}
	if err := json.Unmarshal(body, &out); err != nil || len(out.Results) != 3 {
		t.Fatalf("ranking: %v\n%s", err, body)
	}
	return out.Results
}

// TestCandidates_DispatcherSeesFitInWords: a dispatcher learns whether a
// candidate meets the profile of the case, never a number derived from
// assessments: no score, no parts, no scores in the reasons, and an order
// that does not depend on how far above the norm someone scores. Admins see
// the numbers. Both reads are audited as candidate rankings.
func TestCandidates_DispatcherSeesFitInWords(t *testing.T) {
	e := newCandidateEnv(t)
	path := fmt.Sprintf("/api/v1/cases/%d/candidates", e.caseID)

	body := e.api(t, e.dispToken, "GET", path, "")
	for _, leak := range []string{`"score"`, `"parts"`, `"competency"`, "Competenties:", "&lt;", `\u003c`, " < "} {
		if strings.Contains(string(body), leak) {
			t.Errorf("the dispatcher's ranking contains %s:\n%s", leak, body)
		}
	}
	got := decodeRanking(t, body)
	if got[0].RegisseurID != e.atNorm || got[1].RegisseurID != e.above || got[2].RegisseurID != e.under {
		t.Errorf("dispatcher's order %d, %d, %d; want %d, %d (equal fit in words, so by id), then %d excluded",
			got[0].RegisseurID, got[1].RegisseurID, got[2].RegisseurID, e.atNorm, e.above, e.under)
	}
	for _, c := range got[:2] {
		if !c.Qualified || c.Fit != domain.FitSuitable || len(c.Competencies) != 1 || c.Competencies[0].Fit != domain.CompetencyMeets ||
			c.Competencies[0].Name != "Daadkrachtig" {
			t.Errorf("qualified candidate %+v: want fit %q and daadkrachtig %q", c, domain.FitSuitable, domain.CompetencyMeets)
		}
	}
	if u := got[2]; u.Qualified || u.Fit != "" || len(u.Competencies) != 1 || u.Competencies[0].Fit != domain.CompetencySupplement ||
		!strings.Contains(strings.Join(u.Reasons, "|"), "Onder het minimum op Daadkrachtig") {
		t.Errorf("excluded candidate %+v: want daadkrachtig %q and the hard minimum named without numbers", u, domain.CompetencySupplement)
	}

	admin := decodeRanking(t, e.api(t, e.adminToken, "GET", path, ""))
	if admin[0].RegisseurID != e.above || admin[0].Score == nil || admin[0].Parts == nil || admin[0].Parts.Competency != 1 ||
		admin[1].Parts == nil || admin[1].Parts.Competency != 0.75 {
		t.Errorf("admin's ranking %+v: want the numbers, the higher score first", admin)
	}
	if !strings.Contains(strings.Join(admin[2].Reasons, "|"), "Onder het minimum op Daadkrachtig (1 < 2)") {
		t.Errorf("admin's reasons for the excluded member %v: want the score against the hard minimum", admin[2].Reasons)
	}

	proposal := string(e.api(t, e.dispToken, "POST", "/api/v1/assignment-proposals", "{}"))
	for _, leak := range []string{`"score"`, `"total"`, `"upperBound"`} {
		if strings.Contains(proposal, leak) {
			t.Errorf("the dispatcher's proposal contains %s: %s", leak, proposal)
		}
	}
	if !strings.Contains(proposal, `"fit":"suitable"`) {
		t.Errorf("the dispatcher's proposal %s: want the fit in words", proposal)
	}
	if p := string(e.api(t, e.adminToken, "POST", "/api/v1/assignment-proposals", "{}")); !strings.Contains(p, `"total"`) ||
		!strings.Contains(p, fmt.Sprintf(`"regisseurId":%d`, e.above)) {
		t.Errorf("the admin's proposal %s: want the total and %d", p, e.above)
	}

	casePage := e.page(t, e.dispCookie, fmt.Sprintf("/casussen/%d", e.caseID))
	for _, leak := range []string{"Competenties:", "1 &lt; 2", "(1 &lt;", ">Score<"} {
		if strings.Contains(casePage, leak) {
			t.Errorf("the dispatcher's case page contains %q", leak)
		}
	}
	if !strings.Contains(casePage, domain.FitLabels[domain.FitSuitable]) || !strings.Contains(casePage, "Onder het minimum op Daadkrachtig") {
		t.Errorf("the dispatcher's case page does not show the fit in words")
	}
	if p := e.page(t, e.dispCookie, "/casussen/voorstel"); strings.Contains(p, "Totale passing") || strings.Contains(p, ">Score<") {
		t.Errorf("the dispatcher's proposal page shows scores")
	}

	for _, u := range []domain.User{e.dispatcher, e.admin} {
		if n := audited(t, e.db, u.ID, "candidate_ranking", &e.caseID); n < 1 {
			t.Errorf("user %d: %d audited candidate rankings of case %d, want at least 1", u.ID, n, e.caseID)
		}
		if n := audited(t, e.db, u.ID, "assignment_proposal", nil); n < 1 {
			t.Errorf("user %d: no audited assignment proposal", u.ID)
		}
	}
}
