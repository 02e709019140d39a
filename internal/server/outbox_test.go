package server_test

import (
	"context"
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
)

// TestRoundInvitationsByEmail: the API's raters[].email mails the link
// instead of showing it, and an address on an account is refused with the
// field named; the links page mails a shown link to the address typed
// beside it and shows which went out; admins read the outbox at
// /beheer/berichten, others get no access.
func TestRoundInvitationsByEmail(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	peer := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	h := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, coach.ID), "Content-Type", "application/json"}
	deadline := time.Now().AddDate(0, 0, 14).Format("2006-01-02")

	res, b := do(t, "POST", fmt.Sprintf("%s/api/v1/regisseurs/%d/feedback-rounds", srv.URL, reg.ID),
		fmt.Sprintf(`{"deadline":%q,"raters":[{"group":"peer","userId":%d,"email":"x@voorbeeld.nl"}]}`, deadline, peer.ID), h...)
	if p := decodeProblem(t, res, b); res.StatusCode != http.StatusBadRequest || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "raters[0].email" {
		t.Fatalf("address on an account: %d %s", res.StatusCode, b)
	}
	res, b = do(t, "POST", fmt.Sprintf("%s/api/v1/regisseurs/%d/feedback-rounds", srv.URL, reg.ID),
		fmt.Sprintf(`{"deadline":%q,"raters":[{"group":"peer","userId":%d},{"group":"partner","email":"partner@voorbeeld.nl"},{"group":"partner"}]}`, deadline, peer.ID), h...)
	var round struct {
		ID    int64 `json:"id"`
		Links []struct {
			RaterID int64  `json:"raterId"`
			URL     string `json:"url"`
		} `json:"links"`
	}
	if res.StatusCode != http.StatusCreated || json.Unmarshal(b, &round) != nil || len(round.Links) != 1 {
		t.Fatalf("open round: %d %s; want one link shown (the other is mailed)", res.StatusCode, b)
	}
	count := func(where string) int {
		t.Helper()
		var n int
		if err := db.GetContext(context.Background(), &n, `SELECT count(*) FROM outbox_message WHERE `+where); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`kind = 'rater_invitation'`); n != 2 {
		t.Errorf("%d invitations, want 2 (the account and the mailed partner)", n)
	}

	// The links page's mail form, as the coach.
	cookie := pgtest.MustSession(t, db, coach.ID)
	mailLinks := func(form url.Values) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/feedbackrondes/%d/links-mailen", srv.URL, round.ID), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: cookie})
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	l := round.Links[0]
	status, body := mailLinks(url.Values{"rater-1": {fmt.Sprint(l.RaterID)}, "url-1": {l.URL}, "email-1": {"geen adres"}})
	if status != http.StatusBadRequest || !strings.Contains(body, `href="#email-1"`) || !strings.Contains(body, l.URL) {
		t.Fatalf("bad address: %d, want 400 linked to the field with the link still shown\n%s", status, body)
	}
	status, body = mailLinks(url.Values{"rater-1": {fmt.Sprint(l.RaterID)}, "url-1": {l.URL + "x"}, "email-1": {"tweede@voorbeeld.nl"}})
	if status != http.StatusBadRequest || count(`to_address = 'tweede@voorbeeld.nl'`) != 0 {
		t.Fatalf("a changed link: %d, want 400 and nothing mailed", status)
	}
	status, body = mailLinks(url.Values{"rater-1": {fmt.Sprint(l.RaterID)}, "url-1": {l.URL}, "email-1": {"tweede@voorbeeld.nl"}})
	if status != http.StatusOK || !strings.Contains(body, "Gemaild naar tweede@voorbeeld.nl") || !strings.Contains(body, l.URL) {
		t.Fatalf("mail the link: %d\n%s", status, body)
	}
	if n := count(`kind = 'rater_invitation' AND to_address = 'tweede@voorbeeld.nl'`); n != 1 {
		t.Errorf("%d invitations to the typed address, want 1", n)
	}

	// The outbox page: admins only.
	page := func(u domain.User, path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: pgtest.MustSession(t, db, u.ID)})
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	status, body = page(admin, "/beheer/berichten")
	if status != http.StatusOK || !strings.Contains(body, "partner@voorbeeld.nl") || !strings.Contains(body, "Nog niet verstuurd") {
		t.Fatalf("outbox page: %d\n%s", status, body)
	}
	var id int64
	if err := db.GetContext(context.Background(), &id, `SELECT id FROM outbox_message WHERE to_address = 'tweede@voorbeeld.nl' AND kind = 'rater_invitation'`); err != nil {
		t.Fatal(err)
	}
	status, body = page(admin, fmt.Sprintf("/beheer/berichten/%d", id))
	if status != http.StatusOK || !strings.Contains(body, l.URL) || strings.Contains(body, "<a href=\""+l.URL) {
		t.Fatalf("one message: %d; want its text with the link, not its HTML\n%s", status, body)
	}
	if status, _ := page(admin, "/beheer/berichten/999999"); status != http.StatusNotFound {
		t.Errorf("unknown message: %d, want 404", status)
	}
	if status, body := page(admin, "/beheer/berichten?status=failed"); status != http.StatusOK || !strings.Contains(body, "Er zijn geen berichten met deze status") {
		t.Errorf("failed filter: %d", status)
	}
	for _, u := range []domain.User{coach, peer} {
		if status, _ := page(u, "/beheer/berichten"); status != http.StatusForbidden {
			t.Errorf("%s reads the outbox: %d, want 403", u.Email, status)
		}
		if status, _ := page(u, fmt.Sprintf("/beheer/berichten/%d", id)); status != http.StatusForbidden {
			t.Errorf("%s reads a message: %d, want 403", u.Email, status)
		}
	}
	// The API lists the outbox for admins, without content.
	adminAPI := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, admin.ID)}
	res, b = do(t, "GET", srv.URL+"/api/v1/outbox-messages?status=pending&pageSize=50", "", adminAPI...)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), `"to":"tweede@voorbeeld.nl"`) || strings.Contains(string(b), l.URL) {
		t.Errorf("API outbox: %d %s", res.StatusCode, b)
	}
	if res, b := do(t, "GET", srv.URL+"/api/v1/outbox-messages?status=weg", "", adminAPI...); res.StatusCode != http.StatusBadRequest {
		t.Errorf("API outbox with an unknown status: %d %s", res.StatusCode, b)
	}
	if res, _ := do(t, "GET", srv.URL+"/api/v1/outbox-messages", "", h...); res.StatusCode != http.StatusForbidden {
		t.Errorf("API outbox for a coach: %d, want 403", res.StatusCode)
	}
	// A failed message shows on the admin's home page.
	if _, err := db.ExecContext(context.Background(), `UPDATE outbox_message SET status = 'failed', last_error = 'test' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if status, body := page(admin, "/"); status != http.StatusOK || !strings.Contains(body, "Mislukte e-mails: 1") {
		t.Errorf("admin home: %d, want the outbox failure counted", status)
	}
}
