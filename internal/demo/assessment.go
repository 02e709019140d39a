package demo

import (
	"context"
	"fmt"
	"math/rand"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// assessments gives the first nine regisseurs a submitted self-assessment,
// a closed 360 round with enough raters per group to show results, and the
// first regisseur a second closed round (a trend) and an open one (so the
// coach sees who has not answered yet). Scores are seeded, so every start
// shows the same pool.
func (s *seed) assessments(ctx context.Context, db *postgres.DB) error {
	rng := rand.New(rand.NewSource(2027))
	ins, err := db.FindInstruments(ctx)
	if err != nil || len(ins) == 0 {
		return fmt.Errorf("no instrument: %v", err)
	}
	items := ins[len(ins)-1].Def.Items()
	for i, regID := range s.regisseurs[:9] {
		// A profile per regisseur: most items around 3–4, and a few where the
		// regisseur sees themself higher (blind spot) or lower (hidden strength).
		level := map[string]int{}
		selfBias := map[string]int{}
		for j, it := range items {
			level[it.Key] = 3 + rng.Intn(2)
			switch (i + j) % 7 {
			case 0:
				selfBias[it.Key] = 2
			case 3:
				selfBias[it.Key] = -2
			}
		}
		self := answers(items, func(key string) int { return clamp(level[key] + selfBias[key]) })
		draft, err := db.DraftSelfAssessment(ctx, regID)
		if err != nil {
			return err
		}
		if _, err := db.SaveSelfAssessment(ctx, draft.ID, self, true); err != nil {
			return err
		}
		rounds := 1
		if i == 0 {
			rounds = 2
		}
		for r := 0; r < rounds; r++ {
			growth := r // the second round shows some growth
			if err := s.closedRound(ctx, db, regID, i, func(key string) int {
				v := clamp(level[key] + growth + rng.Intn(3) - 1)
				if i == overrideMember && key == "daadkrachtig" {
					// Under the instrument's hard minimum (2): the ranking
					// excludes them from cases leaning on it, and the demo
					// has one override with its reason (cases.go).
					return 1
				}
				return v
			}); err != nil {
				return err
			}
		}
	}
	// An open round for the first regisseur: two of four partners answered.
	_, links, err := db.OpenFeedbackRound(ctx, s.regisseurs[0], time.Now().AddDate(0, 0, 10), []domain.NewRater{
		{Group: "partner"}, {Group: "partner"}, {Group: "partner"}, {Group: "partner"},
		{Group: "peer", UserID: &s.regisseurUsers[1]},
	})
	if err != nil {
		return err
	}
	for _, l := range links[:2] {
		if err := answerLink(ctx, db, l.Token, answers(items, func(string) int { return 3 + rng.Intn(2) })); err != nil {
			return err
		}
	}
	return s.roundsForTheCoach(ctx, db)
}

// roundsForTheCoach gives the first coach two rounds to act on (their start
// page's to-dos): one that regisseur2@ proposed, to approve, and an open
// one whose deadline has passed, to close.
func (s *seed) roundsForTheCoach(ctx context.Context, db *postgres.DB) error {
	reg := s.regisseurs[2]
	as := domain.WithActor(ctx, &domain.Actor{Kind: domain.ActorUser, UserID: s.regisseurUsers[1], Roles: []domain.Role{domain.RoleRegisseur},
		OrganisationID: &s.organisations[1], RegisseurID: &reg})
	if _, err := db.ProposeFeedbackRound(as, reg, time.Now().AddDate(0, 0, 21), []domain.NewRater{{Group: "peer"}, {Group: "partner"}}); err != nil {
		return fmt.Errorf("proposed round: %w", err)
	}
	late, _, err := db.OpenFeedbackRound(ctx, s.regisseurs[3], time.Now().AddDate(0, 0, 1), []domain.NewRater{{Group: "partner"}, {Group: "family"}})
	if err != nil {
		return fmt.Errorf("late round: %w", err)
	}
	_, err = db.ExecContext(ctx, `UPDATE feedback_round SET deadline = current_date - 2 WHERE id = $1`, late.ID)
	return err
}

// closedRound runs a whole round: the coach, the manager (the contact of
// the regisseur's organisation, where it has one), three peers, four
// partners and three family members answer, then the round is closed.
func (s *seed) closedRound(ctx context.Context, db *postgres.DB, regID int64, i int, score func(string) int) error {
	var raters []domain.NewRater
	for n := 0; n < 3; n++ {
		raters = append(raters, domain.NewRater{Group: "peer"}, domain.NewRater{Group: "family"})
	}
	for n := 0; n < 4; n++ {
		raters = append(raters, domain.NewRater{Group: "partner"})
	}
	coach := s.coaches[0]
	if i >= 5 {
		coach = s.coaches[1]
	}
	accounts := []accountRater{{coach, domain.RoleCoach, domain.GroupCoach}}
	if m, ok := s.managers[s.organisations[i/2]]; ok {
		accounts = append(accounts, accountRater{m, domain.RoleOrgContact, domain.GroupManager})
	}
	for _, a := range accounts {
		raters = append(raters, domain.NewRater{Group: a.group, UserID: &a.user})
	}
	round, links, err := db.OpenFeedbackRound(ctx, regID, time.Now().AddDate(0, 0, 14), raters)
	if err != nil {
		return err
	}
	ins, err := db.FindInstrumentByID(ctx, round.InstrumentID)
	if err != nil {
		return err
	}
	for _, l := range links {
		items := ins.Def.Items()
		if l.Group == "family" {
			items = ins.Def.FamilyItems()
		}
		if err := answerLink(ctx, db, l.Token, answers(items, score)); err != nil {
			return err
		}
	}
	for _, a := range accounts {
		actx := domain.WithActor(ctx, &domain.Actor{Kind: domain.ActorUser, UserID: a.user, Roles: []domain.Role{a.role}})
		reqs, _, err := db.FindFeedbackRequests(actx, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
		if err != nil {
			return err
		}
		for _, r := range reqs {
			if r.RoundID != round.ID {
				continue
			}
			ans := answers(ins.Def.Items(), score)
			if a.group == domain.GroupCoach {
				first := ins.Def.Competencies()[0].Key
				ans[first] = domain.Answer{Score: ptr(score(first)), Comment: "Houdt in het rondetafeloverleg knap de lijn vast."}
			}
			if err := db.AnswerFeedbackRequest(actx, r.RaterID, ans, true); err != nil {
				return err
			}
		}
	}
	_, err = db.CloseFeedbackRound(ctx, round.ID)
	return err
}

// accountRater is a demo account that answers a round in a known group.
type accountRater struct {
	user  int64
	role  domain.Role
	group domain.RaterGroup
}

func answerLink(ctx context.Context, db *postgres.DB, token string, a map[string]domain.Answer) error {
	actor, _, err := db.ExternalFeedbackRequest(ctx, token)
	if err != nil {
		return err
	}
	return db.AnswerExternal(domain.WithActor(ctx, actor), a)
}

func answers(items []assessmentItem, score func(string) int) map[string]domain.Answer {
	out := map[string]domain.Answer{}
	for _, it := range items {
		out[it.Key] = domain.Answer{Score: ptr(score(it.Key))}
	}
	return out
}

func clamp(v int) int { return max(1, min(5, v)) }
