package app

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// A monitoring report computes its ten questions for its whole period and,
// for the cell rule, again per quarter and for the wider reports
// (applyCellRule): up to fifteen times the same reads. monitoringMemo
// keeps, for the duration of one report, what the store returned for the
// whole period per scope (municipality and pool round), and answers the
// quarters from it: the cases registered in a quarter are those of the
// period registered in it, the rounds closed by a quarter's end those of
// the period closed before it, the development goals set by its end those
// of the period set before it, and the members' scores and pre-selections
// do not depend on the period at all. So each scope is read once per report, and every
// figure stays what the store would have returned for the quarter itself.
type monitoringMemo struct {
	period domain.MonitoringFilter

	mu      sync.Mutex
	cases   map[string][]domain.MonitoredCase
	rounds  map[string]map[int64][]assessment.RoundScores
	members map[string][]map[string]float64
	figures map[string]map[[2]int64]report.Monitoring
	pre     map[string]map[int64][]string
	goals   map[string][]domain.MonitoringGoal
}

type monitoringMemoKey struct{}

// monitoredEventKinds are the case log kinds any question reads: a memo
// loads them all at once and hands each question only the kinds it asks.
var monitoredEventKinds = []string{domain.EventReassessment, domain.EventProblemAnalysis, domain.EventEvaluation,
	domain.EventPlanMade, domain.EventPlanAdjusted, domain.EventNetworkEngaged, domain.EventEscalation}

// withMonitoringMemo is ctx with a memo for a report over period.
func withMonitoringMemo(ctx context.Context, period domain.MonitoringFilter) context.Context {
	return context.WithValue(ctx, monitoringMemoKey{}, &monitoringMemo{period: period,
		cases: map[string][]domain.MonitoredCase{}, rounds: map[string]map[int64][]assessment.RoundScores{},
		members: map[string][]map[string]float64{}, figures: map[string]map[[2]int64]report.Monitoring{},
		pre: map[string]map[int64][]string{}, goals: map[string][]domain.MonitoringGoal{}})
}

// memoFor is ctx's memo when it covers f's period, else nil.
func memoFor(ctx context.Context, f domain.MonitoringFilter) *monitoringMemo {
	m, _ := ctx.Value(monitoringMemoKey{}).(*monitoringMemo)
	if m == nil || f.From.Before(m.period.From) || f.To.After(m.period.To) {
		return nil
	}
	return m
}

