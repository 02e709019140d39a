package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"regiepool/internal/apitest"
	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/server"
)

// pageLink is a rater link as the links page shows it, written out in full.
var pageLink = regexp.MustCompile(`<code class="app-link-url" id="link-\d+">([^<]*/beoordelen/[^<]+)</code>`)

// TestRaterLink_APIAndPageAgree: with REGIEPOOL_PUBLIC_URL set, the rater
// links the API hands out and the links the coach's pages show start with
// it, whichever use case made them (open, add raters, approve), and they
// lead to the external rater's form.
func TestRaterLink_APIAndPageAgree(t *testing.T) {
	const public = "https://regiepool.example.nl"
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), PublicURL: public})
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.NewServer(t, h)

	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	regUser := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID, OrganisationID: &org.ID})
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	api := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID), "Content-Type", "application/json"}
	}
	coachCookie := pgtest.MustSession(t, db, coach.ID)
	page := func(path string, form url.Values) []string {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: coachCookie})
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("POST %s: %d, want the links page", path, res.StatusCode)
		}
		var links []string
		for _, m := range pageLink.FindAllStringSubmatch(string(b), -1) {
			links = append(links, m[1])
		}
		return links
	}
	apiLinks := func(method, path, body string, h []string, want int) (int64, []string) {
		t.Helper()
		res, b := do(t, method, srv.URL+path, body, h...)
		var r struct {
			ID    int64 `json:"id"`
			Links []struct {
				URL string `json:"url"`
			} `json:"links"`
		}
		if res.StatusCode != want || json.Unmarshal(b, &r) != nil {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, b)
		}
		var links []string
		for _, l := range r.Links {
			links = append(links, l.URL)
		}
		return r.ID, links
	}
	deadline := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	partners := func(n int) string {
		return `{"deadline":"` + deadline + `","raters":[` + strings.TrimSuffix(strings.Repeat(`{"group":"partner"},`, n), ",") + `]}`
	}

	roundID, openedByAPI := apiLinks("POST", fmt.Sprintf("/api/v1/regisseurs/%d/feedback-rounds", reg.ID), partners(2), api(coach), http.StatusCreated)
	_, addedByAPI := apiLinks("POST", fmt.Sprintf("/api/v1/feedback-rounds/%d/raters", roundID), `{"raters":[{"group":"family"}]}`, api(coach), http.StatusCreated)
	proposalID, _ := apiLinks("POST", fmt.Sprintf("/api/v1/regisseurs/%d/feedback-round-proposals", reg.ID), partners(1), api(regUser), http.StatusCreated)
	_, approvedByAPI := apiLinks("POST", fmt.Sprintf("/api/v1/feedback-rounds/%d/approval", proposalID), "", api(coach), http.StatusOK)

	openedByPage := page(fmt.Sprintf("/regisseurs/%d/feedbackrondes", reg.ID), url.Values{"deadline": {deadline}, "extern-partner": {"2"}})
	var pageRound int64
	if err := db.Get(&pageRound, `SELECT max(id) FROM feedback_round WHERE regisseur_id = $1 AND status = 'open'`, reg.ID); err != nil {
		t.Fatal(err)
	}
	addedByPage := page(fmt.Sprintf("/feedbackrondes/%d/beoordelaars", pageRound), url.Values{"extern-family": {"1"}})
	_, _ = apiLinks("POST", fmt.Sprintf("/api/v1/regisseurs/%d/feedback-round-proposals", reg.ID), partners(1), api(regUser), http.StatusCreated)
	var proposal2 int64
	if err := db.Get(&proposal2, `SELECT max(id) FROM feedback_round WHERE regisseur_id = $1 AND status = 'proposed'`, reg.ID); err != nil {
		t.Fatal(err)
	}
	approvedByPage := page(fmt.Sprintf("/feedbackrondes/%d/goedkeuren", proposal2), nil)

	for _, tt := range []struct {
		name  string
		links []string
		want  int
	}{
		{"open round, API", openedByAPI, 2},
		{"open round, page", openedByPage, 2},
		{"add raters, API", addedByAPI, 1},
		{"add raters, page", addedByPage, 1},
		{"approve proposal, API", approvedByAPI, 1},
		{"approve proposal, page", approvedByPage, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.links) != tt.want {
				t.Fatalf("%d links, want %d", len(tt.links), tt.want)
			}
			for _, l := range tt.links {
				if !strings.HasPrefix(l, public+"/beoordelen/rpr_") {
					t.Errorf("link %q does not start with %s/beoordelen/", l, public)
				}
				// The path of the link is the external rater's form.
				u, err := url.Parse(l)
				if err != nil {
					t.Fatal(err)
				}
				if res, _ := do(t, "GET", srv.URL+u.Path, ""); res.StatusCode != http.StatusOK {
					t.Errorf("GET %s: %d, want the rater's form", u.Path, res.StatusCode)
				}
			}
		})
	}
}

