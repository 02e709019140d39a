package demo

import (
	"context"
	"fmt"

	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// reads gives the first regisseur's "who read my data" list
// (/account/inzage) some life: their coach read their 360 results and
// shared reflections, the admin their pre-selection, their organisation's
// contact their member file (the motivation). Each goes through the
// store's audited read, as on the pages.
func (s *seed) reads(ctx context.Context, db *postgres.DB) error {
	reg := s.regisseurs[0]
	coach := domain.WithActor(ctx, &domain.Actor{Kind: domain.ActorUser, UserID: s.coaches[0], Roles: []domain.Role{domain.RoleCoach}})
	if _, err := db.FindAssessmentData(coach, reg); err != nil {
		return fmt.Errorf("coach reads results: %w", err)
	}
	if _, _, err := db.FindReflections(coach, reg, domain.Page{Page: 1, PageSize: 20}); err != nil {
		return fmt.Errorf("coach reads reflections: %w", err)
	}
	admin := domain.WithActor(ctx, &domain.Actor{Kind: domain.ActorUser, UserID: s.admin, Roles: []domain.Role{domain.RoleAdmin}})
	if _, err := db.FindPreSelection(admin, s.memberships[0]); err != nil {
		return fmt.Errorf("admin reads pre-selection: %w", err)
	}
	org := s.organisations[0]
	contact := domain.WithActor(ctx, &domain.Actor{Kind: domain.ActorUser, UserID: s.managers[org], Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &org})
	if _, err := db.FindMembership(contact, s.memberships[0]); err != nil {
		return fmt.Errorf("contact reads the member file: %w", err)
	}
	return nil
}
