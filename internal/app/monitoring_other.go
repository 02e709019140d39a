package app

import (
	"context"
	"fmt"

	"regiepool/internal/domain"
	"regiepool/internal/report"
)

// otherFigures is the monitoring report's last section: the figures no
// question asks for (the state of the cases registered, handovers, close
// reasons, days to a regisseur), from the store's MonitoringFiguresFor,
// with the builders' signature so the cell rule treats it alike. A count's
// N is the cases it is counted over (never the count itself: a hidden small
// count would show as its own N).
func (a *App) otherFigures(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	m, err := a.monitoredFigures(ctx, f)
	if err != nil {
		return report.Question{}, err
	}
	q := report.Question{Question: "Overige cijfers",
		Method: "Telling van de casussen die in de periode zijn aangemeld: hun stand nu, overdrachten naar een andere regisseur, " +
			"redenen van afsluiten, de dagen van aanmelding tot de eerste toewijzing, en per resultaatgebied van het functieprofiel " +
			"de indicatoren, geteld uit de vastgelegde stappen van het casuslogboek."}
	withRegie := m.Assigned + m.Closed
	count := func(key, label string, v, over int) report.Figure {
		x := float64(v)
		return newFigure(key, label, &x, 0, over, report.UnitCount, minCell)
	}
	q.Figures = []report.Figure{
		count("cases_registered", "Aangemelde casussen", m.Cases, m.Cases),
		count("cases_waiting", "Wachtend op een regisseur", m.Waiting, m.Cases),
		count("cases_assigned", "Regisseur toegewezen (lopend)", m.Assigned, m.Cases),
		count("cases_closed", "Afgesloten", m.Closed, m.Cases),
		count("handovers", "Overdrachten naar een andere regisseur", m.Handovers, withRegie),
		count("cases_with_handover", "Casussen met minstens één overdracht", m.CasesWithHandover, withRegie),
	}
	dd := m.DaysToAssignment
	days := func(key, label string, v float64) report.Figure {
		f := report.Figure{Key: key, Label: label, Value: &v, N: dd.N, Unit: report.UnitDays}
		f.Suppress(minCell)
		return f
	}
	median := days("days_to_assignment_median", "Dagen van aanmelding tot toewijzing (mediaan)", dd.Median)
	q.Figures = append(q.Figures, median, days("days_to_assignment_p90", "Dagen van aanmelding tot toewijzing (90e percentiel)", dd.P90))
	q.Figures = append(q.Figures, resultAreaFigures(m, minCell)...)
	chart := &report.Chart{Title: "Redenen van afsluiten", Unit: report.UnitCount}
	top := 0
	for _, code := range domain.CloseReasons {
		label := domain.CloseReasonLabels[code]
		n := m.CloseReasons[label]
		v := float64(n)
		// A reason's count stands on the cases closed.
		b := report.ChartBar{Label: label, Value: &v, N: m.Closed}
		if domain.SmallCell(m.Closed, minCell) {
			b.Value = nil
		}
		chart.Bars = append(chart.Bars, b)
		top = max(top, n)
	}
	chart.Max = report.NiceMax(float64(top))
	q.Chart = chart
	registered, closed := q.Figures[0], q.Figures[3]
	switch {
	case registered.Value != nil && closed.Value != nil:
		q.Answer = fmt.Sprintf("In deze periode zijn %s casussen aangemeld, waarvan er nu %s zijn afgesloten.", registered.Text(), closed.Text())
	case registered.Value != nil:
		q.Answer = fmt.Sprintf("In deze periode zijn %s casussen aangemeld; over het aantal afgesloten zijn te weinig gegevens.", registered.Text())
	default:
		q.Answer = "Over het aantal aangemelde casussen in deze periode zijn te weinig gegevens."
	}
	if median.Value != nil {
		q.Answer += fmt.Sprintf(" De helft van de gezinnen had binnen %s een regisseur.", median.Text())
	} else {
		q.Answer += " Over de tijd tot een regisseur zijn te weinig gegevens."
	}
	return q, nil
}

// resultAreaFigures are the function profile's indicators per result area
// (domain.ResultAreaIndicators), counted from the case log's structured
// steps, and the satisfaction the log records per result area. An
// indicator stands on the cases with a regisseur, goals reached on the
// goals evaluated, a satisfaction mean on its ratings.
func resultAreaFigures(m report.Monitoring, minCell int) []report.Figure {
	withRegie := m.Assigned + m.Closed
	var out []report.Figure
	for _, ra := range m.ResultAreas {
		prefix := fmt.Sprintf("result_area_%d.", ra.Number)
		name := fmt.Sprintf("Resultaatgebied %d (%s): ", ra.Number, ra.Name)
		for _, ind := range ra.Indicators {
			over := withRegie
			if ind.Key == domain.IndicatorGoalsReached {
				over = ind.Of
			}
			v := float64(ind.Value)
			out = append(out, newFigure(prefix+ind.Key, name+ind.Label, &v, 0, over, report.UnitCount, minCell))
		}
		sat := ra.Satisfaction.Mean
		out = append(out, newFigure(prefix+"satisfaction", name+"tevredenheid van het gezin (1–5)", &sat, 2, ra.Satisfaction.N, report.UnitMean, minCell))
	}
	return out
}
