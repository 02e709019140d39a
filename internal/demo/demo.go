// Package demo fills an empty database with a small, living pool: the data
// behind `make run`. Everything goes through the store, as real input does.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// ErrNotEmpty says the database already holds data; demo data is only ever
// loaded into an empty database so it never mixes with real records.
var ErrNotEmpty = errors.New("database is not empty: demo data is only loaded into an empty database")

// Load writes the demo data, or returns ErrNotEmpty.
func Load(ctx context.Context, db *postgres.DB, log *slog.Logger) error {
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		log.Info("demo data skipped: database is not empty")
		return ErrNotEmpty
	}
	for _, m := range municipalities {
		m := m
		if err := db.CreateMunicipality(ctx, &m); err != nil {
			return fmt.Errorf("demo municipality %s: %w", m.Code, err)
		}
	}
	for _, o := range organisations {
		o := o
		if err := db.CreateOrganisation(ctx, &o); err != nil {
			return fmt.Errorf("demo organisation: %w", err)
		}
	}
	log.Info("demo data loaded", "municipalities", len(municipalities), "organisations", len(organisations))
	return nil
}

// The pilot region: five Frisian municipalities (real CBS codes).
var municipalities = []domain.Municipality{
	{Code: "GM0080", Name: "Leeuwarden", Region: "Fryslân"},
	{Code: "GM1900", Name: "Súdwest-Fryslân", Region: "Fryslân"},
	{Code: "GM0090", Name: "Smallingerland", Region: "Fryslân"},
	{Code: "GM0074", Name: "Heerenveen", Region: "Fryslân"},
	{Code: "GM1921", Name: "De Fryske Marren", Region: "Fryslân"},
}

// Five fictional nominating organisations, as in the pilot (5 × 2 regisseurs).
var organisations = []domain.Organisation{
	{Name: "Jeugdhulp Noordwest (demo)"},
	{Name: "Stichting Gezinskracht (demo)"},
	{Name: "Wijkteams Fryslân (demo)"},
	{Name: "Zorggroep De Wâlden (demo)"},
	{Name: "Maatschappelijk Werk Marrekrite (demo)"},
}
