package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
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
	from, to, municipalityID := f.From, f.To, f.MunicipalityID
	a := domain.ActorFrom(ctx)
	m := report.Monitoring{From: from, To: to, ArrangementHours: domain.DefaultArrangementHours, CloseReasons: map[string]int{}, GeneratedAt: time.Now()}
	if !domain.CanSeeMonitoring(a) {
		return m, db.deny(ctx, "read", "monitoring", nil, errForbidden())
	}
	args := []any{from, to.AddDate(0, 0, 1)}
	cond := `c.created_at >= $1 AND c.created_at < $2`
	if municipalityID != nil {
		args = append(args, *municipalityID)
		cond += fmt.Sprintf(` AND c.municipality_id = $%d`, len(args))
		if err := db.GetContext(ctx, &m.Municipality, `SELECT name FROM municipality WHERE id = $1`, *municipalityID); err != nil {
			return m, wrap(translate(err, "De gemeente"), "monitoring")
		}
	}
	if f.PoolRoundID != nil {
		args = append(args, *f.PoolRoundID)
		cond += fmt.Sprintf(` AND EXISTS (SELECT 1 FROM assignment pa JOIN pool_membership pm ON pm.regisseur_id = pa.regisseur_id
			WHERE pa.case_id = c.id AND pm.round_id = $%d AND pm.status IN ('admitted', 'active', 'paused', 'left'))`, len(args))
		var name string
		if err := db.GetContext(ctx, &name, `SELECT name FROM pool_round WHERE id = $1`, *f.PoolRoundID); err != nil {
			return m, wrap(translate(err, "De poolronde"), "monitoring")
		}
	}
	var counts struct {
		Cases, Meets, Outside, Waiting, Assigned, Closed int
		Arrangement                                      sql.NullFloat64
	}
	q := `SELECT count(*), count(*) FILTER (WHERE meets_definition), count(*) FILTER (WHERE outside_pool IS NOT NULL),
			count(*) FILTER (WHERE status = 'waiting'), count(*) FILTER (WHERE status = 'assigned'), count(*) FILTER (WHERE status = 'closed'),
			avg(arrangement_hours)
		FROM complex_case c WHERE ` + cond
	if err := db.QueryRowxContext(ctx, q, args...).Scan(&counts.Cases, &counts.Meets, &counts.Outside, &counts.Waiting, &counts.Assigned, &counts.Closed, &counts.Arrangement); err != nil {
		return m, fmt.Errorf("monitoring counts: %w", err)
	}
	m.Cases, m.MeetsDefinition, m.OutsideDefinition, m.OutsidePool = counts.Cases, counts.Meets, counts.Cases-counts.Meets, counts.Outside
	m.Waiting, m.Assigned, m.Closed = counts.Waiting, counts.Assigned, counts.Closed
	if counts.Arrangement.Valid {
		m.ArrangementHours = math.Round(counts.Arrangement.Float64*10) / 10
	}

	if err := db.monitoringResultAreas(ctx, &m, cond, args); err != nil {
		return m, err
	}
	var hours []float64
	if err := db.SelectContext(ctx, &hours, `SELECT COALESCE(sum(e.hours), 0) FROM complex_case c LEFT JOIN case_event e ON e.case_id = c.id AND e.kind = 'hours'
		WHERE c.status IN ('assigned', 'closed') AND `+cond+` GROUP BY c.id`, args...); err != nil {
		return m, fmt.Errorf("monitoring hours: %w", err)
	}
	m.HoursPerCase = distribution(hours)
	var ho struct {
		Handovers, Cases int
	}
	if err := db.QueryRowxContext(ctx, `SELECT count(*), count(DISTINCT a.case_id) FROM assignment a JOIN complex_case c ON c.id = a.case_id
		WHERE a.end_reason = 'handover' AND `+cond, args...).Scan(&ho.Handovers, &ho.Cases); err != nil {
		return m, fmt.Errorf("monitoring handovers: %w", err)
	}
	m.Handovers, m.CasesWithHandover = ho.Handovers, ho.Cases
	var reasons []struct {
		Reason string `db:"close_reason"`
		N      int    `db:"n"`
	}
	if err := db.SelectContext(ctx, &reasons, `SELECT c.close_reason, count(*) AS n FROM complex_case c WHERE c.close_reason IS NOT NULL AND `+cond+` GROUP BY c.close_reason`, args...); err != nil {
		return m, fmt.Errorf("monitoring close reasons: %w", err)
	}
	for _, r := range reasons {
		m.CloseReasons[domain.CloseReasonLabels[r.Reason]] = r.N
	}
	var days []float64
	if err := db.SelectContext(ctx, &days, `SELECT EXTRACT(EPOCH FROM (min(a.assigned_at) - c.created_at)) / 86400 FROM complex_case c JOIN assignment a ON a.case_id = c.id
		WHERE `+cond+` GROUP BY c.id, c.created_at`, args...); err != nil {
		return m, fmt.Errorf("monitoring time to assignment: %w", err)
	}
	m.DaysToAssignment = distribution(days)
	return m, nil
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

