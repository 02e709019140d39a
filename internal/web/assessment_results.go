package web

import (
	"strconv"
	"strings"
	"time"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// resultsView is what the results partial ("assess-results" in
// templates/partials/assess.html) draws. It is built from a Report only, so it
// can show no more than the scoring engine let through: groups below the
// anonymity threshold are not in ItemResult.Groups, and nothing here is per
// rater.
type resultsView struct {
	Own        bool // the regisseur looks at their own results
	Empty      bool // no submitted self-assessment and no closed round
	HasRound   bool
	ClosedOn   string // the newest closed round
	SelfOn     string // the latest submitted self-assessment
	MinRaters  int
	Min, Max   int
	Rows       []resultRow // competencies
	OtherItems []resultRow // knowledge areas, authorities and result areas
	Flagged    bool        // a row has a flag: the legend is shown
	Comments   bool        // a row has comments
	Trend      trendView
	Radar      radarView
	HasRadar   bool
}

// resultRow is one item of the report.
type resultRow struct {
	Key, Name string
	Norm      string // "" without a norm
	Self      string // "" without a score
	Others    string
	OthersN   int
	Groups    []resultGroup
	Gap       string
	FlagLabel string
	FlagClass string
	Comments  []string
	Chart     resultChart
}

type resultGroup struct {
	Label, Mean string
	N           int
	Single      bool // shown from one rater: the page says so
}

// resultChart is the bar chart of one competency: bars for self and others
// on the scale and a marker line at the norm, in SVG user units.
type resultChart struct {
	Label               string // the text alternative
	Width, Height       int
	AxisX, AxisWidth    int
	SelfWidth, SelfText string // "" without a score
	SelfTextX           string
	OthersWidth         string
	OthersText          string
	OthersTextX         string
	NormX               string // "" without a norm
	Ticks               []chartTick
}

type chartTick struct {
	X, Label string
}

// The chart's geometry: labels left, the scale from Min to Max in between,
// the values right of the bars.
const (
	chartWidth  = 480
	chartHeight = 92
	chartAxisX  = 80
	chartAxisW  = 340
)

// trendView is the table of rounds: per competency, self and others in each
// closed round.
type trendView struct {
	Rounds     []trendRound
	Rows       []trendRow
	WithChange bool // two rounds or more: the "Verandering" column
}

// trendRound is the header of one round's column (domain.TrendRoundHeader,
// as in the PDF).
type trendRound struct {
	Header string
}

type trendRow struct {
	Name   string
	Cells  []trendCell
	Change string // others in the last round minus the one before; "" when either has none
}

type trendCell struct {
	Self, Others string // "" when there is none
}

// newResultsView draws rep for the regisseur themself (own) or for their
// coach or an admin.
func newResultsView(rep assessment.Report, own bool) resultsView {
	v := resultsView{Own: own, MinRaters: rep.MinRaters}
	if rep.Instrument == nil {
		v.Empty = true
		return v
	}
	v.Min, v.Max = rep.Instrument.Scale.Min, rep.Instrument.Scale.Max
	if rep.ClosedAt != nil {
		v.HasRound, v.ClosedOn = true, domain.FormatDate(*rep.ClosedAt)
	}
	if rep.SelfAt != nil {
		v.SelfOn = domain.FormatDate(*rep.SelfAt)
	}
	v.Radar, v.HasRadar = newRadarView(rep.Items, v.Min, v.Max)
	for _, it := range rep.Items {
		row := newResultRow(it, v.Min, v.Max)
		if row.FlagLabel != "" {
			v.Flagged = true
		}
		if len(row.Comments) > 0 {
			v.Comments = true
		}
		if it.Kind == assessment.KindCompetency {
			v.Rows = append(v.Rows, row)
		} else {
			v.OtherItems = append(v.OtherItems, row)
		}
	}
	if len(rep.Trend) > 0 {
		for i, t := range rep.Trend {
			d, _ := time.Parse(isoDay, t.ClosedOn)
			v.Trend.Rounds = append(v.Trend.Rounds, trendRound{Header: domain.TrendRoundHeader(i+1, d)})
		}
		v.Trend.WithChange = len(rep.Trend) >= 2
		for _, it := range rep.Instrument.Competencies() {
			tr := trendRow{Name: it.Name}
			for _, t := range rep.Trend {
				var cell trendCell
				if s, ok := t.Items[it.Key]; ok {
					if s.Self != nil {
						cell.Self = strconv.Itoa(*s.Self)
					}
					if s.Others != nil {
						cell.Others = domain.FormatNumber(*s.Others, 2)
					}
				}
				tr.Cells = append(tr.Cells, cell)
			}
			if v.Trend.WithChange {
				prev, last := rep.Trend[len(rep.Trend)-2].Items[it.Key], rep.Trend[len(rep.Trend)-1].Items[it.Key]
				if prev.Others != nil && last.Others != nil {
					tr.Change = signedDecimal(*last.Others - *prev.Others)
				}
			}
			v.Trend.Rows = append(v.Trend.Rows, tr)
		}
	}
	return v
}

func newResultRow(it assessment.ItemResult, lo, hi int) resultRow {
	r := resultRow{Key: it.Key, Name: it.Name, Comments: it.Comments}
	if it.Norm != nil {
		r.Norm = strconv.Itoa(*it.Norm)
	}
	if it.Self != nil {
		r.Self = strconv.Itoa(*it.Self)
	}
	if it.Others != nil {
		r.Others, r.OthersN = domain.FormatNumber(it.Others.Mean, 2), it.Others.N
	}
	// Only the groups the engine shows; nothing is derived for the others.
	for _, g := range it.Groups {
		r.Groups = append(r.Groups, resultGroup{Label: g.Group.Label(), Mean: domain.FormatNumber(g.Mean, 2), N: g.N, Single: g.FromSingleRater})
	}
	if it.Gap != nil {
		r.Gap = signedDecimal(*it.Gap)
	}
	switch it.Flag {
	case assessment.FlagBlindSpot:
		r.FlagLabel, r.FlagClass = "Blinde vlek", "app-badge--blind-spot"
	case assessment.FlagHiddenStrength:
		r.FlagLabel, r.FlagClass = "Verborgen kracht", "app-badge--hidden-strength"
	}
	r.Chart = newChart(it, lo, hi)
	return r
}

func newChart(it assessment.ItemResult, lo, hi int) resultChart {
	ch := resultChart{Width: chartWidth, Height: chartHeight, AxisX: chartAxisX, AxisWidth: chartAxisW}
	span := float64(hi - lo)
	if span <= 0 {
		span = 1
	}
	// width of a bar from the start of the scale to v, at least 2 units so
	// the lowest score is still visible.
	barWidth := func(v float64) float64 { return max((v-float64(lo))/span*chartAxisW, 2) }
	width := func(v float64) string { return strconv.FormatFloat(barWidth(v), 'f', 1, 64) }
	// the value is written right of its bar
	textX := func(v float64) string { return strconv.FormatFloat(chartAxisX+barWidth(v)+6, 'f', 1, 64) }
	x := func(v float64) string {
		return strconv.FormatFloat(chartAxisX+(v-float64(lo))/span*chartAxisW, 'f', 1, 64)
	}
	parts := []string{it.Name + ", schaal " + strconv.Itoa(lo) + " tot " + strconv.Itoa(hi)}
	if it.Self != nil {
		ch.SelfWidth, ch.SelfText, ch.SelfTextX = width(float64(*it.Self)), strconv.Itoa(*it.Self), textX(float64(*it.Self))
		parts = append(parts, "zelf "+ch.SelfText)
	} else {
		parts = append(parts, "geen zelfbeoordeling")
	}
	if it.Others != nil {
		ch.OthersWidth, ch.OthersText, ch.OthersTextX = width(it.Others.Mean), domain.FormatNumber(it.Others.Mean, 2), textX(it.Others.Mean)
		parts = append(parts, "anderen gemiddeld "+ch.OthersText+" ("+beoordelaars(it.Others.N)+")")
	} else {
		parts = append(parts, "geen scores van anderen")
	}
	if it.Norm != nil {
		ch.NormX = x(float64(*it.Norm))
		parts = append(parts, "norm "+strconv.Itoa(*it.Norm))
	}
	ch.Label = strings.Join(parts, "; ")
	for pt := lo; pt <= hi; pt++ {
		ch.Ticks = append(ch.Ticks, chartTick{X: x(float64(pt)), Label: strconv.Itoa(pt)})
	}
	return ch
}

// beoordelaars writes a number of raters: "1 beoordelaar", "3 beoordelaars".
func beoordelaars(n int) string {
	if n == 1 {
		return "1 beoordelaar"
	}
	return strconv.Itoa(n) + " beoordelaars"
}
