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

// MeanText writes a mean of the voice the Dutch way: "–" when it is not
// shown (below the threshold, or not asked of the kind).
func (v VoiceFigure) MeanText(mean *float64) string {
	if !v.Shown || mean == nil {
		return "–"
	}
	return domain.FormatNumber(*mean, 2)
}

// Share says what part of its whole an indicator is: "x %" of Of when
// it has one, else the number per case with regie (withRegie), "–" when
// there is nothing to divide by.
func (i Indicator) Share(withRegie int) string {
	if i.Of > 0 {
		return domain.FormatPercent(i.Value, i.Of)
	}
	if withRegie == 0 {
		return "–"
	}
	return domain.FormatNumber(float64(i.Value)/float64(withRegie), 1) + " per casus"
}

// bar is one bar of a horizontal bar chart.
type bar struct {
	label string
	value float64
	text  string // shown right of the bar
	color rgb
}

// MonitoringPDF renders the pilot's monitoring figures for monitors and
// admins. It holds counts and distributions only, never a person.
func MonitoringPDF(w io.Writer, m Monitoring) error {
	area := m.Municipality
	if area == "" {
		area = "alle gemeenten"
	}
	doc := newDoc("Monitoring pilot Regiepool", "Monitoring pilot · "+area,
		"Geaggregeerde cijfers — bevat geen persoonsgegevens", m.GeneratedAt)
	p := doc.pdf
	p.AddPage()
	doc.title("Monitoring pilot", "De vragen van de pilot beantwoord met cijfers over de aangemelde complexe casussen")
	doc.facts([][2]string{
		{"Periode (aanmelding)", domain.FormatDate(m.From) + " t/m " + domain.FormatDate(m.To)},
		{"Gemeente", area},
	})
	withRegie := m.Assigned + m.Closed
	hoursTile := "–"
	if m.HoursPerCase.N > 0 {
		hoursTile = domain.FormatNumberTrim(m.HoursPerCase.Mean, 1) + " uur"
	}
	daysTile := "–"
	if m.DaysToAssignment.N > 0 {
		daysTile = domain.FormatNumberTrim(m.DaysToAssignment.Median, 1) + " dagen"
	}
	doc.tiles([]tile{
		{fmt.Sprint(m.Cases), "casussen aangemeld"},
		{domain.FormatPercent(m.MeetsDefinition, m.Cases), "voldoet aan de werkdefinitie"},
		{hoursTile, arrangementLabel(m.ArrangementHours)},
		{daysTile, "mediaan van aanmelding tot toewijzing"},
	})
	doc.para("Dit rapport bevat uitsluitend geaggregeerde cijfers: aantallen, gemiddelden en spreiding. Er staan geen "+
		"namen, adressen of andere persoonsgegevens in. Kleine aantallen vragen om voorzichtigheid bij het trekken van conclusies.", 8.5, colMuted)

	// 1. Instroom.
	t := newTable(column{"Indicator", contentW - 60, "L"}, column{"Aantal", 30, "R"}, column{"Aandeel", 30, "R"})
	t.size = 9
	rows := []row{
		{cells: []cell{txt("Aangemelde casussen"), txt(fmt.Sprint(m.Cases)), txt(domain.FormatPercent(m.Cases, m.Cases))}},
		{cells: []cell{txt("Voldoen aan de werkdefinitie complexe casus"), txt(fmt.Sprint(m.MeetsDefinition)), txt(domain.FormatPercent(m.MeetsDefinition, m.Cases))}},
		{cells: []cell{txt("Buiten de werkdefinitie, met reden toch aangemeld"), txt(fmt.Sprint(m.OutsideDefinition)), txt(domain.FormatPercent(m.OutsideDefinition, m.Cases))}},
		{cells: []cell{txt("Regie buiten de pool belegd"), txt(fmt.Sprint(m.OutsidePool)), txt(domain.FormatPercent(m.OutsidePool, m.Cases))}},
		{kind: rowSection, cells: []cell{txt("Stand van de casussen")}},
		{cells: []cell{txt("Wachtend op een regisseur"), txt(fmt.Sprint(m.Waiting)), txt(domain.FormatPercent(m.Waiting, m.Cases))}},
		{cells: []cell{txt("Regisseur toegewezen (lopend)"), txt(fmt.Sprint(m.Assigned)), txt(domain.FormatPercent(m.Assigned, m.Cases))}},
		{cells: []cell{txt("Afgesloten"), txt(fmt.Sprint(m.Closed)), txt(domain.FormatPercent(m.Closed, m.Cases))}},
	}
	doc.heading("1. Hoeveel casussen, en voldoen ze aan de werkdefinitie?", doc.tableHeight(t, rows))
	doc.render(t, rows)

	// 2. Indicators per result area.
	t = newTable(column{"Indicator", contentW - 60, "L"}, column{"Aantal", 30, "R"}, column{"Aandeel", 30, "R"})
	t.size = 9
	doc.heading("2. Wat gebeurt er per resultaatgebied?", 60)
	doc.para(fmt.Sprintf("Geteld uit de vastgelegde stappen van het casuslogboek. ‘Aandeel’ zegt van hoeveel het aantal een deel is; "+
		"anders staat er het aantal per casus met een regisseur (%d, lopend of afgesloten).", withRegie), 8.5, colMuted)
	var rows2 []row
	for _, ra := range m.ResultAreas {
		rows2 = append(rows2, row{kind: rowSection, cells: []cell{txt("Resultaatgebied " + domain.ResultAreaLabel(ra.Number))}})
		if len(ra.Indicators) == 0 {
			rows2 = append(rows2, row{cells: []cell{txt("Het casuslogboek legt hiervoor geen indicator vast."), txt(""), txt("")}})
		}
		for _, ind := range ra.Indicators {
			rows2 = append(rows2, row{cells: []cell{txt(ind.Label), txt(fmt.Sprint(ind.Value)), txt(ind.Share(withRegie))}})
		}
		v := "–"
		if ra.Satisfaction.N > 0 {
			v = domain.FormatNumber(ra.Satisfaction.Mean, 2)
		}
		rows2 = append(rows2, row{cells: []cell{txt("Tevredenheid gezin (1–5)"), txt(v), txt(fmt.Sprintf("n = %d", ra.Satisfaction.N))}})
	}
	doc.render(t, rows2)
	doc.para("Tevredenheid: gemiddelde van de beoordelingen door gezinnen op een schaal van 1 tot en met 5; n = aantal beoordelingen.", 8, colMuted)

	// 3. Satisfaction chart.
	doc.heading("3. Hoe tevreden zijn gezinnen?", 55)
	var sbars []bar
	for _, ra := range m.ResultAreas {
		s := ra.Satisfaction
		b := bar{label: domain.ResultAreaLabel(ra.Number), color: colOthers, text: "geen beoordelingen"}
		if s.N > 0 {
			b.value = s.Mean
			b.text = fmt.Sprintf("%s (n = %d)", domain.FormatNumber(s.Mean, 2), s.N)
		}
		sbars = append(sbars, b)
	}
	doc.hbars(sbars, 5, []float64{1, 2, 3, 4, 5}, nil)
	if len(m.Voice) > 0 {
		vt := newTable(column{"Respondenten", contentW - 120, "L"}, column{"Beantwoord", 30, "R"},
			column{"Gehoord", 30, "R"}, column{"Geholpen", 30, "R"}, column{"Samenwerking", 30, "R"})
		vt.size = 9
		var vrows []row
		for _, v := range m.Voice {
			vrows = append(vrows, row{cells: []cell{txt(v.Label), txt(fmt.Sprintf("%d van %d", v.Answered, v.Issued)),
				txt(v.MeanText(v.Heard)), txt(v.MeanText(v.Helped)), txt(v.MeanText(v.Collaboration))}})
		}
		doc.heading("Vragenlijsten bij evaluaties en afsluitingen", doc.tableHeight(vt, vrows))
		doc.render(vt, vrows)
		doc.para(fmt.Sprintf("Gemiddelden op een schaal van 1 tot en met 5, alleen vanaf %d antwoorden per soort respondent; "+
			"‘–’: te weinig antwoorden of niet gevraagd.", domain.VoiceThreshold), 8, colMuted)
	}

	if len(m.Overrides) > 0 {
		ot := newTable(column{"Uitsluiting", contentW - 30, "L"}, column{"Toch toegewezen", 30, "R"})
		ot.size = 9
		var orows []row
		for _, o := range m.Overrides {
			orows = append(orows, row{cells: []cell{txt(o.Label), txt(fmt.Sprint(o.N))}})
		}
		doc.heading("Toewijzingen ondanks een uitsluiting", doc.tableHeight(ot, orows))
		doc.render(ot, orows)
		doc.para("Hoe vaak een casusverdeler een regisseur toch toewees, met een reden, terwijl de rangschikking hem uitsloot: "+
			"een signaal of het profiel of een harde ondergrens moet veranderen.", 8, colMuted)
	}

	// 4. Hours.
	doc.heading("4. Hoeveel uren kost een casus?", 75)
	h := m.HoursPerCase
	if h.N == 0 {
		doc.para("Er zijn nog geen casussen met een regisseur, dus nog geen uren.", 9.5, colMuted)
	} else {
		t = newTable(
			column{"Casussen (n)", 24, "C"}, column{"Gemiddeld", 24, "C"}, column{"Mediaan", 24, "C"},
			column{"90e percentiel", 26, "C"}, column{"Minimum", 24, "C"}, column{"Maximum", 24, "C"},
			column{"Afspraak", contentW - 146, "C"},
		)
		t.size = 9
		doc.render(t, []row{{cells: []cell{
			txt(fmt.Sprint(h.N)), txt(domain.FormatNumber(h.Mean, 1)), txt(domain.FormatNumber(h.Median, 1)), txt(domain.FormatNumber(h.P90, 1)),
			txt(domain.FormatNumber(h.Min, 1)), txt(domain.FormatNumber(h.Max, 1)), txt(domain.FormatNumber(m.ArrangementHours, 1)),
		}}})
		var ref *refLine
		top := h.Max
		if m.ArrangementHours > 0 {
			ref = &refLine{value: m.ArrangementHours, label: "afspraak " + domain.FormatNumberTrim(m.ArrangementHours, 1) + " uur"}
			top = math.Max(top, m.ArrangementHours)
		}
		hb := []bar{
			{label: "Minimum", value: h.Min, text: domain.FormatNumber(h.Min, 1) + " uur", color: colOthers},
			{label: "Mediaan", value: h.Median, text: domain.FormatNumber(h.Median, 1) + " uur", color: colOthers},
			{label: "Gemiddeld", value: h.Mean, text: domain.FormatNumber(h.Mean, 1) + " uur", color: colBrand},
			{label: "90e percentiel", value: h.P90, text: domain.FormatNumber(h.P90, 1) + " uur", color: colOthers},
			{label: "Maximum", value: h.Max, text: domain.FormatNumber(h.Max, 1) + " uur", color: colOthers},
		}
		for i := range hb {
			if m.ArrangementHours > 0 && hb[i].value > m.ArrangementHours {
				hb[i].color = colSelf
			}
		}
		doc.hbars(hb, niceMax(top), nil, ref)
		doc.para("Uren van lopende casussen tellen mee met wat tot nu toe geschreven is; het gemiddelde over afgesloten "+
			"casussen ligt daardoor meestal hoger. Oranje: boven de afspraak.", 8, colMuted)
	}
	doc.caseload(m)

	// 5. Handovers.
	t = newTable(column{"Indicator", contentW - 60, "L"}, column{"Aantal", 30, "R"}, column{"Aandeel", 30, "R"})
	t.size = 9
	rows = []row{
		{cells: []cell{txt("Overdrachten naar een andere regisseur"), txt(fmt.Sprint(m.Handovers)), txt("")}},
		{cells: []cell{txt("Casussen met minstens één overdracht"), txt(fmt.Sprint(m.CasesWithHandover)), txt(domain.FormatPercent(m.CasesWithHandover, withRegie))}},
	}
	doc.heading("5. Blijft het gezin dezelfde regisseur houden?", doc.tableHeight(t, rows)+6)
	doc.render(t, rows)
	doc.para("Aandeel: van de casussen met een regisseur (lopend of afgesloten).", 8, colMuted)

	// 6. Close reasons.
	doc.heading("6. Waarom eindigt de regie?", min(80, 10+8*float64(len(m.CloseReasons))))
	reasons := m.SortedCloseReasons()
	if len(reasons) == 0 {
		doc.para("Er zijn in deze periode geen casussen afgesloten.", 9.5, colMuted)
	} else {
		total := 0
		for _, r := range reasons {
			total += r.N
		}
		var rb []bar
		maxN := 0
		for _, r := range reasons {
			maxN = max(maxN, r.N)
			rb = append(rb, bar{label: reasonLabel(r.Label), value: float64(r.N),
				text: fmt.Sprintf("%d (%s)", r.N, domain.FormatPercent(r.N, total)), color: colBrand})
		}
		doc.hbars(rb, niceMax(float64(maxN)), nil, nil)
		doc.para(fmt.Sprintf("%d afgesloten casussen met een reden; aandeel van dat totaal tussen haakjes.", total), 8, colMuted)
	}

	// 7. Days to assignment.
	doc.heading("7. Hoe snel krijgt een gezin een regisseur?", 35)
	dd := m.DaysToAssignment
	if dd.N == 0 {
		doc.para("Er zijn in deze periode nog geen casussen toegewezen.", 9.5, colMuted)
	} else {
		t = newTable(
			column{"Casussen (n)", 29, "C"}, column{"Gemiddeld", 29, "C"}, column{"Mediaan", 29, "C"},
			column{"90e percentiel", 29, "C"}, column{"Minimum", 29, "C"}, column{"Maximum", contentW - 145, "C"},
		)
		t.size = 9
		doc.render(t, []row{{cells: []cell{
			txt(fmt.Sprint(dd.N)), txt(domain.FormatNumber(dd.Mean, 1)), txt(domain.FormatNumber(dd.Median, 1)), txt(domain.FormatNumber(dd.P90, 1)), txt(domain.FormatNumber(dd.Min, 1)), txt(domain.FormatNumber(dd.Max, 1)),
		}}})
		doc.para(fmt.Sprintf("Dagen van aanmelding tot de eerste toewijzing. De helft van de gezinnen had binnen %s dagen een "+
			"regisseur, negen op de tien binnen %s dagen.", domain.FormatNumberTrim(dd.Median, 1), domain.FormatNumberTrim(dd.P90, 1)), 9.5, colText)
	}
	return finish(p, w)
}

