package postgres

import (
	"context"
	"fmt"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// MonitoringPreSelections returns, per regisseur monitoring filter f
// covers who has a pre-selection, the competency keys its attention points
// and pitfalls concern (empty when none were named). Errors: forbidden.
func (db *DB) MonitoringPreSelections(ctx context.Context, f domain.MonitoringFilter) (map[int64][]string, error) {
	if err := db.monitoringAllowed(ctx); err != nil {
		return nil, err
	}
	args := []any{}
	q := `SELECT pm.regisseur_id, p.competency_keys FROM pre_selection p JOIN pool_membership pm ON pm.id = p.membership_id
		WHERE ` + monitoredMembership(poolStatuses, f, &args) + ` ORDER BY pm.regisseur_id, p.recorded_at`
	var rows []struct {
		RegisseurID int64          `db:"regisseur_id"`
		Keys        pq.StringArray `db:"competency_keys"`
	}
	if err := db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("monitoring pre-selections: %w", err)
	}
	out := make(map[int64][]string, len(rows))
	for _, r := range rows {
		out[r.RegisseurID] = append(out[r.RegisseurID], r.Keys...)
	}
	return out, nil
}

// MonitoringGoals returns the development goals of the regisseurs
// monitoring filter f covers, created on or before f.To, in no meaningful
// order; the application picks those of the period it needs. The read is
// audited as monitoring. Errors: forbidden.
func (db *DB) MonitoringGoals(ctx context.Context, f domain.MonitoringFilter) ([]domain.MonitoringGoal, error) {
	if err := db.monitoringAllowed(ctx); err != nil {
		return nil, err
	}
	args := []any{dayAfter(f.To)}
	q := `SELECT g.regisseur_id, g.competency_key, g.status, g.created_at, g.target_date FROM development_goal g
		WHERE g.created_at < $1 AND ` + monitoredRegisseurs("g.regisseur_id", poolStatuses, f, &args) + ` ORDER BY g.id`
	var out []domain.MonitoringGoal
	if err := db.SelectContext(ctx, &out, q, args...); err != nil {
		return nil, fmt.Errorf("monitoring goals: %w", err)
	}
	if err := audit(ctx, db, "read", "monitoring", nil, domain.OutcomeAllowed); err != nil {
		return nil, err
	}
	return out, nil
}
