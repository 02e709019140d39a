package postgres

import (
	"context"
	"fmt"

	"regiepool/internal/domain"
)

// CreateMunicipality stores m and sets its ID and CreatedAt. Errors: invalid,
// conflict (code exists).
func (db *DB) CreateMunicipality(ctx context.Context, m *domain.Municipality) error {
	if err := m.Validate(); err != nil {
		return err
	}
	const q = `INSERT INTO municipality (code, name, region) VALUES ($1, $2, $3) RETURNING id, created_at`
	err := db.QueryRowxContext(ctx, q, m.Code, m.Name, m.Region).Scan(&m.ID, &m.CreatedAt)
	return wrap(translate(err, "De gemeente"), "create municipality %s", m.Code)
}

// FindMunicipalities returns one page of municipalities by name, and the total.
func (db *DB) FindMunicipalities(ctx context.Context, p domain.Page) ([]domain.Municipality, int, error) {
	const q = `SELECT id, code, name, region, created_at, COUNT(*) OVER() AS total
		FROM municipality ORDER BY name, id LIMIT $1 OFFSET $2`
	var rows []municipalityRow
	if err := db.SelectContext(ctx, &rows, q, p.PageSize, p.Offset()); err != nil {
		return nil, 0, fmt.Errorf("find municipalities: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r municipalityRow) int { return r.Total }, `SELECT count(*) FROM municipality`)
	if err != nil {
		return nil, 0, fmt.Errorf("find municipalities: %w", err)
	}
	out := make([]domain.Municipality, len(rows))
	for i, r := range rows {
		out[i] = r.Municipality
	}
	return out, total, nil
}

// CreateOrganisation stores o and sets its ID and CreatedAt. Errors: invalid,
// conflict (name or KvK number exists).
func (db *DB) CreateOrganisation(ctx context.Context, o *domain.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	const q = `INSERT INTO organisation (name, kvk_number) VALUES ($1, $2) RETURNING id, created_at`
	err := db.QueryRowxContext(ctx, q, o.Name, o.KvKNumber).Scan(&o.ID, &o.CreatedAt)
	return wrap(translate(err, "De organisatie"), "create organisation")
}

// FindOrganisations returns one page of organisations by name, and the total.
func (db *DB) FindOrganisations(ctx context.Context, p domain.Page) ([]domain.Organisation, int, error) {
	const q = `SELECT id, name, kvk_number, created_at, COUNT(*) OVER() AS total
		FROM organisation ORDER BY name, id LIMIT $1 OFFSET $2`
	var rows []organisationRow
	if err := db.SelectContext(ctx, &rows, q, p.PageSize, p.Offset()); err != nil {
		return nil, 0, fmt.Errorf("find organisations: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r organisationRow) int { return r.Total }, `SELECT count(*) FROM organisation`)
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
