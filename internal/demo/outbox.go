package demo

import (
	"context"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// demoPublicURL is where `make run` serves, for the links in demo mails.
const demoPublicURL = "http://127.0.0.1:8080"

// outbox writes a few messages in every state, so /beheer/berichten shows a
// living outbox in the demo: invitations that went out, a reminder that
// waits, and a nomination decision that failed for good.
func (s *seed) outbox(ctx context.Context, db *postgres.DB) error {
	now := time.Now()
	coach, regUser := s.coaches[len(s.coaches)-1], s.regisseurUsers[0]
	invite := domain.ComposeMail(domain.MailRaterInvitation, "Uw feedback gevraagd over "+regisseurNames[0], []string{
		"Goedendag,", "U wordt gevraagd feedback te geven over " + regisseurNames[0] + ", als collega.",
		"Log in bij Regiepool en open 'Feedback geven'.",
	}, "Naar de vragenlijst", demoPublicURL+domain.FeedbackRequestsPath)
	invite.ToUserID = &coach
	reminder := domain.ComposeMail(domain.MailRaterReminder, "Herinnering: uw feedback over "+regisseurNames[0], []string{
		"Goedendag,", "U wordt gevraagd feedback te geven over " + regisseurNames[0] + ", als collega. Wij hebben uw antwoorden nog niet ontvangen.",
		"De ronde sluit over 2 dagen. Heeft u al geantwoord? Dan kunt u dit bericht negeren.",
	}, "Naar de vragenlijst", demoPublicURL+domain.FeedbackRequestsPath)
	reminder.ToUserID = &coach
	reminder.NotBefore = now.AddDate(0, 0, 5)
	offer := domain.ComposeMail(domain.MailOffer, "Er staat een casus voor u klaar", []string{
		"Goedendag,", "De werkverdeler heeft u een casus aangeboden. Bekijk de aanbieding en laat weten of u hem aanneemt.",
	}, "Naar uw aanbiedingen", demoPublicURL+"/aanbiedingen")
	offer.ToUserID = &regUser
	decision := domain.ComposeMail(domain.MailNominationResult, "Besluit over uw voordracht", []string{
		"Goedendag,", "Er is een besluit genomen over een voordracht van uw organisatie voor de pool. U leest het besluit in Regiepool.",
	}, "Naar de pool", demoPublicURL+"/pool")
	decision.ToUserID = ptr(s.managers[s.organisations[0]])
	for _, x := range []struct {
		m        domain.Mail
		status   string
		attempts int
		err      string
		at       time.Time
	}{
		{invite, domain.OutboxSent, 1, "", now.AddDate(0, 0, -3)},
		{offer, domain.OutboxSent, 2, "", now.Add(-26 * time.Hour)},
		{decision, domain.OutboxFailed, domain.OutboxMaxAttempts, "smtp mail.regiepool.test:587: 550 5.1.1 mailbox unavailable", now.Add(-2 * time.Hour)},
		{reminder, domain.OutboxPending, 0, "", reminder.NotBefore},
	} {
		if err := db.SeedOutboxMessage(ctx, x.m, x.status, x.attempts, x.err, x.at); err != nil {
			return err
		}
	}
	return nil
}
