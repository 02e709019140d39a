package national

import (
	"context"
	"fmt"
	"math"
	"time"

	"regiepool/internal/domain"
)

// The twelve provinces as regions, with their share of the 340
// municipalities (close to the real numbers).
var provinces = []struct {
	name  string
	count int
}{
	{"Groningen", 10}, {"Fryslân", 18}, {"Drenthe", 12}, {"Overijssel", 25}, {"Flevoland", 6}, {"Gelderland", 51},
	{"Utrecht", 26}, {"Noord-Holland", 44}, {"Zuid-Holland", 50}, {"Zeeland", 13}, {"Noord-Brabant", 54}, {"Limburg", 31},
}

var (
	placeHeads = []string{"Noord", "Zuid", "Oost", "West", "Groot", "Klein", "Nieuw", "Oud", "Hoog", "Laag", "Sint", "Ter",
		"Midden", "Boven", "Neder", "Wester", "Ooster", "Achter", "Brede", "Lange"}
	placeTails = []string{"veen", "dam", "dijk", "horst", "wolde", "buren", "wijk", "hoven", "meer", "zijl", "broek", "stein",
		"rade", "lo", "berg", "haven", "woude", "kerk", "sluis", "akker"}
	orgKinds = []string{"Wijkteam", "Jeugdhulp", "Maatschappelijk Werk", "GGZ", "Zorggroep", "Stichting Gezinskracht",
		"Schuldhulpmaatje", "Verslavingszorg", "Buurtzorg Jong", "Sociaal Team"}
	firstNames = []string{"Anna", "Bram", "Chloë", "Daan", "Eva", "Finn", "Gijs", "Hanna", "Iris", "Jelle", "Kim", "Lotte", "Mila",
		"Noah", "Olga", "Pieter", "Quinten", "Roos", "Sanne", "Thijs", "Umut", "Vera", "Wouter", "Yara", "Zoë", "Ahmed", "Fatima",
		"Priya", "Wytse", "Sietske", "Hessel", "Tjitske", "Mohamed", "Samira", "Kevin", "Esther", "Mark", "Linda", "Rik", "Nadia",
		"Bas", "Femke", "Joost", "Maaike", "Koen", "Ilse", "Ruben", "Marloes", "Stijn", "Naomi"}
	lastNames = []string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
		"Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
		"de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
		"El Amrani", "Yilmaz", "Ramdin", "Zijlstra", "Wiersma", "Postma", "Hoekstra", "Bouma", "Kuipers", "Koster"}
)

type mun struct {
	id          int64
	region      int
	weight      float64
	dispatchers []int64
}

type org struct {
	id      int64
	region  int
	contact int64
}

type reg struct {
	id, orgID, membership, userID int64
	org, region, cohort           int
	name                          string
	status                        domain.MembershipStatus
	muns                          []int // indexes into g.muns
	maxCases                      int
	hours                         float64
	load                          int
	hoursLoad                     float64
	outcome                       string
	coaches                       []int64
	joined                        time.Time
	level                         []int // competency level per instrument item (1–5)
	demo                          bool  // kept for the demo log-ins: no bulk account
}

// inPool reports whether the member is or was in the pool proper.
func (r *reg) inPool() bool {
	switch r.status {
	case domain.MemberAdmitted, domain.MemberActive, domain.MemberPaused, domain.MemberLeft:
		return true
	}
	return false
}

type userIDs struct {
	admins, monitors, coaches []int64
	coachRegion               []int
	regionalDispatchers       []int64
}

