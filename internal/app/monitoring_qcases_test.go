package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
	"regiepool/internal/report"
)

// monEnv is a municipality with a dispatcher, a pool member taking its
// cases, and a monitor who reads the questions, on a database of its own.
type monEnv struct {
	db         *postgres.DB
	app        *App
	mun        domain.Municipality
	org        domain.Organisation
	reg        domain.Regisseur
	dispatcher context.Context
	monitor    context.Context
	n          int
}

func newMonEnv(t *testing.T) *monEnv {
	t.Helper()
	db := pgtest.NewDB(t)
	e := &monEnv{db: db, app: New(db, Config{}), mun: pgtest.MustCreateMunicipality(t, db), org: pgtest.MustCreateOrganisation(t, db)}
	d := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{e.mun.ID}})
	e.dispatcher = pgtest.ActorCtx(t, db, d.ID)
	m := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	e.monitor = pgtest.ActorCtx(t, db, m.ID)
	e.reg = pgtest.MustCreateActiveMember(t, db, e.org.ID, []int64{e.mun.ID}, 20, 40)
	return e
}

// filter covers the cases registered in the last 30 days.
func (e *monEnv) filter() domain.MonitoringFilter {
	now := time.Now()
	return domain.MonitoringFilter{From: now.AddDate(0, 0, -30), To: now}
}

// newCase registers a case meeting the working definition, changed by
// edit first.
func (e *monEnv) newCase(t *testing.T, edit func(*domain.Case)) domain.Case {
	t.Helper()
	e.n++
	c := domain.Case{Reference: fmt.Sprintf("M-%d", e.n), MunicipalityID: e.mun.ID, ParentsStruggle: true, SeveralDomains: true, HighRisk: true,
		LifeDomains: []string{"veiligheid", "wonen"}, SafetyRisk: domain.RiskHigh, SelfReliance: map[string]int{"wonen": 2, "veiligheid": 1}}
	if edit != nil {
		edit(&c)
	}
	if err := e.db.CreateCase(e.dispatcher, &c); err != nil {
		t.Fatalf("create case: %v", err)
	}
	return c
}

// assignedCase registers a case and assigns it to the pool member, days
// ago (0: now).
func (e *monEnv) assignedCase(t *testing.T, daysAgo int) domain.Case {
	t.Helper()
	c := e.newCase(t, nil)
	if _, err := e.db.Assign(e.dispatcher, c.ID, e.reg.ID); err != nil {
		t.Fatalf("assign: %v", err)
	}
	if daysAgo > 0 {
		if _, err := e.db.Exec(`UPDATE assignment SET assigned_at = now() - make_interval(days => $2) WHERE case_id = $1`, c.ID, daysAgo); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// log records an event on case id as the dispatcher.
func (e *monEnv) log(t *testing.T, id int64, ev domain.CaseEvent) {
	t.Helper()
	if ev.OccurredOn.IsZero() {
		ev.OccurredOn = time.Now()
	}
	if err := e.db.RecordCaseEvent(e.dispatcher, id, &ev); err != nil {
		t.Fatalf("record %s: %v", ev.Kind, err)
	}
}

// close closes case id with a complete closure.
func (e *monEnv) close(t *testing.T, id int64, helpWorks, directs bool, selfReliance map[string]int) {
	t.Helper()
	no := false
	why := ""
	if !helpWorks || !directs {
		why = "Nog niet stabiel."
	}
	cl := domain.Closure{Reason: domain.CloseGoalsReached, EndConversation: &domain.EndConversation{Held: &no},
		FinalCheck: &domain.FinalCheck{HelpWorks: &helpWorks, FamilyDirectsOwnLife: &directs, WhyNot: why}, SelfReliance: selfReliance}
	if _, err := e.db.CloseCaseWith(e.dispatcher, id, cl); err != nil {
		t.Fatalf("close: %v", err)
	}
}

// figure finds the figure key of q.
func figure(t *testing.T, q report.Question, key string) report.Figure {
	t.Helper()
	for _, f := range q.Figures {
		if f.Key == key {
			return f
		}
	}
	t.Fatalf("question %d has no figure %s", q.ID, key)
	return report.Figure{}
}

// wantFigure checks a figure's value (nil: suppressed) and N.
func wantFigure(t *testing.T, q report.Question, key string, value *float64, n int) {
	t.Helper()
	f := figure(t, q, key)
	switch {
	case value == nil && f.Value != nil:
		t.Errorf("q%d %s = %v, want suppressed", q.ID, key, *f.Value)
	case value != nil && f.Value == nil:
		t.Errorf("q%d %s suppressed, want %v", q.ID, key, *value)
	case value != nil && *f.Value != *value:
		t.Errorf("q%d %s = %v, want %v", q.ID, key, *f.Value, *value)
	}
	if f.N != n {
		t.Errorf("q%d %s: n = %d, want %d", q.ID, key, f.N, n)
	}
}

func v(x float64) *float64 { return &x }

// wantAnswer checks the answer holds each part.
func wantAnswer(t *testing.T, q report.Question, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(q.Answer, p) {
			t.Errorf("q%d answer %q lacks %q", q.ID, q.Answer, p)
		}
	}
}

// checkQuestion checks what every answered question has: its id, text and
// method, a non-empty answer, and no value where fewer than minCell stand
// behind it (in figures and chart bars).
func checkQuestion(t *testing.T, q report.Question, id, minCell int) {
	t.Helper()
	want := domain.MonitoringQuestions[id-1]
	if q.ID != id || q.Question != want.Question || q.Method != want.Method || q.Answer == "" {
		t.Errorf("question %d: %+v", id, q)
	}
	for _, f := range q.Figures {
		if f.N < minCell && f.Value != nil {
			t.Errorf("q%d %s shown with n %d < %d", id, f.Key, f.N, minCell)
		}
	}
	if q.Chart != nil {
		for _, b := range q.Chart.Bars {
			if b.N < minCell && b.Value != nil {
				t.Errorf("q%d bar %s shown with n %d < %d", id, b.Label, b.N, minCell)
			}
		}
	}
}

// pgtestMunicipality creates another municipality, without cases.
func pgtestMunicipality(t *testing.T, e *monEnv) int64 {
	t.Helper()
	return pgtest.MustCreateMunicipality(t, e.db).ID
}
