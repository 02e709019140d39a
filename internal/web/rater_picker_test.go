package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestRaterPicker: the coach searches accounts by name with GET, the whole
// form coming along, so a pick made before a search stays picked and the
// deadline stays as typed; the results page through; a pick of an account
// the coach may not invite is refused; the round opens with the picks.
func TestRaterPicker(t *testing.T) {
	e := newAssessEnv(t)
	for i := range 45 {
		pgtest.MustCreateUser(t, e.db, domain.User{Name: fmt.Sprintf("Zoekbare Collega %02d", i), Roles: []domain.Role{domain.RoleCoach}})
	}
	dev := "/regisseurs/" + id(e.reg.ID) + "/ontwikkeling"
	body := e.do(t, e.coachCookie, "GET", dev, nil).body
	checkAccessible(t, dev, body)
	if !strings.Contains(body, `formmethod="get"`) || !strings.Contains(body, `name="zoek"`) {
		t.Fatal("no search in the round form")
	}
	// Pick the colleague, then search for someone else.
	q := url.Values{"zoeken": {"1"}, "zoek": {"carla"}, "deadline": {"2031-03-04"}, "intern-" + id(e.peer.ID): {"peer"}, "extern-partner": {"2"}}
	res := e.do(t, e.coachCookie, "GET", dev+"?"+q.Encode(), nil)
	if res.status != http.StatusOK {
		t.Fatalf("search: %d", res.status)
	}
	checkAccessible(t, "search", res.body)
	for _, want := range []string{`<option value="peer" selected>`, "Carla Coach", `value="2031-03-04"`, `value="carla"`, "1 gevonden", `name="extern-partner" type="number" value="2"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("search result lacks %q", want)
		}
	}
	if strings.Contains(res.body, "Zoekbare Collega") {
		t.Error("search 'carla' shows other accounts")
	}
	if body = e.do(t, e.coachCookie, "GET", dev+"?zoeken=1&zoek=zoekbare", nil).body; strings.Contains(body, "Zoekbare Collega") {
		t.Error("a coach finds accounts out of their reach")
	}
	// Paging, 20 at a time, for an admin, who may invite anyone.
	q = url.Values{"zoeken": {"1"}, "zoek": {"zoekbare"}}
	res = e.do(t, e.adminCookie, "GET", dev+"?"+q.Encode(), nil)
	if n := strings.Count(res.body, "Zoekbare Collega"); n != 20 || !strings.Contains(res.body, "45 gevonden, pagina 1 van 3") || !strings.Contains(res.body, `name="pagina" value="2"`) {
		t.Errorf("first page: %d accounts shown, or no paging", n)
	}
	q.Set("pagina", "3")
	if res = e.do(t, e.adminCookie, "GET", dev+"?"+q.Encode(), nil); strings.Count(res.body, "Zoekbare Collega") != 5 {
		t.Errorf("third page shows %d accounts, want 5", strings.Count(res.body, "Zoekbare Collega"))
	}
	// A pick of an account out of the coach's reach is refused.
	outsider := pgtest.MustCreateUser(t, e.db, domain.User{Name: "Buiten Bereik", Roles: []domain.Role{domain.RoleCoach}})
	open := "/regisseurs/" + id(e.reg.ID) + "/feedbackrondes"
	res = e.do(t, e.coachCookie, "POST", open, url.Values{"deadline": {e.deadline(20)}, "intern-" + id(outsider.ID): {"peer"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "Kies beoordelaars met een account uit de lijst") || strings.Contains(res.body, "Buiten Bereik") {
		t.Errorf("outsider picked: %d", res.status)
	}
	res = e.do(t, e.coachCookie, "POST", open, url.Values{"deadline": {e.deadline(20)}, "intern-" + id(e.peer.ID): {"peer"}, "intern-" + id(e.coach.ID): {"coach"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("open with picks: %d\n%s", res.status, res.body)
	}
	var n int
	if err := e.db.Get(&n, `SELECT count(*) FROM feedback_rater WHERE user_id IN ($1, $2)`, e.peer.ID, e.coach.ID); err != nil || n != 2 {
		t.Errorf("%d account raters invited (%v), want 2", n, err)
	}
}
