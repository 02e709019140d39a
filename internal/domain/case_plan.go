package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The family plan (gezinsplan, issue 13 item 4): who drew it up with the
// family, goals per life domain with who does what, and the agreements on
// when and with whom it is evaluated. A plan_made event is the first plan,
// plan_adjusted a new version. Plans logged before these details existed
// stay valid without them; new ones through the API or a page carry them
// (CaseEvent.ValidateNew).

// Who is responsible for a goal's action besides the family's roles
// (Participants): the regisseur, or an organisation (PlanGoal.OrganisationID).
const (
	ResponsibleRegisseur    = "regisseur"
	ResponsibleOrganisation = "organisation"
)

// Responsibles are the parties a goal's action can be given to, in the
// order of the form.
var Responsibles = []string{ParticipantParent, ParticipantYoungPerson, ParticipantNetwork, ResponsibleRegisseur, ResponsibleOrganisation}

// ResponsibleLabels name them in Dutch.
var ResponsibleLabels = map[string]string{ParticipantParent: "Ouder(s)", ParticipantYoungPerson: "Jongere",
	ParticipantNetwork: "Netwerk van het gezin", ResponsibleRegisseur: "Regisseur", ResponsibleOrganisation: "Organisatie"}

// MaxGoalText bounds a goal's text and its action; MaxAgreements the
// evaluation agreements of one plan.
const (
	MaxGoalText   = 500
	MaxAgreements = 10
)

// PlanGoal is one goal of the plan: its life domain, what it is (no
// names), and who does what: the responsible party (Responsibles; with
// OrganisationID when it is an organisation) and the action.
type PlanGoal struct {
	LifeDomain     string `json:"lifeDomain"`
	Goal           string `json:"goal"`
	Responsible    string `json:"responsible"`
	OrganisationID *int64 `json:"organisationId,omitempty"`
	Action         string `json:"action"`
}

// EvaluationAgreement is when the plan is evaluated (Date, jjjj-mm-dd) and
// with whom: family members by role and organisations.
type EvaluationAgreement struct {
	Date            string   `json:"date"`
	Participants    []string `json:"participants,omitempty"`
	OrganisationIDs []int64  `json:"organisationIds,omitempty"`
}

// IsPlan reports whether kind records a version of the family plan.
func IsPlan(kind string) bool {
	return kind == EventPlanMade || kind == EventPlanAdjusted
}

// WithFamily reports whether the family took part in the step: a parent or
// the young person among its participants (the network alone is not the
// family). It is what "gezinsplan samen met het gezin opgesteld" means.
func (d *StepDetails) WithFamily() bool {
	return d != nil && (slices.Contains(d.Participants, ParticipantParent) || slices.Contains(d.Participants, ParticipantYoungPerson))
}

// PlanWithFamily reports whether any version of the plan among events was
// drawn up with the family (StepDetails.WithFamily); a plan without
// details (logged before they existed) does not count.
func PlanWithFamily(events []CaseEvent) bool {
	for _, e := range events {
		if IsPlan(e.Kind) && e.Details.WithFamily() {
			return true
		}
	}
	return false
}

// LatestPlan is the newest version of the plan with details among events
// (in the order of the log: the last one wins), or nil; its goals are what
// an evaluation ticks.
func LatestPlan(events []CaseEvent) *CaseEvent {
	var out *CaseEvent
	for i := range events {
		if IsPlan(events[i].Kind) && events[i].Details != nil {
			out = &events[i]
		}
	}
	return out
}

