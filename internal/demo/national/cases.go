package national

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"regiepool/internal/domain"
)

// kase is a generated case, as later steps (audit) need it.
type kase struct {
	id        int64
	mun       int
	status    string
	created   time.Time
	closedAt  time.Time
	closedBy  int64
	assignees []int64 // assignment ids
}

var lifeDomains = []string{"werk", "inkomen", "maatschappelijke_ondersteuning", "wonen", "onderwijs", "jeugdhulp", "veiligheid", "gezondheid"}

var (
	conclusions = []string{
		"De schulden maken de woonsituatie onzeker; daardoor verzuimt de jongere. Eerst rust in de financiën, dan school.",
		"Te veel hulpverleners met elk een eigen plan; het gezin weet niet meer wie waarvoor is. Eén plan, één aanspreekpunt.",
		"De veiligheid thuis staat onder druk door spanningen tussen de ouders; eerst veiligheidsafspraken, dan de andere doelen.",
		"De gezondheid van een ouder beperkt wat het gezin zelf kan; het netwerk neemt taken over waar dat kan.",
	}
	goalTexts = map[string]string{"werk": "Een ouder heeft een passende dagbesteding of werk", "inkomen": "De schulden zijn in beeld en er is een regeling",
		"maatschappelijke_ondersteuning": "Het gezin krijgt de ondersteuning die past", "wonen": "De huur wordt op tijd betaald",
		"onderwijs": "De jongere gaat weer elke dag naar school", "jeugdhulp": "De jeugdhulp sluit aan op de vraag van het gezin",
		"veiligheid": "Er zijn werkende veiligheidsafspraken", "gezondheid": "Een ouder is in behandeling en houdt afspraken aan"}
	actions = []string{"Aanmelding bij de schuldhulpverlening regelen", "Samen met de mentor een rooster afspreken",
		"Eén plan met alle betrokken hulpverleners afstemmen", "Automatische betaling instellen met hulp van het netwerk"}
	definitionReason = "Ouders vragen zelf om een regisseur; meerdere hulpverleners betrokken."
)

// caseGen is the state of the case step: who can take cases where.
type caseGen struct {
	*gen
	active    [][]int // per municipality: indexes of active members taking cases there
	ever      [][]int // per municipality: indexes of members who ever were in the pool there
	munCum    []float64
	events    [][]any
	assigns   [][]any
	offers    [][]any
	closes    [][]any
	corrects  [][]any
	caseOrgs  [][]any
	caseRows  [][]any
	earlierOf map[int][]int64 // municipality → closed case ids (for returning families)
}

// casesAll generates the cases over their whole life cycle: registered,
// waiting, offered, assigned (capacity checked as reserve does: slots and
// weekly hours, independence of the family's organisations), logged with
// every kind of step, handed over and closed, a third of them.
func (g *gen) casesAll(ctx context.Context) error {
	cg := &caseGen{gen: g, active: make([][]int, len(g.muns)), ever: make([][]int, len(g.muns)), earlierOf: map[int][]int64{}}
	w := make([]float64, len(g.muns))
	for i, m := range g.muns {
		w[i] = m.weight
	}
	cg.munCum = cumulative(w)
	for i := range g.regs {
		r := &g.regs[i]
		for _, m := range r.muns {
			if r.status == domain.MemberActive {
				cg.active[m] = append(cg.active[m], i)
			}
			if r.inPool() {
				cg.ever[m] = append(cg.ever[m], i)
			}
		}
	}
	for i := 0; i < g.size.Cases; i++ {
		cg.one(i)
	}
	if err := g.copySlice(ctx, "complex_case", []string{"id", "reference", "municipality_id", "parents_struggle", "several_domains",
		"several_professionals", "high_risk", "definition_reason", "life_domains", "safety_risk", "urgency", "arrangement_hours",
		"expected_weeks", "leans_on", "earlier_case_id", "outside_pool", "outside_reason", "status", "starts_on", "self_reliance",
		"created_by", "created_at"}, cg.caseRows); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "case_organisation", []string{"case_id", "organisation_id"}, cg.caseOrgs); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "assignment", []string{"id", "case_id", "regisseur_id", "assigned_by", "assigned_at", "ended_at",
		"end_reason", "handover_reason", "override_reason", "overridden"}, cg.assigns); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "case_offer", []string{"id", "case_id", "regisseur_id", "offered_by", "offered_at", "expires_at", "status",
		"answered_at", "answered_by", "decline_reason", "assignment_id"}, cg.offers); err != nil {
		return err
	}
	eventCols := []string{"id", "case_id", "kind", "occurred_on", "hours", "result_area", "score", "reason", "changes", "details", "recorded_by", "created_at"}
	if err := g.copySlice(ctx, "case_event", eventCols, cg.events); err != nil {
		return err
	}
	// Closed last: the log of a closed case is read-only (trigger), so the
	// cases close after their log is written, and corrections follow.
	if err := g.tx.Exec(ctx, `CREATE TEMP TABLE national_close (id BIGINT PRIMARY KEY, reason TEXT, closed_at TIMESTAMPTZ,
		closed_by BIGINT, details JSONB, changes JSONB) ON COMMIT DROP`); err != nil {
		return err
	}
	if err := g.copySlice(ctx, "national_close", []string{"id", "reason", "closed_at", "closed_by", "details", "changes"}, cg.closes); err != nil {
		return err
	}
	if err := g.tx.Exec(ctx, `UPDATE complex_case c SET status = 'closed', close_reason = t.reason, closed_at = t.closed_at,
		closed_by = t.closed_by, close_details = t.details, close_changes = t.changes FROM national_close t WHERE c.id = t.id`); err != nil {
		return fmt.Errorf("close cases: %w", err)
	}
	return g.copySlice(ctx, "case_event", eventCols, cg.corrects)
}

