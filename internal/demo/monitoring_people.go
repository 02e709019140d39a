package demo

import (
	"context"
	"fmt"
	"math/rand"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// The demo data of the monitoring questions about people (issue 15,
// questions 2, 3, 6, 9 and 10), enough to pass the small-cell threshold
// in the whole region.

// preSelectionCompetencies are the competencies the demo pre-selections'
// pitfalls and attention points concern, by membership (pool.go): most
// of them meet the development goals of coaching.go later, some do not.
var preSelectionCompetencies = [][]string{
	{"relatie-opbouwen"}, {"groepsgericht-leiderschap", "daadkrachtig"}, {}, {"daadkrachtig"}, {"zelfkennis"},
	{}, {"organisatietalent"}, {}, {"zelfkennis"}, {"relatie-opbouwen"},
}

// monitoringPeople gives regisseurs 2–7 an earlier self-assessment and
// 360 round, a little lower than the one assessments() closes after it,
// so question 3 has regisseurs with two closed rounds; and regisseurs 1–7
// a reflection marked for monitoring with its short pair and a rating of
// the coaching (questions 6 and 10). It runs before assessments(), so the
// latest rounds, which the ranking reads, stay the same.
func (s *seed) monitoringPeople(ctx context.Context, db *postgres.DB) error {
	rng := rand.New(rand.NewSource(15))
	ins, err := db.FindInstruments(ctx)
	if err != nil || len(ins) == 0 {
		return fmt.Errorf("no instrument: %v", err)
	}
	items := ins[len(ins)-1].Def.Items()
	for i := 1; i <= 6; i++ {
		regID := s.regisseurs[i]
		draft, err := db.DraftSelfAssessment(ctx, regID)
		if err != nil {
			return err
		}
		if _, err := db.SaveSelfAssessment(ctx, draft.ID, answers(items, func(string) int { return 3 + rng.Intn(2) }), true); err != nil {
			return err
		}
		if err := s.closedRound(ctx, db, regID, i, func(string) int { return clamp(2 + rng.Intn(2)) }); err != nil {
			return fmt.Errorf("earlier round %d: %w", i, err)
		}
	}
	pairs := []struct{ well, better string }{
		{"Het gezin nam zelf het woord in het rondetafeloverleg.", "Eerder de school erbij betrekken."},
		{"De afspraken over veiligheid werden nagekomen.", "Minder tegelijk willen oplossen."},
		{"Samen met de wijkcoach één plan gemaakt.", "De evaluatie eerder plannen."},
		{"Opschalen ging snel en duidelijk.", "Beter uitleggen waarom we opschalen."},
		{"Vader voelde zich gehoord.", "Vaker navragen of het plan nog past."},
		{"De jongere koos zelf zijn doelen.", "Het netwerk breder uitnodigen."},
		{"Intervisie hielp om mijn rol scherp te houden.", "Verslaglegging direct na het overleg doen."},
	}
	comps := ins[len(ins)-1].Def.Competencies()
	for i, p := range pairs {
		help := 3 + i%3
		r := domain.Reflection{RegisseurID: s.regisseurs[i], WrittenOn: time.Now().AddDate(0, 0, -7*(i+1)), CompetencyKey: comps[i%len(comps)].Key,
			Body: "Terugblik op de afgelopen weken in de casus.", ShareWithMonitoring: true, WentWell: p.well, CouldBeBetter: p.better, CoachingHelp: &help}
		if err := db.CreateReflection(ctx, &r, false); err != nil {
			return fmt.Errorf("reflection for monitoring: %w", err)
		}
	}
	return nil
}
