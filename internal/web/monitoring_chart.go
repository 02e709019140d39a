package web

import (
	"fmt"

	"regiepool/internal/report"
)

// A monitoring chart on the page is an inline SVG drawn by the template
// report_monitoring from the geometry computed here (no JavaScript, no
// charting library: html/template escapes every label, and the page's
// content security policy allows no inline style, so the SVG uses
// presentation attributes only). Each bar has its label above it, the bar,
// and its value right of it; a suppressed bar is an empty outline with
// "te weinig gegevens". The data table beside it carries the same numbers
// for screen readers.

// The chart's geometry, in SVG user units (the viewBox scales it).
const (
	monChartWidth  = 640
	monChartBarW   = 440 // the longest bar
	monChartRowH   = 44
	monChartBarH   = 16
	monChartLabelY = 14 // the label's baseline within its row
	monChartBarY   = 20 // the bar's top within its row
)

// chartView is one chart as the template draws it.
type chartView struct {
	ID            string // the id of its <title>, for aria-labelledby
	Title         string
	Summary       string // what the chart shows, as its accessible name
	Unit          string
	Width, Height int
	Bars          []chartBarView
	Table         []report.ChartBar
}

// chartBarView is one bar: its row's top (Y), label, bar width (0 when
// suppressed), and the value's text and x.
type chartBarView struct {
	Y, LabelY, BarY, BarH, W, TextX, TextY int
	Label, Text                            string
	Suppressed                             bool
}

// newChartView lays out c; id names it uniquely on the page.
func newChartView(id string, c *report.Chart) *chartView {
	if c == nil || len(c.Bars) == 0 {
		return nil
	}
	top := c.Max
	for _, b := range c.Bars {
		if b.Value != nil && *b.Value > top {
			top = *b.Value
		}
	}
	v := &chartView{ID: id, Title: c.Title, Unit: c.Unit, Width: monChartWidth, Height: monChartRowH * len(c.Bars), Table: c.Bars}
	v.Summary = fmt.Sprintf("Staafdiagram: %s, %d staven; de tabel hierna geeft dezelfde cijfers.", c.Title, len(c.Bars))
	for i, b := range c.Bars {
		y := i * monChartRowH
		bv := chartBarView{Y: y, LabelY: y + monChartLabelY, BarY: y + monChartBarY, BarH: monChartBarH, Label: b.Label, Text: b.Text(c.Unit),
			TextY: y + monChartBarY + monChartBarH - 3, Suppressed: b.Value == nil}
		if b.Value != nil && top > 0 && *b.Value > 0 {
			bv.W = max(1, int(float64(monChartBarW)**b.Value/top+0.5))
		}
		if bv.Suppressed {
			bv.W = monChartBarW / 4
		}
		bv.TextX = bv.W + 8
		v.Bars = append(v.Bars, bv)
	}
	return v
}