// one generates case i with its assignments, offers and log.
func (cg *caseGen) one(i int) {
	g := cg.gen
	m := pick(g.rng, cg.munCum)
	status := choose(g, []weighted[string]{{domain.CaseClosed, 33.3}, {domain.CaseOutside, 3}, {domain.CaseWaiting, 4}, {domain.CaseAssigned, 59.7}})
	var start time.Time
	switch status {
	case domain.CaseClosed:
		start = g.day(120 + g.rng.Intn(900))
	case domain.CaseAssigned:
		start = g.day(7 + g.rng.Intn(540))
	case domain.CaseWaiting:
		start = g.day(g.rng.Intn(21))
	default:
		start = g.day(g.rng.Intn(700))
	}
	risk := choose(g, []weighted[string]{{domain.RiskHigh, 25}, {domain.RiskMedium, 45}, {domain.RiskLow, 30}})
	c := domain.Case{ID: g.next("complex_case"), MunicipalityID: g.muns[m].id, Reference: fmt.Sprintf("Z-%d-%06d", start.Year(), i+1),
		ParentsStruggle: g.rng.Intn(100) < 85, SeveralDomains: g.rng.Intn(100) < 80, SeveralProfessionals: g.rng.Intn(100) < 75,
		HighRisk: risk == domain.RiskHigh, SafetyRisk: risk, Urgency: choose(g, []weighted[int]{{1, 70}, {2, 25}, {3, 5}}),
		ArrangementHours: []float64{30, 40, 50, 50, 60, 80, 100}[g.rng.Intn(7)], ExpectedWeeks: []int{13, 26, 26, 39, 52}[g.rng.Intn(5)],
		StartsOn: start, SelfReliance: map[string]int{}, Status: status}
	for _, k := range g.rng.Perm(len(lifeDomains))[:2+g.rng.Intn(4)] {
		c.LifeDomains = append(c.LifeDomains, lifeDomains[k])
		c.SelfReliance[lifeDomains[k]] = 1 + g.rng.Intn(3)
	}
	for _, k := range g.rng.Perm(len(g.instrument.competencies))[:1+g.rng.Intn(2)] {
		c.LeansOn = append(c.LeansOn, g.instrument.competencies[k])
	}
	if !c.MeetsWorkingDefinition() {
		c.DefinitionReason = definitionReason
	}
	if status == domain.CaseOutside {
		c.OutsidePool = domain.OutsidePoolKinds[g.rng.Intn(3)]
		c.OutsideReason = "Regie ligt elders belegd; besproken met het gezin."
	}
	if prev := cg.earlierOf[m]; len(prev) > 0 && g.rng.Intn(20) == 0 && status != domain.CaseClosed {
		c.EarlierCaseID = &prev[g.rng.Intn(len(prev))]
	}
	region := g.muns[m].region
	for k := 0; k < []int{0, 1, 1, 2}[g.rng.Intn(4)]; k++ {
		o := g.orgs[g.rng.Intn(len(g.orgs))]
		if o.region == region && !containsID(c.InvolvedOrganisationIDs, o.id) {
			c.InvolvedOrganisationIDs = append(c.InvolvedOrganisationIDs, o.id)
		}
	}
	disp := g.muns[m].dispatchers
	by := disp[g.rng.Intn(len(disp))]
	created := g.at(start.AddDate(0, 0, -g.rng.Intn(7)))
	k := kase{id: c.ID, mun: m, status: status, created: created}

	end := g.today
	if status == domain.CaseClosed {
		weeks := max(4, c.ExpectedWeeks+g.rng.Intn(21)-10)
		end = start.AddDate(0, 0, 7*weeks)
		if !end.Before(g.today) {
			end = g.day(1 + g.rng.Intn(30))
		}
	}
	// Who takes it: a current case needs an active member with room; a
	// closed one was taken by anyone in the pool then.
	var taker = -1
	switch status {
	case domain.CaseAssigned:
		if taker = cg.fit(m, c); taker < 0 {
			status, c.Status = domain.CaseWaiting, domain.CaseWaiting
			start = g.day(g.rng.Intn(30))
			c.StartsOn = start
		}
	case domain.CaseClosed:
		if ev := cg.ever[m]; len(ev) > 0 {
			taker = ev[g.rng.Intn(len(ev))]
		} else {
			status, c.Status = domain.CaseWaiting, domain.CaseWaiting
		}
	}
	k.status = status
	if status == domain.CaseWaiting && g.rng.Intn(7) == 0 {
		if r := cg.fit(m, c); r >= 0 {
			cg.hold(r, c)
			at := g.at(g.day(g.rng.Intn(2)))
			cg.offers = append(cg.offers, []any{g.next("case_offer"), c.ID, g.regs[r].id, by, at, at.AddDate(0, 0, 2), "open", nil, nil, "", nil})
		}
	}
	if taker >= 0 {
		if status == domain.CaseAssigned {
			cg.hold(taker, c)
		}
		cg.assign(&k, &c, taker, by, start, end)
		cg.log(&c, k.assignees, by, start, end)
	}
	if status == domain.CaseClosed {
		cg.close(&k, &c, by, end)
	}
	cg.caseRows = append(cg.caseRows, []any{c.ID, c.Reference, c.MunicipalityID, c.ParentsStruggle, c.SeveralDomains, c.SeveralProfessionals,
		c.HighRisk, c.DefinitionReason, textArray(c.LifeDomains), c.SafetyRisk, c.Urgency, c.ArrangementHours, c.ExpectedWeeks,
		textArray(c.LeansOn), c.EarlierCaseID, nullable(c.OutsidePool), c.OutsideReason, assignedOr(status), start, jsonText(c.SelfReliance), by, created})
	for _, o := range c.InvolvedOrganisationIDs {
		cg.caseOrgs = append(cg.caseOrgs, []any{c.ID, o})
	}
	g.cases = append(g.cases, k)
}

