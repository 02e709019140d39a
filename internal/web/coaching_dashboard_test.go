package web_test

import (
	"strings"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestCoachDashboardLeavesPreSelectionUnread: the dashboard does not show
// the coachees' pitfalls and attention points, so a view of it is no read of
// anybody's pre-selection (and fills no who-read list); it links to the
// member's page, where opening it is one audited read.
func TestCoachDashboardLeavesPreSelectionUnread(t *testing.T) {
	e := newCoachEnv(t)
	org := pgtest.MustCreateOrganisation(t, e.db)
	mun := pgtest.MustCreateMunicipality(t, e.db)
	r := pgtest.MustCreateActiveMember(t, e.db, org.ID, []int64{mun.ID}, 5, 16)
	pgtest.MustLinkCoach(t, e.db, e.coach.ID, r.ID)
	var mid int64
	if err := e.db.Get(&mid, `SELECT id FROM pool_membership WHERE regisseur_id = $1`, r.ID); err != nil {
		t.Fatal(err)
	}
	const pitfall, attention = "Valkuil-dashboardproef", "Aandachtspunt-dashboardproef"
	if _, err := e.db.Exec(`UPDATE pre_selection SET pitfalls = ARRAY[$2], attention_points = ARRAY[$3] WHERE membership_id = $1`,
		mid, pitfall, attention); err != nil {
		t.Fatal(err)
	}
	reads := func() int {
		t.Helper()
		var n int
		if err := e.db.Get(&n, `SELECT count(*) FROM audit_event WHERE action = 'read' AND record_type = 'pre_selection'`); err != nil {
			t.Fatal(err)
		}
		return n
	}

	for _, cookie := range []string{e.coachCookie, e.adminCookie} {
		before := reads()
		dash := e.get(t, cookie, "/begeleiding")
		if n := reads(); n != before {
			t.Errorf("a dashboard view added %d pre-selection reads, want none", n-before)
		}
		c := card(t, dash, r)
		if strings.Contains(c, pitfall) || strings.Contains(c, attention) {
			t.Errorf("the card shows the pre-selection's content:\n%s", c)
		}
		link := `href="/pool/leden/` + id(mid) + `#voorselectie-titel"`
		if !strings.Contains(c, link) {
			t.Errorf("the card lacks the way to the pre-selection (%s):\n%s", link, c)
		}
	}

	// The coach's start page sums the dashboard up: no reads either.
	before := reads()
	e.get(t, e.coachCookie, "/?start=1")
	if n := reads(); n != before {
		t.Errorf("the coach's start page added %d pre-selection reads, want none", n-before)
	}

	before = reads()
	page := e.get(t, e.coachCookie, "/pool/leden/"+id(mid))
	if !strings.Contains(page, pitfall) || !strings.Contains(page, attention) {
		t.Error("the member's page lacks the pitfalls and attention points")
	}
	var allowed int
	if err := e.db.Get(&allowed, `SELECT count(*) FROM audit_event WHERE action = 'read' AND record_type = 'pre_selection'
		AND record_id = $1 AND outcome = $2 AND actor_user_id = $3`, mid, domain.OutcomeAllowed, e.coach.ID); err != nil {
		t.Fatal(err)
	}
	if n := reads(); n != before+1 || allowed != 1 {
		t.Errorf("opening the member's page added %d pre-selection reads (%d allowed by the coach), want 1", n-before, allowed)
	}

	// A regisseur the coach does not coach offers no way to it.
	if dash := e.get(t, e.otherCookie, "/begeleiding"); strings.Contains(dash, "/pool/leden/"+id(mid)) {
		t.Error("another coach's dashboard links to the member's pre-selection")
	}
}
