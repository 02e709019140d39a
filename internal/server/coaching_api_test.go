package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestCoachingAPI: notes reach coaches only, private reflections stay
// private, and a goal is changed only under its own regisseur.
func TestCoachingAPI(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	regA, regB := pgtest.MustCreateRegisseur(t, db, org.ID), pgtest.MustCreateRegisseur(t, db, org.ID)
	h := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, pgtest.MustCreateUser(t, db, u).ID), "Content-Type", "application/json"}
	}
	coach := h(domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{regA.ID, regB.ID}})
	self := h(domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &regA.ID})
	admin := h(domain.User{Roles: []domain.Role{domain.RoleAdmin}})

	today := time.Now().Format("2006-01-02")
	res, body := do(t, "POST", srv.URL+"/api/v1/intervisie-sessions", fmt.Sprintf(`{"heldOn":%q,"durationMinutes":90,"form":"intervisie","attendees":[%d],"absentees":[%d],"notes":"GEHEIM-NOTITIE"}`, today, regA.ID, regB.ID), coach...)
	if res.StatusCode != 201 || !strings.Contains(string(body), "GEHEIM-NOTITIE") {
		t.Fatalf("log session: %d %s", res.StatusCode, body)
	}
	loc := res.Header.Get("Location")
	if res, body = do(t, "GET", srv.URL+loc, "", self...); res.StatusCode != 200 || strings.Contains(string(body), "GEHEIM") || strings.Contains(string(body), `"notes"`) {
		t.Errorf("regisseur reads the session: %d %s", res.StatusCode, body)
	}
	if res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/attendance", regA.ID), "", self...); res.StatusCode != 200 || !strings.Contains(string(body), `"attended":1`) {
		t.Errorf("attendance: %d %s", res.StatusCode, body)
	}

	res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/reflections", regA.ID), fmt.Sprintf(`{"writtenOn":%q,"competencyKey":"zelfkennis","caseReference":"2026-77","body":"PRIVE-REFLECTIE"}`, today), self...)
	if res.StatusCode != 201 {
		t.Fatalf("write reflection: %d %s", res.StatusCode, body)
	}
	for _, hdr := range [][]string{coach, admin} {
		res, body := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/reflections", regA.ID), "", hdr...)
		if strings.Contains(string(body), "PRIVE-REFLECTIE") {
			t.Errorf("a private reflection leaked: %d %s", res.StatusCode, body)
		}
	}

	res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/development-plan/goals", regA.ID),
		`{"competencyKey":"daadkrachtig","basis":"below_norm","description":"Sneller opschalen","targetDate":"2027-03-01"}`, coach...)
	var goalID int64
	if res.StatusCode != 201 || !strings.Contains(string(body), `"status":"open"`) {
		t.Fatalf("add goal: %d %s", res.StatusCode, body)
	}
	fmt.Sscanf(string(body), `{"id":%d`, &goalID)
	before := snapshot(t, db)
	if res, _ = do(t, "PATCH", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/development-plan/goals/%d", regB.ID, goalID), `{"status":"achieved"}`, coach...); res.StatusCode != 404 {
		t.Errorf("change a goal under another regisseur: %d, want 404", res.StatusCode)
	}
	var status string
	if err := db.Get(&status, `SELECT status FROM development_goal WHERE id = $1`, goalID); err != nil || status != "open" || snapshot(t, db) != before {
		t.Errorf("the goal changed: %q %v", status, err)
	}
	res, body = do(t, "PATCH", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/development-plan/goals/%d", regA.ID, goalID), `{"status":"in_progress","note":"gestart"}`, coach...)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"to":"in_progress"`) {
		t.Fatalf("update goal: %d %s", res.StatusCode, body)
	}
	if res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/development-plan", regA.ID), "", self...); res.StatusCode != 200 || !strings.Contains(string(body), "Sneller opschalen") {
		t.Errorf("regisseur reads own plan: %d %s", res.StatusCode, body)
	}
	if res, _ = do(t, "GET", srv.URL+"/api/v1/regisseurs/999999/development-plan", "", admin...); res.StatusCode != 404 {
		t.Errorf("plan of an unknown regisseur: %d, want 404", res.StatusCode)
	}
}
