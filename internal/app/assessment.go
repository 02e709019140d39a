package app

import (
	"context"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// Instruments lists page p of the stored instrument versions, by key and
// version, and their number. Any signed-in user may read them. They are
// the versions of the files in assessments/, a handful, so the store reads
// them whole. Errors: internal only.
func (a *App) Instruments(ctx context.Context, p domain.Page) ([]assessment.StoredInstrument, int, error) {
	ins, err := a.db.FindInstruments(ctx)
	if err != nil {
		return nil, 0, err
	}
	out, total := pageOf(ins, p)
	return out, total, nil
}

// Instrument returns one stored instrument version. Errors: not_found.
func (a *App) Instrument(ctx context.Context, id int64) (assessment.StoredInstrument, error) {
	return a.db.FindInstrumentByID(ctx, id)
}

// SelfAssessments lists page p of a regisseur's self-assessments, newest
// first, and their number: all of them for the regisseur, the submitted
// ones for their coaches and admins (domain.CanSeeSelfAssessmentDrafts).
// The read is audited. Errors: not_found (out of scope).
func (a *App) SelfAssessments(ctx context.Context, regisseurID int64, p domain.Page) ([]domain.SelfAssessment, int, error) {
	return a.db.FindSelfAssessments(ctx, regisseurID, p)
}

// DraftSelfAssessment returns the regisseur's draft self-assessment,
// starting one on the newest instrument when there is none. Only the
// regisseur may (domain.CanSelfAssess). Errors: not_found, conflict (no
// instrument loaded).
func (a *App) DraftSelfAssessment(ctx context.Context, regisseurID int64) (domain.SelfAssessment, error) {
	return a.db.DraftSelfAssessment(ctx, regisseurID)
}

// SaveSelfAssessment replaces the answers of the actor's own draft and, with
// submit, submits it. Errors: not_found, invalid (answers), conflict
// (submitted already).
func (a *App) SaveSelfAssessment(ctx context.Context, id int64, answers map[string]domain.Answer, submit bool) (domain.SelfAssessment, error) {
	return a.db.SaveSelfAssessment(ctx, id, answers, submit)
}

// AssessmentReport scores a regisseur's self-assessments and closed 360
// rounds with the anonymity threshold in force: what the regisseur, their
// coaches and admins may see (domain.CanReadDevelopment). The read is
// audited. Errors: not_found (out of scope).
func (a *App) AssessmentReport(ctx context.Context, regisseurID int64) (assessment.Report, error) {
	h, err := a.db.FindAssessmentData(ctx, regisseurID)
	if err != nil {
		return assessment.Report{}, err
	}
	return h.Report(a.cfg.MinRaters), nil
}
