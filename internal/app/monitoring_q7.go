package app

import (
	"context"
	"slices"
	"strings"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// question7 answers "Worden meer doelen bereikt, is men tevredener, en is
// het gezin geholpen?": the plan's goals reached at the evaluations of the
// cases in the filter; over its closed cases the self-reliance change per
// life domain from intake to the latest measurement after it
// (domain.SelfRelianceHistoryOf; a domain only scored at intake does not
// count) and the final check at close; and the satisfaction per kind of
// respondent from the questionnaires whose moment lies in the period
// (App.VoiceAcrossCases: means only from its threshold on; the voice is not
// kept per pool round, so that filter does not narrow it). Chart: the mean
// self-reliance change per life domain.
func (a *App) question7(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	cases, err := a.monitoredCases(ctx, f, []string{domain.EventEvaluation, domain.EventReassessment})
	if err != nil {
		return report.Question{}, err
	}
	voice, err := a.VoiceAcrossCases(ctx, domain.VoiceFilter{From: f.From, To: f.To, MunicipalityID: f.MunicipalityID})
	if err != nil {
		return report.Question{}, err
	}
	var evaluations, evaluated, reached, goalCases, closed, checked, helpWorks, directs int
	changes := map[string][]float64{}
	for _, c := range cases {
		had := false
		for _, e := range c.EventsOf(domain.EventEvaluation) {
			if e.Details == nil || len(e.Details.Goals) == 0 {
				continue
			}
			had = true
			evaluations++
			for _, g := range e.Details.Goals {
				evaluated++
				if g.Reached {
					reached++
				}
			}
		}
		if had {
			goalCases++
		}
		if c.Status != domain.CaseClosed {
			continue
		}
		closed++
		h := domain.SelfRelianceHistoryOf(c.SelfReliance, c.Timeline())
		for _, d := range h.Domains {
			if d.Change != nil && measuredAfterIntake(h, d.LifeDomain) {
				changes[d.LifeDomain] = append(changes[d.LifeDomain], float64(*d.Change))
			}
		}
		if c.Closure != nil && c.Closure.FinalCheck != nil {
			fc := c.Closure.FinalCheck
			checked++
			if fc.HelpWorks != nil && *fc.HelpWorks {
				helpWorks++
			}
			if fc.FamilyDirectsOwnLife != nil && *fc.FamilyDirectsOwnLife {
				directs++
			}
		}
	}
	b := newCaseQuestion(7, minCell)
	fEvals := b.add("evaluations_with_goals", "Evaluaties met beoordeelde doelen", float64(evaluations), 0, goalCases, report.UnitCount)
	fEvaluated := b.add("goals_evaluated", "Beoordeelde doelen", float64(evaluated), 0, goalCases, report.UnitCount)
	fReached := b.add("goals_reached", "Bereikte doelen", float64(reached), 0, goalCases, report.UnitCount)
	fReachedShare := b.add("goals_reached_share", "Aandeel bereikte doelen", percentOf(reached, evaluated), 1, goalCases, report.UnitPercent)
	b.add("cases_closed", "Afgesloten casussen", float64(closed), 0, closed, report.UnitCount)
	var shown []string
	chart := &report.Chart{Title: "Verandering van de zelfredzaamheid per leefgebied (aanmelding tot afsluiten)",
		Max: domain.SelfRelianceMax - domain.SelfRelianceMin, Unit: report.UnitChange}
	for _, d := range domain.LifeDomains {
		vs := changes[d]
		fig := b.add("selfreliance_change_"+d, "Verandering zelfredzaamheid: "+domain.LifeDomainLabels[d], meanOfValues(vs), 2, len(vs), report.UnitChange)
		chart.Bars = append(chart.Bars, b.bar(domain.LifeDomainLabels[d], meanOfValues(vs), 2, len(vs)))
		if fig.Value != nil {
			shown = append(shown, domain.LifeDomainLabels[d]+" "+signed(*fig.Value)+" ("+domain.FormatNumber(float64(fig.N), 0)+" "+dutchPlural(fig.N, "casus", "casussen")+")")
		}
	}
	b.q.Chart = chart
	var voiceParts []string
	for _, s := range voice {
		label := strings.ToLower(domain.RespondentKindLabels[s.Kind])
		b.add("voice_"+string(s.Kind)+"_answered", "Beantwoorde vragenlijsten: "+label, float64(s.Answered), 0, s.Answered, report.UnitCount)
		scales := []voiceScale{{"heard", "gehoord gevoeld", "gehoord", s.Heard}, {"helped", "geholpen", "geholpen", s.Helped}}
		if !s.Kind.Family() {
			scales = []voiceScale{{"collaboration", "samenwerking met de regisseur", "samenwerking", s.Collaboration}}
		}
		var means []string
		for _, m := range scales {
			fig := b.addValue("satisfaction_"+string(s.Kind)+"_"+m.key, "Tevredenheid "+label+": "+m.label+" (1–5)", m.value, 2, s.Answered, report.UnitMean)
			if fig.Value == nil {
				means = nil
				break
			}
			means = append(means, m.word+" "+figNum(fig, 2))
		}
		if means == nil {
			voiceParts = append(voiceParts, label+" "+suppressedText)
			continue
		}
		voiceParts = append(voiceParts, label+" "+strings.Join(means, " en ")+" ("+domain.FormatNumber(float64(s.Answered), 0)+" antwoorden)")
	}
	fChecked := b.add("cases_final_check", "Afgesloten casussen met een eindtoets", float64(checked), 0, checked, report.UnitCount)
	fHelp := b.add("final_check_help_works", "Eindtoets: de hulp werkt", float64(helpWorks), 0, checked, report.UnitCount)
	fHelpShare := b.add("final_check_help_works_share", "Eindtoets: aandeel waarin de hulp werkt", percentOf(helpWorks, checked), 1, checked, report.UnitPercent)
	fDirects := b.add("final_check_family_directs", "Eindtoets: het gezin voert zelf de regie", float64(directs), 0, checked, report.UnitCount)
	fDirectsShare := b.add("final_check_family_directs_share", "Eindtoets: aandeel waarin het gezin zelf de regie voert", percentOf(directs, checked), 1, checked, report.UnitPercent)

	goals := "Bereikte doelen bij evaluaties: " + suppressedText + "."
	if fEvals.Value != nil {
		goals = "Bij " + figNum(fEvals, 0) + " " + dutchPlural(evaluations, "evaluatie", "evaluaties") + " werden " + figNum(fEvaluated, 0) +
			" doelen beoordeeld, waarvan " + figNum(fReached, 0) + " (" + figPct(fReachedShare) + ") bereikt."
	}
	self := "Verandering van de zelfredzaamheid per leefgebied van aanmelding tot afsluiten: " + suppressedText + "."
	if len(shown) > 0 {
		self = "Verandering van de zelfredzaamheid van aanmelding tot afsluiten (schaal 1–5): " + strings.Join(shown, ", ") + "."
	}
	sat := "Tevredenheid: " + strings.Join(voiceParts, "; ") + "."
	if f.PoolRoundID != nil {
		sat = strings.TrimSuffix(sat, ".") + " (alle casussen van de periode: de vragenlijsten zijn niet per poolronde te scheiden)."
	}
	check := "Eindtoets bij afsluiten: " + suppressedText + "."
	if fChecked.Value != nil {
		check = "Bij het afsluiten werkte de hulp in " + figNum(fHelp, 0) + " van de " + figNum(fChecked, 0) + " casussen (" + figPct(fHelpShare) +
			") en voerde het gezin in " + figNum(fDirects, 0) + " (" + figPct(fDirectsShare) + ") zelf de regie."
	}
	return b.answer(goals, self, sat, check), nil
}

// voiceScale is one scale of the questionnaire: its key, its label, the
// word for it in the answer, and its mean (nil: not shown).
type voiceScale struct {
	key, label, word string
	value            *float64
}

// measuredAfterIntake reports whether a measurement after the intake
// scored life domain d.
func measuredAfterIntake(h domain.SelfRelianceHistory, d string) bool {
	return slices.ContainsFunc(h.Measurements[1:], func(m domain.SelfRelianceMeasurement) bool {
		_, ok := m.Scores[d]
		return ok
	})
}

// signed says a change with its sign: "+1,5", "-0,5", "0".
func signed(v float64) string {
	s := domain.FormatNumberTrim(v, 2)
	if v > 0 {
		return "+" + s
	}
	return s
}
