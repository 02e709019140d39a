package app

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/mailtest"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

type roundFixture struct {
	db    *postgres.DB
	a     *App
	coach context.Context
	reg   domain.Regisseur
	peer  domain.User
}

func newRoundFixture(t *testing.T) roundFixture {
	t.Helper()
	db := pgtest.NewDB(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	coach := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	pgtest.MustLinkCoach(t, db, coach.ID, reg.ID)
	peer := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	return roundFixture{db: db, a: New(db, Config{PublicURL: "https://regiepool.test"}), coach: pgtest.ActorCtx(t, db, coach.ID), reg: reg, peer: peer}
}

func countOutbox(t *testing.T, db *postgres.DB, where string) int {
	t.Helper()
	var n int
	if err := db.GetContext(context.Background(), &n, `SELECT count(*) FROM outbox_message WHERE `+where); err != nil {
		t.Fatal(err)
	}
	return n
}

var raterLink = regexp.MustCompile(`https://regiepool\.test/beoordelen/(rpr_[A-Za-z0-9_-]+)`)

func TestRaterInvitations_MailedWithRemindersToNonRespondersOnce(t *testing.T) {
	f := newRoundFixture(t)
	srv := mailtest.Start(t)
	deadline := time.Now().AddDate(0, 0, 10)
	round, links, err := f.a.OpenFeedbackRound(f.coach, f.reg.ID, deadline, []domain.NewRater{
		{Group: domain.GroupPeer, UserID: &f.peer.ID},
		{Group: domain.GroupPartner, Email: " partner@voorbeeld.nl "},
		{Group: domain.GroupFamily},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 1 || links[0].Group != domain.GroupFamily {
		t.Fatalf("links shown = %+v; want only the family link (the partner's is mailed)", links)
	}
	if n := countOutbox(t, f.db, `kind = 'rater_invitation' AND status = 'pending'`); n != 2 {
		t.Errorf("%d invitations in the outbox, want 2", n)
	}
	if n := countOutbox(t, f.db, `kind = 'rater_reminder' AND status = 'pending' AND next_attempt_at > now()`); n != 4 {
		t.Errorf("%d reminders waiting, want 4 (7 and 2 days before, two raters)", n)
	}
	// The address lives in the outbox only.
	if n := countOutbox(t, f.db, `to_address = 'partner@voorbeeld.nl'`); n != 3 {
		t.Errorf("%d messages to the partner, want 3", n)
	}

	if n, err := f.a.DeliverOutbox(context.Background(), testSender(t, srv), quiet); n != 2 || err != nil {
		t.Fatalf("delivered %d, %v; want the 2 invitations only", n, err)
	}
	var partnerMail, peerMail mailtest.Message
	for _, m := range srv.Messages() {
		switch m.To[0] {
		case "partner@voorbeeld.nl":
			partnerMail = m
		case f.peer.Email:
			peerMail = m
		}
	}
	if want := "Uw feedback gevraagd over " + f.reg.Name; partnerMail.Header.Get("Subject") != want || peerMail.Header.Get("Subject") != want {
		t.Errorf("subjects %q and %q, want %q", partnerMail.Header.Get("Subject"), peerMail.Header.Get("Subject"), want)
	}
	m := raterLink.FindStringSubmatch(partnerMail.Text)
	if m == nil || !strings.Contains(partnerMail.HTML, m[0]) {
		t.Fatalf("no rater link in both parts of the partner's mail:\n%s\n%s", partnerMail.Text, partnerMail.HTML)
	}
	if req, err := f.a.ExternalRequest(context.Background(), m[1]); err != nil || req.RoundID != round.ID {
		t.Errorf("the mailed link opens %+v, %v", req, err)
	}
	if !strings.Contains(peerMail.Text, "https://regiepool.test/feedback") || raterLink.MatchString(peerMail.Text) {
		t.Errorf("the account's mail should link to its feedback page, not carry a link:\n%s", peerMail.Text)
	}

	// The partner answers; then every reminder falls due and two workers
	// run at once: the peer gets each reminder once, the partner none.
	if _, err := f.db.ExecContext(context.Background(), `UPDATE feedback_rater SET submitted_at = now() WHERE round_id = $1 AND user_id IS NULL AND rater_group = 'partner'`, round.ID); err != nil {
		t.Fatal(err)
	}
	makeDue(t, f.db)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := New(f.db, Config{}).DeliverOutbox(context.Background(), testSender(t, srv), quiet); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got := map[string]int{}
	for _, m := range srv.Messages()[2:] {
		if m.Header.Get("Subject") != "Herinnering: uw feedback over "+f.reg.Name {
			t.Errorf("unexpected %q", m.Header.Get("Subject"))
		}
		got[m.To[0]]++
	}
	if got[f.peer.Email] != 2 || len(got) != 1 {
		t.Errorf("reminders arrived %v; want 2 for the peer only", got)
	}
	if n := countOutbox(t, f.db, `kind = 'rater_reminder' AND status = 'cancelled' AND to_address IS NULL AND body_text = ''`); n != 2 {
		t.Errorf("%d of the partner's reminders cancelled and forgotten, want 2", n)
	}
}

func TestRaterInvitations_ClosingCancelsAndExtendingMovesReminders(t *testing.T) {
	f := newRoundFixture(t)
	round, _, err := f.a.OpenFeedbackRound(f.coach, f.reg.ID, time.Now().AddDate(0, 0, 10), []domain.NewRater{
		{Group: domain.GroupPartner, Email: "partner@voorbeeld.nl"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var before time.Time
	if err := f.db.GetContext(context.Background(), &before, `SELECT min(next_attempt_at) FROM outbox_message WHERE kind = 'rater_reminder'`); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.ExtendFeedbackRound(f.coach, round.ID, time.Now().AddDate(0, 0, 13)); err != nil {
		t.Fatal(err)
	}
	var after time.Time
	if err := f.db.GetContext(context.Background(), &after, `SELECT min(next_attempt_at) FROM outbox_message WHERE kind = 'rater_reminder'`); err != nil {
		t.Fatal(err)
	}
	if d := after.Sub(before); d != 72*time.Hour {
		t.Errorf("reminders moved by %s, want 72h with the deadline", d)
	}
	if _, err := f.a.CloseFeedbackRound(f.coach, round.ID); err != nil {
		t.Fatal(err)
	}
	if n := countOutbox(t, f.db, `status = 'pending' OR to_address IS NOT NULL`); n != 0 {
		t.Errorf("%d messages still pending or holding the address after the round closed", n)
	}
}

func TestRaterInvitations_BadAddresses(t *testing.T) {
	f := newRoundFixture(t)
	deadline := time.Now().AddDate(0, 0, 10)
	for _, tt := range []struct {
		name  string
		rater domain.NewRater
		field string
	}{
		{"not an address", domain.NewRater{Group: domain.GroupPartner, Email: "partner at voorbeeld"}, "raters[0].email"},
		{"with a name", domain.NewRater{Group: domain.GroupPartner, Email: "Piet <piet@voorbeeld.nl>"}, "raters[0].email"},
		{"for an account", domain.NewRater{Group: domain.GroupPeer, UserID: &f.peer.ID, Email: "x@voorbeeld.nl"}, "raters[0].email"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := f.a.OpenFeedbackRound(f.coach, f.reg.ID, deadline, []domain.NewRater{tt.rater})
			e, ok := domain.AsError(err)
			if !ok || e.Code != domain.EInvalid || len(e.Fields) != 1 || e.Fields[0].Name != tt.field {
				t.Fatalf("got %v, want invalid %s", err, tt.field)
			}
		})
	}
	if n := countOutbox(t, f.db, `TRUE`); n != 0 {
		t.Errorf("%d messages written by refused requests", n)
	}
}

func TestMailRaterLinks(t *testing.T) {
	f := newRoundFixture(t)
	round, links, err := f.a.OpenFeedbackRound(f.coach, f.reg.ID, time.Now().AddDate(0, 0, 10), []domain.NewRater{
		{Group: domain.GroupPartner}, {Group: domain.GroupPartner},
	})
	if err != nil || len(links) != 2 {
		t.Fatal(links, err)
	}
	n, err := f.a.MailRaterLinks(f.coach, round.ID, []domain.RaterLinkMail{
		{RaterID: links[0].RaterID, Token: links[0].URL, Email: "een@voorbeeld.nl"},
		{RaterID: links[1].RaterID, Token: links[1].URL},
	})
	if n != 1 || err != nil {
		t.Fatalf("MailRaterLinks = %d, %v", n, err)
	}
	var text string
	if err := f.db.GetContext(context.Background(), &text, `SELECT body_text FROM outbox_message WHERE kind = 'rater_invitation' AND to_address = 'een@voorbeeld.nl'`); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, links[0].URL) {
		t.Errorf("the invitation does not carry the link:\n%s", text)
	}
	// Another rater's link, or a made-up one, is refused.
	for _, bad := range []domain.RaterLinkMail{
		{RaterID: links[1].RaterID, Token: links[0].URL, Email: "twee@voorbeeld.nl"},
		{RaterID: links[1].RaterID, Token: "https://regiepool.test/beoordelen/rpr_" + strings.Repeat("A", 43), Email: "twee@voorbeeld.nl"},
	} {
		if _, err := f.a.MailRaterLinks(f.coach, round.ID, []domain.RaterLinkMail{bad}); domain.ErrorCode(err) != domain.EInvalid {
			t.Errorf("mailing %+v: %v, want invalid", bad, err)
		}
	}
	if n := countOutbox(t, f.db, `to_address = 'twee@voorbeeld.nl'`); n != 0 {
		t.Errorf("%d messages written for a refused link", n)
	}
}

func TestRaterInvitations_ApprovedProposal(t *testing.T) {
	f := newRoundFixture(t)
	regUser := pgtest.MustCreateUser(t, f.db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &f.reg.OrganisationID, RegisseurID: &f.reg.ID})
	regCtx := pgtest.ActorCtx(t, f.db, regUser.ID)
	deadline := time.Now().AddDate(0, 0, 10)
	if _, err := f.a.ProposeFeedbackRound(regCtx, f.reg.ID, deadline, []domain.NewRater{{Group: domain.GroupPartner, Email: "x@voorbeeld.nl"}}); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("a proposal with an address: %v, want invalid", err)
	}
	round, err := f.a.ProposeFeedbackRound(regCtx, f.reg.ID, deadline, []domain.NewRater{{Group: domain.GroupPeer, UserID: &f.peer.ID}, {Group: domain.GroupPartner}})
	if err != nil {
		t.Fatal(err)
	}
	if n := countOutbox(t, f.db, `TRUE`); n != 0 {
		t.Fatalf("%d messages for a proposal", n)
	}
	if _, _, err := f.a.ApproveFeedbackRound(f.coach, round.ID); err != nil {
		t.Fatal(err)
	}
	if n := countOutbox(t, f.db, fmt.Sprintf(`kind = 'rater_invitation' AND to_user_id = %d`, f.peer.ID)); n != 1 {
		t.Errorf("%d invitations to the account rater after approval, want 1", n)
	}
}
