package app

import (
	"context"
	"time"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// Export is everything the service holds about the signed-in user, for an
// access request (AVG art. 15): their account and, for a regisseur, their
// regisseur record with everything that hangs off it. 360 results are
// what the regisseur may see of them (AssessmentReport: never a rater's
// answers, never a group under the anonymity threshold); cases appear by
// their pseudonymous reference only.
type Export struct {
	GeneratedAt time.Time        `json:"generatedAt"`
	Profile     ExportProfile    `json:"profile"`
	Regisseur   *ExportRegisseur `json:"regisseur"`
}

// ExportProfile is the user's account.
type ExportProfile struct {
	UserID          int64      `json:"userId"`
	Name            string     `json:"name"`
	Email           string     `json:"email"`
	Roles           []string   `json:"roles"`
	OrganisationID  *int64     `json:"organisationId"`
	MunicipalityIDs []int64    `json:"municipalityIds"`
	CreatedAt       time.Time  `json:"createdAt"`
	DisabledAt      *time.Time `json:"disabledAt"`
}

// ExportRegisseur is the regisseur record and what hangs off it.
type ExportRegisseur struct {
	ID              int64                  `json:"id"`
	Name            string                 `json:"name"`
	OrganisationID  int64                  `json:"organisationId"`
	CreatedAt       time.Time              `json:"createdAt"`
	Memberships     []ExportMembership     `json:"memberships"`
	SelfAssessments []ExportSelfAssessment `json:"selfAssessments"`
	Results         ExportResults          `json:"results"`
	Reflections     []ExportReflection     `json:"reflections"`
	Goals           []ExportGoal           `json:"goals"`
	Attendance      ExportAttendance       `json:"intervisieAttendance"`
	Cases           []domain.HandledCase   `json:"cases"`
	Accesses        []ExportAccess         `json:"accessesByOthers"`
}

// ExportMembership is one pool membership with its history.
type ExportMembership struct {
	ID                    int64               `json:"id"`
	RoundID               int64               `json:"roundId"`
	OrganisationName      string              `json:"organisationName"`
	Status                string              `json:"status"`
	Motivation            string              `json:"motivation"`
	CompetencyMotivations map[string]string   `json:"competencyMotivations"`
	HoursPerWeek          float64             `json:"hoursPerWeek"`
	MaxCases              int                 `json:"maxCases"`
	MunicipalityIDs       []int64             `json:"municipalityIds"`
	PausedUntil           *time.Time          `json:"pausedUntil"`
	CreatedAt             time.Time           `json:"createdAt"`
	History               []ExportTransition  `json:"history"`
	Unavailability        []ExportUnavailable `json:"unavailability"`
	PreSelection          *ExportPreSelection `json:"preSelection"`
}

// ExportTransition is one step of a membership's history.
type ExportTransition struct {
	From   *string   `json:"from"`
	To     string    `json:"to"`
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// ExportUnavailable is a period of leave.
type ExportUnavailable struct {
	StartsOn string `json:"startsOn"`
	EndsOn   string `json:"endsOn"`
	Reason   string `json:"reason"`
}

// ExportPreSelection is the pre-selection with the provider's report.
type ExportPreSelection struct {
	TestDate        string   `json:"testDate"`
	Instrument      string   `json:"instrument"`
	Provider        string   `json:"provider"`
	Outcome         string   `json:"outcome"`
	Pitfalls        []string `json:"pitfalls"`
	AttentionPoints []string `json:"attentionPoints"`
	CompetencyKeys  []string `json:"competencyKeys"`
	ReportFilename  string   `json:"reportFilename"`
	// Report is the provider's PDF (base64 in JSON); nil when none.
	Report     []byte    `json:"report"`
	RecordedAt time.Time `json:"recordedAt"`
}

// ExportSelfAssessment is one self-assessment with its answers.
type ExportSelfAssessment struct {
	ID          int64                   `json:"id"`
	Status      string                  `json:"status"`
	CreatedAt   time.Time               `json:"createdAt"`
	SubmittedAt *time.Time              `json:"submittedAt"`
	Answers     map[string]ExportAnswer `json:"answers"`
}

// ExportAnswer is one answer: a score (nil: cannot judge) and a comment.
type ExportAnswer struct {
	Score   *int   `json:"score"`
	Comment string `json:"comment"`
}

// ExportResults are the 360 results as the regisseur may see them.
type ExportResults struct {
	RoundID   *int64                  `json:"roundId"`
	ClosedAt  *time.Time              `json:"closedAt"`
	SelfAt    *time.Time              `json:"selfAt"`
	MinRaters int                     `json:"minRaters"`
	Items     []assessment.ItemResult `json:"items"`
	Trend     []assessment.TrendPoint `json:"trend"`
}

// ExportReflection is one reflection with its replies.
type ExportReflection struct {
	ID                  int64         `json:"id"`
	WrittenOn           string        `json:"writtenOn"`
	CompetencyKey       string        `json:"competencyKey"`
	CaseReference       string        `json:"caseReference"`
	Body                string        `json:"body"`
	SharedAt            *time.Time    `json:"sharedAt"`
	ShareWithMonitoring bool          `json:"shareWithMonitoring"`
	WentWell            string        `json:"wentWell"`
	CouldBeBetter       string        `json:"couldBeBetter"`
	CoachingHelp        *int          `json:"coachingHelp"`
	Replies             []ExportReply `json:"replies"`
}

// ExportReply is a coach's reply to a reflection.
type ExportReply struct {
	Author string    `json:"author"`
	Body   string    `json:"body"`
	At     time.Time `json:"at"`
}

// ExportGoal is one development goal with its history.
type ExportGoal struct {
	ID            int64               `json:"id"`
	CompetencyKey string              `json:"competencyKey"`
	Basis         string              `json:"basis"`
	Description   string              `json:"description"`
	Actions       []string            `json:"actions"`
	TargetDate    string              `json:"targetDate"`
	Status        string              `json:"status"`
	CreatedAt     time.Time           `json:"createdAt"`
	History       []domain.GoalChange `json:"history"`
}

// ExportAttendance is the intervisie attendance.
type ExportAttendance struct {
	Invited      int        `json:"invited"`
	Attended     int        `json:"attended"`
	LastAttended *time.Time `json:"lastAttended"`
}

// ExportAccess is one read or change of the regisseur's records by
// someone else (RecordAccess).
type ExportAccess struct {
	At         time.Time `json:"at"`
	Action     string    `json:"action"`
	RecordType string    `json:"recordType"`
	RecordID   int64     `json:"recordId"`
	Role       string    `json:"role"`
	Name       *string   `json:"name"`
}

// ExportMyData collects everything held about the signed-in user and
// audits the export. Every part is read through the use case and store
// method that shows it elsewhere, with the same access checks and audit.
func (a *App) ExportMyData(ctx context.Context) (Export, error) {
	act := domain.ActorFrom(ctx)
	u, err := a.db.FindUserByID(ctx, act.UserID)
	if err != nil {
		return Export{}, err
	}
	out := Export{GeneratedAt: time.Now(), Profile: ExportProfile{UserID: u.ID, Name: u.Name, Email: u.Email,
		Roles: roleCodes(u.Roles), OrganisationID: u.OrganisationID, MunicipalityIDs: nonNilIDs(u.MunicipalityIDs),
		CreatedAt: u.CreatedAt, DisabledAt: u.DisabledAt}}
	if act.RegisseurID != nil {
		r, err := a.exportRegisseur(ctx, *act.RegisseurID)
		if err != nil {
			return Export{}, err
		}
		out.Regisseur = &r
	}
	if err := a.db.AuditExport(ctx); err != nil {
		return Export{}, err
	}
	return out, nil
}

func roleCodes(rs []domain.Role) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}
