package postgres

import (
	"context"
	"fmt"

	"regiepool/internal/domain"
)

// MonitoringReflections returns the reflections marked for monitoring
// (share_with_monitoring) written in f's period by the regisseurs f covers:
// their "what went well / what could be better" pair and coaching rating,
// with no date, case or body, in no meaningful order. The read is audited
// as monitoring. Errors: forbidden.
func (db *DB) MonitoringReflections(ctx context.Context, f domain.MonitoringFilter) ([]domain.MonitoringReflection, error) {
	if err := db.monitoringAllowed(ctx); err != nil {
		return nil, err
	}
	args := []any{f.From, f.To}
	q := `SELECT x.regisseur_id, x.went_well, x.could_be_better, x.coaching_help FROM reflection x
		WHERE x.share_with_monitoring AND x.written_on BETWEEN $1 AND $2 AND ` + monitoredRegisseurs("x.regisseur_id", poolStatuses, f, &args) + `
		ORDER BY x.id`
	var rows []struct {
		RegisseurID   int64  `db:"regisseur_id"`
		WentWell      string `db:"went_well"`
		CouldBeBetter string `db:"could_be_better"`
		CoachingHelp  *int   `db:"coaching_help"`
	}
	if err := db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("monitoring reflections: %w", err)
	}
	out := make([]domain.MonitoringReflection, len(rows))
	for i, r := range rows {
		out[i] = domain.MonitoringReflection{RegisseurID: r.RegisseurID, WentWell: r.WentWell, CouldBeBetter: r.CouldBeBetter, CoachingHelp: r.CoachingHelp}
	}
	if err := audit(ctx, db, "read", "monitoring", nil, domain.OutcomeAllowed); err != nil {
		return nil, err
	}
	return out, nil
}
