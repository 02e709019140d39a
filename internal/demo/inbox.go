package demo

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// The dispatcher's inbox (werkvoorraad, issue 14 item 6) shows something in
// every section for werkverdeler@regiepool.test (Leeuwarden and
// Súdwest-Fryslân): the waiting high-risk cases and the declined offer come
// from cases.go and offers.go, and Jelle Zijlstra (regisseur3@) gets none of
// the cases assigned there, so he is a member without any case who has
// room; this adds a case no one qualifies for and an offer in their
// municipalities that expires within a working day.

// inbox adds the inbox's demo records; waiting are the demo's cases 14–27.
func (s *seed) inbox(ctx context.Context, db *postgres.DB, waiting []domain.Case) error {
	// A family in the care of four of the five organisations: every member
	// in Leeuwarden works for one of them (not independent), and the fifth
	// organisation's only member is paused. Medium risk: the proposal has
	// nothing to place here either.
	c := domain.Case{Reference: "Z-2026-0202", MunicipalityID: s.municipalities[0], ParentsStruggle: true, SeveralDomains: true,
		SeveralProfessionals: true, LifeDomains: []string{"jeugdhulp", "wonen", "inkomen"}, SafetyRisk: domain.RiskMedium,
		Urgency: domain.UrgencyHigh, ArrangementHours: domain.DefaultArrangementHours, ExpectedWeeks: domain.DefaultExpectedWeeks,
		LeansOn: []string{"organisatietalent"}, StartsOn: time.Now(), InvolvedOrganisationIDs: s.organisations[:4]}
	if err := db.CreateCase(ctx, &c); err != nil {
		return fmt.Errorf("inbox case: %w", err)
	}
	// An offer in Súdwest-Fryslân (case 26, medium risk) that expires
	// within a working day, to Ahmed El Amrani (Jeugdhulp Noordwest).
	for _, k := range waiting {
		if k.Reference != "Z-2026-0127" {
			continue
		}
		if _, err := db.OfferCase(ctx, k.ID, s.regisseurs[1], time.Now().Add(20*time.Hour)); err != nil {
			return fmt.Errorf("inbox offer: %w", err)
		}
		return nil
	}
	return fmt.Errorf("inbox offer: case Z-2026-0127 is not waiting")
}
