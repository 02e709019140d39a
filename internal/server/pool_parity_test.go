package server_test

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// poolParity is a server with a pool round (one place for the organisation)
// and the people who act on it, each reachable through the API (a bearer
// token) and the pages (a session cookie).
type poolParity struct {
	t      *testing.T
	db     *postgres.DB
	base   string
	ids    map[string]int64 // user ids
	round  domain.PoolRound
	org    domain.Organisation
	mun    domain.Municipality
	token  map[string]string
	cookie map[string]string
}

func newPoolParity(t *testing.T) *poolParity {
	srv, db := newServer(t)
	e := &poolParity{t: t, db: db, base: srv.URL, ids: map[string]int64{}, token: map[string]string{}, cookie: map[string]string{}}
	e.org, e.mun = pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateMunicipality(t, db)
	for name, u := range map[string]domain.User{
		"coach":      {Roles: []domain.Role{domain.RoleCoach}},
		"contact":    {Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &e.org.ID},
		"dispatcher": {Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{e.mun.ID}},
	} {
		u = pgtest.MustCreateUser(t, db, u)
		e.ids[name], e.token[name], e.cookie[name] = u.ID, pgtest.MustAccessToken(t, db, u.ID), pgtest.MustSession(t, db, u.ID)
	}
	var err error
	e.round, err = db.CreatePoolRound(pgtest.SystemCtx(), "Pariteit", []domain.RoundOrganisation{{OrganisationID: e.org.ID, Quota: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// api sends a JSON request as who.
func (e *poolParity) api(who, method, path, body string) (*http.Response, []byte) {
	e.t.Helper()
	return do(e.t, method, e.base+"/api/v1"+path, body, "Authorization", "Bearer "+e.token[who], "Content-Type", "application/json")
}

// page sends a page request as who, without following redirects; the body
// is unescaped so it compares with the API's plain text.
func (e *poolParity) page(who, method, path string, form url.Values) (*http.Response, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: e.cookie[who]})
	res, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res, html.UnescapeString(string(b))
}

// nominate puts a candidate forward through the API, links the coach to
// them as an admin would, and returns the member id.
func (e *poolParity) nominate(name string) int64 {
	e.t.Helper()
	res, body := e.api("contact", "POST", fmt.Sprintf("/pool-rounds/%d/nominations", e.round.ID),
		fmt.Sprintf(`{"regisseurName":%q,"motivation":"Sterk in netwerken","hoursPerWeek":16,"municipalityIds":[%d]}`, name, e.mun.ID))
	var m struct {
		ID          int64 `json:"id"`
		RegisseurID int64 `json:"regisseurId"`
	}
	if res.StatusCode != http.StatusCreated || json.Unmarshal(body, &m) != nil {
		e.t.Fatalf("nominate: %d %s", res.StatusCode, body)
	}
	pgtest.MustLinkCoach(e.t, e.db, e.ids["coach"], m.RegisseurID)
	return m.ID
}

// TestPoolParity: the API and the pages give the same answer for the same
// pool use case, because both call the same application method.
func TestPoolParity(t *testing.T) {
	e := newPoolParity(t)
	id := e.nominate("Kandidaat Een")
	member := fmt.Sprintf("/pool/leden/%d", id)

	t.Run("over quota", func(t *testing.T) {
		res, body := e.api("contact", "POST", fmt.Sprintf("/pool-rounds/%d/nominations", e.round.ID),
			fmt.Sprintf(`{"regisseurName":"Kandidaat Twee","motivation":"Ook sterk","hoursPerWeek":8,"municipalityIds":[%d]}`, e.mun.ID))
		p := decodeProblem(t, res, body)
		pres, page := e.page("contact", "POST", "/pool/voordragen", url.Values{"roundId": {fmt.Sprint(e.round.ID)},
			"regisseurName": {"Kandidaat Twee"}, "motivation": {"Ook sterk"}, "hoursPerWeek": {"8"}})
		if res.StatusCode != http.StatusConflict || pres.StatusCode != http.StatusConflict || !strings.Contains(page, p.Detail) {
			t.Errorf("API %d %q, page %d; want 409 with the same message on both", res.StatusCode, p.Detail, pres.StatusCode)
		}
	})

	t.Run("a withdrawal needs a reason", func(t *testing.T) {
		res, body := e.api("contact", "POST", fmt.Sprintf("/pool-members/%d/transitions", id), `{"to":"withdrawn","reason":"  "}`)
		p := decodeProblem(t, res, body)
		if res.StatusCode != http.StatusBadRequest || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "reason" {
			t.Fatalf("API: %d %+v, want 400 on the reason", res.StatusCode, p.InvalidParams)
		}
		pres, page := e.page("contact", "POST", member+"/status", url.Values{"to": {"withdrawn"}, "reason": {"  "}})
		if pres.StatusCode != http.StatusBadRequest || !strings.Contains(page, p.InvalidParams[0].Reason) {
			t.Errorf("page: %d, want 400 saying %q", pres.StatusCode, p.InvalidParams[0].Reason)
		}
	})

	// The coach records the pre-selection on the page and uploads the report
	// through the API, under a name that carries a path.
	res, page := e.page("coach", "POST", member+"/voorselectie", url.Values{"testDate": {time.Now().AddDate(0, 0, -1).Format("2006-01-02")},
		"instrumentName": {"NEO-PI-3"}, "provider": {"Testbureau Noord"}, "outcome": {domain.OutcomeSuitableAttention},
		"pitfalls": {"Neemt te veel zelf over"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("record pre-selection on the page: %d\n%s", res.StatusCode, page)
	}
	res, body := do(t, "PUT", e.base+fmt.Sprintf("/api/v1/pool-members/%d/pre-selection/report?filename=%s", id, url.QueryEscape(`..\rapporten/noord "v2".pdf`)),
		"%PDF-1.4 rapport", "Authorization", "Bearer "+e.token["coach"], "Content-Type", "application/pdf")
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("upload through the API: %d %s", res.StatusCode, body)
	}

	t.Run("the report", func(t *testing.T) {
		ares, abody := e.api("coach", "GET", fmt.Sprintf("/pool-members/%d/pre-selection/report", id), "")
		pres, pbody := e.page("coach", "GET", member+"/rapport", nil)
		if ares.StatusCode != 200 || pres.StatusCode != 200 || string(abody) != pbody {
			t.Fatalf("API %d, page %d: want the same PDF", ares.StatusCode, pres.StatusCode)
		}
		a, p := ares.Header.Get("Content-Disposition"), pres.Header.Get("Content-Disposition")
		if a != p || !strings.Contains(a, `noord \"v2\".pdf`) || strings.Contains(a, "rapporten") {
			t.Errorf("Content-Disposition: API %q, page %q; want the same, without the path", a, p)
		}
	})

	t.Run("the nominating organisation sees the outcome only", func(t *testing.T) {
		res, body := e.api("contact", "GET", fmt.Sprintf("/pool-members/%d/pre-selection", id), "")
		var ps struct {
			Outcome     string `json:"outcome"`
			Provider    string `json:"provider"`
			OutcomeOnly bool   `json:"outcomeOnly"`
		}
		if res.StatusCode != 200 || json.Unmarshal(body, &ps) != nil || !ps.OutcomeOnly || ps.Provider != "" || ps.Outcome != domain.OutcomeSuitableAttention {
			t.Fatalf("API: %d %s", res.StatusCode, body)
		}
		_, page := e.page("contact", "GET", member, nil)
		if !strings.Contains(page, domain.OutcomeLabels[ps.Outcome]) || strings.Contains(page, "Testbureau Noord") || strings.Contains(page, "/rapport") {
			t.Error("page: want the outcome, and neither the provider nor the report")
		}
		if res, _ := e.api("contact", "GET", fmt.Sprintf("/pool-members/%d/pre-selection/report", id), ""); res.StatusCode != http.StatusNotFound {
			t.Errorf("API report: %d, want 404", res.StatusCode)
		}
		if res, _ := e.page("contact", "GET", member+"/rapport", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("page report: %d, want 404", res.StatusCode)
		}
	})
}

// TestPoolParity_StatusReasons: dispatchers see a member's steps in both the
// API and the pages, never the reasons; the selection sees them in both.
func TestPoolParity_StatusReasons(t *testing.T) {
	srv, db := newServer(t)
	e := &poolParity{t: t, base: srv.URL, token: map[string]string{}, cookie: map[string]string{}}
	org, mun := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateMunicipality(t, db)
	reg := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 16)
	for name, u := range map[string]domain.User{
		"coach":      {Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}},
		"dispatcher": {Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}},
	} {
		u = pgtest.MustCreateUser(t, db, u)
		e.token[name], e.cookie[name] = pgtest.MustAccessToken(t, db, u.ID), pgtest.MustSession(t, db, u.ID)
	}
	var id int64
	if err := db.Get(&id, `SELECT id FROM pool_membership WHERE regisseur_id = $1`, reg.ID); err != nil {
		t.Fatal(err)
	}
	const reason = "Langdurig ziek, terug na de zomer"
	if res, body := e.api("coach", "POST", fmt.Sprintf("/pool-members/%d/transitions", id), `{"to":"paused","reason":"`+reason+`"}`); res.StatusCode != http.StatusCreated {
		t.Fatalf("pause: %d %s", res.StatusCode, body)
	}
	for _, tt := range []struct {
		who  string
		want bool
	}{{"coach", true}, {"dispatcher", false}} {
		t.Run(tt.who, func(t *testing.T) {
			res, body := e.api(tt.who, "GET", fmt.Sprintf("/pool-members/%d", id), "")
			var m struct {
				Status      string `json:"status"`
				Transitions []struct {
					To     string `json:"to"`
					Reason string `json:"reason"`
				} `json:"transitions"`
			}
			if res.StatusCode != 200 || json.Unmarshal(body, &m) != nil || m.Status != "paused" {
				t.Fatalf("API: %d %s", res.StatusCode, body)
			}
			last := m.Transitions[len(m.Transitions)-1]
			pres, page := e.page(tt.who, "GET", fmt.Sprintf("/pool/leden/%d", id), nil)
			if pres.StatusCode != 200 || !strings.Contains(page, domain.MembershipLabels[domain.MemberPaused]) {
				t.Fatalf("page: %d, want the member's status", pres.StatusCode)
			}
			if got := last.Reason == reason; got != tt.want {
				t.Errorf("API shows the reason: %v, want %v", got, tt.want)
			}
			if got := strings.Contains(page, reason); got != tt.want {
				t.Errorf("page shows the reason: %v, want %v", got, tt.want)
			}
		})
	}
}
