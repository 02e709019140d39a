package report

import (
	"fmt"
	"io"
	"math"
	"sort"

	"regiepool/internal/domain"
)

// RegieWeeks is the length of a regie period the caseload explanation
// assumes: the arrangement's hours are spread over this many weeks.
const RegieWeeks = domain.DefaultExpectedWeeks

// ArrangementHoursPerWeek is the arrangement spread over a regie period of
// RegieWeeks: what one case asks of a regisseur per week.
func (m Monitoring) ArrangementHoursPerWeek() float64 { return m.ArrangementHours / RegieWeeks }

// bar is one bar of a horizontal bar chart.
type bar struct {
	label string
	value float64
	text  string // shown right of the bar
	color rgb
}

// MonitoringPDF renders the pilot's monitoring report for monitors and
// admins: the ten questions in order, each with its answer, method,
// figures (value or "te weinig gegevens", with n) and chart, then the
// other figures. Aggregates only, never a person.
func MonitoringPDF(w io.Writer, m Monitoring) error {
	area := m.Municipality
	if area == "" {
		area = "alle gemeenten"
	}
	doc := newDoc("Monitoring pilot Regiepool", "Monitoring pilot · "+area,
		"Geaggregeerde cijfers — bevat geen persoonsgegevens", m.GeneratedAt)
	p := doc.pdf
	p.AddPage()
	doc.title("Monitoring pilot", "De tien vragen van de pilot beantwoord met cijfers")
	round := m.PoolRound
	if round == "" {
		round = "alle regisseurs"
	}
	doc.facts([][2]string{
		{"Periode (aanmelding)", domain.FormatDate(m.From) + " t/m " + domain.FormatDate(m.To)},
		{"Gemeente", area},
		{"Poolronde", round},
	})
	doc.para(PeriodNote(m)+" "+FreshnessNote(m)+" "+CellRuleNote(m), 8.5, colMuted)
	sections := append([]Question(nil), m.Questions...)
	if m.Other != nil {
		sections = append(sections, *m.Other)
	}
	for _, q := range sections {
		doc.question(q)
	}
	return finish(p, w)
}

// PeriodNote says how the period was widened to whole quarters.
func PeriodNote(m Monitoring) string {
	s := "De periode is afgerond op hele kwartalen: " + domain.FormatDate(m.From) + " t/m " + domain.FormatDate(m.To)
	if !m.AskedFrom.IsZero() && (!m.AskedFrom.Equal(m.From) || !m.AskedTo.Equal(m.To)) {
		s += " (gevraagd: " + domain.FormatDate(m.AskedFrom) + " t/m " + domain.FormatDate(m.AskedTo) + ")"
	}
	return s + "."
}

// FreshnessNote says when the figures were computed and, for a report
// served from its snapshot, that later records are not in them yet.
func FreshnessNote(m Monitoring) string {
	s := "De cijfers zijn berekend op " + domain.FormatDateTime(m.GeneratedAt.Local()) + "."
	if m.RefreshEvery > 0 {
		s += " Bij deze omvang worden ze elke " + domain.FormatNumber(m.RefreshEvery.Minutes(), 0) +
			" minuten opnieuw berekend; wat daarna is vastgelegd, telt er nog niet in mee."
	}
	return s
}

// CellRuleNote explains the small-cell rule in one or two sentences.
func CellRuleNote(m Monitoring) string {
	return fmt.Sprintf("Een cijfer dat op minder dan %d casussen, gezinnen of personen rust, staat er als ‘%s’; "+
		"ook als het in één kwartaal, of voor de rest van de regio of de pool, op 1 tot %d rust, zodat niemand "+
		"het antwoord van één gezin of de score van één regisseur kan afleiden door rapporten van elkaar af te trekken.",
		m.MinCell, Suppressed, max(m.MinCell-1, 1))
}

// question draws one question: heading, answer, method, figures, chart.
func (doc *doc) question(q Question) {
	title := q.Question
	if q.ID > 0 {
		title = fmt.Sprintf("%d. %s", q.ID, q.Question)
	}
	t := newTable(column{"Cijfer", contentW - 60, "L"}, column{"Waarde", 40, "R"}, column{"n", 20, "R"})
	t.size = 9
	var rows []row
	for _, f := range q.Figures {
		rows = append(rows, row{cells: []cell{txt(f.Label), txt(f.Text()), txt(fmt.Sprint(f.N))}})
	}
	doc.heading(title, 30+min(doc.tableHeight(t, rows), 60))
	doc.para(q.Answer, 9.5, colText)
	doc.para("Methode: "+q.Method, 8, colMuted)
	if len(rows) > 0 {
		doc.render(t, rows)
	}
	if len(q.Quotes) > 0 {
		doc.subheading("Citaten", 20)
		for _, c := range q.Quotes {
			doc.bullet(c.Label+", "+c.Aspect+": “"+c.Text+"”", 9)
		}
	}
	if c := q.Chart; c != nil && len(c.Bars) > 0 {
		doc.subheading(c.Title, 12+7.6*float64(len(c.Bars)))
		var bars []bar
		top := c.Max
		for _, b := range c.Bars {
			br := bar{label: fmt.Sprintf("%s (n = %d)", b.Label, b.N), color: colBrand, text: b.Text(c.Unit)}
			if b.Value != nil {
				br.value = *b.Value
				top = math.Max(top, br.value)
			} else {
				br.color = colOthers
			}
			bars = append(bars, br)
		}
		if top <= 0 {
			top = 1
		}
		doc.hbars(bars, top, nil, nil)
	}
}

