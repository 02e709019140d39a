package report

import (
	"fmt"
	"io"

	"regiepool/internal/domain"
)

// poolTotals adds up members.
type poolTotals struct {
	members, active, max, left int
	hours                      float64
	attended, invited          int
}

func (t *poolTotals) add(m PoolMember) {
	t.members++
	t.active += m.ActiveCases
	t.max += m.MaxCases
	t.left += max(0, m.MaxCases-m.ActiveCases)
	t.hours += m.HoursPerWeek
	t.attended += m.Attended
	t.invited += m.Invited
}

func (t *poolTotals) merge(o poolTotals) {
	t.members += o.members
	t.active += o.active
	t.max += o.max
	t.left += o.left
	t.hours += o.hours
	t.attended += o.attended
	t.invited += o.invited
}

// PoolPDF renders the pool report for admins and coaches (p.Scope says
// whose members it holds): per organisation its members with status, caseload against their maximum,
// capacity left, hours and intervisie attendance, with totals.
func PoolPDF(w io.Writer, p Pool) error {
	doc := newDoc("Poolrapport Regiepool", "Poolrapport", "Vertrouwelijk — voor beheer en begeleiding", p.GeneratedAt)
	pdf := doc.pdf
	pdf.AddPage()
	doc.title("Poolrapport", "Bezetting, capaciteit en intervisie van de regisseurs in de pool, per organisatie")

	var all poolTotals
	per := make([]poolTotals, len(p.Organisations))
	for i, o := range p.Organisations {
		for _, m := range o.Members {
			per[i].add(m)
		}
		all.merge(per[i])
	}
	facts := [][2]string{
		{"Peildatum", domain.FormatDate(doc.generated)},
		{"Organisaties", fmt.Sprint(len(p.Organisations))},
	}
	if p.Scope != "" {
		facts = append(facts, [2]string{"Bereik", p.Scope})
	}
	doc.facts(facts)
	doc.tiles([]tile{
		{fmt.Sprint(all.members), "regisseurs in de pool"},
		{fmt.Sprintf("%d / %d", all.active, all.max), "actieve casussen / maximum"},
		{fmt.Sprint(all.left), "casussen ruimte"},
		{domain.FormatPercent(all.attended, all.invited), "opkomst intervisie"},
	})

	if len(p.Organisations) == 0 {
		doc.para("Er zijn geen organisaties met regisseurs in de pool.", 10, colMuted)
		return finish(pdf, w)
	}

	t := newTable(
		column{"Organisatie", 46, "L"},
		column{"Regisseurs", 17, "C"},
		column{"Casussen actief / max", 22, "C"},
		column{"Ruimte", 14, "C"},
		column{"Bezetting", 28, "L"},
		column{"Uren per week", 16, "C"},
		column{"Intervisie", contentW - 143, "C"},
	)
	var rows []row
	for i, o := range p.Organisations {
		rows = append(rows, row{cells: doc.totalsCells(orDash(o.Name), per[i])})
	}
	rows = append(rows, row{kind: rowTotal, cells: doc.totalsCells("Totaal", all)})
	doc.heading("Overzicht per organisatie", doc.tableHeight(t, rows))
	doc.render(t, rows)

	for i, o := range p.Organisations {
		if len(o.Members) == 0 {
			doc.heading(orDash(o.Name), 10)
			doc.para("Geen regisseurs in de pool.", 9.5, colMuted)
			continue
		}
		t := newTable(
			column{"Naam", 42, "L"},
			column{"Status", 26, "L"},
			column{"Casussen actief / max", 22, "C"},
			column{"Ruimte", 14, "C"},
			column{"Bezetting", 28, "L"},
			column{"Uren per week", 16, "C"},
			column{"Intervisie", contentW - 148, "C"},
		)
		var rows []row
		for _, m := range o.Members {
			var one poolTotals
			one.add(m)
			one.left = m.MaxCases - m.ActiveCases
			cells := doc.totalsCells(orDash(m.Name), one)
			cells[0].bold = true
			cells[1] = txt(orDash(m.Status))
			rows = append(rows, row{cells: cells})
		}
		tc := doc.totalsCells(fmt.Sprintf("Totaal (%d)", per[i].members), per[i])
		tc[1] = txt("")
		rows = append(rows, row{kind: rowTotal, cells: tc})
		doc.heading(orDash(o.Name), doc.tableHeight(t, rows))
		doc.render(t, rows)
	}
	doc.para("Ruimte = maximum min actieve casussen; negatief bij meer casussen dan het afgesproken maximum. In de totalen "+
		"telt alleen positieve ruimte mee: een overboekte regisseur verkleint de ruimte van een ander niet. "+
		"Intervisie = bijgewoonde / uitgenodigde bijeenkomsten.", 8, colMuted)
	return finish(pdf, w)
}

// totalsCells are the cells name, members, cases, room, occupancy, hours,
// intervisie. For a member the second cell is replaced by the status.
func (doc *doc) totalsCells(name string, t poolTotals) []cell {
	left := cell{text: fmt.Sprint(t.left)}
	if t.left < 0 {
		left.color = &colWarn
		left.bold = true
	}
	inter := "–"
	if t.invited > 0 {
		inter = fmt.Sprintf("%d / %d (%s)", t.attended, t.invited, domain.FormatPercent(t.attended, t.invited))
	}
	occ := cell{}
	if t.max > 0 {
		frac := float64(t.active) / float64(t.max)
		occ.draw = doc.occupancyBar(frac)
	} else {
		occ.text = "–"
	}
	return []cell{
		{text: name},
		txt(fmt.Sprint(t.members)),
		txt(fmt.Sprintf("%d / %d", t.active, t.max)),
		left,
		occ,
		txt(domain.FormatNumberTrim(t.hours, 1)),
		txt(inter),
	}
}

// occupancyBar draws a small bar with the percentage beside it.
func (doc *doc) occupancyBar(frac float64) func(x, y, w, h float64) {
	return func(x, y, w, h float64) {
		p := doc.pdf
		label := domain.FormatNumber(100*frac, 0) + "%"
		doc.font("", 7.5)
		tw := doc.width("100%")
		bw := w - 2*padX - tw - 1.5
		by := y + h/2 - 1.4
		doc.fill(colGrid)
		p.Rect(x+padX, by, bw, 2.8, "F")
		c := colOthers
		if frac > 1 {
			c = colWarn
		} else if frac >= 0.9 {
			c = colSelf
		}
		doc.fill(c)
		p.Rect(x+padX, by, bw*min(frac, 1), 2.8, "F")
		doc.color(colText)
		doc.textRight(x+w-padX, y+h/2+1, label)
	}
}