// monitoringResultAreas fills m's result areas from the structured steps
// of the case log of the cases matching cond: every indicator counts what
// was recorded (a plan counts as made with the family only when a parent or
// the young person is among its participants: domain.StepDetails.WithFamily).
func (db *DB) monitoringResultAreas(ctx context.Context, m *report.Monitoring, cond string, args []any) error {
	rows, err := db.QueryxContext(ctx, resultAreaCounts+cond, args...)
	if err != nil {
		return fmt.Errorf("monitoring indicators: %w", err)
	}
	counts := map[string]any{}
	for rows.Next() {
		if err := rows.MapScan(counts); err != nil {
			rows.Close()
			return fmt.Errorf("monitoring indicators: %w", err)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("monitoring indicators: %w", err)
	}
	var goals struct {
		Evaluated, Reached int
	}
	if err := db.QueryRowxContext(ctx, `SELECT count(*), count(*) FILTER (WHERE g->'reached' = 'true')
		FROM case_event e JOIN complex_case c ON c.id = e.case_id
		CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e.details->'goals') = 'array' THEN e.details->'goals' ELSE '[]' END) AS g
		WHERE e.kind = 'evaluation' AND `+cond, args...).Scan(&goals.Evaluated, &goals.Reached); err != nil {
		return fmt.Errorf("monitoring goals: %w", err)
	}
	var sat []struct {
		Area int     `db:"result_area"`
		Mean float64 `db:"mean"`
		N    int     `db:"n"`
	}
	if err := db.SelectContext(ctx, &sat, `SELECT e.result_area, avg(e.score) AS mean, count(*) AS n FROM case_event e JOIN complex_case c ON c.id = e.case_id
		WHERE e.kind = 'satisfaction' AND `+cond+` GROUP BY e.result_area`, args...); err != nil {
		return fmt.Errorf("monitoring satisfaction: %w", err)
	}
	withRegie := m.Assigned + m.Closed
	for i := range m.ResultAreas {
		ra := report.ResultArea{Number: i + 1, Name: domain.ResultAreas[i], Indicators: []report.Indicator{}}
		for _, key := range domain.ResultAreaIndicators[i] {
			ind := report.Indicator{Key: key, Label: domain.IndicatorLabels[key]}
			switch key {
			case domain.IndicatorGoalsReached:
				ind.Value, ind.Of = goals.Reached, goals.Evaluated
			default:
				n, _ := counts[key].(int64)
				ind.Value = int(n)
				if domain.IndicatorIsShare(key) {
					ind.Of = withRegie
				}
			}
			ra.Indicators = append(ra.Indicators, ind)
		}
		m.ResultAreas[i] = ra
	}
	for _, s := range sat {
		if s.Area >= 1 && s.Area <= 5 {
			m.ResultAreas[s.Area-1].Satisfaction = report.Mean{Mean: math.Round(s.Mean*100) / 100, N: s.N}
		}
	}
	return nil
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
