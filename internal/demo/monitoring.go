package demo

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// monitoringCases is how many closed cases the demo adds for monitoring
// (issue 15): enough, with every structured step, hours, answered
// questionnaires and a closure, that every figure over the whole region
// passes the small-cell threshold (5 by default; not per municipality).
const monitoringCases = 16

// monitoring registers monitoringCases more cases over the five
// municipalities and runs each from assignment to close: the structured
// steps (caseSteps), hours, the questionnaires of a parent and an
// organisation at the close, and the closure with its final check. Like
// every demo case they are registered now, so they fall in the current
// quarter.
func (s *seed) monitoring(ctx context.Context, db *postgres.DB) error {
	reasons := []string{domain.CloseOwnRegie, domain.CloseGoalsReached, domain.CloseOwnRegie, domain.CloseGoalsReached, domain.CloseMoved}
	lifeDomains := [][]string{{"wonen", "inkomen", "onderwijs"}, {"inkomen", "werk", "gezondheid"}, {"veiligheid", "jeugdhulp", "wonen"}}
	// The active members, but Jelle Zijlstra (regisseur3@), who stays a
	// member without any case for the dispatcher's inbox (inbox.go).
	var active []int64
	for i, r := range s.regisseurs[:8] {
		if i != 5 {
			active = append(active, r)
		}
	}
	wentWell := []string{"Eén aanspreekpunt voor alle hulp.", "De regisseur hield overzicht en sprak partijen aan.",
		"We werden serieus genomen.", "Afspraken werden nagekomen."}
	couldBeBetter := []string{"Eerder samen om tafel.", "Minder wisselingen van hulpverleners.", "Sneller een eerste gesprek."}
	for i := range monitoringCases {
		c := domain.Case{
			Reference: fmt.Sprintf("Z-2026-%04d", 301+i), MunicipalityID: s.municipalities[i%len(s.municipalities)],
			ParentsStruggle: true, SeveralDomains: true, SeveralProfessionals: true, HighRisk: i%3 == 0,
			LifeDomains: lifeDomains[i%3], SafetyRisk: []string{domain.RiskHigh, domain.RiskMedium, domain.RiskLow}[i%3], Urgency: domain.UrgencyNormal,
			ArrangementHours: domain.DefaultArrangementHours, ExpectedWeeks: domain.DefaultExpectedWeeks, StartsOn: time.Now().AddDate(0, 0, -40-i),
			InvolvedOrganisationIDs: []int64{s.organisations[(i+1)%len(s.organisations)]}, SelfReliance: map[string]int{},
		}
		for j, d := range c.LifeDomains {
			c.SelfReliance[d] = 1 + (i+j)%3
		}
		if !c.MeetsWorkingDefinition() {
			c.DefinitionReason = "Ouders vragen zelf om een regisseur; meerdere hulpverleners betrokken."
		}
		if err := db.CreateCase(ctx, &c); err != nil {
			return fmt.Errorf("monitoring case %d: %w", i, err)
		}
		assigned := false
		for k := range active {
			if _, err := db.Assign(ctx, c.ID, active[(i+k)%len(active)]); err == nil {
				assigned = true
				break
			}
		}
		if !assigned {
			return fmt.Errorf("monitoring case %d: no regisseur with room", i)
		}
		if err := age(ctx, db, c.ID, ageWithinQuarter(time.Now(), 14+7*(i%6))); err != nil {
			return fmt.Errorf("monitoring case %d: %w", i, err)
		}
		if err := caseSteps(ctx, db, c); err != nil {
			return err
		}
		hours := float64(18 + i%6*5)
		e := domain.CaseEvent{Kind: domain.EventHours, OccurredOn: time.Now().AddDate(0, 0, -5), Hours: &hours}
		if err := db.RecordCaseEvent(ctx, c.ID, &e); err != nil {
			return fmt.Errorf("hours of monitoring case %d: %w", i, err)
		}
		area, score := 1+i%5, 3+i%3
		sat := domain.CaseEvent{Kind: domain.EventSatisfaction, OccurredOn: time.Now().AddDate(0, 0, -2), Score: &score, ResultArea: &area}
		if err := db.RecordCaseEvent(ctx, c.ID, &sat); err != nil {
			return fmt.Errorf("satisfaction of monitoring case %d: %w", i, err)
		}
		now, err := db.FindCaseByID(ctx, c.ID)
		if err != nil {
			return err
		}
		if _, err := db.CloseCaseWith(ctx, c.ID, closure(10+i, reasons[i%len(reasons)], now.InvolvedOrganisationIDs, now.SelfReliance)); err != nil {
			return fmt.Errorf("close monitoring case %d: %w", i, err)
		}
		replies := map[domain.RespondentKind][]voiceReply{
			domain.RespondentParent: {{heard: 3 + i%3, helped: 2 + i%4, wentWell: wentWell[i%len(wentWell)]}},
			domain.RespondentParty:  {{collaboration: 3 + i%2, couldBeBetter: couldBeBetter[i%len(couldBeBetter)]}},
		}
		if i%2 == 0 {
			replies[domain.RespondentYoungPerson] = []voiceReply{{heard: 3 + i%2, helped: 4}}
		}
		if err := voice(ctx, db, c, domain.VoiceAtClose, time.Time{}, replies, 0); err != nil {
			return err
		}
	}
	return nil
}

// age moves a case's registration back by days, and its assignment to the
// day after. The store stamps both with the current time, and a demo case
// registered, assigned and closed in one moment would give monitoring a
// regie of 0 weeks (question 8).
func age(ctx context.Context, db *postgres.DB, caseID int64, days int) error {
	if days <= 1 {
		return nil
	}
	if _, err := db.ExecContext(ctx, `UPDATE complex_case SET created_at = created_at - make_interval(days => $2) WHERE id = $1`, caseID, days); err != nil {
		return fmt.Errorf("age case: %w", err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE assignment SET assigned_at = assigned_at - make_interval(days => $2) WHERE case_id = $1`, caseID, days-1); err != nil {
		return fmt.Errorf("age assignment: %w", err)
	}
	return nil
}

// ageWithinQuarter is days, or less so that the day stays in the current
// calendar quarter: monitoring counts per quarter (its cell rule), and the
// demo's figures are meant to show in the first report.
func ageWithinQuarter(now time.Time, days int) int {
	q := time.Date(now.Year(), time.Month((int(now.Month())-1)/3*3+1), 1, 0, 0, 0, 0, now.Location())
	return max(0, min(days, int(now.Sub(q).Hours()/24)-1))
}
