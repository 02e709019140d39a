package domain

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// The structured steps of the case log (issue 13, items 3–6); escalation
// and evaluation are older kinds that now carry details too.
const (
	EventProblemAnalysis = "problem_analysis"
	EventIntervention    = "intervention"
	EventNetworkEngaged  = "network_engaged"
)

// The family members who take part in a step, by role: no names.
const (
	ParticipantParent      = "parent"
	ParticipantYoungPerson = "young_person"
	ParticipantNetwork     = "network"
)

// Participants are the roles in the order of the form.
var Participants = []string{ParticipantParent, ParticipantYoungPerson, ParticipantNetwork}

// ParticipantLabels name them in Dutch.
var ParticipantLabels = map[string]string{ParticipantParent: "Ouder(s)", ParticipantYoungPerson: "Jongere", ParticipantNetwork: "Netwerk van het gezin"}

// To whom a case is escalated (opgeschaald).
const (
	EscalateOrganisation = "organisation_management"
	EscalateProcessOwner = "process_owner"
)

// EscalationTargets are the targets in the order of the form.
var EscalationTargets = []string{EscalateOrganisation, EscalateProcessOwner}

// EscalationTargetLabels name them in Dutch.
var EscalationTargetLabels = map[string]string{
	EscalateOrganisation: "Management van een organisatie die niet levert",
	EscalateProcessOwner: "Procesregisseur van de gemeente",
}

// What an intervention (grenzen stellen en ingrijpen) responds to.
const (
	ConcernSafety           = "safety"
	ConcernParentalCapacity = "limited_parental_capacity"
	ConcernCareAvoidance    = "care_avoidance"
)

// InterventionConcerns are the concerns in the order of the form.
var InterventionConcerns = []string{ConcernSafety, ConcernParentalCapacity, ConcernCareAvoidance}

// InterventionConcernLabels name them in Dutch.
var InterventionConcernLabels = map[string]string{
	ConcernSafety:           "Zorg over de veiligheid",
	ConcernParentalCapacity: "Beperkte opvoedcapaciteit",
	ConcernCareAvoidance:    "Zorgmijding",
}

// What was engaged besides professional help (result areas 1 and 3).
const (
	EngagedNetwork        = "network"
	EngagedVoorliggend    = "voorliggend_veld"
	EngagedAlternativeReg = "alternative_coordination"
)

// EngagedKinds are the kinds in the order of the form.
var EngagedKinds = []string{EngagedNetwork, EngagedVoorliggend, EngagedAlternativeReg}

// EngagedLabels name them in Dutch.
var EngagedLabels = map[string]string{
	EngagedNetwork:        "Netwerk van het gezin",
	EngagedVoorliggend:    "Voorliggend veld",
	EngagedAlternativeReg: "Andere vorm van gezamenlijke afstemming",
}

// MaxStepText bounds each free text of a step; MaxStepGoals the goals of an
// evaluation.
const (
	MaxStepText  = 2000
	MaxStepGoals = 20
)

// GoalResult is one goal of the plan at an evaluation: its life domain,
// what it is (no names), and whether it was reached.
type GoalResult struct {
	LifeDomain string `json:"lifeDomain,omitempty"`
	Goal       string `json:"goal"`
	Reached    bool   `json:"reached"`
}

