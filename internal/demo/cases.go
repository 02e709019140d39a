package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// cases registers 30 complex cases in the five municipalities: waiting ones
// for the dispatchers to match, assigned ones with a log, closed ones (one
// with a handover first) and two outside pool regie. A returning family's
// case links to its earlier one, so continuity shows in the ranking.
func (s *seed) cases(ctx context.Context, db *postgres.DB) error {
	domains := [][]string{
		{"veiligheid", "jeugdhulp", "gezondheid"}, {"wonen", "inkomen"}, {"onderwijs", "jeugdhulp"},
		{"inkomen", "werk", "maatschappelijke_ondersteuning"}, {"veiligheid", "wonen", "gezondheid", "jeugdhulp"},
	}
	leans := [][]string{{"daadkrachtig", "helikopterview"}, {"organisatietalent"}, {"relatie-opbouwen"}, {"probleemoplossend-vermogen"}, {"daadkrachtig"}}
	risks := []string{domain.RiskHigh, domain.RiskMedium, domain.RiskLow, domain.RiskMedium, domain.RiskHigh}
	var created []domain.Case
	for i := 0; i < 30; i++ {
		c := domain.Case{
			Reference: fmt.Sprintf("Z-2026-%04d", 101+i), MunicipalityID: s.municipalities[i%5],
			ParentsStruggle: i%7 != 6, SeveralDomains: true, SeveralProfessionals: i%3 != 0, HighRisk: risks[i%5] == domain.RiskHigh,
			LifeDomains: domains[i%5], SafetyRisk: risks[i%5], Urgency: domain.UrgencyNormal + i%3/2 + boolInt(i%10 == 0),
			ArrangementHours: domain.DefaultArrangementHours, ExpectedWeeks: domain.DefaultExpectedWeeks, LeansOn: leans[i%5], StartsOn: time.Now().AddDate(0, 0, -i),
			InvolvedOrganisationIDs: []int64{s.organisations[(i+2)%5]},
			SelfReliance:            map[string]int{},
		}
		for j, d := range domains[i%5] {
			c.SelfReliance[d] = 1 + (i+j)%3
		}
		if !c.MeetsWorkingDefinition() {
			c.DefinitionReason = "Ouders vragen zelf om een regisseur; meerdere hulpverleners betrokken."
		}
		if i == 28 {
			c.OutsidePool, c.OutsideReason = domain.OutsideVeiligThuis, "Veilig Thuis doet het onderzoek; regie daar tijdelijk belegd."
		}
		if i == 29 {
			c.OutsidePool, c.OutsideReason = domain.OutsideGedwongenKader, "Ondertoezichtstelling; de gecertificeerde instelling voert regie."
		}
		if err := db.CreateCase(ctx, &c); err != nil {
			return fmt.Errorf("case %d: %w", i, err)
		}
		created = append(created, c)
	}
	// Assign cases 0–13 round-robin over the active members with room.
	active := s.regisseurs[:8]
	next := 0
	assign := func(c domain.Case) (int64, error) {
		for tries := 0; tries < len(active); tries++ {
			r := active[next%len(active)]
			next++
			if _, err := db.Assign(ctx, c.ID, r); err == nil {
				return r, nil
			}
		}
		return 0, fmt.Errorf("no room for case %s", c.Reference)
	}
	for i, c := range created[:14] {
		r, err := assign(c)
		if err != nil {
			return err
		}
		if err := s.caseLog(ctx, db, c.ID, i, domains); err != nil {
			return err
		}
		if i == 3 {
			// A handover: counted for monitoring.
			to := active[(indexOf(active, r)+3)%len(active)]
			if _, err := db.Handover(ctx, c.ID, to, "Regisseur met langdurig verlof; overgedragen binnen de pool."); err != nil {
				return fmt.Errorf("handover: %w", err)
			}
		}
	}
	// One override (issue 14, item 2): a waiting case leaning on
	// daadkrachtig goes to the member whose 360 puts them under its hard
	// minimum, with the dispatcher's reason; the case timeline shows it.
	if err := s.override(ctx, db, created[14:28]); err != nil {
		return err
	}
	// Every structured step, on a closed case and an open one.
	for _, i := range []int{0, 6} {
		if err := caseSteps(ctx, db, created[i]); err != nil {
			return err
		}
	}
	// Two cases that have used most or all of their regie arrangement, so
	// the case page's warnings at 80 % and 100 % show.
	for i, extra := range map[int]float64{4: 32, 5: 45} {
		e := domain.CaseEvent{Kind: domain.EventHours, OccurredOn: time.Now().AddDate(0, 0, -1), Hours: &extra}
		if err := db.AddCaseEvent(ctx, created[i].ID, &e); err != nil {
			return fmt.Errorf("hours of case %d: %w", i, err)
		}
	}
	// A re-assessment: the risk went down and the family got more
	// self-reliant; the timeline shows old → new.
	low, lower := domain.RiskLow, false
	if _, err := db.ReassessCase(ctx, created[6].ID, domain.Reassessment{SafetyRisk: &low, HighRisk: &lower,
		SelfReliance: map[string]int{"wonen": 3, "inkomen": 4}}); err != nil {
		return fmt.Errorf("reassessment: %w", err)
	}
	if err := voiceBeforeClose(ctx, db, created[0]); err != nil {
		return err
	}
	for i, reason := range []string{domain.CloseOwnRegie, domain.CloseGoalsReached, domain.CloseMoved, domain.CloseOwnRegie} {
		now, err := db.FindCaseByID(ctx, created[i].ID)
		if err != nil {
			return err
		}
		if _, err := db.CloseCaseWith(ctx, created[i].ID, closure(i, reason, now.InvolvedOrganisationIDs, now.SelfReliance)); err != nil {
			return fmt.Errorf("close: %w", err)
		}
	}
	if err := voiceAfterClose(ctx, db, created[0], created[1]); err != nil {
		return err
	}
	// A closed case's log is read-only; an admin corrects it with a new event.
	fix := domain.CaseEvent{Kind: domain.EventCorrection, OccurredOn: time.Now(),
		Reason: "Het rondetafeloverleg was een week eerder dan vastgelegd."}
	if err := db.AddCaseEvent(ctx, created[0].ID, &fix); err != nil {
		return fmt.Errorf("correction: %w", err)
	}
	if err := s.offers(ctx, db, created); err != nil {
		return err
	}
	if err := s.inbox(ctx, db, created[14:28]); err != nil {
		return err
	}
	// A returning family: the new case links to a closed earlier one, so its
	// earlier regisseur ranks first.
	back := domain.Case{Reference: "Z-2026-0201", MunicipalityID: created[0].MunicipalityID, ParentsStruggle: true, SeveralDomains: true,
		HighRisk: true, LifeDomains: domains[0], SafetyRisk: domain.RiskHigh, Urgency: domain.UrgencyHigh,
		ArrangementHours: domain.DefaultArrangementHours, ExpectedWeeks: domain.DefaultExpectedWeeks,
		LeansOn: leans[0], EarlierCaseID: &created[0].ID, StartsOn: time.Now()}
	return db.CreateCase(ctx, &back)
}

