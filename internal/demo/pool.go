package demo

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// nominations opens the pilot's pool round and lets each organisation
// nominate its two candidates, through its demo contact: the audit trail
// (and a regisseur's who-read list) names who nominated.
func (s *seed) nominations(ctx context.Context, db *postgres.DB) error {
	var orgs []domain.RoundOrganisation
	for _, id := range s.organisations {
		orgs = append(orgs, domain.RoundOrganisation{OrganisationID: id, Quota: 2})
	}
	round, err := db.CreatePoolRound(ctx, "Pilot complexe regie 2027", orgs)
	if err != nil {
		return err
	}
	for i, name := range regisseurNames {
		org := s.organisations[i/2]
		contact := domain.WithActor(ctx, &domain.Actor{Kind: domain.ActorUser, UserID: s.managers[org], Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &org})
		n := domain.Nomination{RoundID: round.ID, RegisseurName: name, HoursPerWeek: float64(12 + 4*(i%4)),
			Motivation:      "Ervaren in gezinnen met meervoudige problematiek; houdt overzicht en durft knopen door te hakken.",
			MunicipalityIDs: []int64{s.municipalities[i%5], s.municipalities[(i+1)%5]},
			CompetencyMotivations: map[string]string{
				"helikopterview": "Brengt in rondetafeloverleggen de lijnen van alle betrokkenen samen.",
				"daadkrachtig":   "Schaalt op wanneer de veiligheid van een kind in het geding is.",
			}}
		m, err := db.Nominate(contact, n)
		if err != nil {
			return fmt.Errorf("nominate %s: %w", name, err)
		}
		s.regisseurs = append(s.regisseurs, m.RegisseurID)
		s.memberships = append(s.memberships, m.ID)
	}
	return nil
}

// selection records the pre-selection of every nominee (all three outcomes
// occur), admits nine (one despite a contra-indication, with an admin's
// reason), activates eight with various capacities, pauses one and rejects
// the last.
func (s *seed) selection(ctx context.Context, db *postgres.DB) error {
	outcomes := []string{
		domain.OutcomeSuitable, domain.OutcomeSuitableAttention, domain.OutcomeSuitable, domain.OutcomeSuitable,
		domain.OutcomeSuitableAttention, domain.OutcomeSuitable, domain.OutcomeSuitableAttention, domain.OutcomeSuitable,
		domain.OutcomeContraIndication, domain.OutcomeContraIndication,
	}
	pitfalls := [][]string{
		{"Neemt snel zelf de regie over van het gezin"}, {"Vermijdt conflicten met collega-professionals", "Stelt besluiten uit onder druk"},
		{}, {"Wil iedereen tevreden houden"}, {"Raakt betrokken bij de emoties van ouders"}, {}, {"Te veel tegelijk oppakken"}, {},
		{"Weinig zicht op de eigen grenzen", "Reageert impulsief bij spanning"}, {"Moeite met samenwerken in een netwerk"},
	}
	attention := [][]string{{"Ruimte laten aan ouders"}, {"Escalatie bespreken in intervisie"}, {}, {"Nee durven zeggen"},
		{"Professionele afstand"}, {}, {"Caseload bewaken"}, {}, {"Zelfzorg en grenzen"}, {"Netwerkvaardigheden"}}
	for i, id := range s.memberships {
		p := domain.PreSelection{TestDate: time.Now().AddDate(0, -2, -i), InstrumentName: "Big Five persoonlijkheidsvragenlijst (demo)",
			Provider: "Testbureau Noord (demo)", Outcome: outcomes[i], Pitfalls: pitfalls[i], AttentionPoints: attention[i],
			CompetencyKeys: preSelectionCompetencies[i]}
		if _, err := db.RecordPreSelection(ctx, id, p, nil, ""); err != nil {
			return fmt.Errorf("pre-selection %d: %w", i, err)
		}
	}
	steps := func(id int64, to domain.MembershipStatus, opt domain.TransitionOptions) error {
		_, err := db.MoveMembership(ctx, id, to, opt)
		return err
	}
	for i, id := range s.memberships[:9] {
		opt := domain.TransitionOptions{Reason: "Selectiecommissie: voldoet aan het profiel"}
		if outcomes[i] == domain.OutcomeContraIndication {
			opt.OverrideReason = "Contra-indicatie besproken; toegelaten met extra begeleiding op zelfzorg en grenzen"
		}
		if err := steps(id, domain.MemberAdmitted, opt); err != nil {
			return fmt.Errorf("admit %d: %w", i, err)
		}
		if err := steps(id, domain.MemberActive, domain.TransitionOptions{Reason: "Start in de pool"}); err != nil {
			return err
		}
		maxCases, hours := 3+i%4, float64(12+4*(i%4))
		if _, err := db.UpdateCapacity(ctx, id, domain.CapacityUpdate{MaxCases: &maxCases, HoursPerWeek: &hours}); err != nil {
			return err
		}
	}
	until := time.Now().AddDate(0, 1, 0)
	if err := steps(s.memberships[8], domain.MemberPaused, domain.TransitionOptions{Reason: "Ziekteverlof", PausedUntil: &until}); err != nil {
		return err
	}
	if err := steps(s.memberships[9], domain.MemberRejected, domain.TransitionOptions{Reason: "Contra-indicatie uit de voorselectie; besproken met de organisatie"}); err != nil {
		return err
	}
	// Leave ahead for one active member, so the overview shows a coming change.
	_, err := db.AddUnavailability(ctx, s.memberships[1], domain.Unavailability{
		StartsOn: time.Now().AddDate(0, 0, 21), EndsOn: time.Now().AddDate(0, 0, 35), Reason: "verlof"})
	return err
}