// StepDetails are the structured details of a step of the case log; which
// fields belong to which kind is checked by Validate, the rest is dropped
// by Normalize. Free texts hold no names of family members.
type StepDetails struct {
	// problem_analysis, evaluation: who took part.
	Participants    []string `json:"participants,omitempty"`
	OrganisationIDs []int64  `json:"organisationIds,omitempty"`
	// problem_analysis: the life domains analysed and the shared conclusion.
	LifeDomains []string `json:"lifeDomains,omitempty"`
	Conclusion  string   `json:"conclusion,omitempty"`
	// escalation: to whom (and which organisation), why, the outcome, and
	// whether doorzettingsmacht or mandate was used.
	EscalatedTo    string `json:"escalatedTo,omitempty"`
	OrganisationID *int64 `json:"organisationId,omitempty"`
	Why            string `json:"why,omitempty"`
	Outcome        string `json:"outcome,omitempty"`
	MandateUsed    *bool  `json:"mandateUsed,omitempty"`
	// intervention: the concern and what was done (Action).
	Concern string `json:"concern,omitempty"`
	Action  string `json:"action,omitempty"`
	// evaluation: per goal whether it was reached, whether the plan was
	// adjusted.
	Goals        []GoalResult `json:"goals,omitempty"`
	PlanAdjusted *bool        `json:"planAdjusted,omitempty"`
	// network_engaged: what was engaged, and how (Action).
	Engaged []string `json:"engaged,omitempty"`
	// plan_made, plan_adjusted (case_plan.go): with Participants and
	// OrganisationIDs (who drew it up with the family), the goals with who
	// does what, and the evaluation agreements.
	PlanGoals            []PlanGoal            `json:"planGoals,omitempty"`
	EvaluationAgreements []EvaluationAgreement `json:"evaluationAgreements,omitempty"`
	// evaluation: the family's self-reliance per life domain at that moment
	// (1–5, CheckSelfReliance); recording it updates the case's.
	SelfReliance map[string]int `json:"selfReliance,omitempty"`
}

// stepKinds are the kinds that carry details; required says whether the
// details must be there (an evaluation may still be logged as a date; a
// plan without details is a legacy one, refused by CaseEvent.ValidateNew).
var stepKinds = map[string]bool{EventProblemAnalysis: true, EventEscalation: true, EventIntervention: true, EventNetworkEngaged: true, EventEvaluation: false,
	EventPlanMade: false, EventPlanAdjusted: false}

// HasDetails reports whether events of kind carry StepDetails.
func HasDetails(kind string) bool {
	_, ok := stepKinds[kind]
	return ok
}

func checkStepText(fe []FieldError, name, value string, required bool, what string) []FieldError {
	n := len([]rune(value))
	if (required && n == 0) || n > MaxStepText {
		fe = append(fe, FieldError{Name: name, Code: "required", Reason: fmt.Sprintf("Vul %s in (hoogstens %d tekens, geen namen van gezinsleden).", what, MaxStepText)})
	}
	return fe
}

func checkOneOf(fe []FieldError, name string, values, allowed []string, what string) []FieldError {
	for _, v := range values {
		if !slices.Contains(allowed, v) {
			return append(fe, FieldError{Name: name, Code: "oneof", Reason: fmt.Sprintf("Onbekend %s: %s; kies uit %s.", what, v, strings.Join(allowed, ", "))})
		}
	}
	return fe
}

