package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// trendRow is one row of a goal's scores table on the plan page.
var trendRow = regexp.MustCompile(`<th class="utrecht-table__header-cell" scope="row">([^<]+)</th>\s*` +
	`<td class="utrecht-table__cell utrecht-table__cell--numeric-data">([^<]+)</td>\s*` +
	`<td class="utrecht-table__cell utrecht-table__cell--numeric-data">([^<]+)</td>`)

// TestCoachingAPIAndPagesAgree: the development plan's scores per closed
// round and a regisseur's intervisie attendance are one use case each; the
// API and the pages show the same figures.
func TestCoachingAPIAndPagesAgree(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	bearer := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, coach.ID)}
	cookie := pgtest.MustSession(t, db, coach.ID)

	// A closed round (self 4, three partners 3), a goal and a session.
	ctx := pgtest.SystemCtx()
	d, err := db.DraftSelfAssessment(ctx, reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSelfAssessment(ctx, d.ID, answersMap(t, 4), true); err != nil {
		t.Fatal(err)
	}
	round, links, err := db.OpenFeedbackRound(ctx, reg.ID, time.Now().AddDate(0, 0, 7),
		[]domain.NewRater{{Group: "partner"}, {Group: "partner"}, {Group: "partner"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		answerExternal(t, db, "/beoordelen/"+l.Token, 3)
	}
	if _, err := db.CloseFeedbackRound(ctx, round.ID); err != nil {
		t.Fatal(err)
	}
	coachCtx := pgtest.ActorCtx(t, db, coach.ID)
	goal := domain.DevelopmentGoal{RegisseurID: reg.ID, CompetencyKey: "daadkrachtig", Basis: domain.BasisBelowNorm,
		Description: "Sneller opschalen", TargetDate: time.Now().AddDate(0, 2, 0)}
	if err := db.CreateDevelopmentGoal(coachCtx, &goal); err != nil {
		t.Fatal(err)
	}
	s := domain.Intervisie{HeldOn: time.Now(), DurationMinutes: 90, Form: domain.FormIntervisie, Attendees: []int64{reg.ID}}
	if err := db.CreateIntervisie(coachCtx, &s); err != nil {
		t.Fatal(err)
	}

	t.Run("plan scores", func(t *testing.T) {
		res, body := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/development-plan", reg.ID), "", bearer...)
		var plan struct {
			Goals []struct {
				Scores []struct {
					ClosedOn string   `json:"closedOn"`
					Self     *int     `json:"self"`
					Others   *float64 `json:"others"`
				} `json:"scores"`
			} `json:"goals"`
		}
		if res.StatusCode != 200 || json.Unmarshal(body, &plan) != nil || len(plan.Goals) != 1 || len(plan.Goals[0].Scores) != 1 {
			t.Fatalf("API plan: %d %s", res.StatusCode, body)
		}
		var want [][3]string
		for _, sc := range plan.Goals[0].Scores {
			closed, err := time.Parse("2006-01-02", sc.ClosedOn)
			if err != nil || sc.Self == nil || sc.Others == nil {
				t.Fatalf("API score %+v: %v", sc, err)
			}
			want = append(want, [3]string{domain.FormatDate(closed), domain.FormatNumber(*sc.Others, 2), strconv.Itoa(*sc.Self)})
		}
		page := getCoachingPage(t, srv.URL+fmt.Sprintf("/regisseurs/%d/ontwikkelplan", reg.ID), cookie)
		var got [][3]string
		for _, m := range trendRow.FindAllStringSubmatch(page, -1) {
			got = append(got, [3]string{m[1], m[2], m[3]})
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || want[0][1] != "3,00" || want[0][2] != "4" {
			t.Errorf("page scores %v, API scores %v (want others 3,00 and self 4)", got, want)
		}
	})

	t.Run("attendance", func(t *testing.T) {
		res, body := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/attendance", reg.ID), "", bearer...)
		var att struct{ Invited, Attended int }
		if res.StatusCode != 200 || json.Unmarshal(body, &att) != nil || att.Invited != 1 || att.Attended != 1 {
			t.Fatalf("API attendance: %d %s", res.StatusCode, body)
		}
		page := getCoachingPage(t, srv.URL+"/begeleiding", cookie)
		want := fmt.Sprintf("%d van %d bijgewoond (%s)", att.Attended, att.Invited, domain.FormatPercent(att.Attended, att.Invited))
		if !strings.Contains(page, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	})
}

// getCoachingPage fetches a page with a session cookie; it must answer 200.
func getCoachingPage(t *testing.T, url, cookie string) string {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: cookie})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, res.StatusCode, err)
	}
	return string(b)
}
