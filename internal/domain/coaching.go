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

// IntervisieForms are the forms of a session, in the order the pages offer
// them.
var IntervisieForms = []string{FormIntervisie, FormCasuistiek, FormInstruction}

// DefaultIntervisieMinutes is the duration the form proposes for a new
// session.
const DefaultIntervisieMinutes = 90

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
	// ShareWithMonitoring is the regisseur's consent that WentWell and
	// CouldBeBetter may be quoted, anonymised, in the pilot's monitoring
	// (and CoachingHelp counted); without it the entry stays personal.
	ShareWithMonitoring bool
	// WentWell and CouldBeBetter are an optional short pair: what went well
	// and what could be better (at most MaxReflectionPair characters each).
	WentWell, CouldBeBetter string
	// CoachingHelp is the optional answer (1–5) to "Hoeveel heeft de
	// begeleiding je geholpen?".
	CoachingHelp *int
}

// MaxReflectionPair caps each of a reflection's "what went well / what
// could be better" pair, in characters.
const MaxReflectionPair = 1000

// Reply is a coach's answer to a shared reflection.
type Reply struct {
	ID        int64     `db:"id"`
	Author    string    `db:"author"`
	Body      string    `db:"body"`
	CreatedAt time.Time `db:"created_at"`
}

// Validate checks a reflection before it is stored. The case reference, if
// any, is the municipality's pseudonymous number (ValidCaseReference), so a
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
	fe = checkCaseReference(fe, "caseReference", r.CaseReference, false)
	r.WentWell, r.CouldBeBetter = strings.TrimSpace(r.WentWell), strings.TrimSpace(r.CouldBeBetter)
	fe = checkText(fe, "wentWell", r.WentWell, false, MaxReflectionPair)
	fe = checkText(fe, "couldBeBetter", r.CouldBeBetter, false, MaxReflectionPair)
	if r.CoachingHelp != nil && (*r.CoachingHelp < 1 || *r.CoachingHelp > 5) {
		fe = append(fe, FieldError{Name: "coachingHelp", Code: "range", Reason: "Kies een cijfer van 1 tot en met 5, of laat de vraag open."})
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

// GoalStatuses are the goal statuses, in the order the pages offer them.
var GoalStatuses = []string{GoalOpen, GoalInProgress, GoalAchieved, GoalDropped}

// GoalStatusLabels are the Dutch names of the goal statuses.
var GoalStatusLabels = map[string]string{
	GoalOpen:       "Open",
	GoalInProgress: "Bezig",
	GoalAchieved:   "Behaald",
	GoalDropped:    "Vervallen",
}

// Goal bases: why a goal was set.
const (
	BasisBelowNorm = "below_norm"
	BasisBlindSpot = "blind_spot"
	BasisPitfall   = "pitfall"
	BasisOther     = "other"
)

// GoalBases are the goal bases, in the order the pages offer them.
var GoalBases = []string{BasisBelowNorm, BasisBlindSpot, BasisPitfall, BasisOther}

// GoalBasisLabels are the Dutch names of the goal bases.
var GoalBasisLabels = map[string]string{
	BasisBelowNorm: "Onder de norm",
	BasisBlindSpot: "Blinde vlek",
	BasisPitfall:   "Valkuil uit de voorselectie",
	BasisOther:     "Anders",
}

// GoalDueDays is how far ahead the coach dashboard looks for goals that are
// due.
const GoalDueDays = 30

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

// Active reports whether the goal is still being worked on (open or in
// progress).
func (g DevelopmentGoal) Active() bool {
	return g.Status == GoalOpen || g.Status == GoalInProgress
}

// Overdue reports whether an active goal's target date lies before the day
// of now.
func (g DevelopmentGoal) Overdue(now time.Time) bool {
	return g.Active() && g.TargetDate.Format(goalDay) < now.Format(goalDay)
}

// DueWithin reports whether an active goal's target date lies at most days
// after the day of now (overdue goals included).
func (g DevelopmentGoal) DueWithin(now time.Time, days int) bool {
	return g.Active() && g.TargetDate.Format(goalDay) <= now.AddDate(0, 0, days).Format(goalDay)
}

// goalDay is the layout that compares goal dates by their calendar day.
const goalDay = "2006-01-02"

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

// Who may see and change what of coaching. The store scopes its queries with
// these rules and the application layer decides with them which parts and
// links a page shows. Rules about one regisseur take coaches: whether the
// actor is linked to that regisseur as coach, which the store looks up.

// CanLogIntervisie reports whether the actor logs intervisie sessions and
// adds themes to the managed list: the pool's coaches and admins.
func CanLogIntervisie(a *Actor) bool { return a.HasAny(RoleAdmin, RoleCoach) }

// CanReadIntervisieNotes reports whether the actor reads the confidential
// notes of a session: the pool's coaches and admins only. Regisseurs never
// do, not even of the sessions they attended.
func CanReadIntervisieNotes(a *Actor) bool { return a.HasAny(RoleAdmin, RoleCoach) }

// IntervisieScope says which sessions and attendance figures the actor
// sees: all of them (coaches and admins), those of one regisseur (a
// regisseur: the sessions they were invited to and their own attendance),
// or none (all false, regisseurID nil).
func IntervisieScope(a *Actor) (all bool, regisseurID *int64) {
	if a.HasAny(RoleAdmin, RoleCoach) {
		return true, nil
	}
	if a.Has(RoleRegisseur) && a.RegisseurID != nil {
		return false, a.RegisseurID
	}
	return false, nil
}

// ActsAsRegisseur reports whether the actor is the regisseur themself. The
// system actor acts on every regisseur's behalf (demo data).
func ActsAsRegisseur(a *Actor, regisseurID int64) bool {
	if a != nil && a.Kind == ActorSystem {
		return true
	}
	return a.Has(RoleRegisseur) && a.RegisseurID != nil && *a.RegisseurID == regisseurID
}

// OwnsReflectionLog reports whether the reflection log of the regisseur is
// the actor's own: only its owner writes entries, shares and unshares them
// and reads the private ones.
func OwnsReflectionLog(a *Actor, regisseurID int64) bool { return ActsAsRegisseur(a, regisseurID) }

// CanReadSharedReflections reports whether the actor reads the entries a
// regisseur shared with their coach: the regisseur's own coaches. Admins do
// not: the log is personal.
func CanReadSharedReflections(a *Actor, coaches bool) bool { return a.Has(RoleCoach) && coaches }

// CanReplyToReflection reports whether the actor answers a shared entry:
// the same people who read it besides its owner, the regisseur's coaches.
func CanReplyToReflection(a *Actor, coaches bool) bool { return CanReadSharedReflections(a, coaches) }

// CoachesEveryone reports whether the actor acts as coach of every
// regisseur: admins do, for the development plans, 360 data and the coach
// dashboard, but not for the reflection logs.
func CoachesEveryone(a *Actor) bool { return a.Has(RoleAdmin) }

// CanChangePlan reports whether the actor adds and changes goals of a
// regisseur's development plan, and sees the evidence (norm, latest score,
// pitfalls) beside each goal: the regisseur's coaches and admins.
func CanChangePlan(a *Actor, coaches bool) bool {
	return CoachesEveryone(a) || a.Has(RoleCoach) && coaches
}

// CanReadPlan reports whether the actor reads a regisseur's development
// plan: the regisseur themself and those who may change it.
func CanReadPlan(a *Actor, regisseurID int64, coaches bool) bool {
	return CanChangePlan(a, coaches) || ActsAsRegisseur(a, regisseurID)
}