// TestAssessmentResults_APIAndPageAgree: the results API and the results
// pages score with the same anonymity threshold (REGIEPOOL_MIN_RATERS 4
// here) and show the same groups.
func TestAssessmentResults_APIAndPageAgree(t *testing.T) {
	db := pgtest.NewDB(t)
	h, err := server.New(server.Deps{DB: db, Log: pgtest.Logger(), MinRaters: 4})
	if err != nil {
		t.Fatal(err)
	}
	srv := apitest.NewServer(t, h)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	regUser := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID, OrganisationID: &org.ID})
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	coachH := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, coach.ID), "Content-Type", "application/json"}

	// Four partners (shown at threshold 4) and three peers (hidden).
	round := openRound(t, srv.URL, coachH, reg.ID, strings.Repeat(`{"group":"partner"},`, 4)+`{"group":"peer"},{"group":"peer"},{"group":"peer"}`)
	for i, l := range round.Links {
		answerExternal(t, db, l.URL, 3+i/4)
	}
	if res, body := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-rounds/%d/closure", round.ID), "", coachH...); res.StatusCode != 200 {
		t.Fatalf("close: %d %s", res.StatusCode, body)
	}

	res, body := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/assessment-results", reg.ID), "", coachH...)
	var r struct {
		MinRaters    int `json:"minRaters"`
		Competencies []struct {
			Groups []struct {
				Group string  `json:"group"`
				Mean  float64 `json:"mean"`
				N     int     `json:"n"`
			} `json:"groups"`
		} `json:"competencies"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &r) != nil || len(r.Competencies) == 0 {
		t.Fatalf("results: %d %s", res.StatusCode, body)
	}
	g := r.Competencies[0].Groups
	if r.MinRaters != 4 || len(g) != 1 || g[0].Group != "partner" || g[0].N != 4 || g[0].Mean != 3 {
		t.Fatalf("API: minRaters %d, groups %+v; want 4 and the partners alone", r.MinRaters, g)
	}
	shown := fmt.Sprintf("%s: %s (%d)", domain.GroupPartner.Label(), domain.FormatNumber(g[0].Mean, 2), g[0].N)
	for _, tt := range []struct {
		name string
		user domain.User
		path string
	}{
		{"the regisseur's results", regUser, "/mijn-resultaten"},
		{"the coach's development page", coach, fmt.Sprintf("/regisseurs/%d/ontwikkeling", reg.ID)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
			req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: pgtest.MustSession(t, db, tt.user.ID)})
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			page := string(b)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if !strings.Contains(page, shown) {
				t.Errorf("the page does not show %q as the API does", shown)
			}
			if strings.Contains(page, domain.GroupPeer.Label()+":") {
				t.Errorf("the page shows the peers, whom the API hides")
			}
			if !strings.Contains(page, "ten minste 4 mensen") {
				t.Errorf("the page does not name the threshold 4 the API reports")
			}
		})
	}
}
