package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/pgtest"
)

type timelineEntry struct {
	ID          *int64  `json:"id"`
	Kind        string  `json:"kind"`
	Reason      *string `json:"reason"`
	RegisseurID *int64  `json:"regisseurId"`
	CloseReason *string `json:"closeReason"`
	RecordedBy  *struct {
		Role string  `json:"role"`
		Name *string `json:"name"`
	} `json:"recordedBy"`
}

// TestCaseTimeline: GET /api/v1/cases/{id}/events is the life of the case
// in one ordered list, with who recorded each step as the viewer may see it;
// the case page shows the same (issue 13, item 8).
func TestCaseTimeline(t *testing.T) {
	e := newCaseLogEnv(t)
	if st, b := e.logEvent(t, "anna", `{"kind":"round_table","occurredOn":"`+time.Now().Format("2006-01-02")+`"}`); st != 201 {
		t.Fatalf("log: %d %s", st, b)
	}
	ctx := pgtest.ActorCtx(t, e.db, e.dispatcherCtxUserID)
	if _, err := e.db.Handover(ctx, e.caseID, e.bram, "Anna gaat met verlof."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.CloseCase(ctx, e.caseID, "goals_reached"); err != nil {
		t.Fatal(err)
	}
	read := func(who string) []timelineEntry {
		t.Helper()
		res, body := do(t, "GET", fmt.Sprintf("%s/api/v1/cases/%d/events", e.srv, e.caseID), "", "Authorization", "Bearer "+e.tokens[who])
		var page struct {
			Results []timelineEntry `json:"results"`
		}
		if res.StatusCode != 200 || json.Unmarshal(body, &page) != nil {
			t.Fatalf("timeline as %s: %d %s", who, res.StatusCode, body)
		}
		return page.Results
	}
	got := read("dispatcher")
	var kinds []string
	for _, x := range got {
		kinds = append(kinds, x.Kind)
	}
	if want := "intake assigned round_table handed_over assigned closed"; strings.Join(kinds, " ") != want {
		t.Fatalf("kinds %q, want %q", strings.Join(kinds, " "), want)
	}
	if h := got[3]; h.RegisseurID == nil || *h.RegisseurID != e.anna || h.Reason == nil || *h.Reason != "Anna gaat met verlof." {
		t.Errorf("handover %+v: want Anna with the reason", h)
	}
	if a := got[4]; a.RegisseurID == nil || *a.RegisseurID != e.bram || a.ID != nil {
		t.Errorf("second assignment %+v: want Bram, no log id", a)
	}
	if c := got[5]; c.CloseReason == nil || *c.CloseReason != "goals_reached" {
		t.Errorf("close %+v: want goals_reached", c)
	}
	if got[2].ID == nil {
		t.Error("a logged event lost its id")
	}
	for i, x := range got {
		if x.RecordedBy == nil || x.RecordedBy.Name == nil {
			t.Errorf("step %d (%s): the dispatcher sees no recorder name: %+v", i, x.Kind, x.RecordedBy)
		}
	}
	if r := got[1].RecordedBy; r == nil || r.Role != "Werkverdeler" {
		t.Errorf("assignment recorded by %+v, want the dispatcher's role", r)
	}

	// Anna, who directed the case, sees the dispatcher's role but not the
	// name; her own step carries her name.
	anna := read("anna")
	if len(anna) != len(got) {
		t.Fatalf("anna sees %d steps, want %d", len(anna), len(got))
	}
	if r := anna[1].RecordedBy; r == nil || r.Role != "Werkverdeler" || r.Name != nil {
		t.Errorf("anna sees the assignment recorded by %+v, want the role only", r)
	}
	if r := anna[2].RecordedBy; r == nil || r.Name == nil || r.Role != "Regisseur" {
		t.Errorf("anna sees her own step recorded by %+v, want her name", r)
	}

	// The case page shows the timeline.
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/casussen/%d", e.srv, e.caseID), nil)
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: e.cookies["dispatcher"]})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	page, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("case page: %d %v", res.StatusCode, err)
	}
	for _, want := range []string{"Tijdlijn", "Aangemeld", "Toegewezen", "Overgedragen", "Anna gaat met verlof.", "Afgesloten", "Reden: Doelen bereikt", "Vastgelegd door", "(werkverdeler)"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("case page lacks %q", want)
		}
	}
}
