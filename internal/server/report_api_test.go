package server_test

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// pdfText extracts the text of a PDF with Debian's pdftotext.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found: install the Debian package poppler-utils (make test does this)")
	}
	cmd := exec.Command(path, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestReportsAPI: the development report is a PDF in which a rater group
// under the threshold never appears; the monitoring figures come as PDF,
// JSON and CSV and hold no name or case reference; access follows the roles.
func TestReportsAPI(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	mun := pgtest.MustCreateMunicipality(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	if _, err := db.Exec(`UPDATE regisseur SET name = 'Noëlle Geheimnaam' WHERE id = $1`, reg.ID); err != nil {
		t.Fatal(err)
	}
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	h := func(u domain.User, accept string) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID), "Accept", accept}
	}
	// A closed round: 3 partners (shown) and 2 family members (hidden).
	ctx := pgtest.SystemCtx()
	d, err := db.DraftSelfAssessment(ctx, reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSelfAssessment(ctx, d.ID, answersMap(t, 4), true); err != nil {
		t.Fatal(err)
	}
	round, links, err := db.OpenFeedbackRound(ctx, reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{
		{Group: "partner"}, {Group: "partner"}, {Group: "partner"}, {Group: "family"}, {Group: "family"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range links[:3] {
		answerExternal(t, db, "/beoordelen/"+l.Token, 3)
	}
	for _, l := range links[3:] {
		a, _, err := db.ExternalFeedbackRequest(context.Background(), l.Token)
		if err != nil {
			t.Fatal(err)
		}
		five := 5
		fam := map[string]domain.Answer{}
		for _, k := range []string{"culturele-sensitiviteit", "relatie-opbouwen", "aanpassingsvermogen", "daadkrachtig", "organisatietalent", "helikopterview"} {
			fam[k] = domain.Answer{Score: &five}
		}
		if err := db.AnswerExternal(domain.WithActor(context.Background(), a), fam); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CloseFeedbackRound(ctx, round.ID); err != nil {
		t.Fatal(err)
	}

	res, body := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/development-report", reg.ID), "", h(coach, "application/pdf")...)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF")) {
		t.Fatalf("development report: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	text := pdfText(t, body)
	// The group header wraps in its column ("Samen-/werkings-/partners").
	if !strings.Contains(text, "Noëlle") || !strings.Contains(text, "partners") {
		t.Errorf("report text lacks the name or the partner group:\n%s", text)
	}
	if strings.Contains(text, "Gezin ") || strings.Contains(text, "Gezin\n") {
		t.Errorf("the hidden family group appears in the PDF:\n%s", text)
	}
	if res, _ := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/development-report", reg.ID), "", h(coach, "application/json")...); res.StatusCode != 406 {
		t.Errorf("development report as JSON: %d, want 406", res.StatusCode)
	}
	if res, _ := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/development-report", reg.ID), "", h(monitor, "application/pdf")...); res.StatusCode != 403 {
		t.Errorf("monitor reads a development report: %d, want 403", res.StatusCode)
	}

	// Monitoring: a case with a recognisable reference; none of it may leak.
	c := domain.Case{Reference: "ZAAK-7707-4242", MunicipalityID: mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high"}
	if err := db.CreateCase(ctx, &c); err != nil {
		t.Fatal(err)
	}
	for _, accept := range []string{"application/pdf", "application/json", "text/csv"} {
		res, body := do(t, "GET", srv.URL+"/api/v1/reports/monitoring", "", h(monitor, accept)...)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), strings.SplitN(accept, ";", 2)[0]) {
			t.Fatalf("monitoring as %s: %d %s", accept, res.StatusCode, res.Header.Get("Content-Type"))
		}
		content := string(body)
		if accept == "application/pdf" {
			content = pdfText(t, body)
		}
		for _, secret := range []string{"ZAAK-7707-4242", "Geheimnaam", "Noëlle"} {
			if strings.Contains(content, secret) {
				t.Errorf("monitoring %s contains %q", accept, secret)
			}
		}
		if accept == "application/json" && !strings.Contains(content, `{"key":"cases_registered","label":"Aangemelde casussen","value":null,"n":1,"unit":"count"}`) {
			t.Errorf("monitoring JSON: %s", content)
		}
	}
	if res, _ := do(t, "GET", srv.URL+"/api/v1/reports/monitoring?from=2026-13-01", "", h(monitor, "application/json")...); res.StatusCode != 400 {
		t.Errorf("bad date: %d", res.StatusCode)
	}
	// A coach's pool report holds the members they coach, no one else.
	member := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 16)
	pgtest.MustLinkCoach(t, db, coach.ID, member.ID)
	other := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 16)
	if _, err := db.Exec(`UPDATE regisseur SET name = CASE id WHEN $1 THEN 'Gecoachte Anna' ELSE 'Andere Bram' END WHERE id IN ($1, $2)`, member.ID, other.ID); err != nil {
		t.Fatal(err)
	}
	if res, body := do(t, "GET", srv.URL+"/api/v1/reports/pool", "", h(coach, "application/pdf")...); res.StatusCode != 200 ||
		!strings.Contains(pdfText(t, body), "Gecoachte Anna") || strings.Contains(pdfText(t, body), "Andere Bram") {
		t.Errorf("pool report: %d, want a PDF naming the coachee and not the other member", res.StatusCode)
	}
	if res, _ := do(t, "GET", srv.URL+"/api/v1/reports/pool", "", h(monitor, "application/pdf")...); res.StatusCode != 403 {
		t.Errorf("monitor reads the pool report: %d, want 403", res.StatusCode)
	}
}

// TestPoolReportHasEveryMember: the pool report counts every member, also
// beyond the first page of 100 the store hands out at a time.
func TestPoolReportHasEveryMember(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	mun := pgtest.MustCreateMunicipality(t, db)
	n := domain.MaxPageSize + 1
	for range n {
		pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 16)
	}
	res, body := do(t, "GET", srv.URL+"/api/v1/reports/pool", "", "Authorization", "Bearer "+adminToken(t, db), "Accept", "application/pdf")
	if res.StatusCode != 200 {
		t.Fatalf("pool report: %d", res.StatusCode)
	}
	if text := pdfText(t, body); !strings.Contains(text, fmt.Sprintf("Totaal (%d)", n)) {
		t.Errorf("the pool report does not count %d members:\n%s", n, text)
	}
}
