package app

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/mail"
	"regiepool/internal/mailtest"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// testSender is a sender to the test SMTP server srv.
func testSender(t *testing.T, srv *mailtest.Server) *mail.Sender {
	t.Helper()
	s, err := mail.New(mail.Config{Host: srv.Host(), Port: srv.Port(), TLS: mail.TLSNone, From: "Regiepool <noreply@regiepool.test>",
		Timeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func outboxStatus(t *testing.T, db *postgres.DB, id int64) (status string, attempts int, lastError string) {
	t.Helper()
	var row struct {
		Status    string `db:"status"`
		Attempts  int    `db:"attempts"`
		LastError string `db:"last_error"`
	}
	if err := db.GetContext(context.Background(), &row, `SELECT status, attempts, last_error FROM outbox_message WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	return row.Status, row.Attempts, row.LastError
}

func mustEnqueue(t *testing.T, db *postgres.DB, m domain.Mail) int64 {
	t.Helper()
	id, err := db.EnqueueMail(pgtest.SystemCtx(), m)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestDeliverOutbox_WhatArrives(t *testing.T) {
	db := pgtest.NewDB(t)
	srv := mailtest.Start(t)
	a := New(db, Config{})
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleCoach}})
	m := domain.ComposeMail(domain.MailRaterInvitation, "Uw feedback gevraagd", []string{"Beste collega,", "Er staat een <vraag> voor u klaar."},
		"Naar het formulier", "https://regiepool.test/feedback")
	m.To = "extern@voorbeeld.nl"
	external := mustEnqueue(t, db, m)
	m.To, m.ToUserID = "", &u.ID
	internal := mustEnqueue(t, db, m)

	n, err := a.DeliverOutbox(context.Background(), testSender(t, srv), quiet)
	if err != nil || n != 2 {
		t.Fatalf("DeliverOutbox = %d, %v; want 2 sent", n, err)
	}
	got := srv.Messages()
	if len(got) != 2 {
		t.Fatalf("%d messages arrived, want 2", len(got))
	}
	to := map[string]mailtest.Message{}
	for _, g := range got {
		to[g.To[0]] = g
	}
	e, ok := to["extern@voorbeeld.nl"]
	if !ok {
		t.Fatalf("nothing arrived for the external address: %v", to)
	}
	if _, ok := to[u.Email]; !ok {
		t.Errorf("nothing arrived at the account's address %s", u.Email)
	}
	for h, want := range map[string]string{"Subject": "Uw feedback gevraagd", "From": `"Regiepool" <noreply@regiepool.test>`,
		"To": "<extern@voorbeeld.nl>", "Auto-Submitted": "auto-generated"} {
		if got := e.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if !strings.HasPrefix(e.Header.Get("Message-Id"), "<outbox-") {
		t.Errorf("Message-Id = %q", e.Header.Get("Message-Id"))
	}
	if !strings.Contains(e.Text, "Er staat een <vraag> voor u klaar.") || !strings.Contains(e.Text, "https://regiepool.test/feedback") {
		t.Errorf("text part:\n%s", e.Text)
	}
	if !strings.Contains(e.HTML, "Er staat een &lt;vraag&gt; voor u klaar.") || !strings.Contains(e.HTML, `<a href="https://regiepool.test/feedback">Naar het formulier</a>`) {
		t.Errorf("HTML part:\n%s", e.HTML)
	}
	for _, id := range []int64{external, internal} {
		if st, n, _ := outboxStatus(t, db, id); st != domain.OutboxSent || n != 1 {
			t.Errorf("message %d: %s after %d attempts, want sent after 1", id, st, n)
		}
	}
	// Nothing is sent twice.
	if n, err := a.DeliverOutbox(context.Background(), testSender(t, srv), quiet); n != 0 || err != nil {
		t.Errorf("second run sent %d, %v", n, err)
	}
}

// makeDue moves every pending message's next attempt to now, as time
// passing would.
func makeDue(t *testing.T, db *postgres.DB) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), `UPDATE outbox_message SET next_attempt_at = now() WHERE status = 'pending'`); err != nil {
		t.Fatal(err)
	}
}

func TestDeliverOutbox_RetriesAfterTheServerWasDown(t *testing.T) {
	db := pgtest.NewDB(t)
	srv := mailtest.Start(t)
	a := New(db, Config{})
	m := domain.ComposeMail(domain.MailPasswordReset, "Onderwerp", []string{"Tekst."}, "", "")
	m.To = "iemand@voorbeeld.nl"
	id := mustEnqueue(t, db, m)
	srv.Stop()

	if n, err := a.DeliverOutbox(context.Background(), testSender(t, srv), quiet); n != 0 || err != nil {
		t.Fatalf("with the server down: %d sent, %v", n, err)
	}
	st, attempts, lastErr := outboxStatus(t, db, id)
	if st != domain.OutboxPending || attempts != 1 || lastErr == "" {
		t.Fatalf("after a failed attempt: %s, %d attempts, error %q; want pending, 1, an error", st, attempts, lastErr)
	}
	// Not due again before its backoff.
	if n, _ := a.DeliverOutbox(context.Background(), testSender(t, srv), quiet); n != 0 {
		t.Fatal("retried before the backoff")
	}
	srv.Restart()
	makeDue(t, db)
	if n, err := a.DeliverOutbox(context.Background(), testSender(t, srv), quiet); n != 1 || err != nil {
		t.Fatalf("after the restart: %d sent, %v", n, err)
	}
	if got := srv.WaitFor(1, 5*time.Second); got[0].To[0] != "iemand@voorbeeld.nl" {
		t.Errorf("arrived for %v", got[0].To)
	}
	if st, attempts, _ := outboxStatus(t, db, id); st != domain.OutboxSent || attempts != 2 {
		t.Errorf("%s after %d attempts, want sent after 2", st, attempts)
	}
}

func TestDeliverOutbox_GivesUpAfterMaxAttempts(t *testing.T) {
	db := pgtest.NewDB(t)
	srv := mailtest.Start(t)
	srv.Stop()
	a := New(db, Config{})
	m := domain.ComposeMail(domain.MailOffer, "Onderwerp", []string{"Tekst."}, "", "")
	m.To = "iemand@voorbeeld.nl"
	id := mustEnqueue(t, db, m)
	for i := 0; i < domain.OutboxMaxAttempts; i++ {
		makeDue(t, db)
		if _, err := a.DeliverOutbox(context.Background(), testSender(t, srv), quiet); err != nil {
			t.Fatal(err)
		}
	}
	if st, attempts, lastErr := outboxStatus(t, db, id); st != domain.OutboxFailed || attempts != domain.OutboxMaxAttempts || lastErr == "" {
		t.Errorf("%s after %d attempts (%q), want failed after %d", st, attempts, lastErr, domain.OutboxMaxAttempts)
	}
	stats, err := a.OutboxStats(context.Background())
	if err != nil || stats.Failed != 1 || stats.Pending != 0 {
		t.Errorf("stats = %+v, %v", stats, err)
	}
}

func TestDeliverOutbox_TwoWorkersSendEachMessageOnce(t *testing.T) {
	db := pgtest.NewDB(t)
	srv := mailtest.Start(t)
	const n = 60
	for i := 0; i < n; i++ {
		m := domain.ComposeMail(domain.MailQuestionnaire, "Onderwerp", []string{"Tekst."}, "", "")
		m.To = "gezin@voorbeeld.nl"
		mustEnqueue(t, db, m)
	}
	var wg sync.WaitGroup
	sent := make([]int, 2)
	for w := range sent {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Two instances: two applications over the same database.
			k, err := New(db, Config{}).DeliverOutbox(context.Background(), testSender(t, srv), quiet)
			if err != nil {
				t.Error(err)
			}
			sent[w] = k
		}()
	}
	wg.Wait()
	if sent[0]+sent[1] != n {
		t.Errorf("workers sent %v, want %d in all", sent, n)
	}
	ids := map[string]int{}
	for _, m := range srv.Messages() {
		ids[m.Header.Get("Message-Id")]++
	}
	if len(ids) != n {
		t.Errorf("%d distinct messages arrived, want %d", len(ids), n)
	}
	for id, k := range ids {
		if k != 1 {
			t.Errorf("%s arrived %d times", id, k)
		}
	}
}

func TestStripOutbox_Retention(t *testing.T) {
	db := pgtest.NewDB(t)
	a := New(db, Config{})
	m := domain.ComposeMail(domain.MailQuestionnaire, "Onderwerp", []string{"Tekst met link."}, "", "")
	m.To = "gezin@voorbeeld.nl"
	old, recent, pending := mustEnqueue(t, db, m), mustEnqueue(t, db, m), mustEnqueue(t, db, m)
	for id, ago := range map[int64]time.Duration{old: 31 * 24 * time.Hour, recent: 29 * 24 * time.Hour} {
		if _, err := db.ExecContext(context.Background(), `UPDATE outbox_message SET status = 'sent', sent_at = now() - $2 * interval '1 second' WHERE id = $1`,
			id, int(ago.Seconds())); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.StripOutbox(context.Background()); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64]bool{old: false, recent: true, pending: true} {
		var kept bool
		if err := db.GetContext(context.Background(), &kept, `SELECT to_address IS NOT NULL AND body_text <> '' FROM outbox_message WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if kept != want {
			t.Errorf("message %d keeps its address and content: %v, want %v", id, kept, want)
		}
	}
}

// TestOutboxMessage_HidesLinksOnceMailIsDelivered: without a mail server
// the admin reads a message whole (the demo's way to pass links on); once a
// mail server delivers the outbox, the single-use link's token is hidden.
func TestOutboxMessage_HidesLinksOnceMailIsDelivered(t *testing.T) {
	db := pgtest.NewDB(t)
	admin := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	link := "https://regiepool.example.nl" + domain.RaterFormPath + "s3cr3t-T0ken"
	id := mustEnqueue(t, db, domain.Mail{Kind: domain.MailRaterInvitation, To: "partner@voorbeeld.nl", Subject: "Feedback gevraagd",
		Text: "Open " + link, HTML: `<a href="` + link + `">Open</a>`})
	ctx := pgtest.ActorCtx(t, db, admin.ID)
	for _, c := range []struct {
		delivery bool
		want     bool // the token is readable
	}{{false, true}, {true, false}} {
		m, err := New(db, Config{MailDelivery: c.delivery}).OutboxMessage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(m.Text, "s3cr3t-T0ken") || strings.Contains(m.HTML, "s3cr3t-T0ken"); got != c.want {
			t.Errorf("mail delivery %v: token readable %v, want %v (%q)", c.delivery, got, c.want, m.Text)
		}
		if !strings.Contains(m.Text, domain.RaterFormPath) {
			t.Errorf("mail delivery %v: where the link led is gone: %q", c.delivery, m.Text)
		}
	}
}