// caseload explains what the arrangement means for a regisseur's caseload.
func (doc *doc) caseload(m Monitoring) {
	if m.ArrangementHours <= 0 {
		doc.subheading("Wat betekent dat voor een caseload?", 10)
		doc.para("Er is geen urenafspraak per casus bekend.", 9.5, colMuted)
		return
	}
	perWeek := m.ArrangementHoursPerWeek()
	text := fmt.Sprintf("De afspraak is %s uur per casus. Verdeeld over een regieperiode van %d weken is dat ongeveer "+
		"%s uur per week per casus.", domain.FormatNumberTrim(m.ArrangementHours, 1), RegieWeeks, domain.FormatNumber(perWeek, 1))
	actual := 0.0
	if m.HoursPerCase.N > 0 && m.HoursPerCase.Mean > 0 {
		actual = m.HoursPerCase.Mean / RegieWeeks
		text += fmt.Sprintf(" Met het werkelijke gemiddelde van %s uur is dat %s uur per week per casus.",
			domain.FormatNumber(m.HoursPerCase.Mean, 1), domain.FormatNumber(actual, 1))
	}
	cols := []column{{"Uren per week voor regie", 60, "L"}, {"Casussen volgens de afspraak", 57, "C"}}
	if actual > 0 {
		cols = append(cols, column{"Casussen volgens het werkelijke gemiddelde", contentW - 117, "C"})
	} else {
		cols[1].width = contentW - 60
	}
	t := newTable(cols...)
	t.size = 9
	var rows []row
	for _, hw := range []float64{8, 16, 24, 32} {
		cells := []cell{txt(domain.FormatNumberTrim(hw, 1) + " uur"), txt(domain.FormatNumber(math.Floor(hw/perWeek), 0))}
		if actual > 0 {
			cells = append(cells, txt(domain.FormatNumber(math.Floor(hw/actual), 0)))
		}
		rows = append(rows, row{cells: cells})
	}
	doc.subheading("Wat betekent dat voor een caseload?", 14+doc.tableHeight(t, rows))
	doc.para(text, 9.5, colText)
	doc.render(t, rows)
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

func reasonLabel(l string) string {
	if l == "" {
		return "Onbekende reden"
	}
	return l
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

func arrangementLabel(h float64) string {
	if h <= 0 {
		return "gemiddeld per casus (geen afspraak bekend)"
	}
	return "gemiddeld per casus (afspraak " + domain.FormatNumberTrim(h, 1) + " uur)"
}
