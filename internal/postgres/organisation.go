package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"regiepool/internal/domain"
)

// municipalityScope limits municipality reads (domain.CanSeeMunicipality):
// dispatchers see their own municipalities; every other role (and a
// dispatcher who holds one) sees all of them.
func municipalityScope(a *domain.Actor, args *[]any) string {
	if domain.CanSeeAllMunicipalities(a) {
		return "TRUE"
	}
	if domain.CanSeeOwnMunicipalities(a) {
		*args = append(*args, int64Array(a.MunicipalityIDs))
		return fmt.Sprintf("m.id = ANY($%d)", len(*args))
	}
	return "FALSE"
}

// organisationScope limits organisation reads (domain.CanSeeOrganisation):
// org contacts see their own organisation; every other role sees all of
// them.
func organisationScope(a *domain.Actor, args *[]any) string {
	if domain.CanSeeAllOrganisations(a) {
		return "TRUE"
	}
	if domain.CanSeeOwnOrganisation(a) {
		*args = append(*args, *a.OrganisationID)
		return fmt.Sprintf("o.id = $%d", len(*args))
	}
	return "FALSE"
}

// CreateMunicipality stores m and sets its ID and CreatedAt. Errors:
// forbidden, invalid, conflict (code exists).
func (db *DB) CreateMunicipality(ctx context.Context, m *domain.Municipality) error {
	if !domain.ActorFrom(ctx).Can(domain.PermManageOrganisation) {
		return db.deny(ctx, "create", "municipality", nil, errForbidden())
	}
	if err := m.Validate(); err != nil {
		return err
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `INSERT INTO municipality (code, name, region) VALUES ($1, $2, $3) RETURNING id, created_at`
		if err := tx.QueryRowxContext(ctx, q, m.Code, m.Name, m.Region).Scan(&m.ID, &m.CreatedAt); err != nil {
			return translate(err, "Een gemeente met deze code")
		}
		return audit(ctx, tx, "create", "municipality", &m.ID, domain.OutcomeAllowed)
	})
	return wrap(err, "create municipality %s", m.Code)
}

// UpdateMunicipality changes name and region. Errors: forbidden, not_found,
// invalid.
func (db *DB) UpdateMunicipality(ctx context.Context, m *domain.Municipality) error {
	if !domain.ActorFrom(ctx).Can(domain.PermManageOrganisation) {
		return db.deny(ctx, "update", "municipality", &m.ID, errForbidden())
	}
	if err := m.Validate(); err != nil {
		return err
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `UPDATE municipality SET name = $2, region = $3 WHERE id = $1 AND code = $4 RETURNING created_at`
		if err := tx.GetContext(ctx, &m.CreatedAt, q, m.ID, m.Name, m.Region, m.Code); err != nil {
			return translate(err, "De gemeente")
		}
		return audit(ctx, tx, "update", "municipality", &m.ID, domain.OutcomeAllowed)
	})
	return wrap(err, "update municipality %d", m.ID)
}

// FindMunicipalityByID returns a municipality in the actor's scope. Errors:
// not_found.
func (db *DB) FindMunicipalityByID(ctx context.Context, id int64) (domain.Municipality, error) {
	args := []any{id}
	q := `SELECT m.id, m.code, m.name, m.region, m.created_at FROM municipality m WHERE m.id = $1 AND (` +
		municipalityScope(domain.ActorFrom(ctx), &args) + `)`
	var m domain.Municipality
	err := db.GetContext(ctx, &m, q, args...)
	return m, wrap(translate(err, "De gemeente"), "find municipality %d", id)
}

