package report

import (
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/jung-kurt/gofpdf"

	"regiepool/internal/domain"
)

// Flag values of CompetencyRow.Flag.
const (
	flagBlindSpot      = "blind_spot"
	flagHiddenStrength = "hidden_strength"
)

// maxTrendRounds is how many rounds the trend table shows at most (the
// newest); fewer when their headers would not each fit on one line beside
// a competency column of minTrendNameW millimetres.
const (
	maxTrendRounds = 6
	minTrendNameW  = 40.0
)

// DevelopmentPDF renders the development report of one regisseur, for the
// regisseur and their coach: scores against the norm, a radar chart of
// self, others and norm, blind spots and hidden strengths, comments,
// development goals and the trend across rounds.
//
// It shows exactly the groups present in each CompetencyRow: hiding groups
// under the anonymity threshold is the caller's job.
func DevelopmentPDF(w io.Writer, d Development) error {
	lo, hi := scale(d)
	minRaters := d.MinRaters
	if minRaters <= 0 {
		minRaters = domain.MinRatersFloor // a report without a threshold states the floor
	}
	name := d.RegisseurName
	if name == "" {
		name = "regisseur"
	}
	doc := newDoc("Ontwikkelrapport "+name, "Ontwikkelrapport · "+name,
		"Vertrouwelijk — alleen voor de regisseur en de begeleider", d.GeneratedAt)
	p := doc.pdf
	p.AddPage()

	doc.title("Ontwikkelrapport", "Zelfbeoordeling en 360-feedback op de regiecompetenties")
	round := "Nog geen afgesloten 360-ronde: dit rapport toont alleen de zelfbeoordeling"
	if d.RoundClosedOn != nil {
		round = domain.FormatDate(*d.RoundClosedOn)
	}
	doc.facts([][2]string{
		{"Regisseur", name},
		{"Organisatie", orDash(d.Organisation)},
		{"Instrument", orDash(d.Instrument)},
		{"Ronde afgesloten op", round},
		{"Schaal", domain.FormatNumberTrim(lo, 2) + " (laag) tot en met " + domain.FormatNumberTrim(hi, 2) + " (hoog)"},
	})

	doc.heading("Profiel in één oogopslag", 120)
	doc.radar(d.Competencies, lo, hi)
	if len(d.Competencies) >= 3 {
		doc.para(readingGuide(d.Competencies, lo, hi), 8.5, colMuted)
	}

	doc.note(fmt.Sprintf("Anonimiteit. Groepen met minder dan %d antwoorden worden niet apart getoond; begeleider en "+
		"leidinggevende vanaf 1. Scores van groepen die niet apart getoond worden, tellen alleen mee in ‘Anderen’ "+
		"als die groepen samen minstens %d antwoorden hebben. Toelichtingen staan zonder afzender en in "+
		"alfabetische volgorde.", minRaters, minRaters))

	doc.scoreTable(d, lo, hi)
	doc.signals(d, lo, hi)
	doc.comments(d)
	doc.goals(d)
	doc.trend(d)

	return finish(p, w)
}

