package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// MonitoringFigures computes the pilot's figures for the cases registered in
// [from, to], optionally for one municipality: counts and distributions only,
// never a person. Monitors and admins. Errors: forbidden.
func (db *DB) MonitoringFigures(ctx context.Context, from, to time.Time, municipalityID *int64) (report.Monitoring, error) {
	return db.MonitoringFiguresFor(ctx, domain.MonitoringFilter{From: from, To: to, MunicipalityID: municipalityID})
}

// MonitoringFiguresFor is MonitoringFigures for the cases filter f covers:
// registered in [f.From, f.To], of f's municipality, and (with a pool
// round) with a regisseur admitted in that round among their assignments.
// Errors: forbidden, not_found (the municipality or the pool round).
func (db *DB) MonitoringFiguresFor(ctx context.Context, f domain.MonitoringFilter) (report.Monitoring, error) {
	whole, _, err := db.monitoringFigures(ctx, f, nil)
	return whole, err
}

// MonitoringFiguresPerQuarter is MonitoringFiguresFor for f and for each
// of f.Quarters() (in order), read in one pass: every statement groups the
// cases by quarter of registration and in total (GROUPING SETS), so each
// figure is the one MonitoringFiguresFor returns for that period.
func (db *DB) MonitoringFiguresPerQuarter(ctx context.Context, f domain.MonitoringFilter) (report.Monitoring, []report.Monitoring, error) {
	return db.monitoringFigures(ctx, f, f.Quarters())
}