// FindMunicipalities returns one page of the municipalities in scope, by name.
func (db *DB) FindMunicipalities(ctx context.Context, p domain.Page) ([]domain.Municipality, int, error) {
	args := []any{}
	cond := municipalityScope(domain.ActorFrom(ctx), &args)
	q := `SELECT m.id, m.code, m.name, m.region, m.created_at, COUNT(*) OVER() AS total
		FROM municipality m WHERE ` + cond + fmt.Sprintf(` ORDER BY m.name, m.id LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2)
	var rows []municipalityRow
	if err := db.SelectContext(ctx, &rows, q, append(args, p.PageSize, p.Offset())...); err != nil {
		return nil, 0, fmt.Errorf("find municipalities: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r municipalityRow) int { return r.Total }, `SELECT count(*) FROM municipality m WHERE `+cond, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find municipalities: %w", err)
	}
	out := make([]domain.Municipality, len(rows))
	for i, r := range rows {
		out[i] = r.Municipality
	}
	return out, total, nil
}

// CreateOrganisation stores o and sets its ID and CreatedAt. Errors:
// forbidden, invalid, conflict (name or KvK number exists).
func (db *DB) CreateOrganisation(ctx context.Context, o *domain.Organisation) error {
	if !domain.ActorFrom(ctx).Can(domain.PermManageOrganisation) {
		return db.deny(ctx, "create", "organisation", nil, errForbidden())
	}
	if err := o.Validate(); err != nil {
		return err
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `INSERT INTO organisation (name, kvk_number) VALUES ($1, $2) RETURNING id, created_at`
		if err := tx.QueryRowxContext(ctx, q, o.Name, o.KvKNumber).Scan(&o.ID, &o.CreatedAt); err != nil {
			return translate(err, "Een organisatie met deze naam of dit KvK-nummer")
		}
		return audit(ctx, tx, "create", "organisation", &o.ID, domain.OutcomeAllowed)
	})
	return wrap(err, "create organisation")
}

// UpdateOrganisation changes name and KvK number. Errors: forbidden,
// not_found, invalid, conflict.
func (db *DB) UpdateOrganisation(ctx context.Context, o *domain.Organisation) error {
	if !domain.ActorFrom(ctx).Can(domain.PermManageOrganisation) {
		return db.deny(ctx, "update", "organisation", &o.ID, errForbidden())
	}
	if err := o.Validate(); err != nil {
		return err
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `UPDATE organisation SET name = $2, kvk_number = $3 WHERE id = $1 RETURNING created_at`
		if err := tx.GetContext(ctx, &o.CreatedAt, q, o.ID, o.Name, o.KvKNumber); err != nil {
			return translate(err, "De organisatie")
		}
		return audit(ctx, tx, "update", "organisation", &o.ID, domain.OutcomeAllowed)
	})
	return wrap(err, "update organisation %d", o.ID)
}

// FindOrganisationByID returns an organisation in the actor's scope. Errors:
// not_found.
func (db *DB) FindOrganisationByID(ctx context.Context, id int64) (domain.Organisation, error) {
	args := []any{id}
	q := `SELECT o.id, o.name, o.kvk_number, o.created_at FROM organisation o WHERE o.id = $1 AND (` +
		organisationScope(domain.ActorFrom(ctx), &args) + `)`
	var o domain.Organisation
	err := db.GetContext(ctx, &o, q, args...)
	return o, wrap(translate(err, "De organisatie"), "find organisation %d", id)
}

// FindOrganisations returns one page of the organisations in scope, by name.
func (db *DB) FindOrganisations(ctx context.Context, p domain.Page) ([]domain.Organisation, int, error) {
	args := []any{}
	cond := organisationScope(domain.ActorFrom(ctx), &args)
	q := `SELECT o.id, o.name, o.kvk_number, o.created_at, COUNT(*) OVER() AS total
		FROM organisation o WHERE ` + cond + fmt.Sprintf(` ORDER BY o.name, o.id LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2)
	var rows []organisationRow
	if err := db.SelectContext(ctx, &rows, q, append(args, p.PageSize, p.Offset())...); err != nil {
		return nil, 0, fmt.Errorf("find organisations: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r organisationRow) int { return r.Total }, `SELECT count(*) FROM organisation o WHERE `+cond, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find organisations: %w", err)
	}
	out := make([]domain.Organisation, len(rows))
	for i, r := range rows {
		out[i] = r.Organisation
	}
	return out, total, nil
}

type municipalityRow struct {
	domain.Municipality
	Total int `db:"total"`
}

type organisationRow struct {
	domain.Organisation
	Total int `db:"total"`
}

// IsEmpty reports whether the database holds no data yet: no organisation
// and no municipality, the roots every other record hangs from.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var exists bool
	const q = `SELECT EXISTS (SELECT 1 FROM organisation) OR EXISTS (SELECT 1 FROM municipality)`
	if err := db.GetContext(ctx, &exists, q); err != nil {
		return false, fmt.Errorf("check empty database: %w", err)
	}
	return !exists, nil
}