// places writes the municipalities and organisations.
func (g *gen) places(ctx context.Context) error {
	n := g.size.Municipalities
	rank := g.rng.Perm(n)
	var rows [][]any
	used := map[string]bool{}
	for p, i := 0, 0; i < n; p++ {
		count := max(1, provinces[p%len(provinces)].count*n/340)
		if p == len(provinces)-1 {
			count = n - i
		}
		for k := 0; k < count && i < n; k, i = k+1, i+1 {
			name := ""
			for name == "" || used[name] {
				name = placeHeads[g.rng.Intn(len(placeHeads))] + placeTails[g.rng.Intn(len(placeTails))]
				if len(used) > len(placeHeads)*len(placeTails)/2 {
					name += fmt.Sprintf(" %d", i)
				}
			}
			used[name] = true
			m := mun{id: g.next("municipality"), region: p % len(provinces), weight: 1 / math.Pow(float64(rank[i]+1), 0.8)}
			g.muns = append(g.muns, m)
			rows = append(rows, []any{m.id, fmt.Sprintf("GM%04d", i+1), name, provinces[m.region].name, g.day(900)})
		}
	}
	if err := g.copySlice(ctx, "municipality", []string{"id", "code", "name", "region", "created_at"}, rows); err != nil {
		return err
	}
	regionWeight := make([]float64, len(provinces))
	for _, m := range g.muns {
		regionWeight[m.region] += m.weight
	}
	cum := cumulative(regionWeight)
	rows = rows[:0]
	for i := 0; i < g.size.Organisations; i++ {
		o := org{id: g.next("organisation"), region: pick(g.rng, cum)}
		g.orgs = append(g.orgs, o)
		name := fmt.Sprintf("%s %s %d (demo)", orgKinds[i%len(orgKinds)], provinces[o.region].name, i+1)
		var kvk any
		if i%3 != 0 {
			kvk = fmt.Sprintf("%08d", 10000000+i*37)
		}
		rows = append(rows, []any{o.id, name, kvk, g.day(900)})
	}
	return g.copySlice(ctx, "organisation", []string{"id", "name", "kvk_number", "created_at"}, rows)
}

// munsOf lists the indexes of the municipalities of region.
func (g *gen) munsOf(region int) []int {
	var out []int
	for i, m := range g.muns {
		if m.region == region {
			out = append(out, i)
		}
	}
	return out
}

// cohorts are the two national pool rounds: when each opened.
var cohorts = []struct {
	name     string
	daysAgo  int
	share    float64
	statuses []weighted[domain.MembershipStatus]
}{
	{"Landelijke pool 2025", 640, 0.55, []weighted[domain.MembershipStatus]{{domain.MemberActive, 82}, {domain.MemberPaused, 5},
		{domain.MemberLeft, 8}, {domain.MemberRejected, 3}, {domain.MemberWithdrawn, 2}}},
	{"Landelijke pool 2026", 250, 0.45, []weighted[domain.MembershipStatus]{{domain.MemberActive, 75}, {domain.MemberAdmitted, 4},
		{domain.MemberPaused, 3}, {domain.MemberLeft, 2}, {domain.MemberNominated, 3}, {domain.MemberPreselected, 4},
		{domain.MemberRejected, 5}, {domain.MemberWithdrawn, 4}}},
}

type weighted[T any] struct {
	v T
	w float64
}

func choose[T any](g *gen, ws []weighted[T]) T {
	sum := 0.0
	for _, w := range ws {
		sum += w.w
	}
	x := g.rng.Float64() * sum
	for _, w := range ws {
		if x < w.w {
			return w.v
		}
		x -= w.w
	}
	return ws[len(ws)-1].v
}

// quotaCap is the most nominees one organisation puts forward in a round
// (the schema's quota limit).
const quotaCap = 100

// people decides the regisseurs (organisation, cohort, status, capacity,
// municipalities) and writes the accounts and the regisseur records.
func (g *gen) people(ctx context.Context) error {
	orgWeight := make([]float64, len(g.orgs))
	for i := range orgWeight {
		orgWeight[i] = math.Exp(g.rng.NormFloat64() * 0.8)
	}
	orgCum := cumulative(orgWeight)
	perRound := map[[2]int]int{}
	regionMuns := make([][]int, len(provinces))
	regionCum := make([][]float64, len(provinces))
	for p := range provinces {
		regionMuns[p] = g.munsOf(p)
		w := make([]float64, len(regionMuns[p]))
		for k, i := range regionMuns[p] {
			w[k] = g.muns[i].weight
		}
		regionCum[p] = cumulative(w)
	}
	competencies := len(g.instrument.items)
	for i := 0; i < g.size.Regisseurs; i++ {
		cohort := 0
		if g.rng.Float64() >= cohorts[0].share {
			cohort = 1
		}
		o := pick(g.rng, orgCum)
		for perRound[[2]int{cohort, o}] >= quotaCap {
			o = g.rng.Intn(len(g.orgs))
		}
		r := reg{id: g.next("regisseur"), org: o, orgID: g.orgs[o].id, region: g.orgs[o].region, cohort: cohort,
			name:   firstNames[g.rng.Intn(len(firstNames))] + " " + lastNames[g.rng.Intn(len(lastNames))],
			status: choose(g, cohorts[cohort].statuses), joined: g.day(cohorts[cohort].daysAgo - g.rng.Intn(30)),
			maxCases: []int{2, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 8}[g.rng.Intn(12)],
			hours:    []float64{8, 12, 16, 16, 20, 24, 24, 32}[g.rng.Intn(8)]}
		if r.status != domain.MemberRejected && r.status != domain.MemberWithdrawn {
			perRound[[2]int{cohort, o}]++
		}
		nm := []int{1, 1, 2, 2, 2, 3, 3, 4}[g.rng.Intn(8)]
		seen := map[int]bool{}
		for k := 0; k < nm*3 && len(r.muns) < nm; k++ {
			m := regionMuns[r.region][pick(g.rng, regionCum[r.region])]
			if !seen[m] {
				seen[m] = true
				r.muns = append(r.muns, m)
			}
		}
		r.outcome = choose(g, []weighted[string]{{domain.OutcomeSuitable, 70}, {domain.OutcomeSuitableAttention, 25}, {domain.OutcomeContraIndication, 5}})
		if r.status == domain.MemberRejected && g.rng.Intn(2) == 0 {
			r.outcome = domain.OutcomeContraIndication
		}
		r.level = make([]int, competencies)
		base := 3 + g.rng.Intn(2)
		for k := range r.level {
			r.level[k] = clamp(base + g.rng.Intn(3) - 1)
		}
		g.regs = append(g.regs, r)
	}
	g.reserveDemo()
	return g.writePeople(ctx)
}

