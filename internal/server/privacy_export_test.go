package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestMyExport: a regisseur's access request (GET /api/v1/me/export) holds
// every kind of data about them, the 360 results as they may see them (no
// hidden group, no rater's name or token), cases by reference only, and
// who read their data; the PDF is readable; the export is audited.
func TestMyExport(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	mun := pgtest.MustCreateMunicipality(t, db)
	reg := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 16)
	if _, err := db.Exec(`UPDATE regisseur SET name = 'Renske Regisseur' WHERE id = $1`, reg.ID); err != nil {
		t.Fatal(err)
	}
	var mid int64
	if err := db.Get(&mid, `UPDATE pool_membership SET motivation = 'Ik regisseer graag.' WHERE regisseur_id = $1 RETURNING id`, reg.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE pre_selection SET report = '%PDF-1.4 rapport', report_filename = 'rapport.pdf', pitfalls = '{Te snel}' WHERE membership_id = $1`, mid); err != nil {
		t.Fatal(err)
	}
	me := pgtest.MustCreateUser(t, db, domain.User{Name: "Renske Regisseur", Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID, OrganisationID: &org.ID})
	coach := pgtest.MustCreateUser(t, db, domain.User{Name: "Cor Coach", Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	peer := pgtest.MustCreateUser(t, db, domain.User{Name: "Pieter Peer", Roles: []domain.Role{domain.RoleRegisseur}})
	sys := pgtest.SystemCtx()
	meCtx := pgtest.ActorCtx(t, db, me.ID)

	// Self-assessment, then a closed round: three partners (shown), one
	// peer with a name and two family members (hidden groups).
	d, err := db.DraftSelfAssessment(meCtx, reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveSelfAssessment(meCtx, d.ID, answersMap(t, 4), true); err != nil {
		t.Fatal(err)
	}
	round, links, err := db.OpenFeedbackRound(sys, reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{
		{Group: "partner"}, {Group: "partner"}, {Group: "partner"}, {Group: "family"}, {Group: "family"}, {Group: "peer", UserID: &peer.ID}})
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range links {
		a, _, err := db.ExternalFeedbackRequest(context.Background(), l.Token)
		if err != nil {
			t.Fatal(err)
		}
		ans := answersMap(t, 3+i%2)
		for k, v := range ans {
			v.Comment = "Samenwerking loopt goed."
			ans[k] = v
		}
		if i >= 3 { // the family form has its own items
			five := 5
			ans = map[string]domain.Answer{}
			for _, k := range []string{"culturele-sensitiviteit", "relatie-opbouwen", "aanpassingsvermogen", "daadkrachtig", "organisatietalent", "helikopterview"} {
				ans[k] = domain.Answer{Score: &five}
			}
		}
		if err := db.AnswerExternal(domain.WithActor(context.Background(), a), ans); err != nil {
			t.Fatal(err)
		}
	}
	peerCtx := pgtest.ActorCtx(t, db, peer.ID)
	reqs, _, err := db.FindFeedbackRequests(peerCtx, domain.Page{Page: 1, PageSize: 10})
	if err != nil || len(reqs) != 1 {
		t.Fatalf("peer's requests: %v %v", reqs, err)
	}
	if err := db.AnswerFeedbackRequest(peerCtx, reqs[0].RaterID, answersMap(t, 2), true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CloseFeedbackRound(sys, round.ID); err != nil {
		t.Fatal(err)
	}
	// A reflection with a reply, a goal, a case they direct.
	r := domain.Reflection{RegisseurID: reg.ID, WrittenOn: time.Now(), CompetencyKey: "daadkrachtig", Body: "Reflectie over Z-77."}
	if err := db.CreateReflection(meCtx, &r, true); err != nil {
		t.Fatal(err)
	}
	coachCtx := pgtest.ActorCtx(t, db, coach.ID)
	if _, err := db.ReplyToReflection(coachCtx, r.ID, "Goed gezien."); err != nil {
		t.Fatal(err)
	}
	g := domain.DevelopmentGoal{RegisseurID: reg.ID, CompetencyKey: "daadkrachtig", Basis: "other", Description: "Sneller beslissen", TargetDate: time.Now().AddDate(0, 3, 0)}
	if err := db.CreateDevelopmentGoal(coachCtx, &g); err != nil {
		t.Fatal(err)
	}
	c := domain.Case{Reference: "ZAAK-4711", MunicipalityID: mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high", ZaakIdentificatie: "ZID-SECRET"}
	if err := db.CreateCase(sys, &c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Assign(sys, c.ID, reg.ID); err != nil {
		t.Fatal(err)
	}
	// The coach reads the results: the export lists that read.
	if _, err := db.FindAssessmentData(coachCtx, reg.ID); err != nil {
		t.Fatal(err)
	}

	bearer := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, me.ID)}
	res, body := do(t, "GET", srv.URL+"/api/v1/me/export", "", bearer...)
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %s %s", res.StatusCode, res.Header.Get("Content-Disposition"), body)
	}
	var e struct {
		Profile   struct{ Name, Email string }
		Regisseur struct {
			Name        string
			Memberships []struct {
				Motivation   string
				History      []json.RawMessage
				PreSelection *struct {
					Outcome  string
					Pitfalls []string
					Report   []byte
				}
			}
			SelfAssessments []struct{ Status string }
			Results         struct {
				RoundID *int64
				Items   []struct {
					Groups   []struct{ Group string }
					Comments []string
				}
			}
			Reflections []struct {
				Body    string
				Replies []struct{ Author, Body string }
			}
			Goals            []struct{ Description string }
			Cases            []struct{ Reference string }
			AccessesByOthers []struct {
				Role       string
				Name       *string
				RecordType string
			}
		}
	}
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatal(err)
	}
	x := e.Regisseur
	for what, ok := range map[string]bool{
		"profile":            e.Profile.Email == me.Email,
		"regisseur":          x.Name == "Renske Regisseur",
		"membership":         len(x.Memberships) == 1 && x.Memberships[0].Motivation == "Ik regisseer graag.",
		"pre-selection":      len(x.Memberships) == 1 && x.Memberships[0].PreSelection != nil && x.Memberships[0].PreSelection.Outcome == "suitable" && len(x.Memberships[0].PreSelection.Pitfalls) == 1,
		"pre-selection file": len(x.Memberships) == 1 && x.Memberships[0].PreSelection != nil && bytes.HasPrefix(x.Memberships[0].PreSelection.Report, []byte("%PDF")),
		"self-assessment":    len(x.SelfAssessments) == 1 && x.SelfAssessments[0].Status == "submitted",
		"results":            x.Results.RoundID != nil && *x.Results.RoundID == round.ID && len(x.Results.Items) > 0,
		"reflection":         len(x.Reflections) == 1 && len(x.Reflections[0].Replies) == 1 && x.Reflections[0].Replies[0].Body == "Goed gezien.",
		"goal":               len(x.Goals) == 1 && x.Goals[0].Description == "Sneller beslissen",
		"case":               len(x.Cases) == 1 && x.Cases[0].Reference == "ZAAK-4711",
		"who read":           len(x.AccessesByOthers) > 0,
	} {
		if !ok {
			t.Errorf("the export lacks its %s", what)
		}
	}
	for _, it := range x.Results.Items {
		for _, g := range it.Groups {
			if g.Group != "partner" {
				t.Errorf("the export shows the hidden group %s", g.Group)
			}
		}
	}
	sawCoachRead := false
	for _, a := range x.AccessesByOthers {
		if a.Role == "coach" && a.Name != nil && *a.Name == "Cor Coach" && a.RecordType == "assessment_result" {
			sawCoachRead = true
		}
	}
	if !sawCoachRead {
		t.Errorf("the export does not list the coach's read: %+v", x.AccessesByOthers)
	}
	// No rater identity: not the peer's name or address, no token; no
	// family data of the case.
	secrets := []string{"Pieter Peer", peer.Email, "ZID-SECRET"}
	for _, l := range links {
		secrets = append(secrets, l.Token)
	}
	for _, s := range secrets {
		if strings.Contains(string(body), s) {
			t.Errorf("the export contains %q", s)
		}
	}

	res, pdf := do(t, "GET", srv.URL+"/api/v1/me/export?format=pdf", "", bearer...)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("export as PDF: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Renske Regisseur", "Ik regisseer graag.", "Reflectie over Z-77.", "Sneller beslissen", "ZAAK-4711", "Cor Coach", "Samenwerking"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	for _, s := range secrets[:3] {
		if strings.Contains(text, s) {
			t.Errorf("the PDF contains %q", s)
		}
	}
	if res, _ := do(t, "GET", srv.URL+"/api/v1/me/export?format=doc", "", bearer...); res.StatusCode != 400 {
		t.Errorf("format=doc: %d, want 400", res.StatusCode)
	}
	var n int
	if err := db.Get(&n, `SELECT count(*) FROM audit_event WHERE action = 'export' AND record_type = 'regisseur' AND record_id = $1`, reg.ID); err != nil || n != 2 {
		t.Errorf("%d export audit events (%v), want 2", n, err)
	}
	// Someone who is no regisseur gets their account only.
	if res, body := do(t, "GET", srv.URL+"/api/v1/me/export", "", "Authorization", "Bearer "+pgtest.MustAccessToken(t, db, coach.ID)); res.StatusCode != 200 ||
		!strings.Contains(string(body), `"regisseur":null`) {
		t.Errorf("coach's export: %d %s", res.StatusCode, body)
	}
}