// monitoringFigures computes the figures of f and, grouped in the same
// statements, of each period of parts (consecutive, covering f's period).
func (db *DB) monitoringFigures(ctx context.Context, f domain.MonitoringFilter, parts []domain.MonitoringFilter) (report.Monitoring, []report.Monitoring, error) {
	from, to, municipalityID := f.From, f.To, f.MunicipalityID
	a := domain.ActorFrom(ctx)
	newMonitoring := func(from, to time.Time) report.Monitoring {
		return report.Monitoring{From: from, To: to, ArrangementHours: domain.DefaultArrangementHours, CloseReasons: map[string]int{}, GeneratedAt: time.Now()}
	}
	m := newMonitoring(from, to)
	if !domain.CanSeeMonitoring(a) {
		return m, nil, db.deny(ctx, "read", "monitoring", nil, errForbidden())
	}
	args := []any{from, to.AddDate(0, 0, 1)}
	cond := `c.created_at >= $1 AND c.created_at < $2`
	if municipalityID != nil {
		args = append(args, *municipalityID)
		cond += fmt.Sprintf(` AND c.municipality_id = $%d`, len(args))
		if err := db.GetContext(ctx, &m.Municipality, `SELECT name FROM municipality WHERE id = $1`, *municipalityID); err != nil {
			return m, nil, wrap(translate(err, "De gemeente"), "monitoring")
		}
	}
	if f.PoolRoundID != nil {
		args = append(args, *f.PoolRoundID)
		cond += fmt.Sprintf(` AND EXISTS (SELECT 1 FROM assignment pa JOIN pool_membership pm ON pm.regisseur_id = pa.regisseur_id
			WHERE pa.case_id = c.id AND pm.round_id = $%d AND pm.status IN ('admitted', 'active', 'paused', 'left'))`, len(args))
		var name string
		if err := db.GetContext(ctx, &name, `SELECT name FROM pool_round WHERE id = $1`, *f.PoolRoundID); err != nil {
			return m, nil, wrap(translate(err, "De poolronde"), "monitoring")
		}
	}
	// part is the number of the part a case falls in: how many of the
	// later parts' starts its registration reaches (the first term, 0 for
	// every case of the period, keeps it an expression, never a position).
	part := "(c.created_at < $1)::int"
	for _, p := range parts[min(len(parts), 1):] {
		args = append(args, p.From)
		part += fmt.Sprintf(" + (c.created_at >= $%d)::int", len(args))
	}
	out := make([]report.Monitoring, len(parts))
	for i, p := range parts {
		out[i] = newMonitoring(p.From, p.To)
		out[i].Municipality = m.Municipality
	}
	// at is the figures of part b of a grouped row; nil b: the total.
	at := func(b *int) *report.Monitoring {
		if b == nil {
			return &m
		}
		return &out[*b]
	}
	// sets groups by part and in total, within each value of by.
	sets := func(by string) string {
		switch {
		case len(parts) == 0 && by == "":
			return ""
		case len(parts) == 0:
			return ` GROUP BY ` + by
		case by == "":
			return ` GROUP BY GROUPING SETS ((` + part + `), ())`
		}
		return ` GROUP BY GROUPING SETS ((` + part + `, ` + by + `), (` + by + `))`
	}
	partCol := `NULL::int AS part`
	if len(parts) > 0 {
		partCol = `CASE WHEN GROUPING(` + part + `) = 0 THEN ` + part + ` END AS part`
	}
	var counts []struct {
		Part                                             *int `db:"part"`
		Cases, Meets, Outside, Waiting, Assigned, Closed int
		Arrangement                                      sql.NullFloat64
	}
	q := `SELECT ` + partCol + `, count(*) AS cases, count(*) FILTER (WHERE meets_definition) AS meets,
			count(*) FILTER (WHERE outside_pool IS NOT NULL) AS outside,
			count(*) FILTER (WHERE status = 'waiting') AS waiting, count(*) FILTER (WHERE status = 'assigned') AS assigned,
			count(*) FILTER (WHERE status = 'closed') AS closed, avg(arrangement_hours) AS arrangement
		FROM complex_case c WHERE ` + cond + sets("")
	if err := db.SelectContext(ctx, &counts, q, args...); err != nil {
		return m, nil, fmt.Errorf("monitoring counts: %w", err)
	}
	for _, c := range counts {
		x := at(c.Part)
		x.Cases, x.MeetsDefinition, x.OutsideDefinition, x.OutsidePool = c.Cases, c.Meets, c.Cases-c.Meets, c.Outside
		x.Waiting, x.Assigned, x.Closed = c.Waiting, c.Assigned, c.Closed
		if c.Arrangement.Valid {
			x.ArrangementHours = math.Round(c.Arrangement.Float64*10) / 10
		}
	}
	if err := db.monitoringResultAreas(ctx, at, len(parts), cond, partCol, sets, args); err != nil {
		return m, nil, err
	}
	// values reads one value per case with its part and returns them per
	// part and in total.
	values := func(what, q string) ([]float64, [][]float64, error) {
		var rows []struct {
			Part  int     `db:"part"`
			Value float64 `db:"value"`
		}
		if err := db.SelectContext(ctx, &rows, q, args...); err != nil {
			return nil, nil, fmt.Errorf("monitoring %s: %w", what, err)
		}
		all, per := make([]float64, 0, len(rows)), make([][]float64, len(parts))
		for _, r := range rows {
			all = append(all, r.Value)
			if len(parts) > 0 {
				per[r.Part] = append(per[r.Part], r.Value)
			}
		}
		return all, per, nil
	}
	hours, hoursPer, err := values("hours", `SELECT `+part+` AS part, COALESCE(sum(e.hours), 0) AS value
		FROM complex_case c LEFT JOIN case_event e ON e.case_id = c.id AND e.kind = 'hours'
		WHERE c.status IN ('assigned', 'closed') AND `+cond+` GROUP BY c.id`)
	if err != nil {
		return m, nil, err
	}
	m.HoursPerCase = distribution(hours)
	for i := range out {
		out[i].HoursPerCase = distribution(hoursPer[i])
	}
	var ho []struct {
		Part             *int `db:"part"`
		Handovers, Cases int
	}
	if err := db.SelectContext(ctx, &ho, `SELECT `+partCol+`, count(*) AS handovers, count(DISTINCT a.case_id) AS cases
		FROM assignment a JOIN complex_case c ON c.id = a.case_id WHERE a.end_reason = 'handover' AND `+cond+sets(""), args...); err != nil {
		return m, nil, fmt.Errorf("monitoring handovers: %w", err)
	}
	for _, h := range ho {
		x := at(h.Part)
		x.Handovers, x.CasesWithHandover = h.Handovers, h.Cases
	}
	var reasons []struct {
		Part   *int   `db:"part"`
		Reason string `db:"close_reason"`
		N      int    `db:"n"`
	}
	if err := db.SelectContext(ctx, &reasons, `SELECT `+partCol+`, c.close_reason, count(*) AS n FROM complex_case c
		WHERE c.close_reason IS NOT NULL AND `+cond+sets("c.close_reason"), args...); err != nil {
		return m, nil, fmt.Errorf("monitoring close reasons: %w", err)
	}
	for _, r := range reasons {
		at(r.Part).CloseReasons[domain.CloseReasonLabels[r.Reason]] = r.N
	}
	days, daysPer, err := values("time to assignment", `SELECT `+part+` AS part,
			EXTRACT(EPOCH FROM (min(a.assigned_at) - c.created_at)) / 86400 AS value
		FROM complex_case c JOIN assignment a ON a.case_id = c.id WHERE `+cond+` GROUP BY c.id, c.created_at`)
	if err != nil {
		return m, nil, err
	}
	m.DaysToAssignment = distribution(days)
	for i := range out {
		out[i].DaysToAssignment = distribution(daysPer[i])
	}
	return m, out, nil
}