func clamp(v int) int { return max(1, min(5, v)) }

// reserveDemo keeps three active members of the largest municipality
// without a bulk account: the demo log-ins regisseur@, regisseur2@ and
// regisseur3@ become theirs (accounts.go).
func (g *gen) reserveDemo() {
	big := g.largest()
	n := 0
	for i := range g.regs {
		r := &g.regs[i]
		if n < 3 && r.status == domain.MemberActive && r.muns[0] == big {
			r.demo = true
			n++
		}
	}
}

// largest is the index of the municipality with the most weight.
func (g *gen) largest() int {
	best := 0
	for i, m := range g.muns {
		if m.weight > g.muns[best].weight {
			best = i
		}
	}
	return best
}

// writePeople writes the accounts (none with a password: at national size
// people sign in through OIDC; only the demo log-ins have one), their
// roles and scopes, and the regisseurs.
func (g *gen) writePeople(ctx context.Context) error {
	var users, roles, scopes [][]any
	add := func(email, name string, role domain.Role, orgID any, created time.Time) int64 {
		id := g.next("app_user")
		users = append(users, []any{id, email, name, orgID, created})
		roles = append(roles, []any{id, string(role)})
		return id
	}
	person := func() string {
		return firstNames[g.rng.Intn(len(firstNames))] + " " + lastNames[g.rng.Intn(len(lastNames))]
	}
	for i := 0; i < 3; i++ {
		g.users.admins = append(g.users.admins, add(fmt.Sprintf("beheer%d@landelijk.regiepool.test", i+1), person(), domain.RoleAdmin, nil, g.day(900)))
	}
	for p := range provinces {
		g.users.monitors = append(g.users.monitors, add(fmt.Sprintf("monitor%d@landelijk.regiepool.test", p+1), person(), domain.RoleMonitor, nil, g.day(800)))
	}
	// Dispatchers: one per municipality, more for the large ones, and one
	// per region for all its municipalities.
	for i := range g.muns {
		n := 1
		if g.muns[i].weight > 0.05 {
			n = 2
		}
		if g.muns[i].weight > 0.25 {
			n = 4
		}
		for k := 0; k < n; k++ {
			id := add(fmt.Sprintf("werkverdeler.%d.%d@landelijk.regiepool.test", i+1, k+1), person(), domain.RoleDispatcher, nil, g.day(800))
			g.muns[i].dispatchers = append(g.muns[i].dispatchers, id)
			scopes = append(scopes, []any{id, g.muns[i].id})
		}
	}
	for p := range provinces {
		id := add(fmt.Sprintf("werkverdeler.regio%d@landelijk.regiepool.test", p+1), person(), domain.RoleDispatcher, nil, g.day(800))
		g.users.regionalDispatchers = append(g.users.regionalDispatchers, id)
		for _, i := range g.munsOf(p) {
			scopes = append(scopes, []any{id, g.muns[i].id})
		}
	}
	for i := range g.orgs {
		g.orgs[i].contact = add(fmt.Sprintf("contact.%d@landelijk.regiepool.test", i+1), person(), domain.RoleOrgContact, g.orgs[i].id, g.day(800))
	}
	// Coaches: one per 25 members in the pool, in their region.
	perRegion := make([]int, len(provinces))
	for _, r := range g.regs {
		if r.inPool() {
			perRegion[r.region]++
		}
	}
	regionCoaches := make([][]int64, len(provinces))
	for p, n := range perRegion {
		for k := 0; k < max(1, (n+24)/25); k++ {
			id := add(fmt.Sprintf("begeleider.%d.%d@landelijk.regiepool.test", p+1, k+1), person(), domain.RoleCoach, nil, g.day(800))
			g.users.coaches = append(g.users.coaches, id)
			g.users.coachRegion = append(g.users.coachRegion, p)
			regionCoaches[p] = append(regionCoaches[p], id)
		}
	}
	var regRows, coachRows [][]any
	next := make([]int, len(provinces))
	for i := range g.regs {
		r := &g.regs[i]
		if r.inPool() {
			cs := regionCoaches[r.region]
			r.coaches = append(r.coaches, cs[next[r.region]%len(cs)])
			next[r.region]++
			if g.rng.Intn(10) == 0 && len(cs) > 1 {
				r.coaches = append(r.coaches, cs[next[r.region]%len(cs)])
			}
			if !r.demo {
				r.userID = add(fmt.Sprintf("regisseur.%d@landelijk.regiepool.test", r.id), r.name, domain.RoleRegisseur, r.orgID, r.joined)
			}
		}
		var uid any
		if r.userID != 0 {
			uid = r.userID
		}
		regRows = append(regRows, []any{r.id, r.name, r.orgID, uid, r.joined})
		for _, c := range r.coaches {
			coachRows = append(coachRows, []any{c, r.id})
		}
	}
	if err := g.copySlice(ctx, "app_user", []string{"id", "email", "name", "organisation_id", "created_at"}, users); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "user_role", []string{"user_id", "role"}, roles); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "user_municipality", []string{"user_id", "municipality_id"}, scopes); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "regisseur", []string{"id", "name", "organisation_id", "user_id", "created_at"}, regRows); err != nil {
		return err
	}
	return g.copySlice(ctx, "coach_regisseur", []string{"coach_user_id", "regisseur_id"}, coachRows)
}