// validatePlan checks the details of a plan made on day on: who drew it up
// (family members and/or organisations), at least one goal with its life
// domain, text, responsible party and action, and at least one evaluation
// agreement on or after the plan's day with someone to evaluate with.
func validatePlan(d *StepDetails, on time.Time) []FieldError {
	var fe []FieldError
	if len(d.Participants) == 0 && len(d.OrganisationIDs) == 0 {
		fe = append(fe, FieldError{Name: "details.participants", Code: "required", Reason: "Geef aan wie het plan met het gezin opstelde: gezinsleden en/of organisaties."})
	}
	switch {
	case len(d.PlanGoals) == 0:
		fe = append(fe, FieldError{Name: "details.planGoals", Code: "required", Reason: "Geef minstens één doel met het leefgebied, wie wat doet en wat."})
	case len(d.PlanGoals) > MaxStepGoals:
		fe = append(fe, FieldError{Name: "details.planGoals", Code: "max", Reason: fmt.Sprintf("Hoogstens %d doelen.", MaxStepGoals)})
	}
	for i := range d.PlanGoals {
		g := &d.PlanGoals[i]
		g.Goal, g.Action = strings.TrimSpace(g.Goal), strings.TrimSpace(g.Action)
		at := func(f string) string { return fmt.Sprintf("details.planGoals[%d].%s", i, f) }
		if !slices.Contains(LifeDomains, g.LifeDomain) {
			fe = append(fe, FieldError{Name: at("lifeDomain"), Code: "oneof", Reason: fmt.Sprintf("Kies het leefgebied van doel %d.", i+1)})
		}
		if n := len([]rune(g.Goal)); n == 0 || n > MaxGoalText {
			fe = append(fe, FieldError{Name: at("goal"), Code: "required", Reason: fmt.Sprintf("Omschrijf doel %d (hoogstens %d tekens, geen namen).", i+1, MaxGoalText)})
		}
		if !slices.Contains(Responsibles, g.Responsible) {
			fe = append(fe, FieldError{Name: at("responsible"), Code: "oneof", Reason: fmt.Sprintf("Kies wie doel %d oppakt: %s.", i+1, strings.Join(Responsibles, ", "))})
		} else if g.Responsible == ResponsibleOrganisation && (g.OrganisationID == nil || *g.OrganisationID <= 0) {
			fe = append(fe, FieldError{Name: at("organisationId"), Code: "required", Reason: fmt.Sprintf("Kies de organisatie die doel %d oppakt.", i+1)})
		}
		if n := len([]rune(g.Action)); n == 0 || n > MaxGoalText {
			fe = append(fe, FieldError{Name: at("action"), Code: "required", Reason: fmt.Sprintf("Zeg wat er voor doel %d gebeurt (hoogstens %d tekens, geen namen).", i+1, MaxGoalText)})
		}
	}
	switch {
	case len(d.EvaluationAgreements) == 0:
		fe = append(fe, FieldError{Name: "details.evaluationAgreements", Code: "required", Reason: "Spreek af wanneer en met wie het plan wordt geëvalueerd."})
	case len(d.EvaluationAgreements) > MaxAgreements:
		fe = append(fe, FieldError{Name: "details.evaluationAgreements", Code: "max", Reason: fmt.Sprintf("Hoogstens %d evaluatieafspraken.", MaxAgreements)})
	}
	for i, ag := range d.EvaluationAgreements {
		at := func(f string) string { return fmt.Sprintf("details.evaluationAgreements[%d].%s", i, f) }
		day, err := ParseDate(ag.Date)
		switch {
		case err != nil:
			fe = append(fe, FieldError{Name: at("date"), Code: "date", Reason: fmt.Sprintf("Vul de datum van evaluatieafspraak %d in (jjjj-mm-dd).", i+1)})
		case !on.IsZero() && day.Before(on):
			fe = append(fe, FieldError{Name: at("date"), Code: "range", Reason: fmt.Sprintf("Evaluatieafspraak %d ligt niet vóór de datum van het plan.", i+1)})
		}
		if len(ag.Participants) == 0 && len(ag.OrganisationIDs) == 0 {
			fe = append(fe, FieldError{Name: at("participants"), Code: "required", Reason: fmt.Sprintf("Geef aan met wie evaluatieafspraak %d is gemaakt.", i+1)})
		}
		fe = checkOneOf(fe, at("participants"), ag.Participants, Participants, "deelnemer")
		for _, id := range ag.OrganisationIDs {
			if id <= 0 {
				fe = append(fe, FieldError{Name: at("organisationIds"), Code: "min", Reason: "Een organisatie-id is groter dan 0."})
				break
			}
		}
	}
	return fe
}

