package postgres

import (
	"context"
	"database/sql"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// FindPreSelectionOutcomes returns the pre-selection outcome of each of
// the memberships ids that has one the actor may know of
// (domain.CanKnowPreSelection): the outcome only, for a list. Memberships
// without an outcome, or out of the actor's sight, are left out. Each
// outcome read is audited, as FindPreSelection does.
func (db *DB) FindPreSelectionOutcomes(ctx context.Context, ids []int64) (map[int64]string, error) {
	a := domain.ActorFrom(ctx)
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var rows []struct {
			ID             int64         `db:"id"`
			OrganisationID int64         `db:"organisation_id"`
			RegisseurID    int64         `db:"regisseur_id"`
			CoachIDs       pq.Int64Array `db:"coach_ids"`
			Outcome        string        `db:"outcome"`
		}
		const q = `SELECT m.id, m.organisation_id, m.regisseur_id, ` + coachIDsOf + `, p.outcome
			FROM pre_selection p JOIN pool_membership m ON m.id = p.membership_id WHERE p.membership_id = ANY($1) ORDER BY m.id`
		if err := tx.SelectContext(ctx, &rows, q, pq.Int64Array(ids)); err != nil {
			return err
		}
		for _, r := range rows {
			m := domain.Membership{ID: r.ID, OrganisationID: r.OrganisationID, RegisseurID: r.RegisseurID, CoachIDs: r.CoachIDs}
			if !domain.CanKnowPreSelection(a, m) {
				continue
			}
			out[r.ID] = r.Outcome
			if err := audit(ctx, tx, "read", "pre_selection", &r.ID, domain.OutcomeAllowed); err != nil {
				return err
			}
		}
		return nil
	})
	return out, wrap(err, "find pre-selection outcomes")
}
