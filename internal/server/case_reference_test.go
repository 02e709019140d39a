package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestCaseReferenceRefusesNames: a reflection's caseReference and a case's
// reference take the municipality's case number only; a name is refused
// with 400 naming the field, by the API and by the page alike.
func TestCaseReferenceRefusesNames(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	mun := pgtest.MustCreateMunicipality(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	self := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID})
	disp := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	bearer := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID), "Content-Type", "application/json"}
	}
	today := time.Now().Format("2006-01-02")
	reflection := fmt.Sprintf("/api/v1/regisseurs/%d/reflections", reg.ID)
	cookie := &http.Cookie{Name: auth.SessionCookieName(false), Value: pgtest.MustSession(t, db, self.ID)}

	for _, tt := range []struct {
		ref    string
		status int
	}{
		{"PietJansen", 400},
		{"Jansen-2026", 400},
		{"Fam.Jansen", 400},
		{"Z-2026-0101", 201},
		{"2026.00123", 201},
	} {
		t.Run(tt.ref, func(t *testing.T) {
			res, body := do(t, "POST", srv.URL+reflection, fmt.Sprintf(`{"writtenOn":%q,"competencyKey":"zelfkennis","caseReference":%q,"body":"Reflectie"}`, today, tt.ref), bearer(self)...)
			if res.StatusCode != tt.status {
				t.Fatalf("API reflection: %d %s, want %d", res.StatusCode, body, tt.status)
			}
			if tt.status == 400 && !strings.Contains(string(body), `"name":"caseReference"`) {
				t.Errorf("API reflection: %s does not name caseReference", body)
			}

			form := url.Values{"writtenOn": {today}, "competencyKey": {"zelfkennis"}, "caseReference": {tt.ref}, "body": {"Reflectie"}}
			req, _ := http.NewRequest("POST", srv.URL+"/reflecties", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(cookie)
			page, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			page.Body.Close()
			if want := map[int]int{400: 400, 201: 303}[tt.status]; page.StatusCode != want {
				t.Errorf("page reflection: %d, want %d", page.StatusCode, want)
			}

			res, body = do(t, "POST", srv.URL+"/api/v1/cases", fmt.Sprintf(`{"reference":%q,"municipalityId":%d,"parentsStruggle":true,"highRisk":true,"safetyRisk":"high"}`, tt.ref, mun.ID), bearer(disp)...)
			if res.StatusCode != tt.status {
				t.Fatalf("API case intake: %d %s, want %d", res.StatusCode, body, tt.status)
			}
			if tt.status == 400 && !strings.Contains(string(body), `"name":"reference"`) {
				t.Errorf("API case intake: %s does not name reference", body)
			}
		})
	}
}
