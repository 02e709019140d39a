package app

import (
	"context"
	"fmt"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// DevelopmentReport collects the development report of a regisseur. Errors:
// not_found (out of scope), as the store's results and plan reads.
func (a *App) DevelopmentReport(ctx context.Context, regisseurID int64) (report.Development, error) {
	db, minRaters := a.db, a.cfg.MinRaters
	r, err := db.FindRegisseurByID(ctx, regisseurID)
	if err != nil {
		return report.Development{}, err
	}
	done, err := a.enterHeavy(ctx)
	if err != nil {
		return report.Development{}, err
	}
	defer done()
	data, err := db.FindAssessmentData(ctx, regisseurID)
	if err != nil {
		return report.Development{}, err
	}
	goals, err := db.FindDevelopmentGoals(ctx, regisseurID)
	if err != nil {
		return report.Development{}, err
	}
	rep := data.Report(minRaters)
	d := report.Development{RegisseurName: r.Name, MinRaters: minRaters, ScaleMin: 1, ScaleMax: 5, GeneratedAt: time.Now(), RoundClosedOn: rep.ClosedAt}
	if o, err := db.FindOrganisationByID(ctx, r.OrganisationID); err == nil {
		d.Organisation = o.Name
	}
	names := map[string]string{}
	if rep.Instrument != nil {
		d.Instrument = fmt.Sprintf("%s, versie %d", rep.Instrument.Title, rep.Instrument.Version)
		d.ScaleMin, d.ScaleMax = float64(rep.Instrument.Scale.Min), float64(rep.Instrument.Scale.Max)
		for _, c := range rep.Instrument.Competencies() {
			names[c.Key] = c.Name
		}
	}
	for _, it := range rep.Competencies() {
		row := report.CompetencyRow{Name: it.Name, Norm: intPtr(it.Norm), Self: intPtr(it.Self), Gap: it.Gap, Flag: it.Flag, Comments: it.Comments}
		if it.Others != nil {
			m := it.Others.Mean
			row.Others, row.OthersN = &m, it.Others.N
		}
		// Only the groups the anonymity rules let through are in it.Groups.
		for _, g := range it.Groups {
			row.Groups = append(row.Groups, report.GroupScore{Label: g.Group.Label(), Mean: g.Mean, N: g.N, Single: g.FromSingleRater})
		}
		d.Competencies = append(d.Competencies, row)
	}
	for _, g := range goals {
		name := names[g.CompetencyKey]
		if name == "" {
			name = g.CompetencyKey
		}
		d.Goals = append(d.Goals, report.Goal{Competency: name, Description: g.Description, Status: domain.GoalStatusLabels[g.Status], TargetDate: g.TargetDate})
	}
	for _, p := range rep.Trend {
		closed, _ := time.Parse("2006-01-02", p.ClosedOn)
		tp := report.TrendPoint{ClosedOn: closed, Others: map[string]float64{}}
		for key, s := range p.Items {
			if s.Others != nil {
				name := names[key]
				if name == "" {
					name = key
				}
				tp.Others[name] = *s.Others
			}
		}
		d.Trend = append(d.Trend, tp)
	}
	return d, nil
}

func intPtr(p *int) *float64 {
	if p == nil {
		return nil
	}
	f := float64(*p)
	return &f
}

// PoolReport collects the pool report: the members in the actor's scope
// (domain.MemberScopeOf: admins all, a coach their coachees) per
// organisation, with capacity and intervisie attendance. Errors: forbidden
// (not domain.CanSeePoolReport).
func (a *App) PoolReport(ctx context.Context) (report.Pool, error) {
	db := a.db
	actor := domain.ActorFrom(ctx)
	if !domain.CanSeePoolReport(actor) {
		return report.Pool{}, domain.Errorf(domain.EForbidden, "forbidden", "U heeft geen toegang tot het poolrapport.")
	}
	done, err := a.enterHeavy(ctx)
	if err != nil {
		return report.Pool{}, err
	}
	defer done()
	ms, err := collectAll(ctx, func(ctx context.Context, p domain.Page) ([]domain.Membership, int, error) {
		return db.FindPoolMembers(ctx, domain.MemberFilter{}, p)
	})
	if err != nil {
		return report.Pool{}, err
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.RegisseurID)
	}
	att, err := db.FindAttendance(ctx, ids)
	if err != nil {
		return report.Pool{}, err
	}
	byReg := map[int64]domain.Attendance{}
	for _, x := range att {
		byReg[x.RegisseurID] = x
	}
	p := report.Pool{GeneratedAt: time.Now(), Scope: "De regisseurs die u begeleidt"}
	if domain.CanSeeAllMembers(actor) {
		p.Scope = "Alle regisseurs"
	}
	index := map[string]int{}
	for _, m := range ms {
		i, ok := index[m.OrganisationName]
		if !ok {
			p.Organisations = append(p.Organisations, report.PoolOrganisation{Name: m.OrganisationName})
			i = len(p.Organisations) - 1
			index[m.OrganisationName] = i
		}
		x := byReg[m.RegisseurID]
		p.Organisations[i].Members = append(p.Organisations[i].Members, report.PoolMember{Name: m.RegisseurName,
			Status: domain.MembershipLabels[m.Status], ActiveCases: m.ActiveCases, MaxCases: m.MaxCases, HoursPerWeek: m.HoursPerWeek,
			Attended: x.Attended, Invited: x.Invited})
	}
	return p, nil
}
