package web

import (
	"math"
	"strconv"
	"strings"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// The radar chart of the results page: the geometry is domain.NewRadar's,
// the one the PDF draws too; here it only becomes SVG. The chart is an
// image with a title and a description, and the results table above it
// carries the same numbers.

// radarView is the chart as the template "assess-radar" draws it, in SVG
// user units.
type radarView struct {
	Width, Height int
	CX, CY        string
	Title, Desc   string
	Rings         []radarRingView
	Axes          []radarAxisView
	Series        []radarSeriesView
	Legend        []radarLegendView
	LegendY       string
	LegendTextY   string
}

type radarRingView struct {
	Points, LabelX, LabelY, Label string
	Outer                         bool
}

type radarAxisView struct {
	X, Y   string // outer end of the spoke
	Anchor string // text-anchor of the label
	Lines  []radarLine
}

// radarLine is one line of an axis label.
type radarLine struct{ X, Y, Text string }

type radarSeriesView struct {
	Color    string
	Dashed   bool
	Polygon  string // all points, when Complete
	Complete bool
	Fill     bool
	Edges    [][4]string // x1 y1 x2 y2 of the joined neighbours, when not complete
	Dots     [][2]string
}

type radarLegendView struct {
	Color, Label string
	X, X2, TX    string
	Dashed       bool
}

// The chart's size: room for wrapped labels around the rings.
const (
	radarWidth  = 640
	radarHeight = 520
	radarRadius = 160.0
	radarLabel  = 12.0 // between the outer ring and a label
)

// radarLabels are the page's names of the series, with their colour (the
// bar charts' colours).
var radarLabels = map[string][2]string{
	domain.RadarSelf:   {"Zelf", "#154273"},
	domain.RadarOthers: {"Anderen (gemiddelde)", "#39870c"},
	domain.RadarNorm:   {"Norm", "#d52b1e"},
}

// newRadarView draws the competencies of rep as a radar chart; ok is false
// when there are too few to draw one.
func newRadarView(items []assessment.ItemResult, lo, hi int) (radarView, bool) {
	var self, others, norm []*float64
	var names []string
	for _, it := range items {
		if it.Kind != assessment.KindCompetency {
			continue
		}
		names = append(names, it.Name)
		self = append(self, intPtr(it.Self))
		if it.Others != nil {
			m := it.Others.Mean
			others = append(others, &m)
		} else {
			others = append(others, nil)
		}
		norm = append(norm, intPtr(it.Norm))
	}
	rad, ok := domain.NewRadar(float64(lo), float64(hi), self, others, norm)
	if !ok {
		return radarView{}, false
	}
	cx, cy := float64(radarWidth)/2, float64(radarHeight)/2-10
	legendY := float64(radarHeight) - 14
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
	at := func(q domain.RadarPoint) (string, string) {
		return num(cx + q.X*radarRadius), num(cy + q.Y*radarRadius)
	}
	points := func(qs []domain.RadarPoint) string {
		parts := make([]string, len(qs))
		for i, q := range qs {
			x, y := at(q)
			parts[i] = x + "," + y
		}
		return strings.Join(parts, " ")
	}
	v := radarView{Width: radarWidth, Height: radarHeight, CX: num(cx), CY: num(cy),
		LegendY: strconv.FormatFloat(legendY-4, 'f', 1, 64), LegendTextY: strconv.FormatFloat(legendY, 'f', 1, 64),
		Title: "Radardiagram van de competenties",
		Desc: "Elke as is een competentie, van " + strconv.Itoa(lo) + " in het midden tot " + strconv.Itoa(hi) +
			" aan de rand. Dezelfde cijfers staan in de tabel met de scores."}
	for _, rg := range rad.Rings {
		x, y := at(rg.Points[0])
		v.Rings = append(v.Rings, radarRingView{Points: points(rg.Points), LabelX: x, LabelY: y, Label: domain.FormatNumberTrim(rg.Value, 1), Outer: rg.Outer})
	}
	for i, q := range rad.Axes {
		x, y := at(q)
		a := radarAxisView{X: x, Y: y}
		lines := wrapWords(names[i], 18)
		lx, ly := cx+q.X*(radarRadius+radarLabel), cy+q.Y*(radarRadius+radarLabel)
		c, s := math.Cos(rad.Angles[i]), math.Sin(rad.Angles[i])
		switch {
		case c > 0.3:
			a.Anchor = "start"
		case c < -0.3:
			a.Anchor = "end"
		default:
			a.Anchor = "middle"
		}
		h := float64(len(lines)) * 15
		switch {
		case s < -0.3:
			ly -= h - 11
		case s > 0.3:
			ly += 11
		default:
			ly -= h/2 - 11
		}
		for k, l := range lines {
			a.Lines = append(a.Lines, radarLine{X: num(lx), Y: num(ly + float64(k)*15), Text: l})
		}
		v.Axes = append(v.Axes, a)
	}
	lx := 40.0
	for _, s := range rad.Series {
		lab := radarLabels[s.Key]
		sv := radarSeriesView{Color: lab[1], Dashed: s.Key == domain.RadarNorm, Complete: s.Complete, Fill: s.Key == domain.RadarOthers}
		var all []domain.RadarPoint
		for _, q := range s.Points {
			if q != nil {
				all = append(all, *q)
				x, y := at(*q)
				if s.Key != domain.RadarNorm {
					sv.Dots = append(sv.Dots, [2]string{x, y})
				}
			}
		}
		if s.Complete {
			sv.Polygon = points(all)
		} else {
			for _, e := range s.Edges() {
				x1, y1 := at(e[0])
				x2, y2 := at(e[1])
				sv.Edges = append(sv.Edges, [4]string{x1, y1, x2, y2})
			}
		}
		v.Series = append(v.Series, sv)
		v.Legend = append(v.Legend, radarLegendView{Color: lab[1], Label: lab[0], X: num(lx), X2: num(lx + 28), TX: num(lx + 34), Dashed: s.Key == domain.RadarNorm})
		lx += 44 + float64(len(lab[0]))*8
	}
	var parts []string
	for _, s := range rad.Series {
		parts = append(parts, strings.ToLower(radarLabels[s.Key][0]))
	}
	v.Desc = "Lijnen voor " + strings.Join(parts, ", ") + ". " + v.Desc
	return v, true
}

// intPtr is the float of an optional whole score.
func intPtr(p *int) *float64 {
	if p == nil {
		return nil
	}
	f := float64(*p)
	return &f
}

// wrapWords breaks s into lines of at most width characters, on spaces.
func wrapWords(s string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= width:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
