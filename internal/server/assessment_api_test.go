package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"regiepool/assessments"
	"regiepool/internal/assessment"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// answersJSON answers every item (or only the family items) with score.
func answersJSON(t *testing.T, score int, family bool) string {
	t.Helper()
	defs, err := assessment.LoadAll(assessments.FS)
	if err != nil {
		t.Fatal(err)
	}
	items := defs[0].Items()
	if family {
		items = defs[0].FamilyItems()
	}
	var parts []string
	for _, it := range items {
		parts = append(parts, fmt.Sprintf(`%q:{"score":%d,"comment":""}`, it.Key, score))
	}
	return `{"answers":{` + strings.Join(parts, ",") + `}}`
}

func answersMap(t *testing.T, score int) map[string]domain.Answer {
	t.Helper()
	var req struct {
		Answers map[string]struct {
			Score *int `json:"score"`
		} `json:"answers"`
	}
	if err := json.Unmarshal([]byte(answersJSON(t, score, false)), &req); err != nil {
		t.Fatal(err)
	}
	out := map[string]domain.Answer{}
	for k, a := range req.Answers {
		out[k] = domain.Answer{Score: a.Score}
	}
	return out
}

type results struct {
	RoundID      *int64 `json:"roundId"`
	Competencies []struct {
		Key    string `json:"key"`
		Self   *int   `json:"self"`
		Others *struct {
			Mean float64 `json:"mean"`
			N    int     `json:"n"`
		} `json:"others"`
		Groups []struct {
			Group string  `json:"group"`
			Mean  float64 `json:"mean"`
			N     int     `json:"n"`
		} `json:"groups"`
		Flag string `json:"flag"`
	} `json:"competencies"`
	Trend []json.RawMessage `json:"trend"`
}

func TestAssessmentFlow(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	regUser := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID, OrganisationID: &org.ID})
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	otherCoach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	dispatcherMun := pgtest.MustCreateMunicipality(t, db)
	dispatcher := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{dispatcherMun.ID}})
	peer1 := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}})
	peer2 := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}})
	tok := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID), "Content-Type", "application/json"}
	}
	regH, coachH := tok(regUser), tok(coach)

	// Self-assessment: draft, come back, submit, frozen.
	res, body := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/self-assessments", reg.ID), "", regH...)
	var self struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	if res.StatusCode != 201 || json.Unmarshal(body, &self) != nil {
		t.Fatalf("start self-assessment: %d %s", res.StatusCode, body)
	}
	if res, body = do(t, "PUT", srv.URL+fmt.Sprintf("/api/v1/self-assessments/%d", self.ID), `{"answers":{"daadkrachtig":{"score":4,"comment":"goed"}}}`, regH...); res.StatusCode != 200 {
		t.Fatalf("save draft: %d %s", res.StatusCode, body)
	}
	if res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/self-assessments", reg.ID), "", regH...); res.StatusCode != 200 || !strings.Contains(string(body), `"comment":"goed"`) {
		t.Fatalf("come back to the draft: %d %s", res.StatusCode, body)
	}
	res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/self-assessments/%d/submission", self.ID), `{"answers":{"daadkrachtig":{"score":9}}}`, regH...)
	if p := decodeProblem(t, res, body); res.StatusCode != 400 || len(p.InvalidParams) < 2 {
		t.Fatalf("incomplete and out-of-scale submit: %d %+v", res.StatusCode, p.InvalidParams)
	}
	if res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/self-assessments/%d/submission", self.ID), answersJSON(t, 5, false), regH...); res.StatusCode != 200 || !strings.Contains(string(body), `"status":"submitted"`) {
		t.Fatalf("submit: %d %s", res.StatusCode, body)
	}
	if res, _ = do(t, "PUT", srv.URL+fmt.Sprintf("/api/v1/self-assessments/%d", self.ID), answersJSON(t, 1, false), regH...); res.StatusCode != http.StatusConflict {
		t.Errorf("change a submitted self-assessment: %d, want 409", res.StatusCode)
	}
	if _, err := db.Exec(`UPDATE self_answer SET score = 1 WHERE self_assessment_id = $1`, self.ID); err == nil || !strings.Contains(err.Error(), "frozen") {
		t.Errorf("the database let a frozen answer change: %v", err)
	}
	if res, _ = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/self-assessments", reg.ID), "", tok(otherCoach)...); res.StatusCode != 404 {
		t.Errorf("another coach reads the self-assessments: %d, want 404", res.StatusCode)
	}

	// A round: 2 internal peers and 3 external partners; all five answer.
	round := openRound(t, srv.URL, coachH, reg.ID, fmt.Sprintf(`{"group":"peer","userId":%d},{"group":"peer","userId":%d},{"group":"partner"},{"group":"partner"},{"group":"partner"}`, peer1.ID, peer2.ID))
	if len(round.Links) != 3 {
		t.Fatalf("%d links, want 3", len(round.Links))
	}
	for _, p := range []domain.User{peer1, peer2} {
		reqs := feedbackRequests(t, srv.URL, tok(p))
		if res, body := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-requests/%d/submission", reqs[0]), answersJSON(t, 2, false), tok(p)...); res.StatusCode != 204 {
			t.Fatalf("peer submits: %d %s", res.StatusCode, body)
		}
	}
	for _, l := range round.Links[:2] {
		answerExternal(t, db, l.URL, 3)
	}
	// The third link is used twice: the second time is gone.
	answerExternal(t, db, round.Links[2].URL, 3)
	token := round.Links[2].URL[strings.LastIndex(round.Links[2].URL, "/")+1:]
	if _, _, err := db.ExternalFeedbackRequest(context.Background(), token); domain.ErrorCode(err) != domain.EGone {
		t.Errorf("a used link: %v, want gone (410)", err)
	}
	res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-rounds/%d/closure", round.ID), "", coachH...)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"status":"closed"`) {
		t.Fatalf("close: %d %s", res.StatusCode, body)
	}

	r := getResults(t, srv.URL, regH, reg.ID)
	c0 := r.Competencies[0]
	// 3 partners shown (mean 3), 2 peers hidden; together with nothing else
	// hidden, the peers' 2 scores must not count in others either.
	if len(c0.Groups) != 1 || c0.Groups[0].Group != "partner" || c0.Groups[0].N != 3 || c0.Others.N != 3 || c0.Others.Mean != 3 {
		t.Fatalf("first competency %+v, want partners only and others = partners", c0)
	}
	if c0.Flag != assessment.FlagBlindSpot || *c0.Self != 5 {
		t.Errorf("self 5 vs others 3: flag %q, want blind_spot", c0.Flag)
	}
	if len(r.Trend) != 1 {
		t.Errorf("trend has %d points after one round", len(r.Trend))
	}

	// Second round: a family rater alone stays hidden; trend grows.
	round2 := openRound(t, srv.URL, coachH, reg.ID, `{"group":"partner"},{"group":"partner"},{"group":"partner"},{"group":"family"}`)
	for _, l := range round2.Links[:3] {
		answerExternal(t, db, l.URL, 5)
	}
	do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-rounds/%d/closure", round2.ID), "", coachH...)
	r = getResults(t, srv.URL, coachH, reg.ID)
	if len(r.Trend) != 2 || *r.RoundID != round2.ID || r.Competencies[0].Flag != "" {
		t.Errorf("after round 2: trend %d, round %v, flag %q", len(r.Trend), *r.RoundID, r.Competencies[0].Flag)
	}
	if res, _ := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/assessment-results", reg.ID), "", tok(dispatcher)...); res.StatusCode != 403 {
		t.Errorf("dispatcher reads results: %d, want 403", res.StatusCode)
	}
	if res, _ := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/assessment-results", reg.ID), "", tok(otherCoach)...); res.StatusCode != 404 {
		t.Errorf("another coach reads results: %d, want 404", res.StatusCode)
	}
	var reads int
	if err := db.Get(&reads, `SELECT count(*) FROM audit_event WHERE action = 'read' AND record_type = 'assessment_result' AND record_id = $1 AND outcome = 'allowed'`, reg.ID); err != nil || reads != 2 {
		t.Errorf("%d audited result reads, want 2 (%v)", reads, err)
	}
	// No table holds a link between a response and its rater.
	var cols int
	if err := db.Get(&cols, `SELECT count(*) FROM information_schema.columns WHERE table_name IN ('feedback_response', 'feedback_answer') AND column_name IN ('rater_id', 'user_id', 'token_id', 'submitted_at', 'created_at')`); err != nil || cols != 0 {
		t.Errorf("responses carry %d rater-identifying columns", cols)
	}
}

