package postgres_test

import (
	"context"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

func outboxTo(t *testing.T, db *postgres.DB, kind domain.MailKind) []int64 {
	t.Helper()
	var ids []int64
	if err := db.SelectContext(context.Background(), &ids, `SELECT to_user_id FROM outbox_message WHERE kind = $1 ORDER BY id`, kind); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestNotify_NominationDecision: an admission or rejection is mailed, in the
// transaction of the step, to the contacts of the nominating organisation
// only; a withdrawal is no decision and mails nobody.
func TestNotify_NominationDecision(t *testing.T) {
	e := newPoolEnv(t, 10)
	mail := domain.ComposeMail(domain.MailNominationResult, "Besluit", []string{"Tekst."}, "", "")
	a, b := e.nominate(t, "Eerste"), e.nominate(t, "Tweede")
	if _, err := e.db.MoveMembership(e.contact, a.ID, domain.MemberWithdrawn, domain.TransitionOptions{Reason: "vertrokken"}, mail); err != nil {
		t.Fatal(err)
	}
	if got := outboxTo(t, e.db, domain.MailNominationResult); len(got) != 0 {
		t.Fatalf("a withdrawal mailed %v", got)
	}
	if _, err := e.db.MoveMembership(e.admin, b.ID, domain.MemberRejected, domain.TransitionOptions{Reason: "past niet"}, mail); err != nil {
		t.Fatal(err)
	}
	contact := domain.ActorFrom(e.contact).UserID
	if got := outboxTo(t, e.db, domain.MailNominationResult); len(got) != 1 || got[0] != contact {
		t.Errorf("rejection mailed to %v, want only the contact of the nominating organisation (%d)", got, contact)
	}
}

// TestNotify_Offer: an offer is mailed to the regisseur's account in the
// transaction that makes it; a regisseur without an account gets nothing,
// and a refused offer writes nothing.
func TestNotify_Offer(t *testing.T) {
	e := newCaseEnv(t)
	mail := domain.ComposeMail(domain.MailOffer, "Aanbod", []string{"Tekst."}, "", "")
	noAccount, withAccount := e.member(t, 1, 40), e.member(t, 1, 40)
	u := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &e.org.ID, RegisseurID: &withAccount.ID})
	deadline := domain.AddWorkingDays(time.Now(), domain.DefaultOfferWorkingDays)
	c1, c2 := e.newCase(t, "N-1"), e.newCase(t, "N-2")
	if _, err := e.db.OfferCase(e.dispatcher, c1.ID, noAccount.ID, deadline, mail); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.OfferCase(e.dispatcher, c2.ID, noAccount.ID, deadline, mail); err == nil {
		t.Fatal("a second offer beyond capacity was made")
	}
	if got := outboxTo(t, e.db, domain.MailOffer); len(got) != 0 {
		t.Fatalf("mailed %v for a regisseur without an account or a refused offer", got)
	}
	if _, err := e.db.OfferCase(e.dispatcher, c2.ID, withAccount.ID, deadline, mail); err != nil {
		t.Fatal(err)
	}
	if got := outboxTo(t, e.db, domain.MailOffer); len(got) != 1 || got[0] != u.ID {
		t.Errorf("offer mailed to %v, want the regisseur's account %d", got, u.ID)
	}
}