// validateDetails checks the details of an event of kind that happened on
// day on; field names are prefixed "details.".
func validateDetails(kind string, on time.Time, d *StepDetails) []FieldError {
	required, ok := stepKinds[kind]
	if !ok {
		return nil
	}
	if d == nil {
		if required {
			return []FieldError{{Name: "details", Code: "required", Reason: "Vul de gegevens van deze stap in."}}
		}
		return nil
	}
	var fe []FieldError
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	trim(&d.Conclusion)
	trim(&d.Why)
	trim(&d.Outcome)
	trim(&d.Action)
	fe = checkOneOf(fe, "details.participants", d.Participants, Participants, "deelnemer")
	fe = checkOneOf(fe, "details.lifeDomains", d.LifeDomains, LifeDomains, "leefgebied")
	if len(d.OrganisationIDs) > 50 {
		fe = append(fe, FieldError{Name: "details.organisationIds", Code: "max", Reason: "Hoogstens 50 organisaties."})
	}
	for _, id := range d.OrganisationIDs {
		if id <= 0 {
			fe = append(fe, FieldError{Name: "details.organisationIds", Code: "min", Reason: "Een organisatie-id is groter dan 0."})
			break
		}
	}
	switch kind {
	case EventProblemAnalysis:
		if len(d.Participants) == 0 && len(d.OrganisationIDs) == 0 {
			fe = append(fe, FieldError{Name: "details.participants", Code: "required", Reason: "Geef aan wie aan de probleemanalyse deelnam: gezinsleden en/of organisaties."})
		}
		if len(d.LifeDomains) == 0 {
			fe = append(fe, FieldError{Name: "details.lifeDomains", Code: "required", Reason: "Kies de leefgebieden die zijn geanalyseerd."})
		}
		fe = checkStepText(fe, "details.conclusion", d.Conclusion, true, "de gezamenlijke conclusie")
	case EventEscalation:
		if !slices.Contains(EscalationTargets, d.EscalatedTo) {
			fe = append(fe, FieldError{Name: "details.escalatedTo", Code: "oneof", Reason: "Kies naar wie is opgeschaald: " + strings.Join(EscalationTargets, ", ") + "."})
		}
		if d.EscalatedTo == EscalateOrganisation && (d.OrganisationID == nil || *d.OrganisationID <= 0) {
			fe = append(fe, FieldError{Name: "details.organisationId", Code: "required", Reason: "Kies de organisatie die niet levert."})
		}
		fe = checkStepText(fe, "details.why", d.Why, true, "waarom is opgeschaald")
		fe = checkStepText(fe, "details.outcome", d.Outcome, false, "de uitkomst")
		if d.MandateUsed == nil {
			fe = append(fe, FieldError{Name: "details.mandateUsed", Code: "required", Reason: "Geef aan of doorzettingsmacht of mandaat is gebruikt."})
		}
	case EventIntervention:
		if !slices.Contains(InterventionConcerns, d.Concern) {
			fe = append(fe, FieldError{Name: "details.concern", Code: "oneof", Reason: "Kies de aanleiding: " + strings.Join(InterventionConcerns, ", ") + "."})
		}
		fe = checkStepText(fe, "details.action", d.Action, true, "wat er is gedaan")
	case EventNetworkEngaged:
		if len(d.Engaged) == 0 {
			fe = append(fe, FieldError{Name: "details.engaged", Code: "required", Reason: "Kies wat is ingezet: netwerk, voorliggend veld of een andere vorm van afstemming."})
		}
		fe = checkOneOf(fe, "details.engaged", d.Engaged, EngagedKinds, "soort")
		fe = checkStepText(fe, "details.action", d.Action, false, "wat is ingezet")
	case EventPlanMade, EventPlanAdjusted:
		fe = append(fe, validatePlan(d, on)...)
	case EventEvaluation:
		for _, f := range CheckSelfReliance(d.SelfReliance) {
			f.Name = "details.selfReliance"
			fe = append(fe, f)
		}
		if len(d.Goals) > MaxStepGoals {
			fe = append(fe, FieldError{Name: "details.goals", Code: "max", Reason: fmt.Sprintf("Hoogstens %d doelen.", MaxStepGoals)})
		}
		for i := range d.Goals {
			g := &d.Goals[i]
			g.Goal = strings.TrimSpace(g.Goal)
			if g.Goal == "" || len([]rune(g.Goal)) > 500 || (g.LifeDomain != "" && !slices.Contains(LifeDomains, g.LifeDomain)) {
				fe = append(fe, FieldError{Name: "details.goals", Code: "format", Reason: "Elk doel heeft een omschrijving (hoogstens 500 tekens) en eventueel een bekend leefgebied."})
				break
			}
		}
	}
	return fe
}

