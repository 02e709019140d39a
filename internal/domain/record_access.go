package domain

import (
	"slices"
	"time"
)

// RecordAccess is one read or change of a regisseur's sensitive records by
// someone, as the audit trail has it ("who read my data").
type RecordAccess struct {
	ID         int64
	At         time.Time
	Action     string
	RecordType string
	RecordID   int64
	ActorKind  ActorKind
	// ActorUserID, ActorName and ActorRoles are the account that acted
	// (its roles now: the trail stores the account, not the role used);
	// ActorCoaches says it coaches the regisseur.
	ActorUserID  *int64
	ActorName    string
	ActorRoles   []Role
	ActorCoaches bool
}

// ReaderRole is the role a record access shows: "admin" for an admin
// (who appears as "beheerder", without a name), else the role through
// which the account most likely acted: coach of this regisseur,
// dispatcher, organisation contact, monitor, coach, regisseur. The system
// and external raters have their kind.
func (r RecordAccess) ReaderRole() string {
	switch r.ActorKind {
	case ActorSystem, ActorRater, ActorAnonymous:
		return string(r.ActorKind)
	}
	if slices.Contains(r.ActorRoles, RoleAdmin) {
		return string(RoleAdmin)
	}
	if r.ActorCoaches {
		return string(RoleCoach)
	}
	for _, role := range []Role{RoleDispatcher, RoleOrgContact, RoleMonitor, RoleCoach, RoleRegisseur} {
		if slices.Contains(r.ActorRoles, role) {
			return string(role)
		}
	}
	return "user"
}

// ReaderName is the name a record access shows: the account's name, and
// none for admins, the system and raters.
func (r RecordAccess) ReaderName() *string {
	if r.ActorKind != ActorUser || r.ReaderRole() == string(RoleAdmin) || r.ActorName == "" {
		return nil
	}
	n := r.ActorName
	return &n
}

// ReaderLabels are the Dutch names of ReaderRole's values.
var ReaderLabels = map[string]string{
	"admin": "Beheerder", "coach": "Begeleider", "dispatcher": "Werkverdeler", "org_contact": "Contactpersoon organisatie",
	"monitor": "Monitor", "regisseur": "Regisseur", "system": "Systeem", "rater": "Beoordelaar", "anonymous": "Onbekend", "user": "Gebruiker",
}

// PersonalRecordTypes are the audit trail's record types of a regisseur's
// sensitive records, by what their record id names. A self-assessment's
// reads name the regisseur, its changes the self-assessment (the store
// tells them apart by action). The raters of a 360 round
// (feedback_rater) are left out on purpose: when a rater answered would
// point at who they are.
var PersonalRecordTypes = struct {
	ByRegisseur, ByMembership, ByGoal, ByReflection, ByRound []string
}{
	ByRegisseur:  []string{"regisseur", "assessment_result", "development_plan", "reflection_log"},
	ByMembership: []string{"pool_membership", "pre_selection", "pre_selection_report"},
	ByGoal:       []string{"development_goal"},
	ByReflection: []string{"reflection"},
	ByRound:      []string{"feedback_round"},
}

// RecordTypeLabels are the Dutch names of the personal record types, for
// the who-read list.
var RecordTypeLabels = map[string]string{
	"regisseur": "Profiel", "assessment_result": "360-resultaten", "development_plan": "Ontwikkelplan",
	"reflection_log": "Reflecties", "self_assessment": "Zelfbeoordeling", "pool_membership": "Lidmaatschap",
	"pre_selection": "Preselectie", "pre_selection_report": "Rapport van de preselectie", "development_goal": "Ontwikkeldoel",
	"reflection": "Reflectie", "reflection_reply": "Reactie op een reflectie", "feedback_round": "360-feedbackronde",
	"unavailability": "Afwezigheid",
}

// ActionLabels are the Dutch names of audit actions, for the who-read list.
var ActionLabels = map[string]string{
	"read": "bekeken", "create": "aangemaakt", "update": "gewijzigd", "transition": "status gewijzigd",
	"propose": "voorgesteld", "approve": "goedgekeurd", "close": "afgesloten", "export": "gedownload (inzageverzoek)",
}

// HandledCase is a case a regisseur directed, as their access request
// shows it: the pseudonymous reference and dates, nothing of the family.
type HandledCase struct {
	CaseID       int64      `db:"case_id" json:"caseId"`
	Reference    string     `db:"reference" json:"reference"`
	Municipality string     `db:"municipality" json:"municipality"`
	Status       string     `db:"status" json:"status"`
	AssignedAt   time.Time  `db:"assigned_at" json:"assignedAt"`
	EndedAt      *time.Time `db:"ended_at" json:"endedAt"`
	EndReason    string     `db:"end_reason" json:"endReason"`
}
