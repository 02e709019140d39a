package app

import (
	"testing"

	"regiepool/internal/domain"
)

// TestQuestion8: hours per closed case (median, quartiles) over the actual
// duration from the first assignment to the close, hours per week per
// case, and the caseload for the stated week; open cases do not count;
// below the threshold nothing is shown.
func TestQuestion8(t *testing.T) {
	e := newMonEnv(t)
	for _, c := range []struct {
		hours []float64
		weeks int
	}{
		{[]float64{12, 8}, 10}, {[]float64{40}, 20}, {[]float64{30}, 10}, {[]float64{35, 25}, 20}, {[]float64{50}, 25},
	} {
		cs := e.assignedCase(t, 0)
		for _, h := range c.hours {
			e.log(t, cs.ID, domain.CaseEvent{Kind: domain.EventHours, Hours: &h})
		}
		e.close(t, cs.ID, true, true, nil)
		if _, err := e.db.Exec(`UPDATE assignment SET assigned_at = (SELECT closed_at FROM complex_case WHERE id = $1) - make_interval(days => $2)
			WHERE case_id = $1`, cs.ID, 7*c.weeks); err != nil {
			t.Fatal(err)
		}
	}
	open := e.assignedCase(t, 70)
	h := 100.0
	e.log(t, open.ID, domain.CaseEvent{Kind: domain.EventHours, Hours: &h})

	q, err := e.app.question8(e.monitor, e.filter(), 5)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q, 8, 5)
	// Hours 20, 30, 40, 50, 60; weeks 10, 10, 20, 20, 25; per week 2, 3, 2, 3, 2.
	for _, tt := range []struct {
		key   string
		value float64
	}{
		{"cases_closed_with_regie", 5}, {"hours_per_case_median", 40}, {"hours_per_case_q1", 30}, {"hours_per_case_q3", 50},
		{"duration_weeks_median", 20}, {"hours_per_week_median", 2}, {"caseload_week_hours", 36}, {"caseload_regie_share", 80},
		{"caseload_hours_available", 28.8}, {"caseload", 14.4},
	} {
		wantFigure(t, q, tt.key, v(tt.value), 5)
	}
	wantAnswer(t, q, "Over 5 afgesloten casussen kostte regie een mediaan van 40 uur per casus (kwartielen 30 en 50 uur), bij een werkelijke duur van mediaan 20 weken: 2 uur per week per casus.",
		"Bij een werkweek van 36 uur met 80% voor regie (28,8 uur) past daarbij een caseload van 14,4 casussen.")
	if q.Chart == nil || len(q.Chart.Bars) != 7 || q.Chart.Bars[6].Label != "60–70 uur" || *q.Chart.Bars[6].Value != 1 || *q.Chart.Bars[0].Value != 0 {
		t.Errorf("chart %+v", q.Chart)
	}

	q6, err := e.app.question8(e.monitor, e.filter(), 6)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q6, 8, 6)
	if q6.Answer != "Te weinig gegevens: minder dan 6 afgesloten casussen met een regisseur in deze selectie." {
		t.Errorf("minCell 6: %q", q6.Answer)
	}
}
