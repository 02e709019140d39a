package app

import (
	"testing"
	"time"

	"regiepool/internal/domain"
)

// evaluation is an evaluation with goals (true: reached) and a
// self-reliance measurement (nil: none).
func evaluation(selfReliance map[string]int, reached ...bool) domain.CaseEvent {
	d := &domain.StepDetails{Participants: []string{domain.ParticipantParent}, SelfReliance: selfReliance}
	for _, r := range reached {
		d.Goals = append(d.Goals, domain.GoalResult{LifeDomain: "wonen", Goal: "Een doel", Reached: r})
	}
	return domain.CaseEvent{Kind: domain.EventEvaluation, Details: d}
}

// TestQuestion7: goals reached at evaluations (open cases too); over the
// closed cases the self-reliance change per life domain from intake to the
// latest measurement after it, and the final check; the voice per kind of
// respondent with its threshold; each figure suppressed on its own N.
func TestQuestion7(t *testing.T) {
	e := newMonEnv(t)
	var cs [4]domain.Case
	for i := range cs {
		cs[i] = e.assignedCase(t, 0) // self-reliance at intake: wonen 2, veiligheid 1
	}
	e.log(t, cs[0].ID, evaluation(map[string]int{"wonen": 3}, true, false))
	e.close(t, cs[0].ID, true, true, map[string]int{"wonen": 4, "veiligheid": 2})
	e.log(t, cs[1].ID, evaluation(nil, true))
	e.close(t, cs[1].ID, true, false, map[string]int{"wonen": 3})
	if _, err := e.db.ReassessCase(e.dispatcher, cs[2].ID, domain.Reassessment{SelfReliance: map[string]int{"wonen": 1, "veiligheid": 1, "werk": 2}}); err != nil {
		t.Fatal(err)
	}
	e.close(t, cs[2].ID, false, false, map[string]int{"wonen": 2})
	e.log(t, cs[3].ID, evaluation(nil, false, false)) // open
	today := time.Now().UTC().Truncate(24 * time.Hour)
	links, err := e.db.IssueVoiceLinks(e.dispatcher, cs[3].ID, domain.VoiceRequest{Moment: domain.VoiceAtEvaluation, MomentDate: &today,
		Counts: map[domain.RespondentKind]int{domain.RespondentParent: 3, domain.RespondentParty: 1}})
	if err != nil {
		t.Fatal(err)
	}
	scores := [][2]int{{4, 5}, {2, 3}, {3, 4}}
	for _, l := range links {
		ans := domain.VoiceAnswer{}
		if l.Kind == domain.RespondentParent {
			ans.Heard, ans.Helped = &scores[0][0], &scores[0][1]
			scores = scores[1:]
		} else {
			c := 5
			ans.Collaboration = &c
		}
		actor, _, err := e.db.VoiceInvite(e.monitor, l.Token)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.db.AnswerVoice(domain.WithActor(e.monitor, actor), ans); err != nil {
			t.Fatal(err)
		}
	}

	q, err := e.app.question7(e.monitor, e.filter(), 3)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q, 7, 3)
	for _, tt := range []struct {
		key   string
		value *float64
		n     int
	}{
		{"evaluations_with_goals", v(3), 3}, {"goals_evaluated", v(5), 3}, {"goals_reached", v(2), 3}, {"goals_reached_share", v(40), 3},
		{"cases_closed", v(3), 3}, {"selfreliance_change_wonen", v(1), 3}, {"selfreliance_change_veiligheid", nil, 2},
		{"selfreliance_change_werk", nil, 0}, {"voice_parent_answered", v(3), 3}, {"satisfaction_parent_heard", v(3), 3},
		{"satisfaction_parent_helped", v(4), 3}, {"satisfaction_party_collaboration", nil, 1}, {"satisfaction_young_person_heard", nil, 0},
		{"cases_final_check", v(3), 3}, {"final_check_help_works", v(2), 3}, {"final_check_help_works_share", v(66.7), 3},
		{"final_check_family_directs", v(1), 3}, {"final_check_family_directs_share", v(33.3), 3},
	} {
		wantFigure(t, q, tt.key, tt.value, tt.n)
	}
	wantAnswer(t, q, "Bij 3 evaluaties werden 5 doelen beoordeeld, waarvan 2 (40%) bereikt.",
		"Verandering van de zelfredzaamheid van aanmelding tot afsluiten (schaal 1–5): Wonen +1 (3 casussen).",
		"Tevredenheid: ouders gehoord 3 en geholpen 4 (3 antwoorden); jongeren te weinig gegevens; betrokken organisaties te weinig gegevens.",
		"Bij het afsluiten werkte de hulp in 2 van de 3 casussen (67%) en voerde het gezin in 1 (33%) zelf de regie.")
	if q.Chart == nil || len(q.Chart.Bars) != len(domain.LifeDomains) || q.Chart.Unit != "change" {
		t.Fatalf("chart %+v", q.Chart)
	}
	for _, b := range q.Chart.Bars {
		if (b.Label == domain.LifeDomainLabels["wonen"]) != (b.Value != nil) {
			t.Errorf("bar %s: %v (n %d)", b.Label, b.Value, b.N)
		}
	}

	// minCell 4: nothing is shown.
	q4, err := e.app.question7(e.monitor, e.filter(), 4)
	if err != nil {
		t.Fatal(err)
	}
	checkQuestion(t, q4, 7, 4)
	if q4.Answer != "Bereikte doelen bij evaluaties: te weinig gegevens. Verandering van de zelfredzaamheid per leefgebied van aanmelding tot afsluiten: te weinig gegevens. "+
		"Tevredenheid: ouders te weinig gegevens; jongeren te weinig gegevens; betrokken organisaties te weinig gegevens. Eindtoets bij afsluiten: te weinig gegevens." {
		t.Errorf("minCell 4: %q", q4.Answer)
	}
}