// scopeKey names f's municipality and pool round.
func scopeKey(f domain.MonitoringFilter) string {
	id := func(p *int64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	return id(f.MunicipalityID) + "/" + id(f.PoolRoundID)
}

// scoped is the memo's period narrowed to f's municipality and pool round.
func (m *monitoringMemo) scoped(f domain.MonitoringFilter) domain.MonitoringFilter {
	p := m.period
	p.MunicipalityID, p.PoolRoundID = f.MunicipalityID, f.PoolRoundID
	return p
}

// monitoredCases is the store's MonitoringCases(f, kinds), from the memo
// when ctx has one for f's period.
func (a *App) monitoredCases(ctx context.Context, f domain.MonitoringFilter, kinds []string) ([]domain.MonitoredCase, error) {
	m := memoFor(ctx, f)
	if m == nil {
		return a.db.MonitoringCases(ctx, f, kinds)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := scopeKey(f)
	all, ok := m.cases[key]
	if !ok {
		var err error
		if all, err = a.db.MonitoringCases(ctx, m.scoped(f), monitoredEventKinds); err != nil {
			return nil, err
		}
		m.cases[key] = all
	}
	end := f.To.AddDate(0, 0, 1)
	out := make([]domain.MonitoredCase, 0, len(all))
	for _, c := range all {
		if c.CreatedAt.Before(f.From) || !c.CreatedAt.Before(end) {
			continue
		}
		var events []domain.CaseEvent
		for _, e := range c.Events {
			if slices.Contains(kinds, e.Kind) {
				events = append(events, e)
			}
		}
		c.Events = events
		out = append(out, c)
	}
	return out, nil
}

// monitoredRounds is the store's MonitoringRoundScores(f), from the memo
// when ctx has one for f's period.
func (a *App) monitoredRounds(ctx context.Context, f domain.MonitoringFilter) (map[int64][]assessment.RoundScores, error) {
	m := memoFor(ctx, f)
	if m == nil {
		return a.db.MonitoringRoundScores(ctx, f, a.cfg.MinRaters)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := scopeKey(f)
	all, ok := m.rounds[key]
	if !ok {
		var err error
		if all, err = a.db.MonitoringRoundScores(ctx, m.scoped(f), a.cfg.MinRaters); err != nil {
			return nil, err
		}
		m.rounds[key] = all
	}
	end := f.To.AddDate(0, 0, 1)
	out := make(map[int64][]assessment.RoundScores, len(all))
	for reg, rs := range all {
		var kept []assessment.RoundScores
		for _, r := range rs {
			if r.ClosedAt.Before(end) {
				kept = append(kept, r)
			}
		}
		if len(kept) > 0 {
			out[reg] = kept
		}
	}
	return out, nil
}

// monitoredMembers is the store's MonitoringMemberScores(f), from the memo
// when ctx has one for f's period (the scores do not depend on it).
func (a *App) monitoredMembers(ctx context.Context, f domain.MonitoringFilter) ([]map[string]float64, error) {
	m := memoFor(ctx, f)
	if m == nil {
		return a.db.MonitoringMemberScores(ctx, f, a.cfg.MinRaters)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := scopeKey(f)
	if all, ok := m.members[key]; ok {
		return all, nil
	}
	all, err := a.db.MonitoringMemberScores(ctx, m.scoped(f), a.cfg.MinRaters)
	if err != nil {
		return nil, err
	}
	m.members[key] = all
	return all, nil
}

// monitoredFigures is the store's MonitoringFiguresFor(f), from the memo
// when ctx has one and f is its period or one of its quarters.
func (a *App) monitoredFigures(ctx context.Context, f domain.MonitoringFilter) (report.Monitoring, error) {
	m := memoFor(ctx, f)
	if m == nil {
		return a.db.MonitoringFiguresFor(ctx, f)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := scopeKey(f)
	all, ok := m.figures[key]
	if !ok {
		p := m.scoped(f)
		whole, parts, err := a.db.MonitoringFiguresPerQuarter(ctx, p)
		if err != nil {
			return report.Monitoring{}, err
		}
		all = map[[2]int64]report.Monitoring{periodKey(p): whole}
		for i, q := range p.Quarters() {
			all[periodKey(q)] = parts[i]
		}
		m.figures[key] = all
	}
	if fig, ok := all[periodKey(f)]; ok {
		return fig, nil
	}
	return a.db.MonitoringFiguresFor(ctx, f)
}

// periodKey is f's period as a map key.
func periodKey(f domain.MonitoringFilter) [2]int64 { return [2]int64{f.From.Unix(), f.To.Unix()} }

// monitoredPreSelections is the store's MonitoringPreSelections(f), from
// the memo when ctx has one for f's period (they do not depend on it).
func (a *App) monitoredPreSelections(ctx context.Context, f domain.MonitoringFilter) (map[int64][]string, error) {
	m := memoFor(ctx, f)
	if m == nil {
		return a.db.MonitoringPreSelections(ctx, f)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := scopeKey(f)
	if all, ok := m.pre[key]; ok {
		return all, nil
	}
	all, err := a.db.MonitoringPreSelections(ctx, m.scoped(f))
	if err != nil {
		return nil, err
	}
	m.pre[key] = all
	return all, nil
}

// monitoredGoals is the store's MonitoringGoals(f), from the memo when ctx
// has one for f's period: the goals of the period set before f's end.
func (a *App) monitoredGoals(ctx context.Context, f domain.MonitoringFilter) ([]domain.MonitoringGoal, error) {
	m := memoFor(ctx, f)
	if m == nil {
		return a.db.MonitoringGoals(ctx, f)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key := scopeKey(f)
	all, ok := m.goals[key]
	if !ok {
		var err error
		if all, err = a.db.MonitoringGoals(ctx, m.scoped(f)); err != nil {
			return nil, err
		}
		m.goals[key] = all
	}
	end := f.To.AddDate(0, 0, 1)
	var out []domain.MonitoringGoal
	for _, g := range all {
		if g.CreatedAt.Before(end) {
			out = append(out, g)
		}
	}
	return out, nil
}