// resultAreaCounts are the indicators of domain.ResultAreaIndicators as
// counted by monitoringResultAreas, by key.
const resultAreaCounts = `SELECT
	count(DISTINCT e.case_id) FILTER (WHERE e.kind IN ('plan_made', 'plan_adjusted') AND e.details->'participants' ?| array['parent', 'young_person']) AS plans_with_family,
	count(*) FILTER (WHERE e.kind = 'network_engaged' AND e.details->'engaged' ? 'network') AS network_engaged,
	count(*) FILTER (WHERE e.kind = 'problem_analysis') AS problem_analyses,
	count(DISTINCT e.case_id) FILTER (WHERE e.kind = 'problem_analysis') AS cases_with_analysis,
	count(*) FILTER (WHERE e.kind = 'problem_analysis' AND jsonb_array_length(e.details->'lifeDomains') >= 2) AS several_domains_analysed,
	count(*) FILTER (WHERE e.kind = 'round_table') AS round_tables,
	count(*) FILTER (WHERE e.kind = 'network_engaged' AND e.details->'engaged' ? 'alternative_coordination') AS alternative_coordination,
	count(*) FILTER (WHERE e.kind = 'network_engaged' AND e.details->'engaged' ? 'voorliggend_veld') AS voorliggend_engaged,
	count(*) FILTER (WHERE e.kind = 'safety_analysis') AS safety_analyses,
	COALESCE(sum(jsonb_array_length(e.details->'evaluationAgreements')) FILTER (WHERE e.kind IN ('plan_made', 'plan_adjusted')
		AND jsonb_typeof(e.details->'evaluationAgreements') = 'array'), 0) AS evaluation_agreements,
	count(*) FILTER (WHERE e.kind = 'evaluation') AS evaluations,
	count(*) FILTER (WHERE e.kind = 'evaluation' AND e.details->'planAdjusted' = 'true') AS adjusted_after_evaluation,
	count(*) FILTER (WHERE e.kind = 'intervention' AND e.details->>'concern' = 'safety') AS interventions_safety,
	count(*) FILTER (WHERE e.kind = 'intervention' AND e.details->>'concern' = 'limited_parental_capacity') AS interventions_parental_capacity,
	count(*) FILTER (WHERE e.kind = 'intervention' AND e.details->>'concern' = 'care_avoidance') AS interventions_care_avoidance,
	count(*) FILTER (WHERE e.kind = 'escalation') AS escalations,
	count(*) FILTER (WHERE e.kind = 'escalation' AND e.details->'mandateUsed' = 'true') AS escalations_mandate
FROM case_event e JOIN complex_case c ON c.id = e.case_id WHERE `