// assignedOr is the status a case is written with: a closed one is
// written as assigned and closed after its log (casesAll).
func assignedOr(status string) string {
	if status == domain.CaseClosed {
		return domain.CaseAssigned
	}
	return status
}

// fit finds an active member taking cases in municipality m who can take
// c now, as reserve checks it: a free slot, enough weekly hours, not
// working for one of the family's organisations. -1 when none can.
func (cg *caseGen) fit(m int, c domain.Case) int {
	cands := cg.active[m]
	if len(cands) == 0 {
		return -1
	}
	off := cg.rng.Intn(len(cands))
	for k := 0; k < len(cands) && k < 64; k++ {
		i := cands[(off+k)%len(cands)]
		r := &cg.regs[i]
		if r.load < r.maxCases && r.hoursLoad+c.WeeklyHours() <= r.hours+1e-9 && !containsID(c.InvolvedOrganisationIDs, r.orgID) {
			return i
		}
	}
	return -1
}

// hold takes a slot of member i for case c.
func (cg *caseGen) hold(i int, c domain.Case) {
	cg.regs[i].load++
	cg.regs[i].hoursLoad += c.WeeklyHours()
}

// assign writes the assignment(s) of a taken case: one in twenty was
// handed over on the way, one in a hundred assigned against the ranking;
// some went through an accepted offer, some after a declined one.
func (cg *caseGen) assign(k *kase, c *domain.Case, taker int, by int64, start, end time.Time) {
	g := cg.gen
	at := g.at(start)
	if g.rng.Intn(20) == 0 {
		if ev := cg.ever[k.mun]; len(ev) > 1 {
			prev := ev[g.rng.Intn(len(ev))]
			if prev != taker {
				handover := at.AddDate(0, 0, 7*(1+g.rng.Intn(8)))
				if handover.Before(end) {
					id := g.next("assignment")
					cg.assigns = append(cg.assigns, []any{id, c.ID, g.regs[prev].id, by, at, handover, "handover",
						"Regisseur met langdurig verlof; overgedragen binnen de pool.", nil, textArray(nil)})
					k.assignees = append(k.assignees, id)
					at = handover
				}
			}
		}
	}
	if g.rng.Intn(20) == 0 {
		cg.offers = append(cg.offers, []any{g.next("case_offer"), c.ID, g.regs[cg.active0(k.mun, taker)].id, by, at.Add(-48 * time.Hour),
			at.Add(-time.Hour), "declined", at.Add(-24 * time.Hour), nil, "Geen ruimte in de komende weken.", nil})
	}
	id := g.next("assignment")
	var ended, reason any
	if c.Status == domain.CaseClosed {
		ended, reason = g.at(end), "closed"
	}
	var override any
	overridden := textArray(nil)
	if g.rng.Intn(100) == 0 {
		override, overridden = "Kent het gezin en het netwerk uit een eerdere periode; de begeleider ondersteunt.", textArray([]string{domain.ReasonBelowMinimum})
	}
	cg.assigns = append(cg.assigns, []any{id, c.ID, g.regs[taker].id, by, at, ended, reason, "", override, overridden})
	k.assignees = append(k.assignees, id)
	if g.rng.Intn(6) == 0 {
		cg.offers = append(cg.offers, []any{g.next("case_offer"), c.ID, g.regs[taker].id, by, at.Add(-20 * time.Hour), at.Add(28 * time.Hour),
			"accepted", at, g.regs[taker].userID0(), "", id})
	}
}

