package web

import (
	"fmt"
	"strconv"
	"strings"

	"regiepool/internal/domain"
)

// selfRelianceTable shows the self-reliance history: a column per
// measurement, a row per scored life domain, and the change.
type selfRelianceTable struct {
	Columns []string
	Rows    []selfRelianceRow
}

type selfRelianceRow struct {
	Domain string
	Cells  []string // the score per measurement; "" when not measured then
	Change string   // latest − intake, signed; "" when unknown
}

// caseExclusionLabels names exclusion codes in Dutch, joined.
func caseExclusionLabels(codes []string) string {
	labels := make([]string, len(codes))
	for i, code := range codes {
		labels[i] = labelOr(domain.ExclusionReasonLabels, code)
	}
	return strings.Join(labels, ", ")
}

// caseTimelineRows are the lines of the timeline: the log's events with
// their details, and the case's own steps (intake, assignments, handovers,
// close) with who recorded each.
func caseTimelineRows(entries []domain.TimelineEntry, orgNames map[int64]string) []caseEventRow {
	rows := make([]caseEventRow, 0, len(entries))
	for _, e := range entries {
		var row caseEventRow
		if e.Event != nil {
			row = caseEventRows([]domain.CaseEvent{*e.Event})[0]
			if d := e.Event.Details.Describe(func(id int64) string { return orgNames[id] }); d != "" {
				row.Details = d
			}
			if e.Kind == domain.EventEvaluation && len(e.Event.Changes) > 0 {
				row.Details += "; verandering: " + caseChangesText(e.Event.Changes)
			}
		} else {
			row = caseEventRow{Date: domain.FormatDate(e.OccurredOn), Kind: labelOr(domain.TimelineKindLabels, e.Kind),
				Recorded: e.At.Local().Format(domain.DateLayout + " 15:04"), Reason: e.Reason}
			switch e.Kind {
			case domain.TimelineAssigned:
				row.Details = "Aan " + e.RegisseurName
				if e.OverrideReason != "" {
					row.Details += ", met afwijking van de rangschikking (" + caseExclusionLabels(e.Overridden) + ")"
					row.Reason = e.OverrideReason
				}
			case domain.TimelineHandedOver:
				row.Details = "Door " + e.RegisseurName
			case domain.TimelineClosed:
				parts := append([]string{"Reden: " + labelOr(domain.CloseReasonLabels, e.CloseReason)}, e.Closure.Describe(func(id int64) string { return orgNames[id] })...)
				if len(e.Changes) > 0 {
					parts = append(parts, "Verandering: "+caseChangesText(e.Changes))
				}
				row.Details = strings.Join(parts, "; ")
			case domain.TimelineOffered:
				row.Details = "Aan " + e.RegisseurName
				if e.Deadline != nil {
					row.Details += ", reageren tot " + offerTime(*e.Deadline)
				}
			case domain.TimelineOfferAccepted, domain.TimelineOfferDeclined:
				row.Details = "Door " + e.RegisseurName
			case domain.TimelineOfferExpired:
				row.Details = "Aan " + e.RegisseurName + ", zonder antwoord"
			}
		}
		switch {
		case e.RecordedBy == nil:
			row.By = "Onbekend"
		case e.RecordedBy.Name != "":
			row.By = e.RecordedBy.Name + " (" + strings.ToLower(e.RecordedBy.Role) + ")"
		default:
			row.By = e.RecordedBy.Role
		}
		rows = append(rows, row)
	}
	return rows
}

// caseEventRows are the lines of the log.
func caseEventRows(events []domain.CaseEvent) []caseEventRow {
	var rows []caseEventRow
	for _, e := range events {
		row := caseEventRow{Date: domain.FormatDate(e.OccurredOn), Kind: labelOr(domain.EventKindLabels, e.Kind),
			Recorded: e.CreatedAt.Local().Format(domain.DateLayout + " 15:04"), Reason: e.Reason}
		switch {
		case e.Hours != nil:
			row.Details = caseHours(*e.Hours) + " uur"
		case e.Score != nil && e.ResultArea != nil:
			row.Details = fmt.Sprintf("Resultaatgebied %d: tevredenheid %d van 5", *e.ResultArea, *e.Score)
		case e.Kind == domain.EventReassessment:
			row.Kind, row.Details = domain.TimelineKindLabels[e.Kind], caseChangesText(e.Changes)
		}
		rows = append(rows, row)
	}
	return rows
}

// selfRelianceTableOf is the self-reliance history as the page's table;
// empty when nothing was ever scored.
func selfRelianceTableOf(h domain.SelfRelianceHistory) selfRelianceTable {
	var t selfRelianceTable
	if len(h.Domains) == 0 {
		return t
	}
	names := map[string]string{domain.TimelineIntake: "Aanmelding", domain.EventReassessment: "Herbeoordeling",
		domain.EventEvaluation: "Evaluatie", domain.TimelineClosed: "Afsluiting"}
	for _, m := range h.Measurements {
		t.Columns = append(t.Columns, names[m.Kind]+" "+domain.FormatDate(m.On))
	}
	for _, d := range h.Domains {
		row := selfRelianceRow{Domain: domain.LifeDomainLabels[d.LifeDomain]}
		for _, m := range h.Measurements {
			cell := ""
			if v, ok := m.Scores[d.LifeDomain]; ok {
				cell = strconv.Itoa(v)
			}
			row.Cells = append(row.Cells, cell)
		}
		if d.Change != nil {
			row.Change = strconv.Itoa(*d.Change)
			if *d.Change > 0 {
				row.Change = "+" + row.Change
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
