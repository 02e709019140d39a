package app

import (
	"context"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// exportRegisseur collects regisseur id's record and what hangs off it, as
// the regisseur may see it.
func (a *App) exportRegisseur(ctx context.Context, id int64) (ExportRegisseur, error) {
	reg, err := a.db.FindRegisseurByID(ctx, id)
	if err != nil {
		return ExportRegisseur{}, err
	}
	out := ExportRegisseur{ID: reg.ID, Name: reg.Name, OrganisationID: reg.OrganisationID, CreatedAt: reg.CreatedAt}
	if out.Memberships, err = a.exportMemberships(ctx, id); err != nil {
		return out, err
	}
	sas, err := collectAll(ctx, func(ctx context.Context, p domain.Page) ([]domain.SelfAssessment, int, error) {
		return a.db.FindSelfAssessments(ctx, id, p)
	})
	if err != nil {
		return out, err
	}
	out.SelfAssessments = make([]ExportSelfAssessment, len(sas))
	for i, s := range sas {
		answers := map[string]ExportAnswer{}
		for k, v := range s.Answers {
			answers[k] = ExportAnswer{Score: v.Score, Comment: v.Comment}
		}
		out.SelfAssessments[i] = ExportSelfAssessment{ID: s.ID, Status: s.Status, CreatedAt: s.CreatedAt, SubmittedAt: s.SubmittedAt, Answers: answers}
	}
	// The results use case itself: what the regisseur may see, never a
	// rater's answers or a group under the threshold.
	rep, err := a.AssessmentReport(ctx, id)
	if err != nil {
		return out, err
	}
	out.Results = ExportResults{RoundID: rep.RoundID, ClosedAt: rep.ClosedAt, SelfAt: rep.SelfAt, MinRaters: rep.MinRaters, Items: rep.Items, Trend: rep.Trend}
	if out.Results.Items == nil {
		out.Results.Items = []assessment.ItemResult{}
	}
	if out.Reflections, err = a.exportReflections(ctx, id); err != nil {
		return out, err
	}
	goals, err := a.db.FindDevelopmentGoals(ctx, id)
	if err != nil {
		return out, err
	}
	out.Goals = make([]ExportGoal, len(goals))
	for i, g := range goals {
		out.Goals[i] = ExportGoal{ID: g.ID, CompetencyKey: g.CompetencyKey, Basis: g.Basis, Description: g.Description,
			Actions: nonNilStrings(g.Actions), TargetDate: g.TargetDate.Format(dateLayout), Status: g.Status, CreatedAt: g.CreatedAt,
			History: g.History}
	}
	if att, err := a.Attendance(ctx, id); err == nil {
		out.Attendance = ExportAttendance{Invited: att.Invited, Attended: att.Attended, LastAttended: att.LastAttended}
	} else if domain.ErrorCode(err) != domain.ENotFound {
		return out, err
	}
	if out.Cases, err = a.db.FindHandledCases(ctx, id); err != nil {
		return out, err
	}
	accesses, err := collectAll(ctx, func(ctx context.Context, p domain.Page) ([]domain.RecordAccess, int, error) {
		return a.db.FindRecordAccesses(ctx, id, true, p)
	})
	if err != nil {
		return out, err
	}
	out.Accesses = make([]ExportAccess, len(accesses))
	for i, e := range accesses {
		out.Accesses[i] = ExportAccess{At: e.At, Action: e.Action, RecordType: e.RecordType, RecordID: e.RecordID,
			Role: e.ReaderRole(), Name: e.ReaderName()}
	}
	if out.Cases == nil {
		out.Cases = []domain.HandledCase{}
	}
	return out, nil
}

// dateLayout is how the export writes dates without a time.
const dateLayout = "2006-01-02"

func (a *App) exportMemberships(ctx context.Context, regisseurID int64) ([]ExportMembership, error) {
	// As a regisseur, the pool list holds exactly their own memberships.
	ms, err := collectAll(ctx, func(ctx context.Context, p domain.Page) ([]domain.Membership, int, error) {
		return a.db.FindPoolMembers(ctx, domain.MemberFilter{}, p)
	})
	if err != nil {
		return nil, err
	}
	out := []ExportMembership{}
	for _, listed := range ms {
		if listed.RegisseurID != regisseurID {
			continue
		}
		m, err := a.db.FindMembership(ctx, listed.ID)
		if err != nil {
			return nil, err
		}
		e := ExportMembership{ID: m.ID, RoundID: m.RoundID, OrganisationName: m.OrganisationName, Status: string(m.Status),
			Motivation: m.Motivation, CompetencyMotivations: m.CompetencyMotivations, HoursPerWeek: m.HoursPerWeek,
			MaxCases: m.MaxCases, MunicipalityIDs: nonNilIDs(m.MunicipalityIDs), PausedUntil: m.PausedUntil, CreatedAt: m.CreatedAt,
			History: []ExportTransition{}, Unavailability: []ExportUnavailable{}}
		for _, t := range m.Transitions {
			var from *string
			if t.From != nil {
				f := string(*t.From)
				from = &f
			}
			e.History = append(e.History, ExportTransition{From: from, To: string(t.To), Reason: t.Reason, By: t.Actor, At: t.At})
		}
		for _, u := range m.Availability {
			e.Unavailability = append(e.Unavailability, ExportUnavailable{StartsOn: u.StartsOn.Format(dateLayout),
				EndsOn: u.EndsOn.Format(dateLayout), Reason: u.Reason})
		}
		if e.PreSelection, err = a.exportPreSelection(ctx, m.ID); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// exportPreSelection is membership id's pre-selection with the report, or
// nil when none was recorded.
func (a *App) exportPreSelection(ctx context.Context, id int64) (*ExportPreSelection, error) {
	ps, err := a.db.FindPreSelection(ctx, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := &ExportPreSelection{TestDate: ps.TestDate.Format(dateLayout), Instrument: ps.InstrumentName, Provider: ps.Provider,
		Outcome: ps.Outcome, Pitfalls: nonNilStrings(ps.Pitfalls), AttentionPoints: nonNilStrings(ps.AttentionPoints),
		CompetencyKeys: nonNilStrings(ps.CompetencyKeys), ReportFilename: ps.ReportFilename, RecordedAt: ps.RecordedAt}
	if ps.ReportSize > 0 {
		body, _, err := a.db.PreSelectionReport(ctx, id)
		if err != nil {
			return nil, err
		}
		out.Report = body
	}
	return out, nil
}

func (a *App) exportReflections(ctx context.Context, id int64) ([]ExportReflection, error) {
	rs, err := collectAll(ctx, func(ctx context.Context, p domain.Page) ([]domain.Reflection, int, error) {
		return a.db.FindReflections(ctx, id, p)
	})
	if err != nil {
		return nil, err
	}
	out := make([]ExportReflection, len(rs))
	for i, r := range rs {
		replies := make([]ExportReply, len(r.Replies))
		for j, p := range r.Replies {
			replies[j] = ExportReply{Author: p.Author, Body: p.Body, At: p.CreatedAt}
		}
		out[i] = ExportReflection{ID: r.ID, WrittenOn: r.WrittenOn.Format(dateLayout), CompetencyKey: r.CompetencyKey,
			CaseReference: r.CaseReference, Body: r.Body, SharedAt: r.SharedAt, ShareWithMonitoring: r.ShareWithMonitoring,
			WentWell: r.WentWell, CouldBeBetter: r.CouldBeBetter, CoachingHelp: r.CoachingHelp, Replies: replies}
	}
	return out, nil
}

func nonNilStrings(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
