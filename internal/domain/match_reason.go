package domain

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// The stable codes of the matching engine's reasons. Every reason the
// engine gives for a candidate has one of these codes next to its Dutch
// text (matching.Candidate.ReasonCodes), so the application chooses and
// filters reasons by code, never by their wording, and monitoring counts
// overrides per code.

// Exclusion codes: a candidate with one of these is not qualified.
const (
	ReasonNotActive        = "not_active"         // the membership is not active
	ReasonPaused           = "paused"             // paused until on or after the start
	ReasonOnLeave          = "on_leave"           // on leave at the start
	ReasonNoCapacity       = "no_capacity"        // no case slot left
	ReasonNoHours          = "no_hours"           // too few weekly hours left
	ReasonNotIndependent   = "not_independent"    // works for an organisation already in the family's care
	ReasonContraIndication = "contra_indication"  // an unresolved pre-selection contra-indication
	ReasonBelowMinimum     = "below_hard_minimum" // below the instrument's hard minimum on a competency the case leans on
)

// Scoring codes: what a qualified candidate's fit is made of.
const (
	ReasonCompetency         = "competency"           // the competency part ("Competenties: 0,75")
	ReasonNoCompetencyScores = "no_competency_scores" // no score known: neutral
	ReasonBelowNorm          = "below_norm"           // under the norm (a development target): counts against the fit
	ReasonLifeDomains        = "life_domains"         // knows k of the case's life domains
	ReasonNoLifeDomains      = "no_life_domains"      // the case names no life domains
	ReasonContinuity         = "continuity"           // the family's earlier regisseur
	ReasonContinuityExpired  = "continuity_expired"   // the earlier regisseur, but too long ago
	ReasonSpareCapacity      = "spare_capacity"       // free case slots
	ReasonInMunicipality     = "in_municipality"      // works in the case's municipality
	ReasonInRegion           = "in_region"            // works in the case's region
	ReasonOutOfRegion        = "out_of_region"        // works in neither
	ReasonProfile            = "profile"              // the verdicts in words (the application's, for actors without scores)
	ReasonNewcomer           = "newcomer"             // never had a case: first among equally qualified (the application's)
)

// ExclusionReasons are the exclusion codes in the engine's order.
var ExclusionReasons = []string{ReasonNotActive, ReasonPaused, ReasonOnLeave, ReasonNoCapacity, ReasonNoHours,
	ReasonNotIndependent, ReasonContraIndication, ReasonBelowMinimum}

// ExclusionReasonLabels name the exclusion codes in Dutch, for counts and
// for the override form.
var ExclusionReasonLabels = map[string]string{
	ReasonNotActive:        "niet actief",
	ReasonPaused:           "gepauzeerd",
	ReasonOnLeave:          "afwezig (verlof)",
	ReasonNoCapacity:       "geen ruimte",
	ReasonNoHours:          "te weinig uren",
	ReasonNotIndependent:   "niet onafhankelijk",
	ReasonContraIndication: "contra-indicatie",
	ReasonBelowMinimum:     "onder het minimum",
}

// ScoreReason reports whether reasons with this code carry numbers derived
// from assessments (a score, a competency part, a score against a norm or
// minimum): an actor who may not see scores (CanSeeAssessmentScores) gets
// them in words instead.
func ScoreReason(code string) bool {
	switch code {
	case ReasonCompetency, ReasonNoCompetencyScores, ReasonBelowNorm, ReasonBelowMinimum:
		return true
	}
	return false
}

// Overridable reports whether a dispatcher may assign a candidate excluded
// for this reason anyway, with a reason for the override
// (MaxOverrideReason). The others are hard: the assignment store refuses
// them under its locks whatever the reason (no slot or hours left, not
// active, on leave, not independent).
func Overridable(code string) bool {
	switch code {
	case ReasonContraIndication, ReasonBelowMinimum, ReasonPaused:
		return true
	}
	return false
}

// MaxOverrideReason caps the length of an override's reason, in characters.
const MaxOverrideReason = 2000

// Exclusion is one reason a ranking excludes a candidate from a case: its
// code (ExclusionReasons) and its Dutch text as the actor may see it.
type Exclusion struct {
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

// Override is an assignment of a candidate the ranking excludes: the
// dispatcher's reason, and the codes of the exclusions overridden.
type Override struct {
	Reason string
	Codes  []string
}

// CheckOverride decides what an assignment of a candidate with the
// ranking's exclusions excl records, given the dispatcher's reason
// (trimmed). Without exclusions there is nothing to override (an empty
// Override). A reason longer than MaxOverrideReason is invalid (field
// overrideReason). An Overridable exclusion without a reason is a conflict
// override_required naming every exclusion (Error.Exclusions); with a
// reason, the Override holds it and the codes of the overridable
// exclusions. The exclusions that are not Overridable are left to the
// assignment store, which refuses them under its locks with its own
// reason, whatever the reason given.
func CheckOverride(excl []Exclusion, reason string) (Override, error) {
	reason = strings.TrimSpace(reason)
	if len(excl) == 0 {
		return Override{}, nil
	}
	if utf8.RuneCountInString(reason) > MaxOverrideReason {
		return Override{}, Invalid(FieldError{Name: "overrideReason", Code: "max",
			Reason: fmt.Sprintf("De reden om af te wijken is te lang (hoogstens %d tekens).", MaxOverrideReason)})
	}
	var o Override
	for _, e := range excl {
		if Overridable(e.Code) && !slices.Contains(o.Codes, e.Code) {
			o.Codes = append(o.Codes, e.Code)
		}
	}
	if len(o.Codes) == 0 {
		return Override{}, nil
	}
	if reason == "" {
		return Override{}, &Error{Code: EConflict, Key: "override_required", Exclusions: excl,
			Message: "De rangschikking sluit deze regisseur uit: " + exclusionTexts(excl) + ". Toewijzen kan alleen met een reden om af te wijken."}
	}
	o.Reason = reason
	return o, nil
}

// exclusionTexts joins the Dutch texts of excl.
func exclusionTexts(excl []Exclusion) string {
	texts := make([]string, len(excl))
	for i, e := range excl {
		texts[i] = e.Reason
	}
	return strings.Join(texts, "; ")
}
