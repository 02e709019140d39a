package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"regiepool/internal/app"
	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
	"regiepool/internal/report"
)

// peopleEnv is constructed data for the monitoring questions about people
// (2, 3, 6, 9, 10), answered as a monitor.
type peopleEnv struct {
	db    *postgres.DB
	app   *app.App
	ctx   context.Context
	f     domain.MonitoringFilter
	names []string // of every regisseur: no answer may contain one
}

func (e *peopleEnv) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if _, err := e.db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// item is the id of the current instrument's item key.
func (e *peopleEnv) item(t *testing.T, key string) int64 {
	t.Helper()
	var id int64
	if err := e.db.Get(&id, `SELECT i.id FROM instrument_item i WHERE i.key = $1 AND i.instrument_id =
		(SELECT id FROM instrument WHERE key = 'regie-competenties' ORDER BY version DESC LIMIT 1)`, key); err != nil {
		t.Fatal(err)
	}
	return id
}

// self submits a self-assessment of regID at at with daadkrachtig score.
func (e *peopleEnv) self(t *testing.T, regID int64, at time.Time, score int) {
	t.Helper()
	var id int64
	if err := e.db.Get(&id, `INSERT INTO self_assessment (regisseur_id, instrument_id) VALUES ($1,
		(SELECT id FROM instrument WHERE key = 'regie-competenties' ORDER BY version DESC LIMIT 1)) RETURNING id`, regID); err != nil {
		t.Fatal(err)
	}
	e.exec(t, `INSERT INTO self_answer (self_assessment_id, item_id, score) VALUES ($1, $2, $3)`, id, e.item(t, "daadkrachtig"), score)
	e.exec(t, `UPDATE self_assessment SET status = 'submitted', submitted_at = $2 WHERE id = $1`, id, at)
}

// round closes a 360 round of regID at closedAt with one peer response
// per daadkrachtig score.
func (e *peopleEnv) round(t *testing.T, regID int64, closedAt time.Time, peers ...int) {
	t.Helper()
	var id int64
	if err := e.db.Get(&id, `INSERT INTO feedback_round (regisseur_id, instrument_id, status, deadline, created_at, closed_at) VALUES ($1,
		(SELECT id FROM instrument WHERE key = 'regie-competenties' ORDER BY version DESC LIMIT 1), 'closed', $2::date, $3, $3) RETURNING id`, regID, closedAt, closedAt); err != nil {
		t.Fatal(err)
	}
	for _, s := range peers {
		var resp string
		if err := e.db.Get(&resp, `INSERT INTO feedback_response (round_id, rater_group) VALUES ($1, 'peer') RETURNING id`, id); err != nil {
			t.Fatal(err)
		}
		e.exec(t, `INSERT INTO feedback_answer (response_id, item_id, score) VALUES ($1, $2, $3)`, resp, e.item(t, "daadkrachtig"), s)
	}
}

