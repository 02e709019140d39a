package server_test

import (
	"encoding/json"
	"fmt"
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

// caseLogEnv is a case in a dispatcher's municipality, assigned to Anna;
// Anna and Bram have regisseur accounts.
type caseLogEnv struct {
	srv                 string
	db                  *postgres.DB
	caseID              int64
	anna, bram          int64 // regisseur ids
	tokens, cookies     map[string]string
	dispatcherCtxUserID int64
}

func newCaseLogEnv(t *testing.T) *caseLogEnv {
	t.Helper()
	srv, db := newServer(t)
	mun, org := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateOrganisation(t, db)
	e := &caseLogEnv{srv: srv.URL, db: db, tokens: map[string]string{}, cookies: map[string]string{}}
	e.anna = pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 16).ID
	e.bram = pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 16).ID
	users := map[string]domain.User{
		"admin":      {Roles: []domain.Role{domain.RoleAdmin}},
		"dispatcher": {Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}},
		"anna":       {Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org.ID, RegisseurID: &e.anna},
		"bram":       {Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org.ID, RegisseurID: &e.bram},
	}
	for who, spec := range users {
		u := pgtest.MustCreateUser(t, db, spec)
		e.tokens[who], e.cookies[who] = pgtest.MustAccessToken(t, db, u.ID), pgtest.MustSession(t, db, u.ID)
		if who == "dispatcher" {
			e.dispatcherCtxUserID = u.ID
		}
	}
	ctx := pgtest.ActorCtx(t, db, e.dispatcherCtxUserID)
	c := domain.Case{Reference: "Z-7001", MunicipalityID: mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: domain.RiskHigh}
	if err := db.CreateCase(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Assign(ctx, c.ID, e.anna); err != nil {
		t.Fatal(err)
	}
	e.caseID = c.ID
	return e
}

// logEvent posts an event through the API as who and returns the status.
func (e *caseLogEnv) logEvent(t *testing.T, who, body string) (int, []byte) {
	t.Helper()
	res, b := do(t, "POST", fmt.Sprintf("%s/api/v1/cases/%d/events", e.srv, e.caseID), body,
		"Authorization", "Bearer "+e.tokens[who], "Content-Type", "application/json")
	return res.StatusCode, b
}

// logForm posts the log form of the case page as who and returns the status.
func (e *caseLogEnv) logForm(t *testing.T, who string, form url.Values) int {
	t.Helper()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/casussen/%d/logboek", e.srv, e.caseID), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: e.cookies[who]})
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// casePage is the case page as who sees it.
func (e *caseLogEnv) casePage(t *testing.T, who string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/casussen/%d", e.srv, e.caseID), nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: e.cookies[who]})
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s reads the case page: %d", who, res.StatusCode)
	}
	return string(b)
}

const logFormMarker = `id="gebeurtenis-vastleggen"`

// TestCaseLog_AfterHandoverAndClose: only the current regisseur and the
// dispatchers in scope write to an open case's log; the previous regisseur
// after a handover no longer does (they still read it); a closed case is
// read-only for everyone, except that an admin may add a correction with a
// reason. The API, the form and the page's form agree.
func TestCaseLog_AfterHandoverAndClose(t *testing.T) {
	e := newCaseLogEnv(t)
	today := time.Now().Format("2006-01-02")
	hours := fmt.Sprintf(`{"kind":"hours","occurredOn":%q,"hours":2}`, today)
	form := url.Values{"kind": {"hours"}, "occurredOn": {today}, "hours": {"2"}}

	if got, b := e.logEvent(t, "anna", hours); got != http.StatusCreated {
		t.Fatalf("the current regisseur logs: %d %s, want 201", got, b)
	}
	if _, err := e.db.Handover(pgtest.ActorCtx(t, e.db, e.dispatcherCtxUserID), e.caseID, e.bram, "Anna gaat met verlof."); err != nil {
		t.Fatal(err)
	}
	if got, b := e.logEvent(t, "anna", hours); got != http.StatusForbidden {
		t.Errorf("the previous regisseur logs after the handover: %d %s, want 403", got, b)
	}
	if got := e.logForm(t, "anna", form); got != http.StatusForbidden {
		t.Errorf("the previous regisseur posts the log form: %d, want 403", got)
	}
	if page := e.casePage(t, "anna"); strings.Contains(page, logFormMarker) {
		t.Error("the previous regisseur's case page offers the log form")
	}
	if res, _ := do(t, "GET", fmt.Sprintf("%s/api/v1/cases/%d/events", e.srv, e.caseID), "", "Authorization", "Bearer "+e.tokens["anna"]); res.StatusCode != http.StatusOK {
		t.Errorf("the previous regisseur reads the log: %d, want 200", res.StatusCode)
	}
	for _, who := range []string{"bram", "dispatcher", "admin"} {
		if got, b := e.logEvent(t, who, hours); got != http.StatusCreated {
			t.Errorf("%s logs on the open case: %d %s, want 201", who, got, b)
		}
		if page := e.casePage(t, who); !strings.Contains(page, logFormMarker) {
			t.Errorf("%s's case page lacks the log form", who)
		}
	}
	correction := `{"kind":"correction","occurredOn":"` + today + `","reason":"De uren van vandaag waren 1 uur, niet 2."}`
	if got, _ := e.logEvent(t, "dispatcher", correction); got != http.StatusForbidden {
		t.Errorf("a dispatcher adds a correction: %d, want 403", got)
	}

	if _, err := e.db.CloseCase(pgtest.ActorCtx(t, e.db, e.dispatcherCtxUserID), e.caseID, domain.CloseGoalsReached); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"bram", "dispatcher", "admin"} {
		if got, b := e.logEvent(t, who, hours); got != http.StatusConflict {
			t.Errorf("%s logs on the closed case: %d %s, want 409", who, got, b)
		}
		if got := e.logForm(t, who, form); got != http.StatusConflict {
			t.Errorf("%s posts the log form of the closed case: %d, want 409", who, got)
		}
	}
	for _, who := range []string{"bram", "dispatcher"} {
		if page := e.casePage(t, who); strings.Contains(page, logFormMarker) {
			t.Errorf("%s's page of the closed case offers the log form", who)
		}
	}
	page := e.casePage(t, "admin")
	if !strings.Contains(page, logFormMarker) || !strings.Contains(page, `<option value="correction"`) || strings.Contains(page, `<option value="hours"`) {
		t.Error("the admin's page of the closed case should offer the log form with a correction only")
	}
	if got, b := e.logEvent(t, "admin", `{"kind":"correction","occurredOn":"`+today+`"}`); got != http.StatusBadRequest ||
		!strings.Contains(string(b), `"reason"`) {
		t.Errorf("a correction without a reason: %d %s, want 400 naming reason", got, b)
	}
	got, b := e.logEvent(t, "admin", correction)
	if got != http.StatusCreated {
		t.Fatalf("the admin corrects the closed case: %d %s, want 201", got, b)
	}
	var ev struct {
		Kind   string  `json:"kind"`
		Reason *string `json:"reason"`
	}
	if err := json.Unmarshal(b, &ev); err != nil || ev.Kind != domain.EventCorrection || ev.Reason == nil || !strings.Contains(*ev.Reason, "1 uur") {
		t.Errorf("the correction as stored: %s", b)
	}
	if page := e.casePage(t, "dispatcher"); !strings.Contains(page, "Correctie") || !strings.Contains(page, "De uren van vandaag waren 1 uur") {
		t.Error("the log on the case page does not show the correction with its reason")
	}
}
