package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestMonitoringPageAndAPIAgree: the monitoring page, its CSV export and the
// API's JSON and CSV give the same figures for the same period, and the page
// writes them the Dutch way.
func TestMonitoringPageAndAPIAgree(t *testing.T) {
	srv, db := newServer(t)
	ctx := pgtest.SystemCtx()
	org := pgtest.MustCreateOrganisation(t, db)
	mun := pgtest.MustCreateMunicipality(t, db)
	member := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 5, 24)
	today := time.Now()
	var cases []domain.Case
	for i := range 3 {
		c := domain.Case{Reference: fmt.Sprintf("MON-%d", i), MunicipalityID: mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high"}
		if err := db.CreateCase(ctx, &c); err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	for _, c := range cases[:2] {
		if _, err := db.Assign(ctx, c.ID, member.ID); err != nil {
			t.Fatal(err)
		}
	}
	hours, area := 12.5, 1
	yes := true
	// A plan without details (logged before they existed) and a new
	// version drawn up with the parent, with two evaluation agreements.
	withFamily := &domain.StepDetails{Participants: []string{domain.ParticipantParent},
		PlanGoals: []domain.PlanGoal{{LifeDomain: "wonen", Goal: "Een eigen woning", Responsible: domain.ResponsibleRegisseur, Action: "Urgentie aanvragen"}},
		EvaluationAgreements: []domain.EvaluationAgreement{
			{Date: today.AddDate(0, 0, 14).Format("2006-01-02"), Participants: []string{domain.ParticipantParent}},
			{Date: today.AddDate(0, 0, 28).Format("2006-01-02"), Participants: []string{domain.ParticipantParent}}}}
	events := []domain.CaseEvent{{Kind: "hours", Hours: &hours}, {Kind: "round_table"}, {Kind: "plan_made"}, {Kind: domain.EventPlanAdjusted, Details: withFamily},
		{Kind: domain.EventProblemAnalysis, Details: &domain.StepDetails{Participants: []string{domain.ParticipantParent},
			LifeDomains: []string{"wonen", "inkomen"}, Conclusion: "Schulden en woonproblemen hangen samen."}},
		{Kind: domain.EventEscalation, Details: &domain.StepDetails{EscalatedTo: domain.EscalateProcessOwner, Why: "Geen woning.", MandateUsed: &yes}},
		{Kind: domain.EventEvaluation, Details: &domain.StepDetails{Goals: []domain.GoalResult{{Goal: "Schulden in beeld", Reached: true}, {Goal: "Woning", Reached: false}}}}}
	for _, score := range []int{3, 4} {
		events = append(events, domain.CaseEvent{Kind: "satisfaction", ResultArea: &area, Score: &score})
	}
	for _, e := range events {
		e.OccurredOn = today
		if err := db.AddCaseEvent(ctx, cases[0].ID, &e); err != nil {
			de, _ := domain.AsError(err)
			t.Fatalf("%s: %+v", e.Kind, de.Fields)
		}
	}
	if _, err := db.CloseCase(ctx, cases[1].ID, "goals_reached"); err != nil {
		t.Fatal(err)
	}

	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	bearer := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, monitor.ID)}
	cookie := []string{"Cookie", auth.SessionCookieName(false) + "=" + pgtest.MustSession(t, db, monitor.ID)}

	res, body := do(t, "GET", srv.URL+"/api/v1/reports/monitoring", "", append(bearer, "Accept", "application/json")...)
	if res.StatusCode != 200 {
		t.Fatalf("API JSON: %d %s", res.StatusCode, body)
	}
	var api struct {
		Cases, Waiting, Assigned, Closed int
		ResultAreas                      []struct {
			Indicators []struct {
				Key       string
				Value, Of int
			}
		}
		Satisfaction     []struct{ Mean float64 }
		HoursPerCase     struct{ Mean float64 }
		ArrangementHours float64
		CloseReasons     map[string]int
	}
	if err := json.Unmarshal(body, &api); err != nil {
		t.Fatal(err)
	}
	if api.Cases != 3 || api.Waiting != 1 || api.Assigned != 1 || api.Closed != 1 || api.Satisfaction[0].Mean != 3.5 {
		t.Fatalf("API figures: %+v", api)
	}
	// The result areas count the structured steps: the case counts once as
	// having a plan drawn up with the family, for the version that records
	// the parent among its participants.
	got := map[string][2]int{}
	for _, ra := range api.ResultAreas {
		for _, ind := range ra.Indicators {
			got[ind.Key] = [2]int{ind.Value, ind.Of}
		}
	}
	for key, want := range map[string][2]int{
		domain.IndicatorPlansWithFamily: {1, 2}, domain.IndicatorEvaluationAgreements: {2, 0}, domain.IndicatorRoundTables: {1, 0}, domain.IndicatorProblemAnalyses: {1, 0},
		domain.IndicatorCasesWithAnalysis: {1, 2}, domain.IndicatorSeveralDomainsAnalysed: {1, 0},
		domain.IndicatorEscalations: {1, 0}, domain.IndicatorEscalationsMandate: {1, 0}, domain.IndicatorGoalsReached: {1, 2},
		domain.IndicatorEvaluations: {1, 0}, domain.IndicatorInterventionsSafety: {0, 0},
	} {
		if got[key] != want {
			t.Errorf("indicator %s = %v, want %v", key, got[key], want)
		}
	}

	res, body = do(t, "GET", srv.URL+"/monitoring", "", cookie...)
	if res.StatusCode != 200 {
		t.Fatalf("page: %d", res.StatusCode)
	}
	page := string(body)
	dd := func(v string) string { return `<dd class="utrecht-data-list__item-value">` + v + `</dd>` }
	for _, want := range []string{
		dd(fmt.Sprint(api.Cases)),
		dd(fmt.Sprintf("%d / %d / %d", api.Waiting, api.Assigned, api.Closed)),
		`<th class="utrecht-table__cell" scope="row">Rondetafeloverleggen</th><td class="utrecht-table__cell">1</td>`,
		`Bereikte doelen (van de geëvalueerde doelen)</th><td class="utrecht-table__cell">1</td><td class="utrecht-table__cell">50%</td>`,
		`<td class="utrecht-table__cell">` + domain.FormatNumber(api.Satisfaction[0].Mean, 2) + `</td>`,
		"gemiddeld " + domain.FormatNumber(api.HoursPerCase.Mean, 1) + ",",
		"regiearrangement van " + domain.FormatNumberTrim(api.ArrangementHours, 1) + " uur",
		domain.CloseReasonLabels["goals_reached"] + ": 1",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks the API's %q", want)
		}
	}
	if strings.Contains(page, "3.50") || !strings.Contains(page, "3,50") {
		t.Errorf("the page does not write the satisfaction mean as 3,50")
	}

	_, apiCSV := do(t, "GET", srv.URL+"/api/v1/reports/monitoring", "", append(bearer, "Accept", "text/csv")...)
	res, pageCSV := do(t, "GET", srv.URL+"/monitoring/export", "", cookie...)
	if res.StatusCode != 200 {
		t.Fatalf("page CSV: %d", res.StatusCode)
	}
	if a, p := withoutGeneratedAt(string(apiCSV)), withoutGeneratedAt(string(pageCSV)); a != p || a == "" {
		t.Errorf("CSV differs:\nAPI:\n%s\npage:\n%s", a, p)
	}
}

// withoutGeneratedAt drops the CSV row that says when it was made.
func withoutGeneratedAt(csv string) string {
	var keep []string
	for _, line := range strings.Split(csv, "\n") {
		if !strings.Contains(line, "generated_at") {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}
