package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestReflectionForMonitoring (issue 15, questions 6 and 10): a regisseur
// marks a reflection for monitoring with a short pair and a rating of the
// coaching, through the API and through the page; a bad rating is refused
// with the field named and stores nothing; unmarked is the default.
func TestReflectionForMonitoring(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID})
	bearer := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID), "Content-Type", "application/json"}
	path := fmt.Sprintf("%s/api/v1/regisseurs/%d/reflections", srv.URL, reg.ID)
	today := time.Now().Format("2006-01-02")
	count := func() int {
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM reflection WHERE regisseur_id = $1`, reg.ID); err != nil {
			t.Fatal(err)
		}
		return n
	}

	body := fmt.Sprintf(`{"writtenOn":%q,"competencyKey":"zelfkennis","body":"Een lastig gesprek","shareWithMonitoring":true,
		"wentWell":"  Samen met school  ","couldBeBetter":"Eerder opschalen","coachingHelp":4}`, today)
	res, raw := do(t, "POST", path, body, bearer...)
	var got struct {
		ShareWithMonitoring bool   `json:"shareWithMonitoring"`
		WentWell            string `json:"wentWell"`
		CouldBeBetter       string `json:"couldBeBetter"`
		CoachingHelp        *int   `json:"coachingHelp"`
	}
	if res.StatusCode != http.StatusCreated || json.Unmarshal(raw, &got) != nil || !got.ShareWithMonitoring || got.WentWell != "Samen met school" ||
		got.CouldBeBetter != "Eerder opschalen" || got.CoachingHelp == nil || *got.CoachingHelp != 4 {
		t.Fatalf("marked reflection: %d %s", res.StatusCode, raw)
	}
	res, raw = do(t, "POST", path, fmt.Sprintf(`{"writtenOn":%q,"competencyKey":"zelfkennis","body":"Gewoon"}`, today), bearer...)
	if res.StatusCode != http.StatusCreated || !strings.Contains(string(raw), `"shareWithMonitoring":false`) || !strings.Contains(string(raw), `"coachingHelp":null`) {
		t.Fatalf("unmarked reflection: %d %s", res.StatusCode, raw)
	}
	for _, bad := range []string{`"coachingHelp":7`, `"coachingHelp":0`, `"wentWell":"` + strings.Repeat("x", 1001) + `"`} {
		res, raw := do(t, "POST", path, fmt.Sprintf(`{"writtenOn":%q,"competencyKey":"zelfkennis","body":"Te veel",%s}`, today, bad), bearer...)
		var p problemBody
		field := strings.Split(strings.Trim(bad, `"`), `"`)[0]
		if res.StatusCode != http.StatusBadRequest || json.Unmarshal(raw, &p) != nil || !strings.Contains(string(raw), field) {
			t.Errorf("%s: %d %s, want 400 naming %s", bad, res.StatusCode, raw, field)
		}
	}
	if n := count(); n != 2 {
		t.Errorf("%d reflections stored, want 2", n)
	}

	// The page: the form has the pair, the rating and the consent; a bad
	// rating is refused in Dutch with the entry kept; a good one is stored.
	cookie := &http.Cookie{Name: auth.SessionCookieName(false), Value: pgtest.MustSession(t, db, u.ID)}
	page := func(method string, form url.Values) (int, string) {
		req, _ := http.NewRequest(method, srv.URL+"/reflecties", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(cookie)
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, string(b)
	}
	status, html := page("GET", nil)
	for _, want := range []string{`name="wentWell"`, `name="couldBeBetter"`, `<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">Hoeveel heeft de begeleiding je geholpen?`,
		`name="shareWithMonitoring"`, "Mag geanonimiseerd gebruikt worden voor de monitoring van de pilot", "Samen met school", "4 van 5"} {
		if status != http.StatusOK || !strings.Contains(html, want) {
			t.Errorf("page: %d, no %q", status, want)
		}
	}
	form := url.Values{"writtenOn": {today}, "competencyKey": {"zelfkennis"}, "body": {"Via de pagina"}, "wentWell": {"Rustig gebleven"},
		"coachingHelp": {"9"}, "shareWithMonitoring": {"ja"}}
	status, html = page("POST", form)
	if status != http.StatusBadRequest || !strings.Contains(html, "Kies een cijfer van 1 tot en met 5") || !strings.Contains(html, `href="#coachingHelp"`) ||
		!strings.Contains(html, "Rustig gebleven") {
		t.Errorf("bad rating on the page: %d", status)
	}
	form.Set("coachingHelp", "2")
	if status, _ = page("POST", form); status != http.StatusSeeOther {
		t.Fatalf("page save: %d", status)
	}
	var marked struct {
		Share bool `db:"share_with_monitoring"`
		Help  *int `db:"coaching_help"`
	}
	if err := db.Get(&marked, `SELECT share_with_monitoring, coaching_help FROM reflection WHERE body = 'Via de pagina'`); err != nil || !marked.Share || marked.Help == nil || *marked.Help != 2 {
		t.Errorf("page reflection stored as %+v (%v)", marked, err)
	}
	if n := count(); n != 3 {
		t.Errorf("%d reflections stored, want 3", n)
	}
}

// TestPreSelectionCompetencies (issue 15, question 9): the pre-selection
// may name the competencies of its pitfalls and attention points, through
// the API and on the member's page; an unknown key is refused with the
// field named and nothing changed.
func TestPreSelectionCompetencies(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	var roundID, memberID int64
	if err := db.Get(&roundID, `INSERT INTO pool_round (name) VALUES ('Ronde competenties') RETURNING id`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO pool_round_organisation (round_id, organisation_id, quota) VALUES ($1, $2, 2)`, roundID, org.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&memberID, `INSERT INTO pool_membership (round_id, organisation_id, regisseur_id, hours_per_week) VALUES ($1, $2, $3, 16) RETURNING id`,
		roundID, org.ID, reg.ID); err != nil {
		t.Fatal(err)
	}
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	bearer := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, admin.ID), "Content-Type", "application/json"}
	path := fmt.Sprintf("%s/api/v1/pool-members/%d/pre-selection", srv.URL, memberID)
	const base = `{"testDate":"2026-01-05","instrumentName":"NEO","provider":"Bureau","outcome":"suitable_with_attention_points","pitfalls":["Neemt over"]`
	res, raw := do(t, "PUT", path, base+`,"competencyKeys":["daadkrachtig","zelfkennis"]}`, bearer...)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(raw), `"competencyKeys":["daadkrachtig","zelfkennis"]`) {
		t.Fatalf("record: %d %s", res.StatusCode, raw)
	}
	res, raw = do(t, "PUT", path, base+`,"competencyKeys":["geen-competentie"]}`, bearer...)
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(raw), "competencyKeys") {
		t.Errorf("unknown key: %d %s", res.StatusCode, raw)
	}
	if res, raw = do(t, "GET", path, "", bearer...); !strings.Contains(string(raw), `"competencyKeys":["daadkrachtig","zelfkennis"]`) {
		t.Errorf("after the refusal: %d %s", res.StatusCode, raw)
	}
	// The page offers the competencies as checkboxes, ticked as stored.
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/pool/leden/%d", srv.URL, memberID), nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: pgtest.MustSession(t, db, admin.ID)})
	res, body := doReq(t, req)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Competenties van de valkuilen en aandachtspunten") ||
		!strings.Contains(string(body), `value="daadkrachtig" checked`) {
		t.Errorf("member page: %d", res.StatusCode)
	}
}
