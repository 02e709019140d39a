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
