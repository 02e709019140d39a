package postgres_test

import (
	"context"
	"slices"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestScopes_MatchDomainPredicates: what the store's lists of users,
// regisseurs, organisations, municipalities and pool members return to each
// role is exactly what the domain predicates (CanSeeUser, CanSeeRegisseur,
// CanSeeOrganisation, CanSeeMunicipality, CanSeeMember) allow, so the SQL
// and the rule cannot drift apart.
func TestScopes_MatchDomainPredicates(t *testing.T) {
	db := pgtest.NewDB(t)
	sys := pgtest.SystemCtx()
	orgA, orgB := pgtest.MustCreateOrganisation(t, db), pgtest.MustCreateOrganisation(t, db)
	mun1, mun2 := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateMunicipality(t, db)
	regA1, regA2 := pgtest.MustCreateRegisseur(t, db, orgA.ID), pgtest.MustCreateRegisseur(t, db, orgA.ID)
	regB := pgtest.MustCreateRegisseur(t, db, orgB.ID)
	// Pool members of every kind a dispatcher of mun1 must tell apart: in
	// the pool here (regB, who is also coached) and elsewhere, a nominee
	// and a rejected candidate here.
	here := pgtest.MustCreateActiveMember(t, db, orgB.ID, []int64{mun1.ID}, 5, 16)
	pgtest.MustCreateActiveMember(t, db, orgA.ID, []int64{mun2.ID}, 5, 16)
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	mustExec(`UPDATE pool_membership SET regisseur_id = $2 WHERE regisseur_id = $1`, here.ID, regB.ID)
	round, err := db.CreatePoolRound(sys, "Scope", []domain.RoundOrganisation{{OrganisationID: orgA.ID, Quota: 5}})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []domain.MembershipStatus{domain.MemberNominated, domain.MemberRejected} {
		r := pgtest.MustCreateRegisseur(t, db, orgA.ID)
		var id int64
		if err := db.Get(&id, `INSERT INTO pool_membership (round_id, organisation_id, regisseur_id, hours_per_week, max_cases)
			VALUES ($1, $2, $3, 16, 5) RETURNING id`, round.ID, orgA.ID, r.ID); err != nil {
			t.Fatal(err)
		}
		mustExec(`INSERT INTO member_municipality (membership_id, municipality_id) VALUES ($1, $2)`, id, mun1.ID)
		mustExec(`UPDATE pool_membership SET status = $2 WHERE id = $1 AND status <> $2`, id, st)
	}
	users := map[string]domain.User{}
	for name, u := range map[string]domain.User{
		"admin":       {Roles: []domain.Role{domain.RoleAdmin}},
		"org contact": {Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: &orgA.ID},
		"coach":       {Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{regB.ID}, OrganisationID: &orgB.ID},
		"dispatcher":  {Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun1.ID}},
		"regisseur":   {Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &regA1.ID, OrganisationID: &orgA.ID},
		"monitor":     {Roles: []domain.Role{domain.RoleMonitor}},
		"dispatching coach": {Roles: []domain.Role{domain.RoleCoach, domain.RoleDispatcher},
			MunicipalityIDs: []int64{mun1.ID}, CoacheeIDs: []int64{regA2.ID}},
		"contact and regisseur": {Roles: []domain.Role{domain.RoleOrgContact, domain.RoleRegisseur},
			OrganisationID: &orgB.ID, RegisseurID: &regA2.ID},
	} {
		users[name] = pgtest.MustCreateUser(t, db, u)
	}
	members := func(ctx context.Context) []domain.Membership {
		t.Helper()
		ms, _, err := db.FindPoolMembers(ctx, domain.MemberFilter{}, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	allMembers := members(sys)
	all := func(ctx context.Context) ([]domain.User, []domain.Regisseur, []domain.Organisation, []domain.Municipality) {
		t.Helper()
		page := domain.Page{Page: 1, PageSize: domain.MaxPageSize}
		us, _, err := db.FindUsers(ctx, page)
		if err != nil {
			t.Fatal(err)
		}
		rs, _, err := db.FindRegisseurs(ctx, page)
		if err != nil {
			t.Fatal(err)
		}
		os, _, err := db.FindOrganisations(ctx, page)
		if err != nil {
			t.Fatal(err)
		}
		ms, _, err := db.FindMunicipalities(ctx, page)
		if err != nil {
			t.Fatal(err)
		}
		return us, rs, os, ms
	}
	allUsers, allRegs, allOrgs, allMuns := all(sys)

	for name, u := range users {
		t.Run(name, func(t *testing.T) {
			ctx := pgtest.ActorCtx(t, db, u.ID)
			a := domain.ActorFrom(ctx)
			gotUsers, gotRegs, gotOrgs, gotMuns := all(ctx)
			checkScope(t, "users", scopeIDs(gotUsers, func(x domain.User) int64 { return x.ID }),
				scopeAllowed(allUsers, func(x domain.User) int64 { return x.ID }, func(x domain.User) bool { return domain.CanSeeUser(a, x) }))
			checkScope(t, "regisseurs", scopeIDs(gotRegs, func(x domain.Regisseur) int64 { return x.ID }),
				scopeAllowed(allRegs, func(x domain.Regisseur) int64 { return x.ID }, func(x domain.Regisseur) bool {
					return domain.CanSeeRegisseur(a, x, slices.Contains(u.CoacheeIDs, x.ID), allMembers)
				}))
			if name == "dispatcher" {
				// Only the member of the pool in mun1: not the one elsewhere,
				// the nominee or the rejected candidate.
				checkScope(t, "dispatcher's regisseurs", scopeIDs(gotRegs, func(x domain.Regisseur) int64 { return x.ID }), []int64{regB.ID})
			}
			checkScope(t, "pool members", scopeIDs(members(ctx), func(x domain.Membership) int64 { return x.ID }),
				scopeAllowed(allMembers, func(x domain.Membership) int64 { return x.ID }, func(x domain.Membership) bool { return domain.CanSeeMember(a, x) }))
			checkScope(t, "organisations", scopeIDs(gotOrgs, func(x domain.Organisation) int64 { return x.ID }),
				scopeAllowed(allOrgs, func(x domain.Organisation) int64 { return x.ID }, func(x domain.Organisation) bool { return domain.CanSeeOrganisation(a, x.ID) }))
			checkScope(t, "municipalities", scopeIDs(gotMuns, func(x domain.Municipality) int64 { return x.ID }),
				scopeAllowed(allMuns, func(x domain.Municipality) int64 { return x.ID }, func(x domain.Municipality) bool { return domain.CanSeeMunicipality(a, x.ID) }))
		})
	}
}

func scopeIDs[T any](xs []T, id func(T) int64) []int64 {
	out := []int64{}
	for _, x := range xs {
		out = append(out, id(x))
	}
	slices.Sort(out)
	return out
}

func scopeAllowed[T any](xs []T, id func(T) int64, ok func(T) bool) []int64 {
	out := []int64{}
	for _, x := range xs {
		if ok(x) {
			out = append(out, id(x))
		}
	}
	slices.Sort(out)
	return out
}

func checkScope(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s: store returns %v, predicate allows %v", what, got, want)
	}
}
