package report

import (
	"math"

	"github.com/jung-kurt/gofpdf"

	"regiepool/internal/domain"
)

// radarSeries is one polygon of the radar chart.
type radarSeries struct {
	label  string
	color  rgb
	values []*float64
	fill   bool
	dashed bool
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
	if n < 3 {
		doc.para("Een radardiagram heeft minstens drie competenties nodig; zie de tabel hieronder.", 9.5, colMuted)
		return
	}
	self := radarSeries{label: "Zelfbeoordeling", color: colSelf}
	others := radarSeries{label: "Anderen (gemiddelde)", color: colOthers, fill: true}
	norm := radarSeries{label: "Norm", color: colNorm, dashed: true}
	var labels []string
	for _, r := range rows {
		self.values = append(self.values, r.Self)
		others.values = append(others.values, r.Others)
		norm.values = append(norm.values, r.Norm)
		labels = append(labels, r.Name)
	}
	var series []radarSeries
	for _, s := range []radarSeries{norm, others, self} {
		for _, v := range s.values {
			if v != nil {
				series = append(series, s)
				break
			}
		}
	}

	angle := func(i int) float64 { return -math.Pi/2 + 2*math.Pi*float64(i)/float64(n) }
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

	pt := func(i int, v float64) gofpdf.PointType {
		f := (math.Max(lo, math.Min(hi, v)) - lo) / (hi - lo)
		a := angle(i)
		return gofpdf.PointType{X: cx + math.Cos(a)*radarR*f, Y: cy + math.Sin(a)*radarR*f}
	}

	// Rings: one per scale step (whole steps when the scale allows).
	step := 1.0
	for (hi-lo)/step > 10 {
		step *= 2
	}
	p.SetLineWidth(0.2)
	doc.draw(colGrid)
	for v := lo + step; v <= hi+1e-9; v += step {
		ring := make([]gofpdf.PointType, n)
		for i := range ring {
			ring[i] = pt(i, v)
		}
		if math.Abs(v-hi) < 1e-9 {
			doc.draw(colRule)
			p.SetLineWidth(0.35)
		}
		p.Polygon(ring, "D")
	}
	p.SetLineWidth(0.2)
	doc.draw(colGrid)
	for i := 0; i < n; i++ {
		o := pt(i, hi)
		p.Line(cx, cy, o.X, o.Y)
	}
	// Ring values along the first spoke.
	doc.font("", 6.5)
	doc.color(colMuted)
	for v := lo; v <= hi+1e-9; v += step {
		q := pt(0, v)
		doc.text(q.X+1.2, q.Y+(2.3), domain.FormatNumberTrim(v, 1))
	}
	p.Circle(cx, cy, 0.5, "F")

	// Series: fills first, then outlines and markers on top.
	for _, s := range series {
		pts, complete := seriesPoints(s, pt)
		if s.fill && complete {
			doc.fill(s.color)
			p.SetAlpha(0.16, "Normal")
			p.Polygon(pts, "F")
			p.SetAlpha(1, "Normal")
		}
	}
	for _, s := range series {
		pts, complete := seriesPoints(s, pt)
		doc.draw(s.color)
		doc.fill(s.color)
		if s.dashed {
			p.SetLineWidth(0.45)
			p.SetDashPattern([]float64{1.4, 1.0}, 0)
		} else {
			p.SetLineWidth(0.7)
		}
		if complete {
			p.Polygon(pts, "D")
		} else {
			// Join only neighbours that both have a value.
			for i := 0; i < n; i++ {
				j := (i + 1) % n
				if s.values[i] != nil && s.values[j] != nil {
					a, b := pt(i, *s.values[i]), pt(j, *s.values[j])
					p.Line(a.X, a.Y, b.X, b.Y)
				}
			}
		}
		p.SetDashPattern([]float64{}, 0)
		if !s.dashed {
			for i, v := range s.values {
				if v != nil {
					q := pt(i, *v)
					p.Circle(q.X, q.Y, 0.85, "F")
				}
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
		s radarSeries
		w float64
	}
	var items []item
	totalW := 0.0
	for i := len(series) - 1; i >= 0; i-- {
		s := series[i]
		w := 9 + doc.width(s.label)
		items = append(items, item{s, w})
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

// seriesPoints returns the polygon of a series and whether every axis has
// a value.
func seriesPoints(s radarSeries, pt func(int, float64) gofpdf.PointType) ([]gofpdf.PointType, bool) {
	pts := make([]gofpdf.PointType, 0, len(s.values))
	for i, v := range s.values {
		if v == nil {
			return nil, false
		}
		pts = append(pts, pt(i, *v))
	}
	return pts, true
}
