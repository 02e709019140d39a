package national

import (
	"context"
	"fmt"
	"sort"

	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// accounts creates the demo log-ins of README (the same addresses, names
// and password as the small demo, a contract the load test relies on),
// through the store, scoped into the national pool: the dispatchers work
// for the largest municipality and its region's next three, and for the
// six largest of another region; the coaches coach 25 members each; the
// three regisseurs are active members of the largest municipality.
// The admin log-in is made here too, in one place: when the admin gets a
// second factor, only this function and the load test's adminLogin change.
func accounts(ctx context.Context, db *postgres.DB, g *gen) error {
	big := g.largest()
	var demoRegs []int
	var coachees [2][]int64
	for i := range g.regs {
		r := &g.regs[i]
		if r.demo {
			demoRegs = append(demoRegs, i)
		}
	}
	if len(demoRegs) < 3 {
		return fmt.Errorf("only %d demo regisseurs in the largest municipality", len(demoRegs))
	}
	for i := range g.regs {
		r := &g.regs[i]
		if !r.inPool() || r.status == domain.MemberLeft {
			continue
		}
		k := 1
		if r.muns[0] == big {
			k = 0
		}
		if len(coachees[k]) < 25 || r.demo {
			coachees[k] = append(coachees[k], r.id)
		}
	}
	region := g.muns[big].region
	other := (region + 1) % len(provinces)
	var ids [2][]int64
	for k, reg := range []int{region, other} {
		ms := g.munsOf(reg)
		sort.Slice(ms, func(a, b int) bool { return g.muns[ms[a]].weight > g.muns[ms[b]].weight })
		n := 4
		if k == 1 {
			n = 6
		}
		for _, m := range ms[:min(n, len(ms))] {
			ids[k] = append(ids[k], g.muns[m].id)
		}
	}
	r0, r1, r2 := &g.regs[demoRegs[0]], &g.regs[demoRegs[1]], &g.regs[demoRegs[2]]
	org2 := r1.orgID
	if org2 == r0.orgID {
		org2 = g.orgs[(r0.org+1)%len(g.orgs)].id
	}
	users := []domain.User{
		{Email: "admin@regiepool.test", Name: "Anne de Vries", Roles: []domain.Role{domain.RoleAdmin}},
		{Email: "organisatie@regiepool.test", Name: "Pieter Bakker", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: ptr(r0.orgID)},
		{Email: "organisatie2@regiepool.test", Name: "Fenna Hoekstra", Roles: []domain.Role{domain.RoleOrgContact}, OrganisationID: ptr(org2)},
		{Email: "begeleider@regiepool.test", Name: "Marieke Visser", Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: coachees[0]},
		{Email: "begeleider2@regiepool.test", Name: "Joris Smit", Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: coachees[1]},
		{Email: "werkverdeler@regiepool.test", Name: "Sietske Dijkstra", Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: ids[0]},
		{Email: "werkverdeler2@regiepool.test", Name: "Hessel Postma", Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: ids[1]},
		{Email: "regisseur@regiepool.test", Name: r0.name, Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: ptr(r0.orgID), RegisseurID: ptr(r0.id)},
		{Email: "regisseur2@regiepool.test", Name: r1.name, Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: ptr(r1.orgID), RegisseurID: ptr(r1.id)},
		{Email: "regisseur3@regiepool.test", Name: r2.name, Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: ptr(r2.orgID), RegisseurID: ptr(r2.id)},
		{Email: "monitor@regiepool.test", Name: "Tjitske de Boer", Roles: []domain.Role{domain.RoleMonitor}},
	}
	for _, u := range users {
		u := u
		if err := db.CreateUser(systemCtx, &u, demo.Password); err != nil {
			return fmt.Errorf("user %s: %w", u.Email, err)
		}
	}
	return nil
}
