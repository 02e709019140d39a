package app

import (
	"context"

	"regiepool/internal/domain"
)

// Municipalities returns one page of the municipalities the actor may see
// (domain.CanSeeMunicipality), by name.
func (a *App) Municipalities(ctx context.Context, p domain.Page) ([]domain.Municipality, int, error) {
	return a.db.FindMunicipalities(ctx, p)
}

// AllMunicipalities returns every municipality the actor may see, by name:
// for select options and checkboxes.
func (a *App) AllMunicipalities(ctx context.Context) ([]domain.Municipality, error) {
	return collectAll(ctx, a.db.FindMunicipalities)
}

// Municipality returns a municipality the actor may see. Errors: not_found.
func (a *App) Municipality(ctx context.Context, id int64) (domain.Municipality, error) {
	return a.db.FindMunicipalityByID(ctx, id)
}

// CreateMunicipality stores m and returns it with its id. Errors: forbidden,
// invalid, conflict (the code exists).
func (a *App) CreateMunicipality(ctx context.Context, m domain.Municipality) (domain.Municipality, error) {
	err := a.db.CreateMunicipality(ctx, &m)
	return m, err
}

// UpdateMunicipality changes the name and region of a municipality and
// returns it. Errors: forbidden, not_found, invalid.
func (a *App) UpdateMunicipality(ctx context.Context, id int64, upd domain.MunicipalityUpdate) (domain.Municipality, error) {
	m, err := a.db.FindMunicipalityByID(ctx, id)
	if err != nil {
		return domain.Municipality{}, err
	}
	upd.Apply(&m)
	if err := a.db.UpdateMunicipality(ctx, &m); err != nil {
		return domain.Municipality{}, err
	}
	return m, nil
}

// Organisations returns one page of the organisations the actor may see
// (domain.CanSeeOrganisation), by name.
func (a *App) Organisations(ctx context.Context, p domain.Page) ([]domain.Organisation, int, error) {
	return a.db.FindOrganisations(ctx, p)
}

// AllOrganisations returns every organisation the actor may see, by name:
// for select options.
func (a *App) AllOrganisations(ctx context.Context) ([]domain.Organisation, error) {
	return collectAll(ctx, a.db.FindOrganisations)
}

// Organisation returns an organisation the actor may see. Errors: not_found.
func (a *App) Organisation(ctx context.Context, id int64) (domain.Organisation, error) {
	return a.db.FindOrganisationByID(ctx, id)
}

// CreateOrganisation stores o and returns it with its id. Errors: forbidden,
// invalid, conflict (the name or KvK number exists).
func (a *App) CreateOrganisation(ctx context.Context, o domain.Organisation) (domain.Organisation, error) {
	err := a.db.CreateOrganisation(ctx, &o)
	return o, err
}

// UpdateOrganisation changes the name and KvK number of an organisation and
// returns it. Errors: forbidden, not_found, invalid, conflict.
func (a *App) UpdateOrganisation(ctx context.Context, id int64, upd domain.OrganisationUpdate) (domain.Organisation, error) {
	o, err := a.db.FindOrganisationByID(ctx, id)
	if err != nil {
		return domain.Organisation{}, err
	}
	upd.Apply(&o)
	if err := a.db.UpdateOrganisation(ctx, &o); err != nil {
		return domain.Organisation{}, err
	}
	return o, nil
}
