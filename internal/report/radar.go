package report

import (
	"math"

	"github.com/jung-kurt/gofpdf"

	"regiepool/internal/domain"
)

// radarStyle is how the PDF draws a series of domain.Radar.
type radarStyle struct {
	label  string
	color  rgb
	fill   bool
	dashed bool
}

var radarStyles = map[string]radarStyle{
	domain.RadarSelf:   {label: "Zelfbeoordeling", color: colSelf},
	domain.RadarOthers: {label: "Anderen (gemiddelde)", color: colOthers, fill: true},
	domain.RadarNorm:   {label: "Norm", color: colNorm, dashed: true},
}

const (
	radarR     = 52.0 // radius of the outer ring in mm
	labelGap   = 3.5  // between the outer ring and a label
	labelSize  = 8.0
	labelLines = 3
)

// radar draws self, others and norm over the competencies, with scale
// rings from lo to hi, wrapped axis labels and a legend, starting at the
// current position.
func (doc *doc) radar(rows []CompetencyRow, lo, hi float64) {
	p := doc.pdf
	n := len(rows)
	var self, others, norm []*float64
	var labels []string
	for _, r := range rows {
		self = append(self, r.Self)
		others = append(others, r.Others)
		norm = append(norm, r.Norm)
		labels = append(labels, r.Name)
	}
	// The geometry is domain's, the same the results page draws as SVG.
	rad, ok := domain.NewRadar(lo, hi, self, others, norm)
	if !ok {
		doc.para("Een radardiagram heeft minstens drie competenties nodig; zie de tabel hieronder.", 9.5, colMuted)
		return
	}
	angle := func(i int) float64 { return rad.Angles[i] }
	cx := marginL + contentW/2

	// Lay the labels out first: their height decides where the centre goes.
	type lab struct {
		lines []string
		size  float64
		w, h  float64
	}
	labs := make([]lab, n)
	topH, botH := 0.0, 0.0
	for i, s := range labels {
		a := angle(i)
		maxW := contentW/2 - radarR - labelGap - 1
		if math.Abs(math.Cos(a)) < 0.3 {
			maxW = 56
		}
		lines, size := doc.fit(s, maxW, labelLines, labelSize, 6.5, "B")
		lw := 0.0
		for _, l := range lines {
			lw = math.Max(lw, p.GetStringWidth(l))
		}
		labs[i] = lab{lines, size, lw, float64(len(lines)) * lineH(size)}
		dy := math.Sin(a) * (radarR + labelGap)
		if s := math.Sin(a); s < -0.3 {
			topH = math.Max(topH, labs[i].h-(dy+radarR))
		} else if s > 0.3 {
			botH = math.Max(botH, labs[i].h+dy-radarR)
		} else {
			topH = math.Max(topH, labs[i].h/2-(dy+radarR))
			botH = math.Max(botH, labs[i].h/2+dy-radarR)
		}
	}
	const legendH = 10.0
	total := topH + 2*radarR + botH + legendH + 4
	doc.space(total)
	cy := p.GetY() + topH + radarR + 1

	at := func(q domain.RadarPoint) gofpdf.PointType {
		return gofpdf.PointType{X: cx + q.X*radarR, Y: cy + q.Y*radarR}
	}

	// Rings: one per scale step.
	p.SetLineWidth(0.2)
	doc.draw(colGrid)
	for _, rg := range rad.Rings {
		ring := make([]gofpdf.PointType, n)
		for i, q := range rg.Points {
			ring[i] = at(q)
		}
		if rg.Outer {
			doc.draw(colRule)
			p.SetLineWidth(0.35)
		}
		p.Polygon(ring, "D")
	}
	p.SetLineWidth(0.2)
	doc.draw(colGrid)
	for _, q := range rad.Axes {
		o := at(q)
		p.Line(cx, cy, o.X, o.Y)
	}
	// Ring values along the first spoke.
	doc.font("", 6.5)
	doc.color(colMuted)
	doc.text(cx+1.2, cy+2.3, domain.FormatNumberTrim(lo, 1))
	for _, rg := range rad.Rings {
		q := at(rg.Points[0])
		doc.text(q.X+1.2, q.Y+(2.3), domain.FormatNumberTrim(rg.Value, 1))
	}
	p.Circle(cx, cy, 0.5, "F")

	// Series: fills first, then outlines and markers on top.
	points := func(s domain.RadarSeries) []gofpdf.PointType {
		pts := make([]gofpdf.PointType, 0, len(s.Points))
		for _, q := range s.Points {
			if q != nil {
				pts = append(pts, at(*q))
			}
		}
		return pts
	}
	for _, s := range rad.Series {
		if st := radarStyles[s.Key]; st.fill && s.Complete {
			doc.fill(st.color)
			p.SetAlpha(0.16, "Normal")
			p.Polygon(points(s), "F")
			p.SetAlpha(1, "Normal")
		}
	}
	for _, s := range rad.Series {
		st := radarStyles[s.Key]
		doc.draw(st.color)
		doc.fill(st.color)
		if st.dashed {
			p.SetLineWidth(0.45)
			p.SetDashPattern([]float64{1.4, 1.0}, 0)
		} else {
			p.SetLineWidth(0.7)
		}
		if s.Complete {
			p.Polygon(points(s), "D")
		} else {
			// Join only neighbours that both have a value.
			for _, e := range s.Edges() {
				a, b := at(e[0]), at(e[1])
				p.Line(a.X, a.Y, b.X, b.Y)
			}
		}
		p.SetDashPattern([]float64{}, 0)
		if !st.dashed {
			for _, q := range points(s) {
				p.Circle(q.X, q.Y, 0.85, "F")
			}
		}
	}

	// Axis labels.
	doc.color(colText)
	for i, l := range labs {
		a := angle(i)
		ax := cx + math.Cos(a)*(radarR+labelGap)
		ay := cy + math.Sin(a)*(radarR+labelGap)
		c, s := math.Cos(a), math.Sin(a)
		var top float64
		switch {
		case s < -0.3:
			top = ay - l.h
		case s > 0.3:
			top = ay
		default:
			top = ay - l.h/2
		}
		doc.font("B", l.size)
		lh := lineH(l.size)
		for k, line := range l.lines {
			lw := p.GetStringWidth(line)
			var x float64
			switch {
			case c > 0.3:
				x = ax
			case c < -0.3:
				x = ax - lw
			default:
				x = ax - lw/2
			}
			p.Text(x, top+float64(k)*lh+lh*0.5+l.size*mmPerPt*0.35, line)
		}
	}

	// Legend, centred under the chart.
	ly := cy + radarR + botH + 6
	doc.font("", 8.5)
	type item struct {
		s radarStyle
		w float64
	}
	var items []item
	totalW := 0.0
	for i := len(rad.Series) - 1; i >= 0; i-- {
		st := radarStyles[rad.Series[i].Key]
		w := 9 + doc.width(st.label)
		items = append(items, item{st, w})
		totalW += w
	}
	totalW += 8 * float64(len(items)-1)
	x := cx - totalW/2
	for _, it := range items {
		doc.draw(it.s.color)
		doc.fill(it.s.color)
		if it.s.dashed {
			p.SetLineWidth(0.45)
			p.SetDashPattern([]float64{1.4, 1.0}, 0)
		} else {
			p.SetLineWidth(0.7)
		}
		p.Line(x, ly-1.1, x+7, ly-1.1)
		p.SetDashPattern([]float64{}, 0)
		if !it.s.dashed {
			p.Circle(x+3.5, ly-1.1, 0.85, "F")
		}
		doc.color(colText)
		doc.text(x+9, ly, it.s.label)
		x += it.w + 8
	}
	p.SetLineWidth(0.2)
	p.SetXY(marginL, ly+4)
}
