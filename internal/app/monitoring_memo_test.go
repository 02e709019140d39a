package app

import (
	"reflect"
	"testing"
	"time"

	"regiepool/internal/domain"
)

// TestMonitoringMemoAgreesWithStore: a report reads each scope once for
// its whole period and answers its quarters from that (monitoringMemo,
// MonitoringFiguresPerQuarter). For the period and each of its quarters,
// in the whole country and in one municipality, what the memo hands a
// question is exactly what the store returns when asked for that period
// alone: the cases with the asked event kinds, the other figures, the
// round and member scores, the development goals and pre-selections.
func TestMonitoringMemoAgreesWithStore(t *testing.T) {
	e := newMonEnv(t)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	prev := domain.QuarterStart(today).AddDate(0, 0, -20)
	period := domain.MonitoringFilter{From: domain.QuarterStart(prev), To: domain.QuarterEnd(today)}
	satisfied := func(score int) domain.CaseEvent {
		area := 2
		return domain.CaseEvent{Kind: domain.EventSatisfaction, Score: &score, ResultArea: &area}
	}
	hours := func(h float64) domain.CaseEvent { return domain.CaseEvent{Kind: domain.EventHours, Hours: &h} }
	for i := range 6 {
		c := e.assignedCase(t, i)
		e.log(t, c.ID, analysis(i))
		e.log(t, c.ID, plan(domain.EventPlanMade, "wonen", "veiligheid"))
		e.log(t, c.ID, hours(float64(2+i)))
		e.log(t, c.ID, satisfied(1+i%5))
		switch i % 3 {
		case 0:
			e.log(t, c.ID, evaluation(map[string]int{"wonen": 3}, true, false))
			e.close(t, c.ID, true, i%2 == 0, map[string]int{"wonen": 4})
		case 1:
			e.log(t, c.ID, escalation("Afspraak gemaakt", true))
		}
		if i%2 == 1 { // registered in the earlier quarter
			if _, err := e.db.Exec(`UPDATE complex_case SET created_at = $2 WHERE id = $1`, c.ID, prev.Add(time.Duration(i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.newCase(t, nil) // waiting
	e.newCase(t, func(c *domain.Case) { c.MeetsDefinition = false; c.DefinitionReason = "Toch regie nodig." })

	kinds := [][]string{nil, {domain.EventReassessment}, {domain.EventProblemAnalysis}, {domain.EventEvaluation, domain.EventReassessment},
		{domain.EventProblemAnalysis, domain.EventEvaluation, domain.EventPlanMade, domain.EventPlanAdjusted, domain.EventNetworkEngaged, domain.EventEscalation}}
	mun := e.mun.ID
	for _, scope := range []*int64{nil, &mun} {
		whole := period
		whole.MunicipalityID = scope
		ctx := withMonitoringMemo(e.monitor, period)
		for _, f := range append([]domain.MonitoringFilter{whole}, whole.Quarters()...) {
			for _, k := range kinds {
				got, err := e.app.monitoredCases(ctx, f, k)
				if err != nil {
					t.Fatal(err)
				}
				want, err := e.db.MonitoringCases(e.monitor, f, k)
				if err != nil {
					t.Fatal(err)
				}
				if len(want) == 0 {
					want = []domain.MonitoredCase{}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s–%s %v: cases from the memo\n%+v\nwant\n%+v", f.From.Format(time.DateOnly), f.To.Format(time.DateOnly), k, got, want)
				}
			}
			got, err := e.app.monitoredFigures(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := e.db.MonitoringFiguresFor(e.monitor, f)
			if err != nil {
				t.Fatal(err)
			}
			got.GeneratedAt, want.GeneratedAt = time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s–%s: figures from one pass\n%+v\nwant\n%+v", f.From.Format(time.DateOnly), f.To.Format(time.DateOnly), got, want)
			}
			if want.Cases == 0 && f.From.Equal(whole.From) && f.To.Equal(whole.To) {
				t.Errorf("no cases in %v: the test shows nothing", f)
			}
			rounds, err := e.app.monitoredRounds(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			wantRounds, err := e.db.MonitoringRoundScores(e.monitor, f, e.app.cfg.MinRaters)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rounds, wantRounds) {
				t.Errorf("rounds from the memo %v, want %v", rounds, wantRounds)
			}
			goals, err := e.app.monitoredGoals(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			wantGoals, err := e.db.MonitoringGoals(e.monitor, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(goals) != len(wantGoals) || (len(goals) > 0 && !reflect.DeepEqual(goals, wantGoals)) {
				t.Errorf("goals from the memo %v, want %v", goals, wantGoals)
			}
			pre, err := e.app.monitoredPreSelections(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			wantPre, err := e.db.MonitoringPreSelections(e.monitor, f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(pre, wantPre) {
				t.Errorf("pre-selections from the memo %v, want %v", pre, wantPre)
			}
			members, err := e.app.monitoredMembers(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			wantMembers, err := e.db.MonitoringMemberScores(e.monitor, f, e.app.cfg.MinRaters)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(members, wantMembers) {
				t.Errorf("members from the memo %v, want %v", members, wantMembers)
			}
		}
	}
}
