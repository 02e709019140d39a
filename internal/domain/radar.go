package domain

import "math"

// The geometry of the radar chart of a development report, computed once
// and drawn twice: as SVG on the results page (internal/web) and in the
// PDF (internal/report). Coordinates are in units of the outer ring's
// radius around the centre (0, 0), with y pointing down as on a page and in
// SVG; a renderer only scales and moves them.

// RadarPoint is a point of the chart, in units of the outer radius.
type RadarPoint struct{ X, Y float64 }

// RadarRing is the ring of one scale value.
type RadarRing struct {
	Value  float64
	Points []RadarPoint // one per axis
	Outer  bool         // the ring of the scale's maximum
}

// RadarSeries is one polygon: a point per axis, nil where there is no
// value; Complete when every axis has one.
type RadarSeries struct {
	Key      string // RadarSelf, RadarOthers or RadarNorm
	Values   []*float64
	Points   []*RadarPoint
	Complete bool
}

// The series of a radar chart.
const (
	RadarSelf   = "self"
	RadarOthers = "others"
	RadarNorm   = "norm"
)

// RadarMinAxes is the fewest axes a radar chart is drawn with; with fewer,
// the table alone shows the scores.
const RadarMinAxes = 3

// Radar is the whole chart: axes, rings and series.
type Radar struct {
	Lo, Hi float64
	Axes   []RadarPoint // the outer end of each spoke
	Angles []float64    // the angle of each spoke, from the top, clockwise
	Rings  []RadarRing
	// Series are the series with at least one value, in drawing order:
	// norm, others, self.
	Series []RadarSeries
}

// NewRadar lays out a chart of n axes on the scale lo..hi with the values
// of self, others and norm per axis (each of length n, nil for no value).
// Values outside the scale are drawn at its edge. With fewer than
// RadarMinAxes axes it returns ok false.
func NewRadar(lo, hi float64, self, others, norm []*float64) (Radar, bool) {
	n := len(self)
	r := Radar{Lo: lo, Hi: hi}
	if n < RadarMinAxes || len(others) != n || len(norm) != n || hi <= lo {
		return r, false
	}
	for i := range n {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		r.Angles = append(r.Angles, a)
		r.Axes = append(r.Axes, RadarPoint{X: math.Cos(a), Y: math.Sin(a)})
	}
	// One ring per scale step: whole steps when the scale allows.
	step := 1.0
	for (hi-lo)/step > 10 {
		step *= 2
	}
	for v := lo + step; v <= hi+1e-9; v += step {
		ring := RadarRing{Value: v, Outer: math.Abs(v-hi) < 1e-9}
		for i := range n {
			ring.Points = append(ring.Points, r.Point(i, v))
		}
		r.Rings = append(r.Rings, ring)
	}
	for _, s := range []RadarSeries{{Key: RadarNorm, Values: norm}, {Key: RadarOthers, Values: others}, {Key: RadarSelf, Values: self}} {
		s.Complete = true
		has := false
		for i, v := range s.Values {
			if v == nil {
				s.Points = append(s.Points, nil)
				s.Complete = false
				continue
			}
			p := r.Point(i, *v)
			s.Points = append(s.Points, &p)
			has = true
		}
		if has {
			r.Series = append(r.Series, s)
		}
	}
	return r, true
}

// Point is where value v lies on axis i.
func (r Radar) Point(i int, v float64) RadarPoint {
	f := (math.Max(r.Lo, math.Min(r.Hi, v)) - r.Lo) / (r.Hi - r.Lo)
	return RadarPoint{X: r.Axes[i].X * f, Y: r.Axes[i].Y * f}
}

// Edges are the segments of series s between neighbouring axes that both
// have a value: the outline when it is not complete.
func (s RadarSeries) Edges() [][2]RadarPoint {
	var out [][2]RadarPoint
	n := len(s.Points)
	for i := range n {
		j := (i + 1) % n
		if s.Points[i] != nil && s.Points[j] != nil {
			out = append(out, [2]RadarPoint{*s.Points[i], *s.Points[j]})
		}
	}
	return out
}
