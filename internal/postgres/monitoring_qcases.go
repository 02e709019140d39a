package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// admittedStatuses are the memberships a pool round admitted: admitted,
// and what can follow (active, paused, left).
var admittedStatuses = pq.StringArray{string(domain.MemberAdmitted), string(domain.MemberActive), string(domain.MemberPaused), string(domain.MemberLeft)}

// monitoringCond checks that the actor may see monitoring and that f is
// valid and names what exists, and turns f into a condition on
// complex_case c with its arguments: the cases registered in [f.From,
// f.To], optionally of one municipality, and of one pool round (assigned,
// at any time, to a regisseur the round admitted). Errors: forbidden,
// invalid, not_found.
func (db *DB) monitoringCond(ctx context.Context, f domain.MonitoringFilter) (string, []any, error) {
	if !domain.CanSeeMonitoring(domain.ActorFrom(ctx)) {
		return "", nil, db.deny(ctx, "read", "monitoring", nil, errForbidden())
	}
	if err := f.Validate(); err != nil {
		return "", nil, err
	}
	args := []any{f.From, f.To.AddDate(0, 0, 1)}
	cond := `c.created_at >= $1 AND c.created_at < $2`
	if f.MunicipalityID != nil {
		var ok bool
		if err := db.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM municipality WHERE id = $1)`, *f.MunicipalityID); err != nil {
			return "", nil, fmt.Errorf("monitoring municipality: %w", err)
		}
		if !ok {
			return "", nil, errNotFound("De gemeente")
		}
		args = append(args, *f.MunicipalityID)
		cond += fmt.Sprintf(` AND c.municipality_id = $%d`, len(args))
	}
	if f.PoolRoundID != nil {
		var ok bool
		if err := db.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM pool_round WHERE id = $1)`, *f.PoolRoundID); err != nil {
			return "", nil, fmt.Errorf("monitoring pool round: %w", err)
		}
		if !ok {
			return "", nil, errNotFound("De poolronde")
		}
		args = append(args, *f.PoolRoundID, admittedStatuses)
		cond += fmt.Sprintf(` AND EXISTS (SELECT 1 FROM assignment x JOIN pool_membership pm ON pm.regisseur_id = x.regisseur_id
			WHERE x.case_id = c.id AND pm.round_id = $%d AND pm.status = ANY($%d))`, len(args)-1, len(args))
	}
	return cond, args, nil
}

// MonitoringCases reads what monitoring needs of every case filter f
// covers (domain.MonitoredCase), with the log events of the given kinds,
// in a constant number of queries: never a reference, a name or a
// municipality's own number. Monitors and admins (domain.CanSeeMonitoring).
// Errors: forbidden, invalid (from, to), not_found (municipality, pool
// round).
func (db *DB) MonitoringCases(ctx context.Context, f domain.MonitoringFilter, kinds []string) ([]domain.MonitoredCase, error) {
	cond, args, err := db.monitoringCond(ctx, f)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		ID               int64        `db:"id"`
		Status           string       `db:"status"`
		MeetsDefinition  bool         `db:"meets_definition"`
		DefinitionReason string       `db:"definition_reason"`
		OutsidePool      *string      `db:"outside_pool"`
		CreatedAt        time.Time    `db:"created_at"`
		FirstAssigned    *time.Time   `db:"first_assigned"`
		ClosedAt         *time.Time   `db:"closed_at"`
		CloseReason      *string      `db:"close_reason"`
		CloseDetails     closureJSON  `db:"close_details"`
		CloseChanges     fieldChanges `db:"close_changes"`
		SelfReliance     []byte       `db:"self_reliance"`
		Hours            float64      `db:"hours"`
	}
	q := `SELECT c.id, c.status, c.meets_definition, c.definition_reason, c.outside_pool, c.created_at, c.closed_at, c.close_reason,
			c.close_details, c.close_changes, c.self_reliance,
			(SELECT min(a.assigned_at) FROM assignment a WHERE a.case_id = c.id) AS first_assigned,
			(SELECT COALESCE(sum(e.hours), 0) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'hours')::float8 AS hours
		FROM complex_case c WHERE ` + cond + ` ORDER BY c.id`
	if err := db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("monitoring cases: %w", err)
	}
	out := make([]domain.MonitoredCase, len(rows))
	index := make(map[int64]int, len(rows))
	for i, r := range rows {
		m := domain.MonitoredCase{ID: r.ID, Status: r.Status, MeetsDefinition: r.MeetsDefinition, DefinitionReason: r.DefinitionReason,
			OutsidePool: deref(r.OutsidePool), CreatedAt: r.CreatedAt, FirstAssigned: r.FirstAssigned, ClosedAt: r.ClosedAt,
			CloseChanges: domain.FieldChanges(r.CloseChanges), Hours: r.Hours}
		if m.Closure, err = r.CloseDetails.closure(deref(r.CloseReason)); err != nil {
			return nil, err
		}
		if len(r.SelfReliance) > 0 {
			if err := json.Unmarshal(r.SelfReliance, &m.SelfReliance); err != nil {
				return nil, fmt.Errorf("monitoring self-reliance: %w", err)
			}
		}
		out[i], index[r.ID] = m, i
	}
	if len(kinds) == 0 || len(rows) == 0 {
		return out, nil
	}
	var events []struct {
		domain.CaseEvent
		CaseID  int64        `db:"case_id"`
		Details detailsJSON  `db:"details"`
		Changes fieldChanges `db:"changes"`
	}
	args = append(args, pq.StringArray(kinds))
	qe := fmt.Sprintf(`SELECT e.case_id, e.id, e.kind, e.occurred_on, e.hours, e.result_area, e.score, COALESCE(e.reason, '') AS reason,
			e.details, e.changes, e.created_at
		FROM case_event e JOIN complex_case c ON c.id = e.case_id WHERE e.kind = ANY($%d) AND %s ORDER BY e.case_id, e.occurred_on, e.id`, len(args), cond)
	if err := db.SelectContext(ctx, &events, qe, args...); err != nil {
		return nil, fmt.Errorf("monitoring events: %w", err)
	}
	for i := range events {
		e := events[i].CaseEvent
		e.Changes = domain.FieldChanges(events[i].Changes)
		if e.Details, err = events[i].Details.stepDetails(); err != nil {
			return nil, err
		}
		if j, ok := index[events[i].CaseID]; ok {
			out[j].Events = append(out[j].Events, e)
		}
	}
	return out, nil
}
