// Package demo fills an empty database with a small, living pool: the data
// behind `make run`. Everything goes through the store, as real input does.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// Password is the password of every demo account (README, demo section).
const Password = "regiepool-demo"

// AdminEmail is the demo admin's log-in, and AdminTOTPSecret the fixed TOTP
// secret it is enrolled with (README's demo table prints it): an admin
// signs in with a second factor, and so does the demo's. Demo data only:
// a real account's secret is random and shown to its owner alone.
const (
	AdminEmail      = "admin@regiepool.test"
	AdminTOTPSecret = "REGIEPOOLDEMOADMINGEHEIM"
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
	ctx = domain.WithActor(ctx, domain.SystemActor())
	var s seed
	if err := s.load(ctx, db); err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	log.Info("demo data loaded", "municipalities", len(s.municipalities), "organisations", len(s.organisations),
		"regisseurs", len(s.regisseurs), "users", s.users)
	return nil
}

// seed keeps the ids of what it created, so later records can refer to them.
type seed struct {
	municipalities []int64
	organisations  []int64
	regisseurs     []int64
	regisseurUsers []int64 // user ids of the regisseurs with an account
	memberships    []int64 // in the order of regisseurs
	coaches        []int64
	managers       map[int64]int64 // organisation → its contact, who rates as manager
	admin          int64
	users          int
}

func (s *seed) load(ctx context.Context, db *postgres.DB) error {
	for _, m := range municipalities {
		m := m
		if err := db.CreateMunicipality(ctx, &m); err != nil {
			return fmt.Errorf("municipality %s: %w", m.Code, err)
		}
		s.municipalities = append(s.municipalities, m.ID)
	}
	for _, o := range organisations {
		o := o
		if err := db.CreateOrganisation(ctx, &o); err != nil {
			return fmt.Errorf("organisation: %w", err)
		}
		s.organisations = append(s.organisations, o.ID)
	}
	// The organisations' contacts come first: they nominate.
	for _, u := range s.contactUsers() {
		if err := s.addUser(ctx, db, u); err != nil {
			return err
		}
	}
	// Two nominees per organisation, as in the pilot (5 × 2): nominating
	// creates the regisseur records.
	if err := s.nominations(ctx, db); err != nil {
		return fmt.Errorf("nominations: %w", err)
	}
	for _, u := range s.demoUsers() {
		if err := s.addUser(ctx, db, u); err != nil {
			return err
		}
	}
	if err := s.monitoringPeople(ctx, db); err != nil {
		return fmt.Errorf("monitoring about people: %w", err)
	}
	if err := s.assessments(ctx, db); err != nil {
		return fmt.Errorf("assessments: %w", err)
	}
	if err := s.selection(ctx, db); err != nil {
		return fmt.Errorf("selection: %w", err)
	}
	if err := s.coaching(ctx, db); err != nil {
		return fmt.Errorf("coaching: %w", err)
	}
	if err := s.cases(ctx, db); err != nil {
		return fmt.Errorf("cases: %w", err)
	}
	if err := s.monitoring(ctx, db); err != nil {
		return fmt.Errorf("monitoring cases: %w", err)
	}
	if err := s.outbox(ctx, db); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	if err := s.reads(ctx, db); err != nil {
		return fmt.Errorf("reads: %w", err)
	}
	return nil
}

// addUser creates demo account u and keeps its id by role.
func (s *seed) addUser(ctx context.Context, db *postgres.DB, u domain.User) error {
	if err := db.CreateUser(ctx, &u, Password); err != nil {
		return fmt.Errorf("user %s: %w", u.Email, err)
	}
	s.users++
	if u.Email == AdminEmail {
		s.admin = u.ID
		if err := db.EnrolFixedTOTP(ctx, u.ID, AdminTOTPSecret); err != nil {
			return fmt.Errorf("user %s: %w", u.Email, err)
		}
	}
	switch {
	case slices.Contains(u.Roles, domain.RoleCoach):
		s.coaches = append(s.coaches, u.ID)
	case slices.Contains(u.Roles, domain.RoleRegisseur):
		s.regisseurUsers = append(s.regisseurUsers, u.ID)
	case slices.Contains(u.Roles, domain.RoleOrgContact):
		if s.managers == nil {
			s.managers = map[int64]int64{}
		}
		s.managers[*u.OrganisationID] = u.ID
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// contactUsers are the organisations' demo contacts, one per organisation:
// each nominates the organisation's candidates (so the audit trail names
// an account, not a user without one) and rates them as their manager.
func (s *seed) contactUsers() []domain.User {
	org := s.organisations
	return []domain.User{
		{Email: "organisatie@regiepool.test", Name: "Pieter Bakker", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: ptr(org[0])},
		{Email: "organisatie2@regiepool.test", Name: "Fenna Hoekstra", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: ptr(org[1])},
		{Email: "organisatie3@regiepool.test", Name: "Gerrit Hofstra", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: ptr(org[2])},
		{Email: "organisatie4@regiepool.test", Name: "Ilse Brouwer", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: ptr(org[3])},
		{Email: "organisatie5@regiepool.test", Name: "Karin Veenstra", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: ptr(org[4])},
	}
}

// demoUsers builds the other demo accounts: with contactUsers at least one
// per role, the log-ins the README lists, with scopes that make the access
// rules visible.
func (s *seed) demoUsers() []domain.User {
	org, mun, reg := s.organisations, s.municipalities, s.regisseurs
	return []domain.User{
		{Email: AdminEmail, Name: "Anne de Vries", Roles: []domain.Role{domain.RoleAdmin}},
		{Email: "begeleider@regiepool.test", Name: "Marieke Visser", Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: reg[:5]},
		{Email: "begeleider2@regiepool.test", Name: "Joris Smit", Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: reg[5:]},
		{Email: "werkverdeler@regiepool.test", Name: "Sietske Dijkstra", Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: mun[:2]},
		{Email: "werkverdeler2@regiepool.test", Name: "Hessel Postma", Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: mun[2:]},
		{Email: "regisseur@regiepool.test", Name: regisseurNames[0], Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: ptr(org[0]), RegisseurID: ptr(reg[0])},
		{Email: "regisseur2@regiepool.test", Name: regisseurNames[2], Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: ptr(org[1]), RegisseurID: ptr(reg[2])},
		{Email: "regisseur3@regiepool.test", Name: regisseurNames[5], Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: ptr(org[2]), RegisseurID: ptr(reg[5])},
		{Email: "monitor@regiepool.test", Name: "Tjitske de Boer", Roles: []domain.Role{domain.RoleMonitor}},
	}
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

// Fictional regisseurs, two per organisation in the order above.
var regisseurNames = []string{
	"Lotte Jansen", "Ahmed El Amrani",
	"Noëlle Wiersma", "Bram van der Meer",
	"Sanne de Jong", "Jelle Zijlstra",
	"Priya Ramdin", "Wytse Bouma",
	"Chloë Mulder", "Daan Kuipers",
}

type assessmentItem = assessment.Item
