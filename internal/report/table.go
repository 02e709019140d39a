package report

// column is one column of a table.
type column struct {
	title string
	width float64
	align string // "L", "C" or "R"
}

// cell is one table cell. draw, when set, paints extra content (a bar) in
// the cell's box after the text has been placed.
type cell struct {
	text  string
	bold  bool
	color *rgb
	draw  func(x, y, w, h float64)
}

// rowKind styles a row.
type rowKind int

const (
	rowNormal  rowKind = iota
	rowTotal           // bold on a soft brand fill
	rowSection         // one cell spanning the table, as a group title
)

type row struct {
	kind  rowKind
	cells []cell
}

// table draws rows under a repeated header, with zebra striping, wrapped
// cell text and no row split across pages.
type table struct {
	cols     []column
	size     float64 // body font size in points
	headSize float64
	minSize  float64 // cells shrink to this size before cutting words
}

const (
	padX = 1.6
	padY = 1.3
)

func newTable(cols ...column) *table {
	return &table{cols: cols, size: 8.5, headSize: 8, minSize: 7}
}

// txt is a plain cell.
func txt(s string) cell { return cell{text: s} }

// layout is a cell's wrapped text at its chosen size.
type layout struct {
	lines []string
	size  float64
	style string
}

func lineH(size float64) float64 { return size * mmPerPt * 1.28 }

func (d *doc) layoutCell(c cell, w, pad float64, size, minSize float64, bold bool) layout {
	style := ""
	if bold || c.bold {
		style = "B"
	}
	lines, fs := d.fit(c.text, w-2*pad, 0, size, minSize, style)
	return layout{lines: lines, size: fs, style: style}
}

func (l layout) height() float64 {
	h := 0.0
	if len(l.lines) > 0 {
		h = float64(len(l.lines)) * lineH(l.size)
	}
	return h + 2*padY
}

// put writes a laid-out cell into the box (x, y, w, h), vertically centred.
func (d *doc) put(l layout, x, y, w, h float64, align string) { d.putPad(l, x, y, w, h, align, padX) }

func (d *doc) putPad(l layout, x, y, w, h float64, align string, padX float64) {
	p := d.pdf
	d.font(l.style, l.size)
	lh := lineH(l.size)
	top := y + (h-float64(len(l.lines))*lh)/2
	for i, s := range l.lines {
		base := top + float64(i)*lh + lh*0.5 + l.size*mmPerPt*0.35
		tw := p.GetStringWidth(s)
		tx := x + padX
		switch align {
		case "R":
			tx = x + w - padX - tw
		case "C":
			tx = x + (w-tw)/2
		}
		p.Text(tx, base, s)
	}
}

func (t *table) width() float64 {
	w := 0.0
	for _, c := range t.cols {
		w += c.width
	}
	return w
}

// headPad is the narrower horizontal padding of header cells.
const headPad = 0.9

func (d *doc) headerLayout(t *table) ([]layout, float64) {
	ls := make([]layout, len(t.cols))
	h := 0.0
	for i, c := range t.cols {
		ls[i] = d.layoutCell(cell{text: c.title}, c.width, headPad, t.headSize, t.headSize-1, true)
		h = max(h, ls[i].height())
	}
	return ls, h
}

func (d *doc) tableHeader(t *table) {
	p := d.pdf
	ls, h := d.headerLayout(t)
	y := p.GetY()
	d.fill(colBrand)
	p.Rect(marginL, y, t.width(), h, "F")
	d.color(rgb{255, 255, 255})
	x := marginL
	for i, c := range t.cols {
		d.putPad(ls[i], x, y, c.width, h, c.align, headPad)
		x += c.width
	}
	d.color(colText)
	p.SetXY(marginL, y+h)
}

// keepTogether is the height up to which a table is kept on one page.
const keepTogether = 100.0

type laid struct {
	ls []layout
	h  float64
}

// tableHeight is the height of the whole table, or keepTogether when it is
// taller: what a heading before it should keep on its page.
func (d *doc) tableHeight(t *table, rows []row) float64 {
	_, total := d.layoutRows(t, rows)
	return min(total, keepTogether)
}

