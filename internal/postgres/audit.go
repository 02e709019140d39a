package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"regiepool/internal/domain"
)

// audit writes one row of the audit trail for the actor in ctx, on ex, so it
// commits or rolls back with what it records. A write (an allowed action
// other than a read) also marks the request's idempotency claim
// (markIdempotencyClaim).
func audit(ctx context.Context, ex sqlx.ExecerContext, action, recordType string, recordID *int64, outcome string) error {
	a := domain.ActorFrom(ctx)
	var userID, tokenID *int64
	if a.UserID != 0 {
		userID = &a.UserID
	}
	if a.TokenID != 0 {
		tokenID = &a.TokenID
	}
	const q = `INSERT INTO audit_event
		(actor_kind, actor_user_id, actor_token_id, organisation_id, action, record_type, record_id, request_id, client_addr, outcome)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
	_, err := ex.ExecContext(ctx, q, a.Kind, userID, tokenID, a.OrganisationID, action, recordType, recordID,
		a.RequestID, a.ClientAddr, outcome)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", action, recordType, err)
	}
	// Every write is audited in its transaction, so this is where a write
	// marks the idempotency claim it runs under.
	if outcome == domain.OutcomeAllowed && action != "read" {
		return markIdempotencyClaim(ctx, ex)
	}
	return nil
}

// deny records a refused action and returns the error the caller answers
// with: forbidden for actions, not found for reads of records out of scope.
func (db *DB) deny(ctx context.Context, action, recordType string, recordID *int64, err error) error {
	if aerr := audit(ctx, db, action, recordType, recordID, domain.OutcomeDenied); aerr != nil {
		return aerr
	}
	return err
}

// errForbidden is returned to an actor without the permission for an action.
func errForbidden() error {
	return domain.Errorf(domain.EForbidden, "forbidden", "U heeft geen toestemming voor deze handeling.")
}

// FindAuditEvents returns one page of the audit trail, newest first. Only
// admins may read it; the read itself is audited. Errors: forbidden.
func (db *DB) FindAuditEvents(ctx context.Context, f domain.AuditFilter, p domain.Page) ([]domain.AuditEvent, int, error) {
	if !domain.CanReadAudit(domain.ActorFrom(ctx)) {
		return nil, 0, db.deny(ctx, "read", "audit_event", nil, errForbidden())
	}
	where, args := []string{"TRUE"}, []any{}
	if f.RecordType != nil {
		args = append(args, *f.RecordType)
		where = append(where, fmt.Sprintf("record_type = $%d", len(args)))
	}
	if f.RecordID != nil {
		args = append(args, *f.RecordID)
		where = append(where, fmt.Sprintf("record_id = $%d", len(args)))
	}
	if f.UserID != nil {
		args = append(args, *f.UserID)
		where = append(where, fmt.Sprintf("actor_user_id = $%d", len(args)))
	}
	cond := joinAnd(where)
	var out []domain.AuditEvent
	var total int
	err := db.Transact(ctx, 0, func(tx *Tx) error {
		var rows []struct {
			domain.AuditEvent
			Total int `db:"total"`
		}
		q := `SELECT id, at, actor_kind, actor_user_id, actor_token_id, organisation_id, action, record_type,
				record_id, request_id, client_addr, outcome, COALESCE(detail::text, '') AS detail, COUNT(*) OVER() AS total
			FROM audit_event WHERE ` + cond + fmt.Sprintf(` ORDER BY at DESC, id DESC LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2)
		if err := tx.SelectContext(ctx, &rows, q, append(args, p.PageSize, p.Offset())...); err != nil {
			return err
		}
		for _, r := range rows {
			out = append(out, r.AuditEvent)
		}
		var err error
		total, err = pageTotal(ctx, tx, rows, func(r struct {
			domain.AuditEvent
			Total int `db:"total"`
		}) int {
			return r.Total
		}, `SELECT count(*) FROM audit_event WHERE `+cond, args...)
		if err != nil {
			return err
		}
		return audit(ctx, tx, "read", "audit_event", nil, domain.OutcomeAllowed)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find audit events: %w", err)
	}
	return out, total, nil
}

// DenyRoute records that a signed-in actor was refused a route for lacking
// permission perm, and returns the forbidden error to answer with (or the
// error of writing the audit row).
func (db *DB) DenyRoute(ctx context.Context, perm domain.Permission) error {
	return db.deny(ctx, "access", string(perm), nil, errForbidden())
}
