package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"regiepool/internal/domain"
)

// regisseurScope limits regisseur reads (domain.CanSeeRegisseur): admins see
// all; org contacts their organisation's; coaches their coachees; a
// regisseur themself; dispatchers the members of the pool they match cases
// to, never nominees or rejected candidates. Monitors see no person.
func regisseurScope(a *domain.Actor, args *[]any) string {
	if domain.CanSeeAllRegisseurs(a) {
		return "TRUE"
	}
	conds := []string{}
	if domain.CanSeeOrganisationRegisseurs(a) {
		*args = append(*args, *a.OrganisationID)
		conds = append(conds, fmt.Sprintf("r.organisation_id = $%d", len(*args)))
	}
	if domain.CanSeeCoachees(a) {
		*args = append(*args, a.UserID)
		conds = append(conds, fmt.Sprintf("EXISTS (SELECT 1 FROM coach_regisseur c WHERE c.regisseur_id = r.id AND c.coach_user_id = $%d)", len(*args)))
	}
	if domain.CanSeeOwnRegisseur(a) {
		*args = append(*args, a.UserID)
		conds = append(conds, fmt.Sprintf("r.user_id = $%d", len(*args)))
	}
	if domain.CanSeePoolRegisseurs(a) {
		conds = append(conds, "EXISTS (SELECT 1 FROM pool_membership m WHERE m.regisseur_id = r.id AND "+dispatchedMember(a.MunicipalityIDs, args)+")")
	}
	if len(conds) == 0 {
		return "FALSE"
	}
	out := conds[0]
	for _, c := range conds[1:] {
		out += " OR " + c
	}
	return out
}

// CreateRegisseur stores a regisseur record. Errors: forbidden, invalid.
func (db *DB) CreateRegisseur(ctx context.Context, r *domain.Regisseur) error {
	if !domain.ActorFrom(ctx).Can(domain.PermManageRegisseurs) {
		return db.deny(ctx, "create", "regisseur", nil, errForbidden())
	}
	if err := r.Validate(); err != nil {
		return err
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `INSERT INTO regisseur (name, organisation_id, user_id) VALUES ($1, $2, $3) RETURNING id, created_at`
		if err := tx.QueryRowxContext(ctx, q, r.Name, r.OrganisationID, r.UserID).Scan(&r.ID, &r.CreatedAt); err != nil {
			return translate(err, "De regisseur")
		}
		return audit(ctx, tx, "create", "regisseur", &r.ID, domain.OutcomeAllowed)
	})
	return wrap(err, "create regisseur")
}

// FindRegisseurByID returns a regisseur in the actor's scope. Errors:
// not_found.
func (db *DB) FindRegisseurByID(ctx context.Context, id int64) (domain.Regisseur, error) {
	args := []any{id}
	q := `SELECT r.id, r.name, r.organisation_id, r.user_id, r.created_at FROM regisseur r WHERE r.id = $1 AND (` +
		regisseurScope(domain.ActorFrom(ctx), &args) + `)`
	var r domain.Regisseur
	err := db.GetContext(ctx, &r, q, args...)
	return r, wrap(translate(err, "De regisseur"), "find regisseur %d", id)
}

// FindRegisseurs returns one page of the regisseurs in scope, by name.
func (db *DB) FindRegisseurs(ctx context.Context, p domain.Page) ([]domain.Regisseur, int, error) {
	args := []any{}
	cond := regisseurScope(domain.ActorFrom(ctx), &args)
	type row struct {
		domain.Regisseur
		Total int `db:"total"`
	}
	var rows []row
	q := `SELECT r.id, r.name, r.organisation_id, r.user_id, r.created_at, COUNT(*) OVER() AS total
		FROM regisseur r WHERE ` + cond + fmt.Sprintf(` ORDER BY r.name, r.id LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2)
	if err := db.SelectContext(ctx, &rows, q, append(args, p.PageSize, p.Offset())...); err != nil {
		return nil, 0, fmt.Errorf("find regisseurs: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r row) int { return r.Total }, `SELECT count(*) FROM regisseur r WHERE `+cond, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find regisseurs: %w", err)
	}
	out := make([]domain.Regisseur, len(rows))
	for i, r := range rows {
		out[i] = r.Regisseur
	}
	return out, total, nil
}