// ReasonCount is one close reason (its Dutch label) with its number of cases.
type ReasonCount struct {
	Label string
	N     int
}

// SortedCloseReasons lists the close reasons by count, most frequent first,
// then by label: the order of the PDF and the monitoring page.
func (m Monitoring) SortedCloseReasons() []ReasonCount {
	out := make([]ReasonCount, 0, len(m.CloseReasons))
	for l, n := range m.CloseReasons {
		out = append(out, ReasonCount{l, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// niceMax rounds an axis maximum up to 1, 2 or 5 times a power of ten.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	e := math.Pow(10, math.Floor(math.Log10(v)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if f*e >= v {
			return f * e
		}
	}
	return 10 * e
}

// refLine marks a reference value (such as the arrangement) on a chart.
type refLine struct {
	value float64
	label string
}

// hbars draws a horizontal bar chart: label left, bar, value text right.
// ticks, when given, draw light vertical grid lines with their values.
func (doc *doc) hbars(bars []bar, maxV float64, ticks []float64, ref *refLine) {
	p := doc.pdf
	if len(bars) == 0 {
		return
	}
	const labelW, textW, barH, gap = 66.0, 34.0, 5.0, 2.6
	x0 := marginL + labelW + 2
	bw := contentW - labelW - 2 - textW
	// Lay out labels (they may take two lines).
	type lab struct {
		lines []string
		size  float64
	}
	labs := make([]lab, len(bars))
	rowH := make([]float64, len(bars))
	total := 4.0
	for i, b := range bars {
		lines, size := doc.fit(b.label, labelW, 2, 8.5, 7, "")
		labs[i] = lab{lines, size}
		rowH[i] = math.Max(barH, float64(len(lines))*lineH(size)) + gap
		total += rowH[i]
	}
	if ticks != nil || ref != nil {
		total += 6
	}
	doc.space(total + 2)
	y := p.GetY() + 1
	top := y
	xOf := func(v float64) float64 { return x0 + bw*math.Max(0, math.Min(v, maxV))/maxV }
	for i, b := range bars {
		h := rowH[i] - gap
		cy := y + h/2
		doc.font("", labs[i].size)
		doc.color(colText)
		lh := lineH(labs[i].size)
		ty := cy - float64(len(labs[i].lines))*lh/2
		for k, l := range labs[i].lines {
			p.Text(marginL, ty+float64(k)*lh+lh*0.5+labs[i].size*mmPerPt*0.35, l)
		}
		doc.fill(colZebra)
		p.Rect(x0, cy-barH/2, bw, barH, "F")
		if b.value > 0 {
			doc.fill(b.color)
			p.Rect(x0, cy-barH/2, xOf(b.value)-x0, barH, "F")
		}
		doc.font("B", 8.5)
		doc.text(x0+bw+2, cy+1.1, b.text)
		y += rowH[i]
	}
	bottom := y - gap
	if ticks != nil {
		doc.font("", 7)
		doc.color(colMuted)
		doc.draw(rgb{255, 255, 255})
		p.SetLineWidth(0.3)
		for _, t := range ticks {
			x := xOf(t)
			p.Line(x, top-0.5, x, bottom+0.5)
			doc.textCenter(x, bottom+4, domain.FormatNumberTrim(t, 1))
		}
	}
	if ref != nil {
		x := xOf(ref.value)
		doc.draw(colWarn)
		p.SetLineWidth(0.5)
		p.SetDashPattern([]float64{1.2, 0.8}, 0)
		p.Line(x, top-1.5, x, bottom+1.5)
		p.SetDashPattern([]float64{}, 0)
		doc.font("B", 7.5)
		doc.color(colWarn)
		doc.textCenter(x, bottom+5, ref.label)
	}
	doc.color(colText)
	p.SetLineWidth(0.2)
	next := bottom + 2
	if ticks != nil || ref != nil {
		next += 6
	}
	p.SetXY(marginL, next)
	doc.font("", 10)
}
