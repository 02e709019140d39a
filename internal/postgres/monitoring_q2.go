package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lib/pq"

	"regiepool/internal/domain"
	"regiepool/internal/matching"
)

// MonitoringCaseLeans returns, for every waiting and assigned case
// registered in f's period (and municipality), the competency keys it leans
// on: the cases the ranking weighs members for now. No case is named.
// Errors: forbidden.
func (db *DB) MonitoringCaseLeans(ctx context.Context, f domain.MonitoringFilter) ([][]string, error) {
	if err := db.monitoringAllowed(ctx); err != nil {
		return nil, err
	}
	args := []any{f.From, dayAfter(f.To)}
	q := `SELECT c.leans_on FROM complex_case c WHERE c.status IN ('waiting', 'assigned') AND c.created_at >= $1 AND c.created_at < $2`
	if f.MunicipalityID != nil {
		args = append(args, *f.MunicipalityID)
		q += ` AND c.municipality_id = $3`
	}
	var rows []pq.StringArray
	if err := db.SelectContext(ctx, &rows, q+` ORDER BY c.id`, args...); err != nil {
		return nil, fmt.Errorf("monitoring case leans: %w", err)
	}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r
	}
	return out, nil
}

// MonitoringMemberScores returns the competency scores the ranking uses
// now (fillCompetency: the latest closed round's "others" under the
// anonymity rules, else the latest self score) of the pool members
// monitoring filter f covers who can be ranked (admitted, active, paused),
// one map per member, in no particular order and without ids. The read is
// audited as monitoring. Errors: forbidden.
func (db *DB) MonitoringMemberScores(ctx context.Context, f domain.MonitoringFilter, minRaters int) ([]map[string]float64, error) {
	if err := db.monitoringAllowed(ctx); err != nil {
		return nil, err
	}
	var out []map[string]float64
	err := db.Transact(ctx, sql.LevelRepeatableRead, func(tx *Tx) error {
		args := []any{}
		var ids []int64
		q := `SELECT r.id FROM regisseur r WHERE ` + monitoredRegisseurs("r.id", `('admitted', 'active', 'paused')`, f, &args) + ` ORDER BY r.id`
		if err := tx.SelectContext(ctx, &ids, q, args...); err != nil {
			return fmt.Errorf("monitoring members: %w", err)
		}
		members := make([]matching.Member, len(ids))
		index := make(map[int64]int, len(ids))
		for i, id := range ids {
			members[i] = matching.Member{RegisseurID: id, Competency: map[string]float64{}}
			index[id] = i
		}
		if err := db.fillCompetency(ctx, tx, members, index, minRaters); err != nil {
			return err
		}
		out = make([]map[string]float64, len(members))
		for i, m := range members {
			out[i] = m.Competency
		}
		return audit(ctx, tx, "read", "monitoring", nil, domain.OutcomeAllowed)
	})
	return out, wrap(err, "monitoring member scores")
}
