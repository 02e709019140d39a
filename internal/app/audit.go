package app

import (
	"context"

	"regiepool/internal/domain"
)

// AuditEvents returns one page of the audit trail, newest first; the read
// itself is audited. Errors: forbidden (domain.CanReadAudit).
func (a *App) AuditEvents(ctx context.Context, f domain.AuditFilter, p domain.Page) ([]domain.AuditEvent, int, error) {
	return a.db.FindAuditEvents(ctx, f, p)
}

// MyRecordAccesses returns one page, newest first, of the reads and
// changes of the signed-in regisseur's sensitive records by others ("who
// read my data"); a user who is no regisseur has none. The read is
// audited.
func (a *App) MyRecordAccesses(ctx context.Context, p domain.Page) ([]domain.RecordAccess, int, error) {
	act := domain.ActorFrom(ctx)
	if act.RegisseurID == nil {
		return nil, 0, nil
	}
	return a.db.FindRecordAccesses(ctx, *act.RegisseurID, true, p)
}

// RecordAccesses returns one page, newest first, of every read and change
// of regisseur regisseurID's sensitive records, for an admin. Errors:
// not_found (not an admin).
func (a *App) RecordAccesses(ctx context.Context, regisseurID int64, p domain.Page) ([]domain.RecordAccess, int, error) {
	return a.db.FindRecordAccesses(ctx, regisseurID, false, p)
}
