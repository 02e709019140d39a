package national

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/domain"
)

var reflectionBodies = []string{
	"In het gesprek met vader merkte ik dat ik te snel met oplossingen kwam. Volgende keer eerst vragen wat hij zelf al geprobeerd heeft.",
	"Het rondetafeloverleg liep uit omdat ik niet scherp had wie waarvoor verantwoordelijk is. Actielijst vooraf rondsturen.",
	"Ik heb opgeschaald naar de procesregisseur toen de afspraak over de veiligheid niet werd nagekomen. Dat was nodig.",
	"De jongere gaf aan dat hij zich niet gehoord voelde in het overleg. Ik wil hem de volgende keer zelf laten beginnen.",
	"Mijn eigen normen over opvoeden kleurden mijn beeld van het gezin; besproken in intervisie.",
}

// coaching writes a year of intervisie (every coach meets their coachees
// monthly, a sixth absent each time), reflection logs (some shared with
// the coach, some marked for monitoring) with replies, and development
// goals with their status history.
func (g *gen) coaching(ctx context.Context) error {
	byCoach := map[int64][]int64{}
	var order []int64
	for _, r := range g.regs {
		if r.status != domain.MemberActive && r.status != domain.MemberPaused {
			continue
		}
		c := r.coaches[0]
		if _, ok := byCoach[c]; !ok {
			order = append(order, c)
		}
		byCoach[c] = append(byCoach[c], r.id)
	}
	comps := g.instrument.competencies
	var sessions, themes, scomps, parts [][]any
	for _, c := range order {
		for month := 12; month >= 1; month-- {
			id := g.next("intervisie_session")
			held := g.day(30*month - g.rng.Intn(10))
			sessions = append(sessions, []any{id, held, 90 + 30*(month%2), domain.IntervisieForms[month%3],
				"Casus besproken; samen gekeken hoe de regisseur het gesprek met het gezin weer opent.", c, g.at(held)})
			themes = append(themes, []any{id, g.themes[g.rng.Intn(len(g.themes))]})
			a, b := g.rng.Intn(len(comps)), g.rng.Intn(len(comps))
			scomps = append(scomps, []any{id, comps[a]})
			if b != a {
				scomps = append(scomps, []any{id, comps[b]})
			}
			for _, r := range byCoach[c] {
				parts = append(parts, []any{id, r, g.rng.Intn(6) != 0})
			}
		}
	}
	if err := g.copySlice(ctx, "intervisie_session", []string{"id", "held_on", "duration_minutes", "form", "notes", "created_by", "created_at"}, sessions); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "intervisie_session_theme", []string{"session_id", "theme_id"}, themes); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "intervisie_session_competency", []string{"session_id", "competency_key"}, scomps); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "intervisie_participant", []string{"session_id", "regisseur_id", "attended"}, parts); err != nil {
		return err
	}
	return g.logs(ctx)
}

// logs writes reflections with replies and development goals with history.
func (g *gen) logs(ctx context.Context) error {
	comps := g.instrument.competencies
	var refl, replies, goals, changes [][]any
	for i := range g.regs {
		r := &g.regs[i]
		if r.status != domain.MemberActive {
			continue
		}
		n := []int{0, 0, 1, 2, 3, 4, 6}[g.rng.Intn(7)]
		for j := 0; j < n; j++ {
			id := g.next("reflection")
			on := g.day(g.rng.Intn(365))
			var shared, help any
			well, better := "", ""
			share := g.rng.Intn(2) == 0
			monitoring := share && g.rng.Intn(3) == 0
			if share {
				shared = g.at(on)
			}
			if monitoring {
				well, better, help = "Het gezin nam zelf het woord in het overleg.", "Eerder de school erbij betrekken.", 2+g.rng.Intn(4)
			}
			refl = append(refl, []any{id, r.id, on, comps[g.rng.Intn(len(comps))], fmt.Sprintf("Z-%d-%06d", on.Year(), 1+g.rng.Intn(g.size.Cases)),
				reflectionBodies[g.rng.Intn(len(reflectionBodies))], shared, monitoring, well, better, help, g.at(on), g.at(on)})
			if share && g.rng.Intn(3) == 0 {
				replies = append(replies, []any{g.next("reflection_reply"), id, r.coaches[0],
					"Mooi dat je dit zo eerlijk opschrijft. Laten we het meenemen naar de volgende intervisie.", g.at(on.AddDate(0, 0, 2))})
			}
		}
		for j := 0; j < g.rng.Intn(3); j++ {
			id := g.next("development_goal")
			c := comps[g.rng.Intn(len(comps))]
			made := g.day(30 + g.rng.Intn(300))
			status := []string{domain.GoalOpen, domain.GoalInProgress, domain.GoalInProgress, domain.GoalAchieved, domain.GoalDropped}[g.rng.Intn(5)]
			goals = append(goals, []any{id, r.id, c, domain.GoalBases[g.rng.Intn(3)], "Groeien in deze competentie in de lopende casussen",
				`{"Casus inbrengen in intervisie","Feedback vragen aan een samenwerkingspartner"}`, made.AddDate(0, 4, 0), status,
				r.coaches[0], g.at(made), g.at(made)})
			changes = append(changes, []any{g.next("goal_status_change"), id, nil, domain.GoalOpen, "", r.coaches[0], g.at(made)})
			if status != domain.GoalOpen {
				changes = append(changes, []any{g.next("goal_status_change"), id, domain.GoalOpen, status,
					"Besproken in het begeleidingsgesprek", r.coaches[0], g.at(made.AddDate(0, 1, 0))})
			}
		}
	}
	if err := g.copySlice(ctx, "reflection", []string{"id", "regisseur_id", "written_on", "competency_key", "case_reference", "body",
		"shared_at", "share_with_monitoring", "went_well", "could_be_better", "coaching_help", "created_at", "updated_at"}, refl); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "reflection_reply", []string{"id", "reflection_id", "author_user_id", "body", "created_at"}, replies); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "development_goal", []string{"id", "regisseur_id", "competency_key", "basis", "description", "actions",
		"target_date", "status", "created_by", "created_at", "updated_at"}, goals); err != nil {
		return err
	}
	return g.copySlice(ctx, "goal_status_change", []string{"id", "goal_id", "from_status", "to_status", "note", "actor_user_id", "at"}, changes)
}

// audit writes the audit trail of the main writes, as the store would
// have: the cases registered, assigned and closed, the memberships moved.
// (Reads are not simulated; the trail starts with the load.)
func (g *gen) audit(ctx context.Context) error {
	k, step := 0, 0
	return g.copyRows(ctx, "audit_event", []string{"id", "at", "actor_kind", "actor_user_id", "action", "record_type", "record_id", "outcome"}, func() []any {
		for k < len(g.cases) {
			c := &g.cases[k]
			by := g.muns[c.mun].dispatchers[0]
			step++
			switch {
			case step == 1:
				return []any{g.next("audit_event"), c.created, "user", by, "create", "case", c.id, domain.OutcomeAllowed}
			case step-2 < len(c.assignees):
				return []any{g.next("audit_event"), c.created.Add(time.Duration(step) * time.Hour), "user", by, "assign", "assignment", c.assignees[step-2], domain.OutcomeAllowed}
			case step-2 == len(c.assignees) && !c.closedAt.IsZero():
				return []any{g.next("audit_event"), c.closedAt, "user", c.closedBy, "close", "case", c.id, domain.OutcomeAllowed}
			}
			k, step = k+1, 0
		}
		return nil
	})
}
