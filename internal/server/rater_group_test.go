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

// TestRaterGroups_OnlyKnownRaters: "coach" takes only the regisseur's own
// coach and "manager" only a manager (the contact) of the regisseur's
// organisation, never an external link; everyone else is refused with 400
// naming the rater, when a round is opened, raters are added, a round is
// proposed and when a proposal is approved.
func TestRaterGroups_OnlyKnownRaters(t *testing.T) {
	srv, db := newServer(t)
	org, otherOrg := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	reg, otherReg := pgtest.MustCreateRegisseur(t, db, org.ID), pgtest.MustCreateRegisseur(t, db, org.ID)
	user := func(u domain.User) domain.User { return pgtest.MustCreateUser(t, db, u) }
	coach := user(domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	otherCoach := user(domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{otherReg.ID}})
	manager := user(domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &org.ID})
	otherContact := user(domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &otherOrg.ID})
	// Employed by the organisation, but no contact of it.
	colleague := user(domain.User{Roles: []domain.Role{domain.RoleDispatcher}, OrganisationID: &org.ID, MunicipalityIDs: []int64{pgtest.MustCreateMunicipality(t, db).ID}})
	self := user(domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org.ID, RegisseurID: &reg.ID})
	bearer := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID), "Content-Type", "application/json"}
	}
	coachH, adminH, selfH := bearer(coach), []string{"Authorization", "Bearer " + adminToken(t, db), "Content-Type", "application/json"}, bearer(self)
	deadline := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	rater := func(group string, u *domain.User) string {
		if u == nil {
			return fmt.Sprintf(`{"group":%q}`, group)
		}
		return fmt.Sprintf(`{"group":%q,"userId":%d}`, group, u.ID)
	}
	// refused checks a 400 whose invalidParams name the rater.
	refused := func(t *testing.T, res *http.Response, body []byte, param, who string) {
		t.Helper()
		p := decodeProblem(t, res, body)
		if res.StatusCode != 400 {
			t.Fatalf("got %d %s, want 400", res.StatusCode, body)
		}
		for _, ip := range p.InvalidParams {
			if ip.Name == param && strings.Contains(ip.Reason, who) {
				return
			}
		}
		t.Errorf("invalidParams %+v do not name %s at %s", p.InvalidParams, who, param)
	}

	for _, tt := range []struct {
		name, rater, param, who string
	}{
		{"another regisseur's coach as coach", rater("coach", &otherCoach), "raters[1].group", fmt.Sprintf("account met id %d ", otherCoach.ID)},
		{"a contact as coach", rater("coach", &manager), "raters[1].group", fmt.Sprintf("account met id %d ", manager.ID)},
		{"an external coach", rater("coach", nil), "raters[1].userId", "begeleider"},
		{"an external manager", rater("manager", nil), "raters[1].userId", "leidinggevende"},
		{"another organisation's contact as manager", rater("manager", &otherContact), "raters[1].group", fmt.Sprintf("account met id %d ", otherContact.ID)},
		{"an employee who is no contact as manager", rater("manager", &colleague), "raters[1].group", fmt.Sprintf("account met id %d ", colleague.ID)},
		{"the coach as manager", rater("manager", &coach), "raters[1].group", fmt.Sprintf("account met id %d ", coach.ID)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"deadline":"` + deadline + `","raters":[{"group":"partner"},` + tt.rater + `]}`
			before := snapshot(t, db)
			res, b := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/feedback-rounds", reg.ID), body, adminH...)
			refused(t, res, b, tt.param, tt.who)
			res, b = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/feedback-round-proposals", reg.ID), body, selfH...)
			refused(t, res, b, tt.param, tt.who)
			if snapshot(t, db) != before {
				t.Error("a refused round changed the database")
			}
		})
	}

	// The own coach and the organisation's contact are welcome; adding an
	// outsider to the open round is refused the same way.
	round := openRound(t, srv.URL, coachH, reg.ID, rater("coach", &coach)+","+rater("manager", &manager)+","+rater("partner", nil))
	res, b := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-rounds/%d/raters", round.ID), `{"raters":[`+rater("coach", &otherCoach)+`]}`, coachH...)
	refused(t, res, b, "raters[0].group", fmt.Sprintf("account met id %d ", otherCoach.ID))
	if res, b = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-rounds/%d/raters", round.ID), `{"raters":[`+rater("peer", &otherCoach)+`]}`, coachH...); res.StatusCode != 201 {
		t.Errorf("another coach as a peer: %d %s, want 201", res.StatusCode, b)
	}

	// A proposal names the contact as manager; by the time the coach
	// approves, the contact has moved to another organisation.
	res, b = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/feedback-round-proposals", reg.ID),
		`{"deadline":"`+deadline+`","raters":[`+rater("manager", &manager)+`,{"group":"partner"}]}`, selfH...)
	var proposal struct {
		ID int64 `json:"id"`
	}
	if res.StatusCode != 201 || json.Unmarshal(b, &proposal) != nil {
		t.Fatalf("propose with the manager: %d %s", res.StatusCode, b)
	}
	if _, err := db.Exec(`UPDATE app_user SET organisation_id = $2 WHERE id = $1`, manager.ID, otherOrg.ID); err != nil {
		t.Fatal(err)
	}
	res, b = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-rounds/%d/approval", proposal.ID), "", coachH...)
	refused(t, res, b, "raters[0].group", fmt.Sprintf("account met id %d ", manager.ID))
}

// TestRaterGroups_SingleRaterIsSaid: a coach group shown from the coach's
// one response says so to every viewer: fromSingleRater in the API results,
// "gebaseerd op één beoordelaar" on the results pages and in the
// development report, for the regisseur, their coach and an admin alike.
func TestRaterGroups_SingleRaterIsSaid(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	self := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org.ID, RegisseurID: &reg.ID})
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	bearer := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID), "Content-Type", "application/json"}
	}
	round := openRound(t, srv.URL, bearer(coach), reg.ID, fmt.Sprintf(`{"group":"coach","userId":%d},{"group":"partner"},{"group":"partner"},{"group":"partner"}`, coach.ID))
	for _, l := range round.Links {
		answerExternal(t, db, l.URL, 3)
	}
	req := feedbackRequests(t, srv.URL, bearer(coach))[0]
	if res, body := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-requests/%d/submission", req), answersJSON(t, 4, false), bearer(coach)...); res.StatusCode != 204 {
		t.Fatalf("coach answers: %d %s", res.StatusCode, body)
	}
	if res, body := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-rounds/%d/closure", round.ID), "", bearer(coach)...); res.StatusCode != 200 {
		t.Fatalf("close: %d %s", res.StatusCode, body)
	}

	const note = "gebaseerd op één beoordelaar"
	for _, v := range []struct {
		who  string
		user domain.User
		page string
	}{
		{"regisseur", self, "/mijn-resultaten"},
		{"coach", coach, fmt.Sprintf("/regisseurs/%d/ontwikkeling", reg.ID)},
		{"admin", admin, fmt.Sprintf("/regisseurs/%d/ontwikkeling", reg.ID)},
	} {
		t.Run(v.who, func(t *testing.T) {
			h := bearer(v.user)
			res, body := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/assessment-results", reg.ID), "", h...)
			var r struct {
				Competencies []struct {
					Groups []struct {
						Group           string `json:"group"`
						N               int    `json:"n"`
						FromSingleRater *bool  `json:"fromSingleRater"`
					} `json:"groups"`
				} `json:"competencies"`
			}
			if res.StatusCode != 200 || json.Unmarshal(body, &r) != nil || len(r.Competencies) == 0 {
				t.Fatalf("results: %d %s", res.StatusCode, body)
			}
			single := map[string]bool{}
			for _, g := range r.Competencies[0].Groups {
				if g.FromSingleRater == nil {
					t.Fatalf("group %s has no fromSingleRater", g.Group)
				}
				single[g.Group] = *g.FromSingleRater
			}
			if len(single) != 2 || !single["coach"] || single["partner"] {
				t.Errorf("fromSingleRater per group %v, want coach true and partner false", single)
			}

			page := getCoachingPage(t, srv.URL+v.page, pgtest.MustSession(t, db, v.user.ID))
			if !strings.Contains(page, note) {
				t.Errorf("%s does not say %q", v.page, note)
			}

			res, pdf := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/development-report", reg.ID), "", h[0], h[1], "Accept", "application/pdf")
			if res.StatusCode != 200 {
				t.Fatalf("development report: %d", res.StatusCode)
			}
			if text := strings.ToLower(pdfText(t, pdf)); !strings.Contains(text, note) || !strings.Contains(text, "(1)*") {
				t.Errorf("the development report does not mark the coach's score (1)* nor say %q", note)
			}
		})
	}
}

// TestRaterGroups_FormOffersOnlyAdmittedGroups: the round form on the
// development page offers "Als begeleider" only for the regisseur's coach
// and "Als leidinggevende" only for a contact of their organisation, also
// when the coach could not see that contact otherwise; no link is offered
// for either group.
func TestRaterGroups_FormOffersOnlyAdmittedGroups(t *testing.T) {
	srv, db := newServer(t)
	org, otherOrg := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	reg, peerReg := pgtest.MustCreateRegisseur(t, db, org.ID), pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID, peerReg.ID}})
	manager := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &org.ID})
	otherContact := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &otherOrg.ID})
	peer := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org.ID, RegisseurID: &peerReg.ID})
	page := getCoachingPage(t, srv.URL+fmt.Sprintf("/regisseurs/%d/ontwikkeling", reg.ID), pgtest.MustSession(t, db, coach.ID))

	options := func(u domain.User) []string {
		i := strings.Index(page, fmt.Sprintf(`name="intern-%d"`, u.ID))
		if i < 0 {
			return nil
		}
		sel := page[i : i+strings.Index(page[i:], "</select>")]
		var out []string
		for _, part := range strings.Split(sel, `<option value="`)[1:] {
			if v := part[:strings.Index(part, `"`)]; v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	for _, tt := range []struct {
		who  string
		user domain.User
		want string
	}{
		{"the coach", coach, "[coach peer partner]"},
		{"the organisation's contact", manager, "[manager peer partner]"},
		{"a colleague regisseur", peer, "[peer partner]"},
	} {
		if got := fmt.Sprint(options(tt.user)); got != tt.want {
			t.Errorf("%s is offered %s, want %s", tt.who, got, tt.want)
		}
	}
	if got := options(otherContact); got != nil {
		t.Errorf("another organisation's contact is offered %v to a coach", got)
	}
	for _, g := range []string{"coach", "manager"} {
		if strings.Contains(page, `name="extern-`+g+`"`) {
			t.Errorf("the form offers links for group %s", g)
		}
	}
}