// newPeopleEnv builds eight regisseurs of one municipality's pool:
//   - R1–R6: self 5; rounds with others 3 and then 4 on daadkrachtig
//     (change +1, gap 2 then 1); R1–R3 attended two intervisie sessions;
//   - R7: one round with others 1 (below the hard minimum 2 and the norm 4);
//   - R8: a second round with two peers only: hidden by the anonymity rule,
//     so no change and no latest others (the ranking falls back to self 5);
//
// two waiting cases leaning on daadkrachtig; goals, pre-selections and
// reflections marked for monitoring as the tests below describe.
func newPeopleEnv(t *testing.T) *peopleEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	e := &peopleEnv{db: db, app: app.New(db, app.Config{MinRaters: 3})}
	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	e.ctx = pgtest.ActorCtx(t, db, monitor.ID)
	now := time.Now().UTC().Truncate(24 * time.Hour)
	e.f = domain.MonitoringFilter{From: now.AddDate(0, 0, -180), To: now}
	mun := pgtest.MustCreateMunicipality(t, db)
	org := pgtest.MustCreateOrganisation(t, db)
	var regs []int64
	for range 8 {
		r := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 5, 20)
		regs = append(regs, r.ID)
		e.names = append(e.names, r.Name)
	}
	day := func(d int) time.Time { return e.f.From.AddDate(0, 0, d) }
	for i, reg := range regs {
		e.self(t, reg, day(1), 5)
		switch {
		case i < 6:
			e.round(t, reg, day(10), 3, 3, 3)
			e.round(t, reg, day(40), 4, 4, 4)
		case i == 6:
			e.round(t, reg, day(10), 1, 1, 1)
		default:
			e.round(t, reg, day(10), 3, 3, 3)
			e.round(t, reg, day(40), 5, 5)
		}
	}
	for i := range 2 {
		c := domain.Case{Reference: fmt.Sprintf("Z-2026-%04d", 7700+i), MunicipalityID: mun.ID, ParentsStruggle: true, HighRisk: true,
			SafetyRisk: domain.RiskHigh, LeansOn: []string{"daadkrachtig"}}
		if err := db.CreateCase(pgtest.SystemCtx(), &c); err != nil {
			t.Fatal(err)
		}
	}
	// Intervisie: R1–R3 attended two sessions in the period, the others
	// were absent.
	for range 2 {
		var s int64
		if err := db.Get(&s, `INSERT INTO intervisie_session (held_on, duration_minutes, form) VALUES ($1, 90, 'intervisie') RETURNING id`, day(20)); err != nil {
			t.Fatal(err)
		}
		for i, reg := range regs {
			e.exec(t, `INSERT INTO intervisie_participant (session_id, regisseur_id, attended) VALUES ($1, $2, $3)`, s, reg, i < 3)
		}
	}
	// Goals due in the period on daadkrachtig: R1, R2, R4 reached theirs.
	for i, status := range []string{"achieved", "achieved", "open", "achieved", "open", "open"} {
		e.exec(t, `INSERT INTO development_goal (regisseur_id, competency_key, basis, description, target_date, status)
			VALUES ($1, 'daadkrachtig', 'below_norm', 'Grenzen stellen', $2, $3)`, regs[i], now.AddDate(0, 0, -10), status)
	}
	// Pre-selections: R1–R5 named daadkrachtig, R6 zelfkennis.
	for i := range 6 {
		key := "daadkrachtig"
		if i == 5 {
			key = "zelfkennis"
		}
		e.exec(t, `UPDATE pre_selection SET competency_keys = ARRAY[$2] WHERE membership_id = (SELECT id FROM pool_membership WHERE regisseur_id = $1)`, regs[i], key)
	}
	// Reflections marked for monitoring by R1–R5, one unmarked by R1.
	for i, rating := range []int{4, 4, 5, 3, 4} {
		e.exec(t, `INSERT INTO reflection (regisseur_id, written_on, competency_key, body, share_with_monitoring, went_well, could_be_better, coaching_help)
			VALUES ($1, $2, 'daadkrachtig', 'Persoonlijk verhaal', true, $3, 'Sneller schakelen met Z-2026-0101', $4)`,
			regs[i], day(30), "Goed overleg met school "+string(rune('A'+i)), rating)
	}
	e.exec(t, `INSERT INTO reflection (regisseur_id, written_on, competency_key, body, went_well, coaching_help)
		VALUES ($1, $2, 'daadkrachtig', 'Niet voor de monitoring', 'Geheim', 1)`, regs[0], day(30))
	return e
}

func (e *peopleEnv) answer(t *testing.T, id, minCell int) report.Question {
	t.Helper()
	q, err := e.app.AnswerMonitoringQuestion(e.ctx, id, e.f, minCell)
	if err != nil {
		t.Fatalf("question %d: %v", id, err)
	}
	b, _ := json.Marshal(q)
	for _, name := range e.names {
		if strings.Contains(string(b), name) {
			t.Errorf("question %d names %q: %s", id, name, b)
		}
	}
	for _, secret := range []string{"Z-2026-0101", "Geheim", "Persoonlijk verhaal", "Niet voor de monitoring"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("question %d holds %q", id, secret)
		}
	}
	return q
}

// value is the figure key of q: its value (NaN when suppressed) and N.
func value(t *testing.T, q report.Question, key string) (float64, int) {
	t.Helper()
	for _, f := range q.Figures {
		if f.Key == key {
			if f.Value == nil {
				return math.NaN(), f.N
			}
			return *f.Value, f.N
		}
	}
	t.Fatalf("question %d has no figure %s", q.ID, key)
	return 0, 0
}

