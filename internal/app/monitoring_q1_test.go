package app

import (
	"regexp"
	"testing"

	"regiepool/internal/domain"
)

// TestQuestion1: the working definition over the registered cases: within
// and outside it (with a reason), outside pool regie per kind, and the
// re-assessments that changed the checklist (a self-reliance change alone
// does not); below the threshold every figure and bar is suppressed and
// the answer says so without a number.
func TestQuestion1(t *testing.T) {
	e := newMonEnv(t)
	for range 4 {
		e.newCase(t, nil)
	}
	var outside []domain.Case
	for range 2 {
		outside = append(outside, e.newCase(t, func(c *domain.Case) {
			c.ParentsStruggle, c.HighRisk, c.SafetyRisk, c.DefinitionReason = false, false, domain.RiskMedium, "Veel wisselende hulpverleners."
		}))
	}
	e.newCase(t, func(c *domain.Case) {
		c.OutsidePool, c.OutsideReason = domain.OutsideBehandelregie, "GGZ voert behandelregie."
	})
	e.newCase(t, func(c *domain.Case) {
		c.OutsidePool, c.OutsideReason = domain.OutsideVeiligThuis, "Veilig Thuis onderzoekt."
	})
	// One re-assessment changes the checklist, one the self-reliance only.
	yes := true
	if _, err := e.db.ReassessCase(e.dispatcher, outside[0].ID, domain.Reassessment{SeveralProfessionals: &yes}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ReassessCase(e.dispatcher, outside[1].ID, domain.Reassessment{SelfReliance: map[string]int{"wonen": 3}}); err != nil {
		t.Fatal(err)
	}

	q, err := e.app.question1(e.monitor, e.filter(), 5)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q, 1, 5)
	for _, tt := range []struct {
		key   string
		value float64
	}{
		{"cases_registered", 8}, {"meets_definition", 6}, {"meets_definition_share", 75}, {"outside_definition", 2},
		{"definition_reason_given", 2}, {"outside_pool", 2}, {"outside_pool_behandelregie", 1}, {"outside_pool_veilig_thuis", 1},
		{"outside_pool_gedwongen_kader", 0}, {"reassessments_checklist", 1}, {"cases_checklist_changed", 1},
	} {
		wantFigure(t, q, tt.key, v(tt.value), 8)
	}
	wantAnswer(t, q, "Van de 8 aangemelde casussen voldeden er 6 (75%) aan de werkdefinitie en 2 niet (2 met een reden om ze toch aan te melden)",
		"2 casussen vielen buiten de poolregie (1 behandelregie, 1 Veilig Thuis).", "1 herbeoordeling in 1 casus veranderde de checklist.")
	if q.Chart == nil || len(q.Chart.Bars) != 3 || *q.Chart.Bars[0].Value != 6 || *q.Chart.Bars[1].Value != 2 || *q.Chart.Bars[2].Value != 2 {
		t.Errorf("chart %+v", q.Chart)
	}

	// Under the threshold: nothing shown, no number in the answer but the
	// threshold itself.
	small, err := e.app.question1(e.monitor, e.filter(), 9)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, small, 1, 9)
	for _, f := range small.Figures {
		if f.Value != nil {
			t.Errorf("minCell 9: %s shown", f.Key)
		}
	}
	if small.Answer != "Te weinig gegevens: minder dan 9 aangemelde casussen in deze selectie." {
		t.Errorf("minCell 9: answer %q", small.Answer)
	}
	if regexp.MustCompile(`\b8\b`).MatchString(small.Answer) {
		t.Errorf("the suppressed count in %q", small.Answer)
	}
	// Another municipality: no cases.
	f := e.filter()
	other := pgtestMunicipality(t, e)
	f.MunicipalityID = &other
	if q, err := e.app.question1(e.monitor, f, 5); err != nil || figure(t, q, "cases_registered").Value != nil {
		t.Errorf("other municipality: %+v, %v", q, err)
	}
	// Only monitors and admins.
	if _, err := e.app.question1(e.dispatcher, e.filter(), 5); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("dispatcher: %v, want forbidden", err)
	}
}