// layoutRows wraps every cell and returns the rows and the table's height.
func (d *doc) layoutRows(t *table, rows []row) ([]laid, float64) {
	maxH := bottomY - marginT - 20
	out := make([]laid, len(rows))
	for ri, r := range rows {
		var ls []layout
		h := 0.0
		if r.kind == rowSection {
			c := cell{}
			if len(r.cells) > 0 {
				c = r.cells[0]
			}
			ls = []layout{d.layoutCell(c, t.width(), padX, t.size, t.minSize, true)}
			h = ls[0].height() + 1
		} else {
			ls = make([]layout, len(t.cols))
			for i, c := range t.cols {
				var cl cell
				if i < len(r.cells) {
					cl = r.cells[i]
				}
				ls[i] = d.layoutCell(cl, c.width, padX, t.size, t.minSize, r.kind == rowTotal)
				h = max(h, ls[i].height())
			}
		}
		// Never let one row run past the footer: trim absurdly long cells.
		if h > maxH {
			for i := range ls {
				lh := lineH(ls[i].size)
				if n := int((maxH - 2*padY) / lh); len(ls[i].lines) > n {
					ls[i].lines = append(ls[i].lines[:n-1], ls[i].lines[n-1]+"\x85")
				}
			}
			h = maxH
		}
		out[ri] = laid{ls, h}
	}
	_, total := d.headerLayout(t)
	for _, l := range out {
		total += l.h
	}
	d.font("", 10)
	return out, total + 2
}

// render draws the table at the current position. A table up to
// keepTogether high stays on one page; a section row keeps its rows with it
// when they are not too many.
func (d *doc) render(t *table, rows []row) {
	p := d.pdf
	out, total := d.layoutRows(t, rows)
	_, headH := d.headerLayout(t)
	if total <= keepTogether && p.GetY()+total > bottomY {
		p.AddPage()
	}
	d.space(headH + 10)
	d.tableHeader(t)
	zebra := false
	for ri, r := range rows {
		ls, h := out[ri].ls, out[ri].h
		// A section row takes its rows along, or at least the first one.
		need := h
		if r.kind == rowSection {
			group := h
			for k := ri + 1; k < len(rows) && rows[k].kind != rowSection; k++ {
				group += out[k].h
			}
			if group <= keepTogether {
				need = group
			} else if ri+1 < len(rows) {
				need += out[ri+1].h
			}
		}
		if p.GetY()+need > bottomY {
			p.AddPage()
			d.tableHeader(t)
			zebra = false
		}
		y := p.GetY()
		switch r.kind {
		case rowSection:
			d.fill(colBrandSoft)
			p.Rect(marginL, y, t.width(), h, "F")
			d.color(colBrand)
			d.put(ls[0], marginL, y, t.width(), h, "L")
			d.color(colText)
			p.SetXY(marginL, y+h)
			zebra = false
			continue
		case rowTotal:
			d.fill(colBrandSoft)
			p.Rect(marginL, y, t.width(), h, "F")
			d.draw(colBrand)
			p.SetLineWidth(0.3)
			p.Line(marginL, y, marginL+t.width(), y)
		default:
			if zebra {
				d.fill(colZebra)
				p.Rect(marginL, y, t.width(), h, "F")
			}
			zebra = !zebra
		}
		x := marginL
		for i, c := range t.cols {
			var cl cell
			if i < len(r.cells) {
				cl = r.cells[i]
			}
			if cl.color != nil {
				d.color(*cl.color)
			} else {
				d.color(colText)
			}
			d.put(ls[i], x, y, c.width, h, c.align)
			if cl.draw != nil {
				cl.draw(x, y, c.width, h)
			}
			x += c.width
		}
		d.color(colText)
		p.SetXY(marginL, y+h)
	}
	// A closing rule under the table.
	d.draw(colRule)
	p.SetLineWidth(0.2)
	y := p.GetY()
	p.Line(marginL, y, marginL+t.width(), y)
	p.SetXY(marginL, y+2)
	d.font("", 10)
}
