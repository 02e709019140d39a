package postgres

import (
	"context"
	"fmt"

	"regiepool/internal/domain"
)

// FindHandledCases returns the cases regisseur regisseurID directed (every
// assignment, handed over and closed ones included), oldest first, by
// their pseudonymous reference only: no log, no free text. Only the
// regisseur themself and admins may read it; the read is audited.
// Errors: not_found.
func (db *DB) FindHandledCases(ctx context.Context, regisseurID int64) ([]domain.HandledCase, error) {
	a := domain.ActorFrom(ctx)
	if !(a.RegisseurID != nil && *a.RegisseurID == regisseurID) && !domain.CanReadAudit(a) {
		return nil, db.deny(ctx, "read", "handled_cases", &regisseurID, errNotFound("De regisseur"))
	}
	var out []domain.HandledCase
	err := db.Transact(ctx, 0, func(tx *Tx) error {
		const q = `SELECT c.id AS case_id, c.reference, m.name AS municipality, c.status, a.assigned_at, a.ended_at,
				COALESCE(a.end_reason, '') AS end_reason
			FROM assignment a JOIN complex_case c ON c.id = a.case_id JOIN municipality m ON m.id = c.municipality_id
			WHERE a.regisseur_id = $1 ORDER BY a.assigned_at, a.id`
		if err := tx.SelectContext(ctx, &out, q, regisseurID); err != nil {
			return err
		}
		return audit(ctx, tx, "read", "handled_cases", &regisseurID, domain.OutcomeAllowed)
	})
	if err != nil {
		return nil, fmt.Errorf("find cases handled by regisseur %d: %w", regisseurID, err)
	}
	return out, nil
}

// AuditExport records that the signed-in user downloaded everything held
// about them (AVG art. 15): on their regisseur record when they are one,
// else on their account.
func (db *DB) AuditExport(ctx context.Context) error {
	a := domain.ActorFrom(ctx)
	if a.Kind != domain.ActorUser {
		return errForbidden()
	}
	recordType, id := "user", a.UserID
	if a.RegisseurID != nil {
		recordType, id = "regisseur", *a.RegisseurID
	}
	return audit(ctx, db, "export", recordType, &id, domain.OutcomeAllowed)
}
