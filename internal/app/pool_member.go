package app

import (
	"context"
	"fmt"
	"strings"

	"regiepool/internal/domain"
)

// One pool member: the member's file, the pre-selection, the steps of the
// life cycle, capacity and leave.

// MemberFile is a pool member with what the member's page and its forms
// need beside the membership. The pre-selection is not in it: reading one
// is audited, so the page reads it (App.PreSelection) only when it shows it.
type MemberFile struct {
	Member    domain.Membership
	RoundName string
	// Municipalities are the municipalities the actor may see: to name the
	// member's ones, and the choices of the capacity form.
	Municipalities []domain.Municipality
	// Competencies name the motivations per competency.
	Competencies []CompetencyName
}

// MemberFile collects member id's file; reading its sensitive parts is
// audited (domain.MemberFileIsSensitive). Errors: not_found.
func (a *App) MemberFile(ctx context.Context, id int64) (MemberFile, error) {
	m, err := a.db.FindMembership(ctx, id)
	if err != nil {
		return MemberFile{}, err
	}
	f := MemberFile{Member: m}
	if r, err := a.db.FindPoolRound(ctx, m.RoundID); err == nil {
		f.RoundName = r.Name
	}
	if f.Municipalities, err = collectAll(ctx, a.db.FindMunicipalities); err != nil {
		return f, err
	}
	f.Competencies, err = a.poolCompetencies(ctx)
	return f, err
}

// PreSelection returns member id's pre-selection as far as the actor may see
// it: all of it (domain.CanSeePreSelection) or the outcome only
// (domain.CanSeePreSelectionOutcomeOnly). Every read is audited. Errors:
// not_found (none recorded, or not visible).
func (a *App) PreSelection(ctx context.Context, id int64) (domain.PreSelection, error) {
	return a.db.FindPreSelection(ctx, id)
}

// RecordPreSelection records (or corrects) member id's pre-selection, and
// moves a nominee to preselected. report is the provider's PDF, nil to keep
// the stored one; its name is cleaned (domain.ReportFileName). Errors:
// not_found (also for those who do not decide on the member), invalid,
// conflict (already decided). It returns the pre-selection as stored, read
// in the same transaction.
func (a *App) RecordPreSelection(ctx context.Context, id int64, p domain.PreSelection, report *domain.ReportFile) (domain.PreSelection, error) {
	if report == nil {
		return a.db.RecordPreSelection(ctx, id, p, nil, "")
	}
	body := report.Body
	if body == nil {
		body = []byte{} // an empty upload is refused, not read as "keep"
	}
	return a.db.RecordPreSelection(ctx, id, p, body, domain.ReportFileName(report.Name))
}

// UploadPreSelectionReport stores the provider's PDF with member id's
// recorded pre-selection. Errors: not_found (no pre-selection, or the actor
// may not see all of it), invalid, conflict (already decided).
func (a *App) UploadPreSelectionReport(ctx context.Context, id int64, report domain.ReportFile) error {
	p, err := a.db.FindPreSelection(ctx, id)
	if err != nil {
		return err
	}
	if p.OutcomeOnly {
		return domain.Errorf(domain.ENotFound, "not_found", "De voorselectie bestaat niet.")
	}
	_, err = a.RecordPreSelection(ctx, id, p, &report)
	return err
}

// PreSelectionReport returns the provider's PDF of member id's pre-selection
// to those who may see all of it (domain.CanSeePreSelection); the read is
// audited. Errors: not_found.
func (a *App) PreSelectionReport(ctx context.Context, id int64) (domain.ReportFile, error) {
	body, name, err := a.db.PreSelectionReport(ctx, id)
	if err != nil {
		return domain.ReportFile{}, err
	}
	return domain.ReportFile{Name: domain.ReportFileName(name), Body: body}, nil
}

// MoveMember takes one step of member id's life cycle (domain.StepsFor),
// with a reason where the step needs one (TransitionOptions.Validate).
// Errors: not_found, forbidden (the nominating organisation decides),
// invalid, conflict (not a step from the current status, or an admission
// requirement unmet).
//
// An admission or rejection is mailed to the contacts of the nominating
// organisation, who may see the member's status (no other details).
func (a *App) MoveMember(ctx context.Context, id int64, to domain.MembershipStatus, opt domain.TransitionOptions) (domain.Membership, error) {
	var notify []domain.Mail
	if to == domain.MemberAdmitted || to == domain.MemberRejected {
		notify = append(notify, domain.ComposeMail(domain.MailNominationResult, "Besluit over een voordracht van uw organisatie", []string{
			"Goedendag,",
			fmt.Sprintf("Er is een besluit genomen over een kandidaat die uw organisatie heeft voorgedragen voor de pool: %s.",
				strings.ToLower(domain.MembershipLabels[to])),
			"In Regiepool leest u bij het poollid het besluit en wat de volgende stap is.",
		}, "Naar het poollid", a.AbsoluteURL(fmt.Sprintf("%s%d", domain.PoolMemberPath, id))))
	}
	return a.db.MoveMembership(ctx, id, to, opt, notify...)
}

// UpdateCapacity sets member id's maximum cases, regie hours and
// municipalities (domain.CanDecide). Errors: not_found, invalid.
func (a *App) UpdateCapacity(ctx context.Context, id int64, u domain.CapacityUpdate) (domain.Membership, error) {
	return a.db.UpdateCapacity(ctx, id, u)
}

// AddUnavailability records a period of leave of member id
// (domain.CanDecide) and returns the member with it. Errors: not_found,
// invalid.
func (a *App) AddUnavailability(ctx context.Context, id int64, u domain.Unavailability) (domain.Membership, error) {
	return a.db.AddUnavailability(ctx, id, u)
}