// TestMonitoringPeopleQuestions: the figures of questions 2, 3, 6, 9 and
// 10 over constructed data, with the N behind each, and the answers.
func TestMonitoringPeopleQuestions(t *testing.T) {
	e := newPeopleEnv(t)
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.006 || math.IsNaN(a) && math.IsNaN(b) }
	nan := math.NaN()
	for _, tt := range []struct {
		question int
		key      string
		want     float64
		n        int
	}{
		// 2: R7 alone lies below the minimum and the norm, for 2 cases; the
		// 360 spread counts R1–R7 (R8's latest round is hidden).
		{2, "excluded.daadkrachtig", 2, 8},
		{2, "weakened.daadkrachtig", 2, 8},
		{2, "below_norm_360.daadkrachtig", 100.0 / 7, 7},
		{2, "median_360.daadkrachtig", 4, 7},
		{2, "q1_360.daadkrachtig", 4, 7},
		{2, "overrides.contra_indication", nan, 0},
		// 3: R1–R6 changed +1 (R8's second round is hidden: not counted).
		{3, "change.daadkrachtig", 1, 6},
		{3, "change.zelfkennis", nan, 0},
		{3, "gap_first", 2, 6},
		{3, "gap_latest", 1, 6},
		// 6: five regisseurs marked a reflection; no family answered.
		{6, "regisseur.reflections", 5, 5},
		{6, "parent.answered", nan, 0},
		// 9: of 6 goals 5 were on a named competency; no weak point among
		// those who named one; 5 of the 6 named competencies came true.
		{9, "with_preselection", 8, 8},
		{9, "naming_competencies", 75, 8},
		{9, "goals_foreseen", 100.0 * 5 / 6, 6},
		{9, "weak_points_foreseen", nan, 0},
		{9, "signals_confirmed", 100.0 * 5 / 6, 6},
		// 10: high attendance R1–R3, low R4–R6 (R7, R8 have no change).
		{10, "change.high", 1, 3},
		{10, "change.low", 1, 3},
		{10, "goals_reached.high", 100.0 * 2 / 3, 3},
		{10, "goals_reached.low", 100.0 / 3, 3},
		{10, "coaching_rating", 4, 5},
	} {
		// minCell 3 for 10's groups (3 each), 5 for the rest.
		minCell := 5
		if tt.question == 10 && tt.key != "coaching_rating" {
			minCell = 3
		}
		q := e.answer(t, tt.question, minCell)
		got, n := value(t, q, tt.key)
		if !near(got, tt.want) || n != tt.n {
			t.Errorf("question %d %s = %v (N %d), want %v (N %d)", tt.question, tt.key, got, n, tt.want, tt.n)
		}
	}
}

// TestMonitoringPeopleSuppressed: below the small-cell threshold every
// figure and bar of questions 2, 3, 6, 9 and 10 is empty, there are no
// quotes, and the answers state no number of them but say "te weinig
// gegevens"; a dispatcher gets none of it.
func TestMonitoringPeopleSuppressed(t *testing.T) {
	e := newPeopleEnv(t)
	for _, id := range []int{2, 3, 6, 9, 10} {
		q := e.answer(t, id, 9)
		if len(q.Figures) == 0 || len(q.Quotes) > 0 {
			t.Errorf("question %d: %d figures, quotes %v", id, len(q.Figures), q.Quotes)
		}
		for _, f := range q.Figures {
			if f.Value != nil {
				t.Errorf("question %d: %s = %v with N %d below 9", id, f.Key, *f.Value, f.N)
			}
		}
		if q.Chart != nil {
			for _, b := range q.Chart.Bars {
				if b.Value != nil {
					t.Errorf("question %d: bar %s = %v", id, b.Label, *b.Value)
				}
			}
		}
		if !strings.Contains(q.Answer, "te weinig gegevens") || strings.ContainsAny(strings.ReplaceAll(q.Answer, "360", ""), "0123456789") {
			t.Errorf("question %d: answer %q", id, q.Answer)
		}
	}
	// With five behind it, the regisseurs' quotes are shown; with six not.
	if q := e.answer(t, 6, 5); len(q.Quotes) != 5 || q.Quotes[4].Text != "Sneller schakelen met […]" {
		t.Errorf("quotes at 5: %+v", q.Quotes)
	}
	if q := e.answer(t, 6, 6); len(q.Quotes) != 0 {
		t.Errorf("quotes at 6: %+v", q.Quotes)
	}
	// The threshold never goes below the floor.
	if q := e.answer(t, 3, 1); q.Figures[0].Value != nil && q.Figures[0].N < domain.MinCellFloor {
		t.Errorf("minCell 1: %+v", q.Figures[0])
	}
	disp := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{1}})
	if _, err := e.app.AnswerMonitoringQuestion(pgtest.ActorCtx(t, e.db, disp.ID), 3, e.f, 5); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("dispatcher: %v, want forbidden", err)
	}
}

// TestDemoMonitoringPeople: on first start, the demo data gives questions
// 2, 3, 6, 9 and 10 at least one figure each in the whole region, at the
// default threshold.
func TestDemoMonitoringPeople(t *testing.T) {
	db := pgtest.NewDB(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	monitor := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	ctx := pgtest.ActorCtx(t, db, monitor.ID)
	from, to := app.DefaultMonitoringPeriod(time.Now())
	a := app.New(db, app.Config{MinRaters: 3})
	for _, id := range []int{2, 3, 6, 9, 10} {
		q, err := a.AnswerMonitoringQuestion(ctx, id, domain.MonitoringFilter{From: from, To: to}, domain.DefaultMinCell)
		if err != nil {
			t.Fatal(err)
		}
		var shown []string
		for _, f := range q.Figures {
			if f.Value != nil {
				shown = append(shown, f.Key)
			}
		}
		if len(shown) == 0 {
			t.Errorf("question %d: no figure shown: %s", id, q.Answer)
		}
		t.Logf("question %d: %d figures shown; %s", id, len(shown), q.Answer)
	}
}
