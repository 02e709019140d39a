package domain

import (
	"encoding/json"
	"fmt"
	"time"
)

// MonitoringReportKey names one monitoring report: its filter, widened to
// whole quarters, and the thresholds its figures were computed under (both
// change the figures).
type MonitoringReportKey struct {
	Filter    MonitoringFilter
	MinCell   int
	MinRaters int
}

// String names k in logs and as a map key: period, scope, thresholds.
func (k MonitoringReportKey) String() string {
	id := func(p *int64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("%s..%s municipality %s pool round %s min cell %d min raters %d", k.Filter.From.Format(ISODate),
		k.Filter.To.Format(ISODate), id(k.Filter.MunicipalityID), id(k.Filter.PoolRoundID), k.MinCell, k.MinRaters)
}

// MonitoringSnapshot is a monitoring report as last computed (see
// app.MonitoringReport): its sections and its cell counts per quarter (the
// N behind each figure, for the cell rule of narrower reports) as JSON,
// when the computation started and how long it took.
type MonitoringSnapshot struct {
	Report      MonitoringReportKey
	Sections    json.RawMessage
	Cells       json.RawMessage
	ComputedAt  time.Time
	ComputeTime time.Duration
}
