package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// DefaultMonitoringPeriod is the period the monitoring figures cover when
// the request names none: the four calendar quarters up to and including
// now's.
func DefaultMonitoringPeriod(now time.Time) (from, to time.Time) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	q := domain.QuarterStart(today)
	return q.AddDate(0, -9, 0), domain.QuarterEnd(q)
}

// MonitoringReport answers the pilot's ten monitoring questions
// (questionBuilders) and the other figures for the cases and regisseurs f
// covers, its period widened to whole calendar quarters, with every figure
// from fewer than the configured small-cell threshold suppressed, also
// where it could be derived by subtraction (applyCellRule). Aggregates
// only, never a person. The monitoring page, its PDF and CSV, and the
// API's PDF, JSON and CSV all show these figures. Errors: invalid (the
// period: from, to), forbidden (not domain.CanSeeMonitoring), not_found
// (the municipality or the pool round).
func (a *App) MonitoringReport(ctx context.Context, f domain.MonitoringFilter) (report.Monitoring, error) {
	if !domain.CanSeeMonitoring(domain.ActorFrom(ctx)) {
		return report.Monitoring{}, domain.Errorf(domain.EForbidden, "forbidden", "U heeft geen toegang tot de monitoring.")
	}
	if err := f.ValidateReport(); err != nil {
		return report.Monitoring{}, err
	}
	snapped := f.SnapToQuarters()
	m := report.Monitoring{From: snapped.From, To: snapped.To, AskedFrom: f.From, AskedTo: f.To, MinCell: a.cfg.MinCell,
		ArrangementHours: domain.DefaultArrangementHours}
	if f.MunicipalityID != nil {
		mun, err := a.db.FindMunicipalityByID(ctx, *f.MunicipalityID)
		if err != nil {
			return report.Monitoring{}, err
		}
		m.Municipality = mun.Name
	}
	if f.PoolRoundID != nil {
		r, err := a.db.FindPoolRound(ctx, *f.PoolRoundID)
		if err != nil {
			return report.Monitoring{}, err
		}
		m.PoolRound = r.Name
	}
	figs, err := a.monitoringFiguresFor(ctx, snapped)
	if err != nil {
		return report.Monitoring{}, err
	}
	sections := figs.sections
	m.GeneratedAt, m.RefreshEvery = figs.at, figs.refreshEvery
	m.Questions, m.Other = sections[:len(questionBuilders)], &sections[len(questionBuilders)]
	return m, nil
}

// monitoringSections runs the ten question builders and otherFigures for
// f, in order.
func (a *App) monitoringSections(ctx context.Context, f domain.MonitoringFilter, minCell int) ([]report.Question, error) {
	out := make([]report.Question, 0, len(questionBuilders)+1)
	for i, build := range append(questionBuilders[:], (*App).otherFigures) {
		q, err := build(a, ctx, f, minCell)
		if err != nil {
			return nil, fmt.Errorf("monitoring section %d: %w", i+1, err)
		}
		if q.Figures == nil {
			q.Figures = []report.Figure{}
		}
		out = append(out, q)
	}
	return out, nil
}

// cellCounts maps every figure (by question and key) and chart bar (by
// question and label) of sections to the N behind it.
func cellCounts(sections []report.Question) map[string]int {
	n := map[string]int{}
	for _, q := range sections {
		for _, f := range q.Figures {
			n[figureCell(q.ID, f.Key)] += f.N
		}
		if q.Chart != nil {
			for _, b := range q.Chart.Bars {
				n[barCell(q.ID, b.Label)] += b.N
			}
		}
	}
	return n
}

// A cell's name joins question, kind and key with the unit separator
// (U+001F), which no key or label holds and JSON (jsonb) can carry.
func figureCell(q int, key string) string { return fmt.Sprintf("%d\x1ffigure\x1f%s", q, key) }
func barCell(q int, label string) string  { return fmt.Sprintf("%d\x1fbar\x1f%s", q, label) }

// widerFilters are the reports a narrowed report could be subtracted
// from: without its municipality, without its pool round, without both.
func widerFilters(f domain.MonitoringFilter) []domain.MonitoringFilter {
	none := f
	none.MunicipalityID, none.PoolRoundID = nil, nil
	if f.MunicipalityID == nil || f.PoolRoundID == nil {
		return []domain.MonitoringFilter{none}
	}
	noRound, noMun := f, f
	noRound.PoolRoundID, noMun.MunicipalityID = nil, nil
	return []domain.MonitoringFilter{noRound, noMun, none}
}