// active0 is another member of municipality m than taker, or taker.
func (cg *caseGen) active0(m, taker int) int {
	for _, i := range cg.ever[m] {
		if i != taker {
			return i
		}
	}
	return taker
}

// userID0 is the member's account id, or nil without one.
func (r *reg) userID0() any {
	if r.userID == 0 {
		return nil
	}
	return r.userID
}

// close records how a closed case ended.
func (cg *caseGen) close(k *kase, c *domain.Case, by int64, end time.Time) {
	g := cg.gen
	reason := choose(g, []weighted[string]{{domain.CloseOwnRegie, 40}, {domain.CloseGoalsReached, 35}, {domain.CloseMoved, 8},
		{domain.CloseGedwongenKader, 7}, {domain.CloseOther, 10}})
	yes, no := true, false
	final := map[string]int{}
	for d, v := range c.SelfReliance {
		final[d] = min(v+1, domain.SelfRelianceMax)
	}
	cl := domain.Closure{Reason: reason, SelfReliance: final,
		EndConversation: &domain.EndConversation{Held: &yes, Date: end.Format(domain.ISODate),
			Participants: []string{domain.ParticipantParent, domain.ParticipantYoungPerson}, OrganisationIDs: c.InvolvedOrganisationIDs},
		FinalCheck: &domain.FinalCheck{HelpWorks: &yes, FamilyDirectsOwnLife: &yes}}
	switch reason {
	case domain.CloseMoved, domain.CloseGedwongenKader:
		cl.EndConversation = &domain.EndConversation{Held: &no}
		cl.FinalCheck = &domain.FinalCheck{HelpWorks: &yes, FamilyDirectsOwnLife: &no,
			WhyNot: "Het gezin verhuisde of kwam in een gedwongen kader voordat de doelen waren bereikt."}
	case domain.CloseOther:
		cl.ReasonText = "Het gezin koos na de evaluatie zelf voor begeleiding door het buurtteam."
	}
	details, _ := json.Marshal(cl)
	next, changes := domain.Reassessment{SelfReliance: domain.SelfRelianceUpdate(c.SelfReliance, final)}.Apply(*c)
	var ch any
	if len(changes) > 0 {
		b, _ := json.Marshal(changes)
		ch = string(b)
	}
	c.SelfReliance = next.SelfReliance
	closed := g.at(end)
	k.closedAt, k.closedBy = closed, by
	cg.closes = append(cg.closes, []any{c.ID, reason, closed, by, string(details), ch})
	cg.earlierOf[k.mun] = append(cg.earlierOf[k.mun], c.ID)
	if g.rng.Intn(50) == 0 {
		on := end.AddDate(0, 0, 1+g.rng.Intn(5))
		if on.After(g.today) {
			on = g.today
		}
		cg.corrects = append(cg.corrects, []any{g.next("case_event"), c.ID, domain.EventCorrection, on, nil, nil, nil,
			"Het rondetafeloverleg was een week eerder dan vastgelegd.", nil, nil, g.users.admins[0], g.at(on)})
	}
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // generated values always marshal
	}
	return string(b)
}

// nullable is s, or NULL when empty.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