func finish(p *gofpdf.Fpdf, w io.Writer) error {
	if err := p.Error(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

func scale(d Development) (lo, hi float64) {
	lo, hi = d.ScaleMin, d.ScaleMax
	if hi <= lo {
		lo, hi = 1, 5
	}
	return lo, hi
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// signalLimit is the gap beyond which the scoring flags a competency: a
// third of the scale's range.
func signalLimit(lo, hi float64) float64 { return (hi - lo) / 3 }

// groupLabels is the union of the visible groups over all competencies, in
// order of first appearance.
func groupLabels(rows []CompetencyRow) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, g := range r.Groups {
			if !seen[g.Label] {
				seen[g.Label] = true
				out = append(out, g.Label)
			}
		}
	}
	return out
}

func meanN(mean *float64, n int) string {
	if mean == nil {
		return "–"
	}
	return domain.FormatNumber(*mean, 2) + " (" + fmt.Sprint(n) + ")"
}

func signalLabel(flag string) (string, *rgb) {
	switch flag {
	case flagBlindSpot:
		return "Blinde vlek", &colBlind
	case flagHiddenStrength:
		return "Verborgen kracht", &colHidden
	}
	return "", nil
}

func (doc *doc) scoreTable(d Development, lo, hi float64) {
	if len(d.Competencies) == 0 {
		doc.heading("Scores per competentie", 10)
		doc.para("Dit instrument heeft geen competenties om te tonen.", 10, colMuted)
		return
	}
	groups := groupLabels(d.Competencies)
	fixed := []column{
		{"Norm", 9, "C"}, {"Zelf", 9, "C"}, {"Anderen (n)", 16, "C"},
	}
	tail := []column{{"Verschil", 12, "C"}, {"Signaal", 20, "L"}}
	used := 0.0
	for _, c := range append(fixed, tail...) {
		used += c.width
	}
	gw := 0.0
	if len(groups) > 0 {
		gw = min(20, (contentW-used-34)/float64(len(groups)))
	}
	cols := []column{{"Competentie", contentW - used - gw*float64(len(groups)), "L"}}
	cols = append(cols, fixed...)
	for _, g := range groups {
		cols = append(cols, column{g, gw, "C"})
	}
	cols = append(cols, tail...)
	t := newTable(cols...)
	t.size = 8
	t.minSize = 6.5

	var rows []row
	single := false
	for _, c := range d.Competencies {
		cells := []cell{
			{text: c.Name, bold: true},
			txt(score(c.Norm)),
			txt(score(c.Self)),
			txt(meanN(c.Others, c.OthersN)),
		}
		for _, g := range groups {
			v := "–"
			for _, s := range c.Groups {
				if s.Label == g {
					m := s.Mean
					v = meanN(&m, s.N)
					if s.Single {
						v += singleMark
						single = true
					}
				}
			}
			cells = append(cells, txt(v))
		}
		gap := "–"
		if c.Gap != nil {
			gap = signed(*c.Gap)
		}
		sig, col := signalLabel(c.Flag)
		cells = append(cells, txt(gap), cell{text: sig, bold: true, color: col})
		rows = append(rows, row{cells: cells})
	}
	doc.heading("Scores per competentie", doc.tableHeight(t, rows))
	doc.render(t, rows)
	doc.para(fmt.Sprintf("Tussen haakjes het aantal antwoorden (n); – = geen score of niet apart getoond. Verschil = zelf min anderen. "+
		"Een verschil groter dan %s punt (een derde van de schaal) geeft een signaal.", domain.FormatNumber(signalLimit(lo, hi), 2)), 8, colMuted)
	if single {
		doc.para(singleMark+" "+singleNote, 8, colMuted)
	}
}

// singleMark marks a group score from one rater; singleNote explains it.
const (
	singleMark = "*"
	singleNote = "Gebaseerd op één beoordelaar: de begeleider of leidinggevende, die de regisseur kent; deze score is dus niet anoniem."
)

func (doc *doc) signals(d Development, lo, hi float64) {
	var blind, hidden []CompetencyRow
	for _, c := range d.Competencies {
		switch c.Flag {
		case flagBlindSpot:
			blind = append(blind, c)
		case flagHiddenStrength:
			hidden = append(hidden, c)
		}
	}
	doc.heading("Blinde vlekken en verborgen krachten", 20)
	doc.para("Een blinde vlek: u schat uzelf duidelijk hoger in dan anderen u zien. Een verborgen kracht: anderen "+
		"zien bij u meer dan u zelf denkt. Beide zijn een goed vertrekpunt voor het gesprek met uw begeleider.", 9.5, colText)
	line := func(c CompetencyRow) string {
		s := c.Name + ": zelf " + score(c.Self) + ", anderen " + meanN(c.Others, c.OthersN)
		if c.Gap != nil {
			s += ", verschil " + signed(*c.Gap)
		}
		if c.Norm != nil {
			s += " (norm " + score(c.Norm) + ")"
		}
		return s
	}
	doc.subheading("Blinde vlekken", 6)
	if len(blind) == 0 {
		doc.para("Geen blinde vlekken in deze ronde.", 9.5, colMuted)
	}
	for _, c := range blind {
		doc.bullet(line(c), 9.5)
	}
	doc.subheading("Verborgen krachten", 6)
	if len(hidden) == 0 {
		doc.para("Geen verborgen krachten in deze ronde.", 9.5, colMuted)
	}
	for _, c := range hidden {
		doc.bullet(line(c), 9.5)
	}
}

func (doc *doc) comments(d Development) {
	has := false
	for _, c := range d.Competencies {
		if len(c.Comments) > 0 {
			has = true
		}
	}
	if !has {
		return
	}
	doc.heading("Toelichtingen van beoordelaars", 20)
	doc.para("De toelichtingen staan per competentie, zonder naam of groep en in alfabetische volgorde.", 8.5, colMuted)
	for _, c := range d.Competencies {
		if len(c.Comments) == 0 {
			continue
		}
		doc.subheading(c.Name, 6)
		for _, s := range c.Comments {
			doc.bullet(s, 9.5)
		}
	}
}

func (doc *doc) goals(d Development) {
	if len(d.Goals) == 0 {
		doc.heading("Ontwikkeldoelen", 10)
		doc.para("Er zijn nog geen ontwikkeldoelen vastgelegd.", 9.5, colMuted)
		return
	}
	t := newTable(
		column{"Competentie", 40, "L"},
		column{"Doel", contentW - 40 - 28 - 24, "L"},
		column{"Status", 28, "L"},
		column{"Streefdatum", 24, "C"},
	)
	var rows []row
	for _, g := range d.Goals {
		rows = append(rows, row{cells: []cell{{text: orDash(g.Competency), bold: true}, txt(orDash(g.Description)), txt(orDash(g.Status)), txt(domain.FormatDate(g.TargetDate))}})
	}
	doc.heading("Ontwikkeldoelen", doc.tableHeight(t, rows))
	doc.render(t, rows)
}

func (doc *doc) trend(d Development) {
	if len(d.Trend) == 0 {
		doc.heading("Verloop over rondes", 10)
		doc.para("Er is nog geen afgesloten ronde: het verloop verschijnt zodra er rondes zijn afgesloten.", 9.5, colMuted)
		return
	}
	points := append([]TrendPoint(nil), d.Trend...)
	sort.SliceStable(points, func(i, j int) bool { return points[i].ClosedOn.Before(points[j].ClosedOn) })
	// The headers are the results page's (domain.TrendRoundHeader), numbered
	// over every round; a column is as wide as the widest, on one line.
	const headSize = 7.5
	headers := make([]string, len(points))
	rw := 19.0
	doc.font("B", headSize)
	for i, tp := range points {
		headers[i] = domain.TrendRoundHeader(i+1, tp.ClosedOn)
		rw = max(rw, doc.width(headers[i])+2*headPad+0.6)
	}
	withChange := len(points) >= 2
	cw := 0.0
	if withChange {
		cw = 18
	}
	n := min(len(points), maxTrendRounds, max(2, int((contentW-cw-minTrendNameW)/rw)))
	shown, headers := points[len(points)-n:], headers[len(points)-n:]
	// Competencies of the report first, then any that only older rounds had.
	var names []string
	seen := map[string]bool{}
	for _, c := range d.Competencies {
		if !seen[c.Name] {
			seen[c.Name] = true
			names = append(names, c.Name)
		}
	}
	var extra []string
	for _, tp := range shown {
		for n := range tp.Others {
			if !seen[n] {
				seen[n] = true
				extra = append(extra, n)
			}
		}
	}
	sort.Strings(extra)
	names = append(names, extra...)

	first := contentW - rw*float64(len(shown)) - cw
	cols := []column{{"Competentie (gemiddelde van anderen)", first, "L"}}
	for _, h := range headers {
		cols = append(cols, column{h, rw, "C"})
	}
	if withChange {
		cols = append(cols, column{"Verandering", cw, "C"})
	}
	t := newTable(cols...)
	t.size, t.headSize = 8, headSize
	var rows []row
	for _, n := range names {
		cells := []cell{{text: n, bold: true}}
		var vals []float64
		for _, tp := range shown {
			if v, ok := tp.Others[n]; ok {
				cells = append(cells, txt(domain.FormatNumber(v, 2)))
				vals = append(vals, v)
			} else {
				cells = append(cells, txt("–"))
				vals = append(vals, math.NaN())
			}
		}
		if withChange {
			a, b := vals[len(vals)-2], vals[len(vals)-1]
			c := cell{text: "–"}
			if !math.IsNaN(a) && !math.IsNaN(b) {
				c.text = signed(b - a)
				switch {
				case b-a >= 0.005:
					c.color = &colHidden
				case b-a <= -0.005:
					c.color = &colBlind
				}
			}
			cells = append(cells, c)
		}
		rows = append(rows, row{cells: cells})
	}
	doc.heading("Verloop over rondes", doc.tableHeight(t, rows))
	doc.render(t, rows)
	msg := "Verandering = laatste ronde min de ronde ervoor. – = geen score of niet genoeg antwoorden om te tonen."
	if !withChange {
		msg = "Een verloop is zichtbaar vanaf twee afgesloten rondes. – = geen score of niet genoeg antwoorden om te tonen."
	}
	if len(points) > len(shown) {
		msg += fmt.Sprintf(" Getoond: de laatste %d van %d rondes.", len(shown), len(points))
	}
	doc.para(msg, 8, colMuted)
}

// readingGuide explains the radar chart in plain words.
func readingGuide(rows []CompetencyRow, lo, hi float64) string {
	others := false
	for _, r := range rows {
		if r.Others != nil {
			others = true
		}
	}
	s := "Zo leest u de grafiek: elke as is een competentie, van " + domain.FormatNumberTrim(lo, 2) + " in het midden tot " + domain.FormatNumberTrim(hi, 2) +
		" aan de rand. De oranje lijn is uw eigen inschatting"
	if !others {
		return s + " en de stippellijn de norm voor regisseurs in de pool. Na de eerste afgesloten 360-ronde komt " +
			"het oordeel van anderen erbij."
	}
	return s + ", het blauwe vlak het gemiddelde van de anderen en de stippellijn de norm voor regisseurs in de " +
		"pool. Waar oranje buiten het blauwe vlak ligt, schat u uzelf hoger in dan anderen; waar het erbinnen ligt, " +
		"zien anderen meer dan u."
}
