package domain

import (
	"strings"
	"time"
)

// Intervisie forms.
const (
	FormIntervisie  = "intervisie"
	FormCasuistiek  = "casuistiekbespreking"
	FormInstruction = "thematische_instructie"
)

// IntervisieFormLabels are the Dutch names of the forms.
var IntervisieFormLabels = map[string]string{
	FormIntervisie:  "Intervisie",
	FormCasuistiek:  "Casuïstiekbespreking",
	FormInstruction: "Thematische instructie",
}

// Theme is an entry of the managed list of intervisie themes.
type Theme struct {
	ID   int64  `db:"id" json:"id"`
	Name string `db:"name" json:"name"`
}

// Intervisie is a logged session. Notes is empty for those who may not read
// it (everyone but coaches and admins).
type Intervisie struct {
	ID              int64
	HeldOn          time.Time
	DurationMinutes int
	Form            string
	ThemeIDs        []int64
	Themes          []string
	Competencies    []string // competency keys
	Attendees       []int64  // regisseur ids
	Absentees       []int64
	Notes           string
	NotesVisible    bool
	CreatedAt       time.Time
}

// Validate checks a session before it is stored.
func (s *Intervisie) Validate() error {
	var fe []FieldError
	if s.HeldOn.IsZero() || s.HeldOn.After(time.Now().AddDate(0, 0, 1)) {
		fe = append(fe, FieldError{Name: "heldOn", Code: "date", Reason: "Vul de datum van de bijeenkomst in (niet in de toekomst)."})
	}
	if s.DurationMinutes < 15 || s.DurationMinutes > 600 {
		fe = append(fe, FieldError{Name: "durationMinutes", Code: "range", Reason: "De duur ligt tussen 15 en 600 minuten."})
	}
	if _, ok := IntervisieFormLabels[s.Form]; !ok {
		fe = append(fe, FieldError{Name: "form", Code: "oneof", Reason: "Kies intervisie, casuïstiekbespreking of thematische instructie."})
	}
	if len(s.Attendees) == 0 {
		fe = append(fe, FieldError{Name: "attendees", Code: "required", Reason: "Kies ten minste één aanwezige regisseur."})
	}
	for _, a := range s.Attendees {
		for _, b := range s.Absentees {
			if a == b {
				fe = append(fe, FieldError{Name: "absentees", Code: "overlap", Reason: "Iemand kan niet tegelijk aanwezig en afwezig zijn."})
			}
		}
	}
	if len([]rune(s.Notes)) > 10000 {
		fe = append(fe, FieldError{Name: "notes", Code: "max", Reason: "De aantekeningen zijn te lang (hoogstens 10.000 tekens)."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// Attendance is one regisseur's intervisie record.
type Attendance struct {
	RegisseurID  int64      `db:"regisseur_id"`
	Invited      int        `db:"invited"`
	Attended     int        `db:"attended"`
	LastAttended *time.Time `db:"last_attended"`
}

// Rate is attended / invited, 0 when never invited.
func (a Attendance) Rate() float64 {
	if a.Invited == 0 {
		return 0
	}
	return float64(a.Attended) / float64(a.Invited)
}

// Reflection is an entry of a regisseur's reflection log.
type Reflection struct {
	ID            int64
	RegisseurID   int64
	WrittenOn     time.Time
	CompetencyKey string
	CaseReference string
	Body          string
	SharedAt      *time.Time
	CreatedAt     time.Time
	Replies       []Reply
}

// Reply is a coach's answer to a shared reflection.
type Reply struct {
	ID        int64     `db:"id"`
	Author    string    `db:"author"`
	Body      string    `db:"body"`
	CreatedAt time.Time `db:"created_at"`
}

// Validate checks a reflection before it is stored. The case reference is
// the municipality's pseudonymous number: short and without spaces, so a
// name does not fit in it.
func (r *Reflection) Validate() error {
	r.Body = strings.TrimSpace(r.Body)
	r.CaseReference = strings.TrimSpace(r.CaseReference)
	fe := checkText(nil, "body", r.Body, true, 5000)
	if r.WrittenOn.IsZero() {
		fe = append(fe, FieldError{Name: "writtenOn", Code: "date", Reason: "Vul een datum in."})
	}
	if r.CompetencyKey == "" {
		fe = append(fe, FieldError{Name: "competencyKey", Code: "required", Reason: "Kies de competentie waar deze reflectie over gaat."})
	}
	if len(r.CaseReference) > 40 || strings.ContainsAny(r.CaseReference, " \t\n") {
		fe = append(fe, FieldError{Name: "caseReference", Code: "format", Reason: "Gebruik alleen het zaaknummer (zonder spaties, hoogstens 40 tekens), geen namen of andere gegevens van het gezin."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// Goal statuses.
const (
	GoalOpen       = "open"
	GoalInProgress = "in_progress"
	GoalAchieved   = "achieved"
	GoalDropped    = "dropped"
)

// GoalStatusLabels are the Dutch names of the goal statuses.
var GoalStatusLabels = map[string]string{
	GoalOpen:       "Open",
	GoalInProgress: "Bezig",
	GoalAchieved:   "Behaald",
	GoalDropped:    "Vervallen",
}

// GoalBasisLabels say why a goal was set.
var GoalBasisLabels = map[string]string{
	"below_norm": "Onder de norm",
	"blind_spot": "Blinde vlek",
	"pitfall":    "Valkuil uit de voorselectie",
	"other":      "Anders",
}

// DevelopmentGoal is one goal of a regisseur's development plan.
type DevelopmentGoal struct {
	ID            int64
	RegisseurID   int64
	CompetencyKey string
	Basis         string
	Description   string
	Actions       []string
	TargetDate    time.Time
	Status        string
	CreatedAt     time.Time
	History       []GoalChange
}

// GoalChange is one status change of a goal.
type GoalChange struct {
	From  *string   `db:"from_status"`
	To    string    `db:"to_status"`
	Note  string    `db:"note"`
	Actor *string   `db:"actor"`
	At    time.Time `db:"at"`
}

// Validate checks a goal before it is stored.
func (g *DevelopmentGoal) Validate() error {
	g.Description = strings.TrimSpace(g.Description)
	fe := checkText(nil, "description", g.Description, true, 2000)
	if g.CompetencyKey == "" {
		fe = append(fe, FieldError{Name: "competencyKey", Code: "required", Reason: "Kies de competentie van dit doel."})
	}
	if _, ok := GoalBasisLabels[g.Basis]; !ok {
		fe = append(fe, FieldError{Name: "basis", Code: "oneof", Reason: "Kies: onder de norm, blinde vlek, valkuil of anders."})
	}
	if _, ok := GoalStatusLabels[g.Status]; !ok {
		fe = append(fe, FieldError{Name: "status", Code: "oneof", Reason: "Kies open, bezig, behaald of vervallen."})
	}
	if g.TargetDate.IsZero() {
		fe = append(fe, FieldError{Name: "targetDate", Code: "date", Reason: "Vul een streefdatum in."})
	}
	if len(g.Actions) > 20 {
		fe = append(fe, FieldError{Name: "actions", Code: "max", Reason: "Hoogstens 20 acties."})
	}
	for _, a := range g.Actions {
		if len([]rune(a)) > 500 {
			fe = append(fe, FieldError{Name: "actions", Code: "max", Reason: "Een actie heeft hoogstens 500 tekens."})
			break
		}
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// GoalUpdate changes a goal; nil fields stay. A status change is recorded
// in the goal's history with the note.
type GoalUpdate struct {
	Description *string
	Actions     *[]string
	TargetDate  *time.Time
	Status      *string
	Note        string
}
