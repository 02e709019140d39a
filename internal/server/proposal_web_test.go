package server_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestRoundProposalPages: the regisseur proposes a round from their results
// page, the coach approves it on the round page and gets the links once.
func TestRoundProposalPages(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	self := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID})
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	send := func(user domain.User, method, path string, form url.Values) (*http.Response, string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: pgtest.MustSession(t, db, user.ID)})
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, string(b)
	}
	res, _ := send(self, "POST", "/mijn-resultaten/feedbackronde", url.Values{"deadline": {time.Now().AddDate(0, 0, 14).Format("02-01-2006")}, "extern-partner": {"3"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/mijn-resultaten?voorgesteld=1" {
		t.Fatalf("propose: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	var roundID string
	if err := db.Get(&roundID, `SELECT id::text FROM feedback_round WHERE regisseur_id = $1 AND status = 'proposed'`, reg.ID); err != nil {
		t.Fatalf("no proposed round: %v", err)
	}
	if res, page := send(coach, "GET", "/feedbackrondes/"+roundID, nil); res.StatusCode != 200 || !strings.Contains(page, "Ronde goedkeuren en openen") {
		t.Fatalf("coach's round page: %d", res.StatusCode)
	}
	res, page := send(coach, "POST", "/feedbackrondes/"+roundID+"/goedkeuren", nil)
	if links := len(pageLink.FindAllString(page, -1)); res.StatusCode != 200 || links != 3 {
		t.Fatalf("approve: %d, %d links", res.StatusCode, links)
	}
	// An invalid proposal comes back with the reason.
	res, _ = send(self, "POST", "/mijn-resultaten/feedbackronde", url.Values{"deadline": {""}})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "voorstelfout=") {
		t.Fatalf("invalid proposal: %d %s", res.StatusCode, loc)
	}
}
