package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"regiepool/internal/domain"
)

// TestCaseAssignOverride (issue 14, item 2): on the case page a candidate
// the ranking excludes for an overridable reason (here: paused until after
// the start) offers "Toch toewijzen" with a labelled reason field; without
// a reason the page answers 409 with the exclusion in Dutch and stores
// nothing; with one the case is assigned and the timeline shows the
// override and its reason.
func TestCaseAssignOverride(t *testing.T) {
	e := newCaseWebEnv(t)
	pia := e.member(t, "Pia Pauze", e.org.ID, 3, 16)
	c := e.newCase(t, "2026-0400")
	if _, err := e.db.Exec(`UPDATE pool_membership SET paused_until = current_date + 10 WHERE regisseur_id = $1`, pia.ID); err != nil {
		t.Fatal(err)
	}
	path := "/casussen/" + id(c.ID)

	body := e.get(t, e.dispatcherCookie, path)
	row := candidateRow(t, body, pia.Name)
	for _, want := range []string{"Uitgesloten", "Gepauzeerd tot", "Reden om af te wijken", `name="overrideReason"`, "Toch toewijzen",
		`for="override-` + id(pia.ID) + `"`} {
		if !strings.Contains(row, want) {
			t.Errorf("Pia's row lacks %q:\n%s", want, row)
		}
	}

	res := e.do(t, e.dispatcherCookie, "POST", path+"/toewijzen", url.Values{"regisseurId": {id(pia.ID)}, "overrideReason": {" "}})
	if res.status != http.StatusConflict {
		t.Fatalf("without a reason: %d, want 409\n%s", res.status, res.body)
	}
	checkAccessible(t, path, res.body)
	page := html.UnescapeString(res.body)
	for _, want := range []string{"Toewijzen is niet gelukt", "De rangschikking sluit deze regisseur uit: Gepauzeerd tot",
		"Toewijzen kan alleen met een reden om af te wijken", `role="alert"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	if got := e.stored(t, c.ID); got.Status != domain.CaseWaiting {
		t.Fatalf("status = %s after a refusal, want waiting", got.Status)
	}

	reason := "Pauze eindigt volgende week; het gezin kent haar uit een eerdere casus."
	e.post(t, e.dispatcherCookie, path+"/toewijzen", url.Values{"regisseurId": {id(pia.ID)}, "overrideReason": {reason}}, path+"?toegewezen=1")
	body = e.get(t, e.dispatcherCookie, path+"?toegewezen=1")
	for _, want := range []string{"Aan Pia Pauze, met afwijking van de rangschikking (gepauzeerd)", reason} {
		if !strings.Contains(body, want) {
			t.Errorf("the timeline lacks %q", want)
		}
	}
}