// normalize keeps only the fields of kind.
func (d *StepDetails) normalize(kind string) {
	out := StepDetails{}
	switch kind {
	case EventProblemAnalysis:
		out.Participants, out.OrganisationIDs, out.LifeDomains, out.Conclusion = d.Participants, d.OrganisationIDs, d.LifeDomains, d.Conclusion
	case EventEscalation:
		out.EscalatedTo, out.Why, out.Outcome, out.MandateUsed = d.EscalatedTo, d.Why, d.Outcome, d.MandateUsed
		if d.EscalatedTo == EscalateOrganisation {
			out.OrganisationID = d.OrganisationID
		}
	case EventIntervention:
		out.Concern, out.Action = d.Concern, d.Action
	case EventNetworkEngaged:
		out.Engaged, out.Action = d.Engaged, d.Action
	case EventEvaluation:
		out.Participants, out.OrganisationIDs, out.Goals, out.PlanAdjusted = d.Participants, d.OrganisationIDs, d.Goals, d.PlanAdjusted
		if len(d.SelfReliance) > 0 {
			out.SelfReliance = d.SelfReliance
		}
	case EventPlanMade, EventPlanAdjusted:
		out.Participants, out.OrganisationIDs, out.PlanGoals, out.EvaluationAgreements = d.Participants, d.OrganisationIDs, d.PlanGoals, d.EvaluationAgreements
		normalizePlan(&out)
	}
	out.Participants, out.LifeDomains, out.Engaged = uniq(out.Participants), uniq(out.LifeDomains), uniq(out.Engaged)
	out.OrganisationIDs = uniq(out.OrganisationIDs)
	*d = out
}

// uniq drops repeated values, keeping the first of each.
func uniq[T comparable](vs []T) []T {
	var out []T
	for _, v := range vs {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// OrganisationRefs are the organisations the details name, for the store
// to check they exist.
func (d *StepDetails) OrganisationRefs() []int64 {
	if d == nil {
		return nil
	}
	ids := slices.Clone(d.OrganisationIDs)
	if d.OrganisationID != nil {
		ids = append(ids, *d.OrganisationID)
	}
	return append(ids, d.planRefs()...)
}

// Describe says in Dutch what the details record; org names an
// organisation by id ("" falls back to its number).
func (d *StepDetails) Describe(org func(int64) string) string {
	if d == nil {
		return ""
	}
	name := func(id int64) string {
		if n := org(id); n != "" {
			return n
		}
		return fmt.Sprintf("organisatie %d", id)
	}
	labels := func(vs []string, m map[string]string) string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = m[v]
			if out[i] == "" {
				out[i] = v
			}
		}
		return strings.Join(out, ", ")
	}
	yes := func(b *bool) string {
		if b != nil && *b {
			return "ja"
		}
		return "nee"
	}
	var parts []string
	add := func(label, value string) {
		if value != "" {
			parts = append(parts, label+": "+value)
		}
	}
	who := labels(d.Participants, ParticipantLabels)
	for _, id := range d.OrganisationIDs {
		if who != "" {
			who += ", "
		}
		who += name(id)
	}
	add("Deelnemers", who)
	add("Leefgebieden", labels(d.LifeDomains, LifeDomainLabels))
	add("Conclusie", d.Conclusion)
	if d.EscalatedTo != "" {
		to := EscalationTargetLabels[d.EscalatedTo]
		if d.OrganisationID != nil {
			to += " (" + name(*d.OrganisationID) + ")"
		}
		add("Opgeschaald naar", to)
		add("Waarom", d.Why)
		add("Uitkomst", d.Outcome)
		add("Doorzettingsmacht of mandaat gebruikt", yes(d.MandateUsed))
	}
	add("Aanleiding", InterventionConcernLabels[d.Concern])
	add("Ingezet", labels(d.Engaged, EngagedLabels))
	add("Gedaan", d.Action)
	for _, g := range d.Goals {
		reached := "niet bereikt"
		if g.Reached {
			reached = "bereikt"
		}
		goal := g.Goal
		if g.LifeDomain != "" {
			goal = LifeDomainLabels[g.LifeDomain] + " – " + goal
		}
		add("Doel", goal+" ("+reached+")")
	}
	if d.PlanAdjusted != nil {
		add("Plan bijgesteld", yes(d.PlanAdjusted))
	}
	parts = append(parts, d.describePlan(name, labels)...)
	if s := describeSelfReliance(d.SelfReliance); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}
