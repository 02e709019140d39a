package demo

import (
	"context"
	"fmt"
	"math/rand"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// coaching writes a year of monthly intervisie sessions, reflection logs with
// shared entries and coach replies, and development plans with history, for
// the regisseurs in the pool.
func (s *seed) coaching(ctx context.Context, db *postgres.DB) error {
	rng := rand.New(rand.NewSource(42))
	ins, err := db.FindInstruments(ctx)
	if err != nil || len(ins) == 0 {
		return fmt.Errorf("no instrument: %v", err)
	}
	comps := ins[len(ins)-1].Def.Competencies()
	themes, _, err := db.FindThemes(ctx, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
	if err != nil {
		return err
	}
	members := s.regisseurs[:9]
	forms := domain.IntervisieForms
	notes := []string{
		"Casus besproken waarin de moeder het plan niet meer droeg; samen gekeken hoe de regisseur het gesprek weer opent.",
		"Thema grenzen stellen: wanneer schaal je op naar de procesregisseur van de gemeente?",
		"Oefening met een rondetafeloverleg waarin twee aanbieders elkaar tegenspraken.",
		"Verslaglegging: wat hoort in het gezinsplan en wat niet, en wie mag het lezen.",
	}
	for k := 12; k >= 1; k-- {
		var attendees, absentees []int64
		for _, id := range members {
			if rng.Intn(6) == 0 {
				absentees = append(absentees, id)
			} else {
				attendees = append(attendees, id)
			}
		}
		sess := domain.Intervisie{HeldOn: time.Now().AddDate(0, 0, -30*k+3), DurationMinutes: 90 + 30*(k%2), Form: forms[k%3],
			ThemeIDs: []int64{themes[k%len(themes)].ID}, Competencies: []string{comps[k%len(comps)].Key, comps[(k+3)%len(comps)].Key},
			Attendees: attendees, Absentees: absentees, Notes: notes[k%len(notes)]}
		if err := db.CreateIntervisie(ctx, &sess); err != nil {
			return fmt.Errorf("intervisie %d: %w", k, err)
		}
	}
	bodies := []string{
		"In het gesprek met vader merkte ik dat ik te snel met oplossingen kwam. Volgende keer eerst vragen wat hij zelf al geprobeerd heeft.",
		"Het rondetafeloverleg liep uit omdat ik niet scherp had wie waarvoor verantwoordelijk is. Actielijst vooraf rondsturen.",
		"Ik heb opgeschaald naar de procesregisseur toen de afspraak over de veiligheid niet werd nagekomen. Dat voelde spannend, maar het was nodig.",
		"De jongere gaf aan dat hij zich niet gehoord voelde in het overleg. Ik wil hem de volgende keer zelf laten beginnen.",
		"Mijn eigen normen over opvoeden kleurden mijn beeld van het gezin; besproken in intervisie.",
	}
	for i, id := range members {
		for j := 0; j < 4+i%3; j++ {
			r := domain.Reflection{RegisseurID: id, WrittenOn: time.Now().AddDate(0, -2*j-i%2, -rng.Intn(20)),
				CompetencyKey: comps[(i+j)%len(comps)].Key, CaseReference: fmt.Sprintf("2026-%04d", 100+i*10+j), Body: bodies[(i+j)%len(bodies)]}
			share := j%2 == 0
			if err := db.CreateReflection(ctx, &r, share); err != nil {
				return fmt.Errorf("reflection: %w", err)
			}
			if share && j == 0 {
				if _, err := db.ReplyToReflection(ctx, r.ID, "Mooi dat je dit zo eerlijk opschrijft. Laten we het meenemen naar de volgende intervisie."); err != nil {
					return err
				}
			}
		}
		bases := []string{domain.BasisBelowNorm, domain.BasisBlindSpot, domain.BasisPitfall}
		for j := 0; j < 2; j++ {
			c := comps[(i*2+j)%len(comps)]
			g := domain.DevelopmentGoal{RegisseurID: id, CompetencyKey: c.Key, Basis: bases[(i+j)%3],
				Description: "Groeien in " + c.Name + " in de lopende casussen",
				Actions:     []string{"Casus inbrengen in intervisie", "Feedback vragen aan een samenwerkingspartner"},
				TargetDate:  time.Now().AddDate(0, 1+3*j-i%3, 0)}
			if err := db.CreateDevelopmentGoal(ctx, &g); err != nil {
				return fmt.Errorf("goal: %w", err)
			}
			steps := []string{domain.GoalInProgress, domain.GoalAchieved}[:1+(i+j)%2]
			for _, st := range steps {
				st := st
				if _, err := db.UpdateDevelopmentGoal(ctx, g.ID, domain.GoalUpdate{Status: &st, Note: "Besproken in het begeleidingsgesprek"}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