// path is the life cycle a membership went through to its status.
func path(r *reg) []domain.MembershipStatus {
	switch r.status {
	case domain.MemberNominated:
		return []domain.MembershipStatus{domain.MemberNominated}
	case domain.MemberPreselected:
		return []domain.MembershipStatus{domain.MemberNominated, domain.MemberPreselected}
	case domain.MemberAdmitted:
		return []domain.MembershipStatus{domain.MemberNominated, domain.MemberPreselected, domain.MemberAdmitted}
	case domain.MemberActive:
		return []domain.MembershipStatus{domain.MemberNominated, domain.MemberPreselected, domain.MemberAdmitted, domain.MemberActive}
	case domain.MemberPaused, domain.MemberLeft:
		return []domain.MembershipStatus{domain.MemberNominated, domain.MemberPreselected, domain.MemberAdmitted, domain.MemberActive, r.status}
	case domain.MemberRejected:
		if r.outcome == domain.OutcomeContraIndication {
			return []domain.MembershipStatus{domain.MemberNominated, domain.MemberPreselected, domain.MemberRejected}
		}
		return []domain.MembershipStatus{domain.MemberNominated, domain.MemberRejected}
	default:
		return []domain.MembershipStatus{domain.MemberNominated, domain.MemberWithdrawn}
	}
}

var transitionReasons = map[domain.MembershipStatus]string{
	domain.MemberPreselected: "Voorselectie afgerond", domain.MemberAdmitted: "Selectiecommissie: voldoet aan het profiel",
	domain.MemberActive: "Start in de pool", domain.MemberPaused: "Ziekteverlof", domain.MemberLeft: "Andere baan buiten het sociaal domein",
	domain.MemberRejected: "Past niet bij het profiel; besproken met de organisatie", domain.MemberWithdrawn: "Op eigen verzoek teruggetrokken",
}

