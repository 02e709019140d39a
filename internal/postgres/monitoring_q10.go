package postgres

import (
	"context"
	"fmt"

	"regiepool/internal/domain"
)

// MonitoringAttendance returns, per regisseur monitoring filter f covers,
// the intervisie sessions held in f's period they attended (0 for none),
// from the attendance records. Errors: forbidden.
func (db *DB) MonitoringAttendance(ctx context.Context, f domain.MonitoringFilter) (map[int64]int, error) {
	if err := db.monitoringAllowed(ctx); err != nil {
		return nil, err
	}
	args := []any{f.From, f.To}
	q := `SELECT r.id AS regisseur_id, count(s.id) AS attended FROM regisseur r
		LEFT JOIN intervisie_participant p ON p.regisseur_id = r.id AND p.attended
		LEFT JOIN intervisie_session s ON s.id = p.session_id AND s.held_on BETWEEN $1 AND $2
		WHERE ` + monitoredRegisseurs("r.id", poolStatuses, f, &args) + ` GROUP BY r.id`
	var rows []struct {
		RegisseurID int64 `db:"regisseur_id"`
		Attended    int   `db:"attended"`
	}
	if err := db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("monitoring attendance: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.RegisseurID] = r.Attended
	}
	return out, nil
}
