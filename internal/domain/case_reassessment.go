package domain

import (
	"slices"
	"strings"
	"time"
)

// EventReassessment is the log event of a re-assessment (PATCH of the
// case's assessment): it records what changed, old → new per field. It is
// written by ReassessCase only, never through the log's form.
const EventReassessment = "reassessment"

// The self-reliance scale per life domain (zelfredzaamheid): 1 (not
// self-reliant, acute problems) to 5 (fully self-reliant).
const (
	SelfRelianceMin = 1
	SelfRelianceMax = 5
)

// SelfRelianceLabels name the points of the scale.
var SelfRelianceLabels = map[int]string{1: "1 – acute problematiek", 2: "2 – niet zelfredzaam", 3: "3 – beperkt zelfredzaam",
	4: "4 – voldoende zelfredzaam", 5: "5 – volledig zelfredzaam"}

// CheckSelfReliance reports a self-reliance score that is not on the 1–5
// scale or not for one of LifeDomains (field selfReliance).
func CheckSelfReliance(m map[string]int) []FieldError {
	var fe []FieldError
	for _, d := range LifeDomains {
		if v, ok := m[d]; ok && (v < SelfRelianceMin || v > SelfRelianceMax) {
			fe = append(fe, FieldError{Name: "selfReliance", Code: "range", Reason: "De zelfredzaamheid op " + LifeDomainLabels[d] + " ligt tussen 1 en 5."})
		}
	}
	var unknown []string
	for d := range m {
		if !slices.Contains(LifeDomains, d) {
			unknown = append(unknown, d)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		fe = append(fe, FieldError{Name: "selfReliance", Code: "oneof", Reason: "Onbekend leefgebied: " + strings.Join(unknown, ", ") + "."})
	}
	return fe
}

// FieldChange is one change of a re-assessment: the field (as the API
// names it), for selfReliance the life domain, and the value before and
// after (nil: not set).
type FieldChange struct {
	Field      string `json:"field"`
	LifeDomain string `json:"lifeDomain,omitempty"`
	Old        any    `json:"old"`
	New        any    `json:"new"`
}

// Reassessment is a change of a case's assessment; nil fields stay as they
// are. SelfReliance, when not nil, replaces the whole scale (a domain left
// out is no longer scored).
type Reassessment struct {
	SafetyRisk           *string
	LifeDomains          *[]string
	ParentsStruggle      *bool
	SeveralDomains       *bool
	SeveralProfessionals *bool
	HighRisk             *bool
	DefinitionReason     *string
	SelfReliance         map[string]int
}

// Apply returns c with r applied, and what changed, old → new, in the
// order of the form; meetsDefinition is recomputed and listed when it
// changes. Life domains are compared as sets in LifeDomains order.
func (r Reassessment) Apply(c Case) (Case, []FieldChange) {
	next := c
	var ch []FieldChange
	str := func(name string, dst *string, v *string) {
		if v != nil && strings.TrimSpace(*v) != *dst {
			ch = append(ch, FieldChange{Field: name, Old: *dst, New: strings.TrimSpace(*v)})
			*dst = strings.TrimSpace(*v)
		}
	}
	flag := func(name string, dst *bool, v *bool) {
		if v != nil && *v != *dst {
			ch = append(ch, FieldChange{Field: name, Old: *dst, New: *v})
			*dst = *v
		}
	}
	str("safetyRisk", &next.SafetyRisk, r.SafetyRisk)
	if r.LifeDomains != nil {
		nd := slices.Clone(*r.LifeDomains)
		if nd == nil {
			nd = []string{}
		}
		old := slices.Clone(c.LifeDomains)
		if old == nil {
			old = []string{}
		}
		if !sameSet(old, nd) {
			ch = append(ch, FieldChange{Field: "lifeDomains", Old: old, New: nd})
		}
		next.LifeDomains = nd
	}
	flag("parentsStruggle", &next.ParentsStruggle, r.ParentsStruggle)
	flag("severalDomains", &next.SeveralDomains, r.SeveralDomains)
	flag("severalProfessionals", &next.SeveralProfessionals, r.SeveralProfessionals)
	flag("highRisk", &next.HighRisk, r.HighRisk)
	str("definitionReason", &next.DefinitionReason, r.DefinitionReason)
	if r.SelfReliance != nil {
		for _, d := range LifeDomains {
			o, okO := c.SelfReliance[d]
			n, okN := r.SelfReliance[d]
			if okO != okN || o != n {
				fc := FieldChange{Field: "selfReliance", LifeDomain: d}
				if okO {
					fc.Old = o
				}
				if okN {
					fc.New = n
				}
				ch = append(ch, fc)
			}
		}
		next.SelfReliance = r.SelfReliance
	}
	if m := next.MeetsWorkingDefinition(); m != c.MeetsDefinition {
		ch = append(ch, FieldChange{Field: "meetsDefinition", Old: c.MeetsDefinition, New: m})
	}
	next.MeetsDefinition = next.MeetsWorkingDefinition()
	return next, ch
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// ValidateAssessment checks the assessment part of a case (after a
// re-assessment); every fault is reported: the safety risk, the life
// domains, the definition checklist's consistency (checkDefinition), a
// reason when the case falls outside the working definition, and the
// self-reliance scale.
func (c *Case) ValidateAssessment() error {
	var fe []FieldError
	if !slices.Contains(SafetyRisks, c.SafetyRisk) {
		fe = append(fe, FieldError{Name: "safetyRisk", Code: "oneof", Reason: "Kies laag, midden of hoog."})
	}
	for _, d := range c.LifeDomains {
		if !slices.Contains(LifeDomains, d) {
			fe = append(fe, FieldError{Name: "lifeDomains", Code: "oneof", Reason: "Onbekend leefgebied: " + d + "."})
		}
	}
	if len([]rune(c.DefinitionReason)) > 2000 {
		fe = append(fe, FieldError{Name: "definitionReason", Code: "max", Reason: "Hoogstens 2000 tekens."})
	}
	if !c.MeetsWorkingDefinition() && c.DefinitionReason == "" {
		fe = append(fe, FieldError{Name: "definitionReason", Code: "required", Reason: "Deze casus valt niet (meer) onder de werkdefinitie van een complexe casus: geef een reden om de poolregie voort te zetten."})
	}
	fe = append(fe, c.checkDefinition()...)
	fe = append(fe, CheckSelfReliance(c.SelfReliance)...)
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// CheckReassessment says whether the actor may re-assess case c in their
// scope: those who write its log (CanLogCase: while it is open, its
// dispatchers and its current regisseur). nil, conflict (closed: the
// assessment is read-only) or forbidden.
func CheckReassessment(a *Actor, c Case) error {
	switch {
	case c.Status == CaseClosed:
		return Errorf(EConflict, "closed", "Deze casus is afgesloten: de beoordeling is alleen nog te lezen.")
	case !CanLogCase(a, c):
		return Errorf(EForbidden, "forbidden", "Alleen de huidige regisseur en de casusverdelers van deze casus leggen een herbeoordeling vast.")
	}
	return nil
}

// CanReassessCase reports whether the actor may re-assess case c
// (CheckReassessment); the page shows the form only then.
func CanReassessCase(a *Actor, c Case) bool {
	return CheckReassessment(a, c) == nil
}

// reassessedOn is the day a re-assessment happened: today.
func reassessedOn(now time.Time) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ReassessmentEvent is the log event that keeps the changes of a
// re-assessment made at now.
func ReassessmentEvent(now time.Time, changes []FieldChange) CaseEvent {
	return CaseEvent{Kind: EventReassessment, OccurredOn: reassessedOn(now), Changes: changes}
}

// FieldChanges are the changes of one re-assessment.
type FieldChanges []FieldChange