// overrideMember is the index of the regisseur scored under the hard
// minimum on daadkrachtig (assessment.go).
const overrideMember = 7

// overrideReason is the demo's reason for assigning against the ranking.
const overrideReason = "Kent het gezin en het netwerk uit een eerdere periode; de begeleider ondersteunt op daadkracht en schaalt mee op."

// override assigns the first of waiting that leans on daadkrachtig and
// that the member can take to overrideMember, overriding the exclusion
// below_hard_minimum with a reason.
func (s *seed) override(ctx context.Context, db *postgres.DB, waiting []domain.Case) error {
	o := domain.Override{Reason: overrideReason, Codes: []string{domain.ReasonBelowMinimum}}
	for _, c := range waiting {
		if !slices.Contains(c.LeansOn, "daadkrachtig") {
			continue
		}
		if _, err := db.AssignOverride(ctx, c.ID, s.regisseurs[overrideMember], o); err == nil {
			return nil
		}
	}
	return fmt.Errorf("override: no waiting case leaning on daadkrachtig for regisseur %d", s.regisseurs[overrideMember])
}

func (s *seed) caseLog(ctx context.Context, db *postgres.DB, caseID int64, i int, domains [][]string) error {
	hours := float64(6 + i%5*2)
	three, area := 3+i%3, 1+i%5
	events := []domain.CaseEvent{
		{Kind: domain.EventRoundTable, OccurredOn: time.Now().AddDate(0, 0, -20)},
		{Kind: domain.EventPlanMade, OccurredOn: time.Now().AddDate(0, 0, -15), Details: &domain.StepDetails{
			// Most plans are drawn up with the family; some only with its network.
			Participants: []string{[]string{domain.ParticipantParent, domain.ParticipantNetwork}[boolInt(i%4 == 3)]},
			PlanGoals: []domain.PlanGoal{{LifeDomain: domains[i%5][0], Goal: "Rust en overzicht op dit leefgebied", Responsible: domain.ResponsibleRegisseur,
				Action: "Eén plan met alle betrokken hulpverleners afstemmen"}},
			EvaluationAgreements: []domain.EvaluationAgreement{{Date: time.Now().AddDate(0, 0, -3).Format(domain.ISODate), Participants: []string{domain.ParticipantParent}}}}},
		{Kind: domain.EventHours, OccurredOn: time.Now().AddDate(0, 0, -10), Hours: &hours},
		{Kind: domain.EventSafetyAnalysis, OccurredOn: time.Now().AddDate(0, 0, -9)},
		{Kind: domain.EventEvaluation, OccurredOn: time.Now().AddDate(0, 0, -3)},
		{Kind: domain.EventSatisfaction, OccurredOn: time.Now().AddDate(0, 0, -2), Score: &three, ResultArea: &area},
	}
	for _, e := range events[:3+i%4] {
		e := e
		if err := db.RecordCaseEvent(ctx, caseID, &e); err != nil {
			return fmt.Errorf("case event: %w", err)
		}
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func indexOf(ids []int64, id int64) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return 0
}
