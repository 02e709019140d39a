package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// personalRecords is the set of (record_type, record_id) pairs of the
// audit trail that are regisseur $1's sensitive records
// (domain.PersonalRecordTypes); reads_only says a pair counts only for
// reads (true), only for changes (false) or for both (NULL).
const personalRecords = `SELECT t AS record_type, $1::bigint AS record_id, NULL::boolean AS reads_only FROM unnest($2::text[]) t
	UNION ALL SELECT 'self_assessment', $1, true
	UNION ALL SELECT 'self_assessment', s.id, false FROM self_assessment s WHERE s.regisseur_id = $1
	UNION ALL SELECT t, m.id, NULL FROM pool_membership m, unnest($3::text[]) t WHERE m.regisseur_id = $1
	UNION ALL SELECT 'unavailability', u.id, NULL FROM unavailability u JOIN pool_membership m ON m.id = u.membership_id WHERE m.regisseur_id = $1
	UNION ALL SELECT t, g.id, NULL FROM development_goal g, unnest($4::text[]) t WHERE g.regisseur_id = $1
	UNION ALL SELECT t, r.id, NULL FROM reflection r, unnest($5::text[]) t WHERE r.regisseur_id = $1
	UNION ALL SELECT 'reflection_reply', p.id, NULL FROM reflection_reply p JOIN reflection r ON r.id = p.reflection_id WHERE r.regisseur_id = $1
	UNION ALL SELECT t, f.id, NULL FROM feedback_round f, unnest($6::text[]) t WHERE f.regisseur_id = $1`

type recordAccessRow struct {
	ID          int64            `db:"id"`
	At          time.Time        `db:"at"`
	Action      string           `db:"action"`
	RecordType  string           `db:"record_type"`
	RecordID    int64            `db:"record_id"`
	ActorKind   domain.ActorKind `db:"actor_kind"`
	ActorUserID *int64           `db:"actor_user_id"`
	ActorName   string           `db:"actor_name"`
	ActorRoles  pq.StringArray   `db:"actor_roles"`
	Coaches     bool             `db:"coaches"`
	Total       int              `db:"total"`
}

// FindRecordAccesses returns one page, newest first, of the reads and
// changes of regisseur regisseurID's sensitive records, with who acted.
// The regisseur themself sees those by other people; an admin sees all
// (others false) or those by others. Denied attempts are left out: they
// read nothing. The read is audited. Errors: not_found (neither the
// regisseur themself nor an admin).
func (db *DB) FindRecordAccesses(ctx context.Context, regisseurID int64, others bool, p domain.Page) ([]domain.RecordAccess, int, error) {
	a := domain.ActorFrom(ctx)
	own := a.RegisseurID != nil && *a.RegisseurID == regisseurID
	if !own && !domain.CanReadAudit(a) {
		return nil, 0, db.deny(ctx, "read", "record_access", &regisseurID, errNotFound("De regisseur"))
	}
	var out []domain.RecordAccess
	var total int
	err := db.Transact(ctx, 0, func(tx *Tx) error {
		var err error
		out, total, err = findRecordAccesses(ctx, tx, regisseurID, others || own, p)
		if err != nil {
			return err
		}
		return audit(ctx, tx, "read", "record_access", &regisseurID, domain.OutcomeAllowed)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find record accesses of regisseur %d: %w", regisseurID, err)
	}
	return out, total, nil
}

func findRecordAccesses(ctx context.Context, q sqlx.QueryerContext, regisseurID int64, others bool, p domain.Page) ([]domain.RecordAccess, int, error) {
	rt := domain.PersonalRecordTypes
	args := []any{regisseurID, pq.Array(rt.ByRegisseur), pq.Array(rt.ByMembership), pq.Array(rt.ByGoal),
		pq.Array(rt.ByReflection), pq.Array(rt.ByRound), others, p.PageSize, p.Offset()}
	// "By others": people other than the regisseur's own account (other
	// accounts and raters); the system's own writes (demo data, the
	// retention job) are left out of that view.
	const sel = `WITH mine AS (` + personalRecords + `)
		SELECT e.id, e.at, e.action, e.record_type, e.record_id, e.actor_kind, e.actor_user_id,
			COALESCE(u.name, '') AS actor_name,
			COALESCE((SELECT array_agg(ur.role ORDER BY ur.role) FROM user_role ur WHERE ur.user_id = e.actor_user_id), '{}') AS actor_roles,
			EXISTS (SELECT 1 FROM coach_regisseur c WHERE c.coach_user_id = e.actor_user_id AND c.regisseur_id = $1) AS coaches,
			COUNT(*) OVER() AS total
		FROM audit_event e
		JOIN mine m ON m.record_type = e.record_type AND m.record_id = e.record_id
			AND (m.reads_only IS NULL OR m.reads_only = (e.action = 'read'))
		LEFT JOIN app_user u ON u.id = e.actor_user_id
		WHERE e.outcome = 'allowed'
		  AND NOT ($7 AND (e.actor_kind = 'system' OR e.actor_user_id IS NOT NULL
		           AND e.actor_user_id IS NOT DISTINCT FROM (SELECT user_id FROM regisseur WHERE id = $1)))
		ORDER BY e.at DESC, e.id DESC LIMIT $8 OFFSET $9`
	var rows []recordAccessRow
	if err := sqlx.SelectContext(ctx, q, &rows, sel, args...); err != nil {
		return nil, 0, err
	}
	out := make([]domain.RecordAccess, len(rows))
	for i, r := range rows {
		roles := make([]domain.Role, len(r.ActorRoles))
		for j, s := range r.ActorRoles {
			roles[j] = domain.Role(s)
		}
		out[i] = domain.RecordAccess{ID: r.ID, At: r.At, Action: r.Action, RecordType: r.RecordType, RecordID: r.RecordID,
			ActorKind: r.ActorKind, ActorUserID: r.ActorUserID, ActorName: r.ActorName, ActorRoles: roles, ActorCoaches: r.Coaches}
	}
	total := 0
	if len(rows) > 0 {
		total = rows[0].Total
	} else if p.Offset() > 0 {
		// Past the last page: count without the page.
		const cnt = `WITH mine AS (` + personalRecords + `)
			SELECT count(*) FROM audit_event e JOIN mine m ON m.record_type = e.record_type AND m.record_id = e.record_id
				AND (m.reads_only IS NULL OR m.reads_only = (e.action = 'read'))
			WHERE e.outcome = 'allowed' AND NOT ($7 AND (e.actor_kind = 'system' OR e.actor_user_id IS NOT NULL
				AND e.actor_user_id IS NOT DISTINCT FROM (SELECT user_id FROM regisseur WHERE id = $1)))`
		if err := sqlx.GetContext(ctx, q, &total, cnt, args[:7]...); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}