type openedRound struct {
	ID    int64 `json:"id"`
	Links []struct {
		URL string `json:"url"`
	} `json:"links"`
}

func openRound(t *testing.T, base string, h []string, regID int64, raters string) openedRound {
	t.Helper()
	deadline := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	res, body := do(t, "POST", base+fmt.Sprintf("/api/v1/regisseurs/%d/feedback-rounds", regID), `{"deadline":"`+deadline+`","raters":[`+raters+`]}`, h...)
	var r openedRound
	if res.StatusCode != 201 || json.Unmarshal(body, &r) != nil {
		t.Fatalf("open round: %d %s", res.StatusCode, body)
	}
	return r
}

func feedbackRequests(t *testing.T, base string, h []string) []int64 {
	t.Helper()
	res, body := do(t, "GET", base+"/api/v1/feedback-requests", "", h...)
	var page struct {
		Results []struct {
			ID int64 `json:"id"`
		} `json:"results"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &page) != nil || len(page.Results) == 0 {
		t.Fatalf("feedback requests: %d %s", res.StatusCode, body)
	}
	var ids []int64
	for _, r := range page.Results {
		ids = append(ids, r.ID)
	}
	return ids
}

func answerExternal(t *testing.T, db interface {
	ExternalFeedbackRequest(context.Context, string) (*domain.Actor, domain.FeedbackRequest, error)
	AnswerExternal(context.Context, map[string]domain.Answer) error
}, url string, score int) {
	t.Helper()
	token := url[strings.LastIndex(url, "/")+1:]
	a, _, err := db.ExternalFeedbackRequest(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.AnswerExternal(domain.WithActor(context.Background(), a), answersMap(t, score)); err != nil {
		t.Fatal(err)
	}
}

func getResults(t *testing.T, base string, h []string, regID int64) results {
	t.Helper()
	res, body := do(t, "GET", base+fmt.Sprintf("/api/v1/regisseurs/%d/assessment-results", regID), "", h...)
	var r results
	if res.StatusCode != 200 || json.Unmarshal(body, &r) != nil || len(r.Competencies) != 10 {
		t.Fatalf("results: %d %s", res.StatusCode, body)
	}
	return r
}