// quarterCells are a report's cell counts (cellCounts) per quarter of
// its period, by the quarter's first day.
type quarterCells map[string]map[string]int

// quarterKey names quarter q in quarterCells.
func quarterKey(q domain.MonitoringFilter) string { return q.From.Format(domain.ISODate) }

// cellsPerQuarter are the cell counts of report f per quarter of its
// period: whole's own when the period is one quarter (whole: f's sections,
// or nil), else the sections computed for each quarter.
func (a *App) cellsPerQuarter(ctx context.Context, f domain.MonitoringFilter, minCell int, whole []report.Question) (quarterCells, error) {
	quarters := f.Quarters()
	cells := quarterCells{}
	for _, q := range quarters {
		s := whole
		if len(quarters) > 1 || s == nil {
			var err error
			if s, err = a.monitoringSections(ctx, q, minCell); err != nil {
				return nil, err
			}
		}
		cells[quarterKey(q)] = cellCounts(s)
	}
	return cells, nil
}

// applyCellRule is the cell rule of domain/monitoring_cells.go on the
// sections computed for f (whole quarters): it computes them again per
// quarter of the period and, when f is narrowed, takes the wider reports'
// counts per quarter (widerCells), and suppresses every figure and bar
// whose N in some quarter, or whose complement (wider minus narrowed) in
// some quarter, is 1 to minCell−1. A question that loses a figure this way
// gets an answer that states only what is still shown: the builder's
// sentence could name the suppressed value. It returns f's own counts per
// quarter, which a kept report stores for the narrower ones.
func (a *App) applyCellRule(ctx context.Context, f domain.MonitoringFilter, minCell int, shown []report.Question) (quarterCells, error) {
	small := map[string]bool{}
	mark := func(n map[string]int, sub map[string]int) {
		for k, v := range n {
			if sub != nil {
				v -= sub[k]
			}
			if domain.SmallCell(v, minCell) {
				small[k] = true
			}
		}
	}
	own, err := a.cellsPerQuarter(ctx, f, minCell, shown)
	if err != nil {
		return nil, err
	}
	for _, part := range own {
		mark(part, nil)
	}
	if f.Narrowed() {
		for _, w := range widerFilters(f) {
			whole, err := a.widerCells(ctx, w, minCell)
			if err != nil {
				return nil, err
			}
			for q, part := range own {
				mark(whole[q], part)
			}
		}
	}
	for i := range shown {
		q := &shown[i]
		lost := false
		for j := range q.Figures {
			if fig := &q.Figures[j]; fig.Value != nil && small[figureCell(q.ID, fig.Key)] {
				fig.Value, lost = nil, true
			}
		}
		if q.Chart != nil {
			for j := range q.Chart.Bars {
				if b := &q.Chart.Bars[j]; b.Value != nil && small[barCell(q.ID, b.Label)] {
					b.Value, lost = nil, true
				}
			}
		}
		if lost {
			q.Answer = cellRuleAnswer(*q, minCell)
		}
	}
	return own, nil
}

// cellRuleAnswer is the answer of a question that lost figures to the cell
// rule: what is withheld and why, and the figures still shown.
func cellRuleAnswer(q report.Question, minCell int) string {
	s := fmt.Sprintf("Een deel van de cijfers is weggelaten: bij deze keuze van periode, gemeente of poolronde zouden ze, "+
		"ook door af te trekken van andere cijfers, te herleiden zijn tot minder dan %d casussen of personen.", minCell)
	var shown []string
	for _, f := range q.Figures {
		if f.Value != nil {
			shown = append(shown, f.Label+": "+f.Text())
		}
	}
	if len(shown) > 0 {
		s += " Wel te tonen: " + strings.Join(shown, "; ") + "."
	}
	return s
}

// MonitoringPoolRounds lists the pool rounds a monitoring report can be
// narrowed to, newest first. Errors: forbidden (not
// domain.CanSeeMonitoring).
func (a *App) MonitoringPoolRounds(ctx context.Context) ([]domain.PoolRound, error) {
	if !domain.CanSeeMonitoring(domain.ActorFrom(ctx)) {
		return nil, domain.Errorf(domain.EForbidden, "forbidden", "U heeft geen toegang tot de monitoring.")
	}
	return collectAll(ctx, a.db.FindPoolRounds)
}
