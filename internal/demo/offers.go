package demo

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// offers makes offers of waiting cases (none of the high-risk ones, which
// the proposal places): regisseur@regiepool.test declined one with a
// reason (the case is back on top of the dispatcher's list) and has one
// open with the default deadline; regisseur2 has one that expires within a
// working day (first in the dispatcher's list of offers).
func (s *seed) offers(ctx context.Context, db *postgres.DB, cases []domain.Case) error {
	lotte := s.regisseurs[0]
	deadline := domain.AddWorkingDays(time.Now(), domain.DefaultOfferWorkingDays)
	declined, err := db.OfferCase(ctx, cases[21].ID, lotte, deadline)
	if err != nil {
		return fmt.Errorf("offer to decline: %w", err)
	}
	// The decline is the regisseur's own, through her account.
	as := domain.WithActor(ctx, &domain.Actor{Kind: domain.ActorUser, UserID: s.regisseurUsers[0], Roles: []domain.Role{domain.RoleRegisseur},
		OrganisationID: &s.organisations[0], RegisseurID: &lotte})
	if _, err := db.DeclineOffer(as, declined.Offer.ID, "Deze week een crisisinterventie in een andere casus; ik kan dit gezin nu niet de aandacht geven die het nodig heeft."); err != nil {
		return fmt.Errorf("decline: %w", err)
	}
	if _, err := db.OfferCase(ctx, cases[16].ID, lotte, deadline); err != nil {
		return fmt.Errorf("open offer: %w", err)
	}
	if _, err := db.OfferCase(ctx, cases[17].ID, s.regisseurs[2], time.Now().Add(20*time.Hour)); err != nil {
		return fmt.Errorf("offer expiring soon: %w", err)
	}
	return nil
}