// pool writes the two rounds with their organisations' quota, the
// memberships with their history, pre-selections, municipalities and leave.
func (g *gen) pool(ctx context.Context) error {
	counts := map[[2]int]int{}
	for _, r := range g.regs {
		if r.status != domain.MemberRejected && r.status != domain.MemberWithdrawn {
			counts[[2]int{r.cohort, r.org}]++
		}
	}
	var rounds, rorgs [][]any
	for c, co := range cohorts {
		rounds = append(rounds, []any{g.next("pool_round"), co.name, g.users.admins[0], g.day(co.daysAgo + 30)})
		for o := range g.orgs {
			quota := min(quotaCap, counts[[2]int{c, o}]+1+o%3)
			rorgs = append(rorgs, []any{int64(c + 1), g.orgs[o].id, quota})
		}
	}
	if err := g.copySlice(ctx, "pool_round", []string{"id", "name", "created_by", "created_at"}, rounds); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "pool_round_organisation", []string{"round_id", "organisation_id", "quota"}, rorgs); err != nil {
		return err
	}
	var members, trans, pre, mm, leave [][]any
	for i := range g.regs {
		r := &g.regs[i]
		r.membership = g.next("pool_membership")
		steps := path(r)
		var paused, override any
		if r.status == domain.MemberPaused {
			paused = g.day(-30 - g.rng.Intn(60))
		}
		if r.outcome == domain.OutcomeContraIndication && len(steps) > 2 && steps[2] == domain.MemberAdmitted {
			override = "Contra-indicatie besproken; toegelaten met extra begeleiding op zelfzorg en grenzen"
		}
		updated := r.joined.AddDate(0, 0, 14*(len(steps)-1))
		members = append(members, []any{r.membership, int64(r.cohort + 1), r.orgID, r.id, string(r.status),
			"Ervaren in gezinnen met meervoudige problematiek; houdt overzicht en durft knopen door te hakken.",
			`{"helikopterview": "Brengt in rondetafeloverleggen de lijnen van alle betrokkenen samen."}`,
			r.hours, r.maxCases, paused, override, g.orgs[r.org].contact, r.joined, updated})
		var from any
		for k, s := range steps {
			reason := transitionReasons[s]
			actor := g.users.admins[k%len(g.users.admins)]
			if s == domain.MemberNominated {
				actor = g.orgs[r.org].contact
			}
			trans = append(trans, []any{g.next("membership_transition"), r.membership, from, string(s), reason, actor, g.at(r.joined.AddDate(0, 0, 14*k))})
			from = string(s)
		}
		if len(steps) > 2 || (len(steps) == 2 && steps[1] == domain.MemberPreselected) {
			pit, att, comps := []string{}, []string{}, []string{}
			if r.outcome != domain.OutcomeSuitable {
				pit, att = []string{"Neemt snel zelf de regie over van het gezin"}, []string{"Ruimte laten aan ouders"}
				comps = []string{g.instrument.competencies[g.rng.Intn(len(g.instrument.competencies))]}
			}
			pre = append(pre, []any{r.membership, r.joined.AddDate(0, 0, 7), "Big Five persoonlijkheidsvragenlijst (demo)", "Testbureau Landelijk (demo)",
				r.outcome, textArray(pit), textArray(att), textArray(comps), g.users.admins[0], g.at(r.joined.AddDate(0, 0, 8))})
		}
		for _, m := range r.muns {
			mm = append(mm, []any{r.membership, g.muns[m].id})
		}
		if r.status == domain.MemberActive && g.rng.Intn(20) == 0 {
			from := g.day(-g.rng.Intn(60))
			leave = append(leave, []any{g.next("unavailability"), r.membership, from, from.AddDate(0, 0, 7+g.rng.Intn(21)),
				[]string{"verlof", "ziekte", "opleiding"}[g.rng.Intn(3)]})
		}
	}
	if err := g.copySlice(ctx, "pool_membership", []string{"id", "round_id", "organisation_id", "regisseur_id", "status", "motivation",
		"competency_motivations", "hours_per_week", "max_cases", "paused_until", "contra_override_reason", "nominated_by", "created_at", "updated_at"}, members); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "membership_transition", []string{"id", "membership_id", "from_status", "to_status", "reason", "actor_user_id", "at"}, trans); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "pre_selection", []string{"membership_id", "test_date", "instrument_name", "provider", "outcome",
		"pitfalls", "attention_points", "competency_keys", "recorded_by", "recorded_at"}, pre); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "member_municipality", []string{"membership_id", "municipality_id"}, mm); err != nil {
		return err
	}
	return g.copySlice(ctx, "unavailability", []string{"id", "membership_id", "starts_on", "ends_on", "reason"}, leave)
}