// monitoringResultAreas fills the result areas of the figures of every
// part (at(&part)) and of the total (at(nil)) from the structured steps of
// the case log of the cases matching cond: every indicator counts what was
// recorded (a plan counts as made with the family only when a parent or
// the young person is among its participants:
// domain.StepDetails.WithFamily).
func (db *DB) monitoringResultAreas(ctx context.Context, at func(*int) *report.Monitoring, parts int, cond, partCol string,
	sets func(by string) string, args []any) error {
	rows, err := db.QueryxContext(ctx, strings.Replace(resultAreaCounts, "SELECT", "SELECT "+partCol+",", 1)+cond+sets(""), args...)
	if err != nil {
		return fmt.Errorf("monitoring indicators: %w", err)
	}
	counts := map[*report.Monitoring]map[string]any{}
	for rows.Next() {
		c := map[string]any{}
		if err := rows.MapScan(c); err != nil {
			rows.Close()
			return fmt.Errorf("monitoring indicators: %w", err)
		}
		counts[at(partOf(c["part"]))] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("monitoring indicators: %w", err)
	}
	var goals []struct {
		Part               *int `db:"part"`
		Evaluated, Reached int
	}
	if err := db.SelectContext(ctx, &goals, `SELECT `+partCol+`, count(*) AS evaluated, count(*) FILTER (WHERE g->'reached' = 'true') AS reached
		FROM case_event e JOIN complex_case c ON c.id = e.case_id
		CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e.details->'goals') = 'array' THEN e.details->'goals' ELSE '[]' END) AS g
		WHERE e.kind = 'evaluation' AND `+cond+sets(""), args...); err != nil {
		return fmt.Errorf("monitoring goals: %w", err)
	}
	var sat []struct {
		Part *int    `db:"part"`
		Area int     `db:"result_area"`
		Mean float64 `db:"mean"`
		N    int     `db:"n"`
	}
	if err := db.SelectContext(ctx, &sat, `SELECT `+partCol+`, e.result_area, avg(e.score) AS mean, count(*) AS n
		FROM case_event e JOIN complex_case c ON c.id = e.case_id
		WHERE e.kind = 'satisfaction' AND `+cond+sets("e.result_area"), args...); err != nil {
		return fmt.Errorf("monitoring satisfaction: %w", err)
	}
	goalsOf := map[*report.Monitoring][2]int{}
	for _, g := range goals {
		goalsOf[at(g.Part)] = [2]int{g.Evaluated, g.Reached}
	}
	fill := func(m *report.Monitoring) {
		withRegie := m.Assigned + m.Closed
		for i := range m.ResultAreas {
			ra := report.ResultArea{Number: i + 1, Name: domain.ResultAreas[i], Indicators: []report.Indicator{}}
			for _, key := range domain.ResultAreaIndicators[i] {
				ind := report.Indicator{Key: key, Label: domain.IndicatorLabels[key]}
				switch key {
				case domain.IndicatorGoalsReached:
					ind.Value, ind.Of = goalsOf[m][1], goalsOf[m][0]
				default:
					n, _ := counts[m][key].(int64)
					ind.Value = int(n)
					if domain.IndicatorIsShare(key) {
						ind.Of = withRegie
					}
				}
				ra.Indicators = append(ra.Indicators, ind)
			}
			m.ResultAreas[i] = ra
		}
	}
	fill(at(nil))
	for p := 0; p < parts; p++ {
		fill(at(&p))
	}
	for _, s := range sat {
		if s.Area >= 1 && s.Area <= 5 {
			at(s.Part).ResultAreas[s.Area-1].Satisfaction = report.Mean{Mean: math.Round(s.Mean*100) / 100, N: s.N}
		}
	}
	return nil
}

// partOf is the part number of a grouped row scanned into a map; nil for
// the total.
func partOf(v any) *int {
	n, ok := v.(int64)
	if !ok {
		return nil
	}
	p := int(n)
	return &p
}

// distribution summarises values, rounded to one decimal.
func distribution(v []float64) report.Distribution {
	if len(v) == 0 {
		return report.Distribution{}
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	sum := 0.0
	for _, x := range s {
		sum += x
	}
	r := func(x float64) float64 { return math.Round(x*10) / 10 }
	median := s[len(s)/2]
	if len(s)%2 == 0 {
		median = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	p90 := s[int(math.Ceil(0.9*float64(len(s))))-1]
	return report.Distribution{N: len(s), Mean: r(sum / float64(len(s))), Median: r(median), P90: r(p90), Min: r(s[0]), Max: r(s[len(s)-1])}
}
