package app

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
)

// TestExtendingAddsMissedReminders: a round opened with fewer than 7 days
// left has no 7-day reminder; once its deadline moves so that 7 days before
// it lies ahead, each rater who can be reached and has not answered gets it
// (an external rater with their own link, at the address of their
// invitation), once: a later extension moves it and adds no second one.
func TestExtendingAddsMissedReminders(t *testing.T) {
	f := newRoundFixture(t)
	ctx := context.Background()
	round, links, err := f.a.OpenFeedbackRound(f.coach, f.reg.ID, time.Now().AddDate(0, 0, 5), []domain.NewRater{
		{Group: domain.GroupPeer, UserID: &f.peer.ID},
		{Group: domain.GroupPartner, Email: "partner@voorbeeld.nl"},
		{Group: domain.GroupPartner, Email: "antwoordde@voorbeeld.nl"},
		{Group: domain.GroupFamily}, // link shown, no address: no mail at all
	})
	if err != nil || len(links) != 1 {
		t.Fatal(links, err)
	}
	if n := countOutbox(t, f.db, `kind = 'rater_reminder'`); n != 3 {
		t.Fatalf("%d reminders after opening with 5 days left, want 3 (the 2-day one of each mailed rater)", n)
	}
	if _, err := f.db.ExecContext(ctx, `UPDATE feedback_rater SET submitted_at = now() WHERE id = (
		SELECT rater_id FROM outbox_message WHERE to_address = 'antwoordde@voorbeeld.nl' LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	// reminders lists, per recipient, the due times of their reminders.
	reminders := func() map[string][]time.Time {
		t.Helper()
		var rows []struct {
			To  string    `db:"to"`
			Due time.Time `db:"next_attempt_at"`
		}
		if err := f.db.SelectContext(ctx, &rows, `SELECT COALESCE(to_address, to_user_id::text) AS to, next_attempt_at
			FROM outbox_message WHERE kind = 'rater_reminder' ORDER BY 1, 2`); err != nil {
			t.Fatal(err)
		}
		out := map[string][]time.Time{}
		for _, r := range rows {
			out[r.To] = append(out[r.To], r.Due.UTC())
		}
		return out
	}
	deadline := func() time.Time {
		t.Helper()
		var d time.Time
		if err := f.db.GetContext(ctx, &d, `SELECT deadline FROM feedback_round WHERE id = $1`, round.ID); err != nil {
			t.Fatal(err)
		}
		return d
	}
	peer := strconv.FormatInt(f.peer.ID, 10)

	// 6 days left: 7 days before is past, nothing to add.
	if _, err := f.a.ExtendFeedbackRound(f.coach, round.ID, time.Now().AddDate(0, 0, 6)); err != nil {
		t.Fatal(err)
	}
	if got := reminders(); len(got[peer]) != 1 || len(got["partner@voorbeeld.nl"]) != 1 {
		t.Fatalf("after extending to 6 days: %v, want one reminder each", got)
	}

	for _, days := range []int{20, 25} {
		if _, err := f.a.ExtendFeedbackRound(f.coach, round.ID, time.Now().AddDate(0, 0, days)); err != nil {
			t.Fatal(err)
		}
		want := []time.Time{domain.ReminderAt(deadline(), 7), domain.ReminderAt(deadline(), 2)}
		got := reminders()
		for _, to := range []string{peer, "partner@voorbeeld.nl"} {
			if len(got[to]) != 2 || !got[to][0].Equal(want[0]) || !got[to][1].Equal(want[1]) {
				t.Errorf("extended to %d days: reminders to %s at %v, want %v", days, to, got[to], want)
			}
		}
		if len(got["antwoordde@voorbeeld.nl"]) != 1 || len(got) != 3 {
			t.Errorf("extended to %d days: %v; nothing new for the rater who answered or the one without an address", days, got)
		}
	}

	// The partner's new reminder carries their own link, which opens their form.
	var text string
	if err := f.db.GetContext(ctx, &text, `SELECT body_text FROM outbox_message WHERE kind = 'rater_reminder'
		AND to_address = 'partner@voorbeeld.nl' ORDER BY next_attempt_at LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	m := raterLink.FindStringSubmatch(text)
	if m == nil || !strings.Contains(text, "over 7 dagen") {
		t.Fatalf("the 7-day reminder:\n%s", text)
	}
	if req, err := f.a.ExternalRequest(ctx, m[1]); err != nil || req.RoundID != round.ID {
		t.Errorf("the reminder's link opens %+v, %v", req, err)
	}
}