// normalizePlan keeps a goal's organisation only when an organisation is
// responsible, and each agreement's roles and organisations once.
func normalizePlan(d *StepDetails) {
	for i := range d.PlanGoals {
		if d.PlanGoals[i].Responsible != ResponsibleOrganisation {
			d.PlanGoals[i].OrganisationID = nil
		}
	}
	for i := range d.EvaluationAgreements {
		ag := &d.EvaluationAgreements[i]
		ag.Participants, ag.OrganisationIDs = uniq(ag.Participants), uniq(ag.OrganisationIDs)
	}
}

// planRefs are the organisations a plan's goals and agreements name.
func (d *StepDetails) planRefs() []int64 {
	var ids []int64
	for _, g := range d.PlanGoals {
		if g.OrganisationID != nil {
			ids = append(ids, *g.OrganisationID)
		}
	}
	for _, ag := range d.EvaluationAgreements {
		ids = append(ids, ag.OrganisationIDs...)
	}
	return ids
}

// describePlan says in Dutch what a plan records: its goals with who does
// what, and the evaluation agreements.
func (d *StepDetails) describePlan(name func(int64) string, labels func([]string, map[string]string) string) []string {
	var parts []string
	for _, g := range d.PlanGoals {
		who := ResponsibleLabels[g.Responsible]
		if g.OrganisationID != nil {
			who = name(*g.OrganisationID)
		}
		parts = append(parts, "Doel: "+labelOrKey(LifeDomainLabels, g.LifeDomain)+" – "+g.Goal+" (wie: "+who+"; wat: "+g.Action+")")
	}
	for _, ag := range d.EvaluationAgreements {
		with := labels(ag.Participants, ParticipantLabels)
		for _, id := range ag.OrganisationIDs {
			if with != "" {
				with += ", "
			}
			with += name(id)
		}
		on := ag.Date
		if t, err := ParseDate(ag.Date); err == nil {
			on = FormatDate(t)
		}
		parts = append(parts, "Evaluatie afgesproken: "+on+" met "+with)
	}
	return parts
}

// describeSelfReliance says the scores of a measurement in Dutch, in the
// order of LifeDomains: "Zelfredzaamheid: wonen 3, inkomen 4".
func describeSelfReliance(m map[string]int) string {
	var parts []string
	for _, d := range LifeDomains {
		if v, ok := m[d]; ok {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(LifeDomainLabels[d]), v))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Zelfredzaamheid: " + strings.Join(parts, ", ")
}

func labelOrKey(m map[string]string, k string) string {
	if l, ok := m[k]; ok {
		return l
	}
	return k
}

// EvaluationDueDays is how many days ahead an evaluation agreement of the
// family plan counts as due (a to-do on the regisseur's start page).
const EvaluationDueDays = 14

// NextEvaluation returns the date of the first evaluation agreement of the
// latest plan among events that was not held yet, and false when every
// agreement was held (or there is no plan). The agreements are held in date
// order: the k-th earliest by the k-th evaluation logged on or after the
// plan's day.
func NextEvaluation(events []CaseEvent) (time.Time, bool) {
	plan := LatestPlan(events)
	if plan == nil {
		return time.Time{}, false
	}
	var dates []time.Time
	for _, ag := range plan.Details.EvaluationAgreements {
		if d, err := time.Parse(ISODate, ag.Date); err == nil {
			dates = append(dates, d)
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	held := 0
	for _, e := range events {
		if e.Kind == EventEvaluation && !e.OccurredOn.Before(plan.OccurredOn) {
			held++
		}
	}
	if held >= len(dates) {
		return time.Time{}, false
	}
	return dates[held], true
}

// EvaluationDue reports whether the next evaluation of the plan
// (NextEvaluation) falls within days of now, or is overdue, with its date.
func EvaluationDue(events []CaseEvent, now time.Time, days int) (time.Time, bool) {
	next, ok := NextEvaluation(events)
	if !ok {
		return next, false
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return next, !next.After(today.AddDate(0, 0, days))
}
