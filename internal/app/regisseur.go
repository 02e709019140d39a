package app

import (
	"context"

	"regiepool/internal/domain"
)

// Regisseurs returns one page of the regisseur records the actor may see
// (domain.CanSeeRegisseur), by name.
func (a *App) Regisseurs(ctx context.Context, p domain.Page) ([]domain.Regisseur, int, error) {
	return a.db.FindRegisseurs(ctx, p)
}

// AllRegisseurs returns every regisseur record the actor may see, by name:
// for select options and checkboxes.
func (a *App) AllRegisseurs(ctx context.Context) ([]domain.Regisseur, error) {
	return collectAll(ctx, a.db.FindRegisseurs)
}

// Regisseur returns a regisseur record the actor may see. Errors: not_found
// (also out of scope).
func (a *App) Regisseur(ctx context.Context, id int64) (domain.Regisseur, error) {
	return a.db.FindRegisseurByID(ctx, id)
}

// CreateRegisseur stores a regisseur record and returns it with its id.
// Errors: forbidden, invalid.
func (a *App) CreateRegisseur(ctx context.Context, r domain.Regisseur) (domain.Regisseur, error) {
	err := a.db.CreateRegisseur(ctx, &r)
	return r, err
}
