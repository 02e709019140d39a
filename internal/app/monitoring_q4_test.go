package app

import (
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// analysis is a joint problem analysis days ago.
func analysis(daysAgo int) domain.CaseEvent {
	return domain.CaseEvent{Kind: domain.EventProblemAnalysis, OccurredOn: time.Now().AddDate(0, 0, -daysAgo),
		Details: &domain.StepDetails{Participants: []string{domain.ParticipantParent}, LifeDomains: []string{"wonen"}, Conclusion: "Samen vastgesteld."}}
}

// TestQuestion4: analyses per case over the cases with a regisseur (of the
// pool round), repeated analyses, and the share with one within six weeks
// of the first assignment over the cases whose window has passed or that
// had one in it; a case assigned today without one does not count yet.
func TestQuestion4(t *testing.T) {
	e := newMonEnv(t)
	var roundID int64
	if err := e.db.Get(&roundID, `SELECT round_id FROM pool_membership WHERE regisseur_id = $1`, e.reg.ID); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		assignedDaysAgo int
		analysesDaysAgo []int
	}{
		{60, []int{50, 20}},     // repeated, the first in time
		{60, []int{5}},          // late
		{60, nil},               // none
		{60, []int{55, 40, 30}}, // three, in time
		{0, []int{0}},           // assigned today, in time
		{0, nil},                // assigned today: not due yet
	} {
		cs := e.assignedCase(t, c.assignedDaysAgo)
		for _, d := range c.analysesDaysAgo {
			e.log(t, cs.ID, analysis(d))
		}
	}
	waiting := e.newCase(t, nil) // no regisseur: not counted
	e.log(t, waiting.ID, analysis(1))
	other := pgtest.MustCreateActiveMember(t, e.db, e.org.ID, []int64{e.mun.ID}, 5, 20)
	elsewhere := e.newCase(t, nil)
	if _, err := e.db.Assign(e.dispatcher, elsewhere.ID, other.ID); err != nil {
		t.Fatal(err)
	}

	f := e.filter()
	f.PoolRoundID = &roundID
	q, err := e.app.question4(e.monitor, f, 5)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q, 4, 5)
	wantFigure(t, q, "cases_with_regie", v(6), 6)
	wantFigure(t, q, "analyses", v(7), 6)
	wantFigure(t, q, "analyses_per_case", v(1.17), 6)
	wantFigure(t, q, "cases_repeated_analysis", v(2), 6)
	wantFigure(t, q, "cases_repeated_analysis_share", v(33.3), 6)
	wantFigure(t, q, "cases_analysis_due", v(5), 5)
	wantFigure(t, q, "cases_analysis_within_weeks", v(3), 5)
	wantFigure(t, q, "cases_analysis_within_weeks_share", v(60), 5)
	wantAnswer(t, q, "In de 6 casussen met een regisseur werden gemiddeld 1,17 gezamenlijke probleemanalyses vastgelegd; in 2 (33%) werd de analyse herhaald.",
		"3 van de 5 casussen (60%) hadden binnen 6 weken na de eerste toewijzing een gezamenlijke probleemanalyse.")
	var bars []float64
	for _, b := range q.Chart.Bars {
		bars = append(bars, *b.Value)
	}
	if len(bars) != 4 || bars[0] != 2 || bars[1] != 2 || bars[2] != 1 || bars[3] != 1 {
		t.Errorf("chart bars %v", bars)
	}

	// The whole region: the other round's case too.
	all, err := e.app.question4(e.monitor, e.filter(), 5)
	if err != nil {
		t.Fatal(err)
	}
	wantFigure(t, all, "cases_with_regie", v(7), 7)

	// minCell 6: the per-case figures stay, the share in time (5 cases)
	// goes, and the answer says so.
	q6, err := e.app.question4(e.monitor, f, 6)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q6, 4, 6)
	wantFigure(t, q6, "analyses_per_case", v(1.17), 6)
	wantFigure(t, q6, "cases_analysis_within_weeks_share", nil, 5)
	wantAnswer(t, q6, "Of er binnen 6 weken na de eerste toewijzing een analyse was: te weinig gegevens.")
	// minCell 7: nothing.
	q7, err := e.app.question4(e.monitor, f, 7)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q7, 4, 7)
	if q7.Answer != "Te weinig gegevens: minder dan 7 casussen met een regisseur in deze selectie." {
		t.Errorf("minCell 7: %q", q7.Answer)
	}
	// An unknown pool round.
	missing := int64(999999)
	f.PoolRoundID = &missing
	if _, err := e.app.question4(e.monitor, f, 5); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("unknown round: %v", err)
	}
}
