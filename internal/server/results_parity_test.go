package server_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestResultsParity: after two closed rounds the results page, the API and
// the PDF tell the same numbers; the page has the radar chart as an image
// with a title and description beside the table, the trend's columns are
// told apart ("Ronde 1", "Ronde 2") and the "Verandering" column is there,
// as in the PDF; the PDF addresses its reader with "u", as the pages do.
func TestResultsParity(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	ctx := pgtest.SystemCtx()
	d, err := db.DraftSelfAssessment(ctx, reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSelfAssessment(ctx, d.ID, answersMap(t, 4), true); err != nil {
		t.Fatal(err)
	}
	for _, score := range []int{3, 4} {
		round, links, err := db.OpenFeedbackRound(ctx, reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{{Group: "partner"}, {Group: "partner"}, {Group: "partner"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			answerExternal(t, db, "/beoordelen/"+l.Token, score)
		}
		if _, err := db.CloseFeedbackRound(ctx, round.ID); err != nil {
			t.Fatal(err)
		}
	}
	h := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, coach.ID)}
	r := getResults(t, srv.URL, h, reg.ID)
	if len(r.Competencies) == 0 || r.Competencies[0].Others == nil || r.Competencies[0].Others.Mean != 4 || len(r.Trend) != 2 {
		t.Fatalf("API results: %+v", r)
	}

	req, _ := http.NewRequest("GET", srv.URL+fmt.Sprintf("/regisseurs/%d/ontwikkeling", reg.ID), nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: pgtest.MustSession(t, db, coach.ID)})
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	page := string(b)
	for _, want := range []string{
		`class="app-radar" role="img" aria-labelledby="radar-svg-titel radar-svg-uitleg"`, `<title id="radar-svg-titel">`, `<desc id="radar-svg-uitleg">`,
		"4,00 (3)", ">Verandering</th>", "&#43;1,00", // html/template writes "+" as &#43;
	} {
		if !strings.Contains(page, want) {
			t.Errorf("results page lacks %q", want)
		}
	}
	if strings.Count(page, "<polygon") < 3 {
		t.Error("the radar chart has no series")
	}

	_, pdf := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/development-report", reg.ID), "", append(h, "Accept", "application/pdf")...)
	text := pdfText(t, pdf)
	for _, want := range []string{"4,00", "Verandering", "+1,00", "Zo leest u de grafiek", "Ronde 1 (", "Ronde 2 ("} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	// The trend's column headers read the same on the page and in the PDF
	// (the PDF may wrap a header over lines).
	flat := strings.Join(strings.Fields(text), " ")
	var closed []time.Time
	if err := db.Select(&closed, `SELECT closed_at FROM feedback_round WHERE regisseur_id = $1 ORDER BY closed_at`, reg.ID); err != nil || len(closed) != 2 {
		t.Fatalf("closed rounds %v (%v)", closed, err)
	}
	for i, at := range closed {
		want := domain.TrendRoundHeader(i+1, at.UTC())
		if !strings.Contains(page, ">"+want+"</th>") {
			t.Errorf("results page lacks the header %q", want)
		}
		if !strings.Contains(flat, want) {
			t.Errorf("PDF lacks the header %q\n%s", want, text)
		}
	}
	for _, je := range []string{" je ", "jezelf", " jij", " jou "} {
		if strings.Contains(text, je) {
			t.Errorf("the PDF says %q; the service says 'u'", je)
		}
	}
}
