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
// N is the cases it counts; a zero stays shown.
func (a *App) otherFigures(ctx context.Context, f domain.MonitoringFilter, minCell int) (report.Question, error) {
	m, err := a.db.MonitoringFiguresFor(ctx, f)
	if err != nil {
		return report.Question{}, err
	}
	q := report.Question{Question: "Overige cijfers",
		Method: "Telling van de casussen die in de periode zijn aangemeld: hun stand nu, overdrachten naar een andere regisseur, " +
			"redenen van afsluiten en de dagen van aanmelding tot de eerste toewijzing."}
	fig := func(key, label string, v float64, n int, unit string) report.Figure {
		f := report.Figure{Key: key, Label: label, Value: &v, N: n, Unit: unit}
		if v != 0 || n != 0 {
			f.Suppress(minCell)
		}
		return f
	}
	count := func(key, label string, n int) report.Figure {
		return fig(key, label, float64(n), n, report.UnitCount)
	}
	q.Figures = []report.Figure{
		count("cases_registered", "Aangemelde casussen", m.Cases),
		count("cases_waiting", "Wachtend op een regisseur", m.Waiting),
		count("cases_assigned", "Regisseur toegewezen (lopend)", m.Assigned),
		count("cases_closed", "Afgesloten", m.Closed),
		fig("handovers", "Overdrachten naar een andere regisseur", float64(m.Handovers), m.CasesWithHandover, report.UnitCount),
		count("cases_with_handover", "Casussen met minstens één overdracht", m.CasesWithHandover),
	}
	dd := m.DaysToAssignment
	days := func(key, label string, v float64) report.Figure {
		f := report.Figure{Key: key, Label: label, Value: &v, N: dd.N, Unit: report.UnitDays}
		f.Suppress(minCell)
		return f
	}
	median := days("days_to_assignment_median", "Dagen van aanmelding tot toewijzing (mediaan)", dd.Median)
	q.Figures = append(q.Figures, median, days("days_to_assignment_p90", "Dagen van aanmelding tot toewijzing (90e percentiel)", dd.P90))
	chart := &report.Chart{Title: "Redenen van afsluiten", Unit: report.UnitCount}
	top := 0
	for _, code := range domain.CloseReasons {
		label := domain.CloseReasonLabels[code]
		n := m.CloseReasons[label]
		v := float64(n)
		b := report.ChartBar{Label: label, Value: &v, N: n}
		if domain.SmallCell(n, minCell) {
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
