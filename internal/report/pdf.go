package report

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"regiepool/internal/domain"
)

// Page geometry in millimetres (A4 portrait).
const (
	pageW    = 210.0
	pageH    = 297.0
	marginL  = 18.0
	marginR  = 18.0
	marginT  = 24.0
	marginB  = 22.0
	contentW = pageW - marginL - marginR
	// bottomY is the lowest y a block may reach before the footer.
	bottomY = pageH - marginB
	// mmPerPt converts a font size in points to millimetres.
	mmPerPt = 25.4 / 72
	font    = "Helvetica"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

// The palette: a dark municipal blue for structure, orange for the
// regisseur's own view, a lighter blue for others, grey for the norm.
var (
	colBrand     = rgb{21, 66, 115}
	colBrandSoft = rgb{226, 234, 243}
	colText      = rgb{33, 37, 41}
	colMuted     = rgb{105, 112, 120}
	colRule      = rgb{190, 198, 207}
	colGrid      = rgb{214, 219, 225}
	colZebra     = rgb{244, 246, 249}
	colSelf      = rgb{227, 114, 34}
	colOthers    = rgb{0, 123, 199}
	colNorm      = rgb{80, 80, 80}
	colBlind     = rgb{184, 56, 28}
	colHidden    = rgb{25, 128, 70}
	colWarn      = rgb{184, 56, 28}
)

// fallback spells characters that cp1252 lacks with ones it has, so that
// the translator does not turn them into dots: names from all over Europe
// and a few typographic signs.
var fallback = strings.NewReplacer(
	"ş", "s", "Ş", "S", "ğ", "g", "Ğ", "G", "ı", "i", "İ", "I",
	"ł", "l", "Ł", "L", "ć", "c", "Ć", "C", "ń", "n", "Ń", "N", "ś", "s", "Ś", "S",
	"ź", "z", "Ź", "Z", "ż", "z", "Ż", "Z", "ą", "a", "Ą", "A", "ę", "e", "Ę", "E",
	"č", "c", "Č", "C", "ř", "r", "Ř", "R", "ě", "e", "Ě", "E", "ů", "u", "Ů", "U",
	"ő", "o", "Ő", "O", "ű", "u", "Ű", "U", "ț", "t", "Ț", "T", "ș", "s", "Ș", "S",
	"ă", "a", "Ă", "A", "đ", "d", "Đ", "D", "ē", "e", "ā", "a", "ī", "i", "ū", "u",
	"≈", "ca.", "≥", ">=", "≤", "<=", "→", "->", "←", "<-", "−", "-", "‑", "-",
	"\u00a0", " ", "\t", " ", "\r", "",
)

// hyphenation hints for long Dutch words that appear in narrow table
// headers and chart labels: a soft hyphen marks where they may break.
var hyphenation = strings.NewReplacer(
	"Samenwerkingspartners", "Samen\u00adwerkings\u00adpartners",
	"Begeleider", "Bege\u00adleider",
	"regisseurs", "regis\u00adseurs",
	"Leidinggevende", "Leiding\u00adgevende",
	"Zelfbeoordeling", "Zelf\u00adbeoordeling",
	"Probleemoplossend", "Probleem\u00adoplossend",
	"Organisatietalent", "Organisatie\u00adtalent",
	"Aanpassingsvermogen", "Aanpassings\u00advermogen",
	"Overtuigingskracht", "Overtuigings\u00adkracht",
	"Helikopterview", "Helikopter\u00adview",
	"Streefdatum", "Streef\u00addatum",
	"Intervisie", "Inter\u00advisie",
)

// doc wraps one gofpdf document with the house style: running header,
// footer with confidentiality line and page numbers, and cp1252 text.
type doc struct {
	pdf       *gofpdf.Fpdf
	cp        func(string) string
	running   string // running header, right-hand side
	footer    string // confidentiality line
	generated time.Time
}

func newDoc(title, running, footer string, generated time.Time) *doc {
	if generated.IsZero() {
		generated = time.Now()
	}
	pdf := gofpdf.New("P", "mm", "A4", "")
	d := &doc{pdf: pdf, running: running, footer: footer, generated: generated}
	d.cp = pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetMargins(marginL, marginT, marginR)
	pdf.SetAutoPageBreak(true, marginB)
	pdf.AliasNbPages("{nb}")
	pdf.SetTitle(title, true)
	pdf.SetSubject(running, true)
	pdf.SetAuthor("Regiepool", true)
	pdf.SetCreator("Regiepool", true)
	pdf.SetCreationDate(generated)
	pdf.SetModificationDate(generated)
	pdf.SetCatalogSort(true)
	pdf.SetHeaderFuncMode(d.header, true)
	pdf.SetFooterFunc(d.drawFooter)
	pdf.SetFont(font, "", 10)
	d.color(colText)
	return d
}

// tr translates UTF-8 to the cp1252 bytes of the core fonts.
func (d *doc) tr(s string) string { return d.cp(fallback.Replace(s)) }

func (d *doc) color(c rgb) { d.pdf.SetTextColor(c.r, c.g, c.b) }
func (d *doc) fill(c rgb)  { d.pdf.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb)  { d.pdf.SetDrawColor(c.r, c.g, c.b) }
func (d *doc) font(style string, size float64) {
	d.pdf.SetFont(font, style, size)
}

// width measures UTF-8 text in the current font.
func (d *doc) width(s string) float64 { return d.pdf.GetStringWidth(d.tr(s)) }

// text writes UTF-8 text with its baseline at (x, y).
func (d *doc) text(x, y float64, s string) { d.pdf.Text(x, y, d.tr(s)) }

// textRight writes text that ends at x.
func (d *doc) textRight(x, y float64, s string) {
	t := d.tr(s)
	d.pdf.Text(x-d.pdf.GetStringWidth(t), y, t)
}

// textCenter writes text centred on x.
func (d *doc) textCenter(x, y float64, s string) {
	t := d.tr(s)
	d.pdf.Text(x-d.pdf.GetStringWidth(t)/2, y, t)
}

func (d *doc) header() {
	p := d.pdf
	p.SetLineWidth(0.3)
	d.font("B", 9)
	d.color(colBrand)
	d.text(marginL, 13, "Regiepool")
	d.color(colMuted)
	if lines, _ := d.fit(d.running, contentW-30, 1, 8, 7, ""); len(lines) > 0 {
		p.Text(pageW-marginR-p.GetStringWidth(lines[0]), 13, lines[0])
	}
	d.draw(colBrand)
	p.Line(marginL, 15.5, pageW-marginR, 15.5)
	d.color(colText)
}

func (d *doc) drawFooter() {
	p := d.pdf
	y := pageH - 15
	p.SetLineWidth(0.2)
	d.draw(colRule)
	p.Line(marginL, y, pageW-marginR, y)
	d.font("B", 7.5)
	d.color(colBrand)
	d.text(marginL, y+4.2, d.footer)
	d.font("", 7.5)
	d.color(colMuted)
	d.text(marginL, y+8, "Gegenereerd op "+domain.FormatDateTime(d.generated))
	// The total is filled in at the end; measure with as many digits as
	// the current page so the right edge stays (nearly) aligned.
	n := strconv.Itoa(p.PageNo())
	label := "Pagina " + n + " van "
	w := d.width(label + n)
	d.text(pageW-marginR-w, y+4.2, label+"{nb}")
	d.color(colText)
}

// space makes sure h millimetres are left on the page, else starts a new one.
func (d *doc) space(h float64) {
	if d.pdf.GetY()+h > bottomY {
		d.pdf.AddPage()
	}
}

// title writes the document title block at the top of the first page.
func (d *doc) title(title, subtitle string) {
	p := d.pdf
	d.font("B", 22)
	d.color(colBrand)
	p.SetY(marginT + 2)
	p.CellFormat(contentW, 10, d.tr(title), "", 1, "L", false, 0, "")
	if subtitle != "" {
		d.font("", 11)
		d.color(colMuted)
		p.MultiCell(contentW, 5.5, d.tr(subtitle), "", "L", false)
	}
	d.color(colText)
	p.Ln(3)
}

// facts writes label/value pairs in two aligned columns.
func (d *doc) facts(pairs [][2]string) {
	p := d.pdf
	const lw = 42.0
	for _, kv := range pairs {
		d.space(6)
		y := p.GetY()
		d.font("", 9)
		d.color(colMuted)
		p.SetXY(marginL, y)
		p.CellFormat(lw, 5.5, d.tr(kv[0]), "", 0, "L", false, 0, "")
		d.font("B", 10)
		d.color(colText)
		p.SetXY(marginL+lw, y)
		p.MultiCell(contentW-lw, 5.5, d.tr(kv[1]), "", "L", false)
	}
	d.font("", 10)
	p.Ln(2)
}

// heading starts a section; it keeps at least need millimetres of content
// on the same page as the heading.
func (d *doc) heading(s string, need float64) {
	p := d.pdf
	if p.GetY() > marginT+1 {
		p.Ln(4)
	}
	d.space(12 + need)
	y := p.GetY()
	d.fill(colBrand)
	p.Rect(marginL, y+0.8, 1.4, 5.4, "F")
	d.font("B", 13)
	d.color(colBrand)
	p.SetXY(marginL+3.5, y)
	p.CellFormat(contentW-3.5, 7, d.tr(s), "", 1, "L", false, 0, "")
	p.Ln(1.5)
	d.font("", 10)
	d.color(colText)
}

// subheading is a smaller bold line.
func (d *doc) subheading(s string, need float64) {
	p := d.pdf
	p.Ln(1.5)
	d.space(7 + need)
	d.font("B", 10.5)
	d.color(colText)
	p.MultiCell(contentW, 5.5, d.tr(s), "", "L", false)
	p.Ln(0.5)
	d.font("", 10)
}

// para writes a paragraph of running text.
func (d *doc) para(s string, size float64, c rgb) {
	p := d.pdf
	d.font("", size)
	d.color(c)
	p.SetX(marginL)
	p.MultiCell(contentW, size*mmPerPt*1.45, d.tr(s), "", "L", false)
	d.color(colText)
	p.Ln(1.2)
}

// bullet writes one list item with a hanging indent.
func (d *doc) bullet(s string, size float64) {
	p := d.pdf
	lh := size * mmPerPt * 1.45
	d.font("", size)
	d.space(lh + 1)
	y := p.GetY()
	d.color(colBrand)
	d.text(marginL+1, y+lh*0.72, "•")
	d.color(colText)
	p.SetLeftMargin(marginL + 5)
	p.SetXY(marginL+5, y)
	p.MultiCell(contentW-5, lh, d.tr(s), "", "L", false)
	p.SetLeftMargin(marginL)
	p.SetX(marginL)
	p.Ln(0.6)
}

// note writes a boxed explanatory note in a soft colour.
func (d *doc) note(s string) {
	p := d.pdf
	const size, pad = 8.5, 3.0
	lh := size * mmPerPt * 1.45
	d.font("", size)
	lines := d.wrapRaw(d.tr(s), contentW-2*pad-3)
	h := float64(len(lines))*lh + 2*pad
	d.space(h + 2)
	y := p.GetY()
	d.fill(colBrandSoft)
	p.Rect(marginL, y, contentW, h, "F")
	d.fill(colBrand)
	p.Rect(marginL, y, 1.2, h, "F")
	d.color(colText)
	for i, l := range lines {
		p.Text(marginL+pad+2, y+pad+float64(i)*lh+size*mmPerPt*1.0, l)
	}
	p.SetXY(marginL, y+h+2)
	d.font("", 10)
}

// tile is a key figure with a short label.
type tile struct {
	value, label string
}

// tiles writes up to four key figures side by side.
func (d *doc) tiles(ts []tile) {
	p := d.pdf
	if len(ts) == 0 {
		return
	}
	const gap, h = 4.0, 22.0
	w := (contentW - gap*float64(len(ts)-1)) / float64(len(ts))
	d.space(h + 3)
	y := p.GetY()
	for i, t := range ts {
		x := marginL + float64(i)*(w+gap)
		d.fill(colBrandSoft)
		p.Rect(x, y, w, h, "F")
		size := 17.0
		d.font("B", size)
		for size > 9 && d.width(t.value) > w-6 {
			size -= 0.5
			d.font("B", size)
		}
		d.color(colBrand)
		d.text(x+3, y+9, t.value)
		d.font("", 7.5)
		d.color(colMuted)
		lines, _ := d.fit(t.label, w-6, 2, 7.5, 6.5, "")
		for j, l := range lines {
			p.Text(x+3, y+14+float64(j)*3.2, l)
		}
	}
	d.color(colText)
	p.SetXY(marginL, y+h+3)
}

// wrapRaw splits cp1252 text into lines of at most w millimetres in the
// current font. Lines break at spaces, after hyphens and slashes, and at
// soft hyphens (which then show as a hyphen); a word that still does not
// fit is cut by character. It reports whether it had to cut a word.
func (d *doc) wrapRawCut(s string, w float64) (lines []string, cut bool) {
	p := d.pdf
	const soft = '\xad'
	for _, para := range strings.Split(s, "\n") {
		// pieces end at a break opportunity; sep is the byte that ended it.
		type piece struct {
			text string
			sep  byte
		}
		var pieces []piece
		start := 0
		for i := 0; i < len(para); i++ {
			switch c := para[i]; c {
			case ' ':
				pieces = append(pieces, piece{para[start:i], ' '})
				start = i + 1
			case '-', '/':
				pieces = append(pieces, piece{para[start : i+1], c})
				start = i + 1
			case soft:
				pieces = append(pieces, piece{para[start:i], soft})
				start = i + 1
			}
		}
		pieces = append(pieces, piece{para[start:], 0})
		line := ""
		var prevSep byte
		flush := func(withHyphen bool) {
			if withHyphen {
				line += "-"
			}
			lines = append(lines, strings.TrimRight(line, " "))
			line = ""
			prevSep = 0
		}
		for _, pc := range pieces {
			if pc.text == "" && pc.sep == ' ' {
				if line != "" {
					prevSep = ' '
				}
				continue
			}
			joined := pc.text
			if line != "" {
				if prevSep == ' ' {
					joined = line + " " + pc.text
				} else {
					joined = line + pc.text
				}
			}
			extra := 0.0
			if pc.sep == soft {
				extra = p.GetStringWidth("-")
			}
			if p.GetStringWidth(joined)+extra <= w || line == "" && p.GetStringWidth(pc.text)+extra <= w {
				line = joined
				prevSep = pc.sep
				continue
			}
			if line != "" {
				flush(prevSep == soft)
			}
			// pc.text starts a new line; cut it if it is still too wide.
			rest := pc.text
			for p.GetStringWidth(rest)+extra > w && len(rest) > 1 {
				cut = true
				n := len(rest) - 1
				for n > 1 && p.GetStringWidth(rest[:n]+"-") > w {
					n--
				}
				lines = append(lines, rest[:n]+"-")
				rest = rest[n:]
			}
			line = rest
			prevSep = pc.sep
		}
		if line != "" || len(lines) == 0 {
			flush(false)
		}
	}
	// A soft hyphen never shows unless the line broke there.
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, string(soft), "")
	}
	return lines, cut
}

func (d *doc) wrapRaw(s string, w float64) []string {
	lines, _ := d.wrapRawCut(s, w)
	return lines
}

// fit wraps UTF-8 text into at most maxLines lines of width w, shrinking
// the font from size down to minSize before cutting words, and ending with
// an ellipsis when it still does not fit. It leaves the font at the size
// it chose and returns the cp1252 lines and that size.
func (d *doc) fit(s string, w float64, maxLines int, size, minSize float64, style string) ([]string, float64) {
	t := d.tr(hyphenation.Replace(s))
	var lines []string
	for fs := size; ; fs -= 0.5 {
		if fs < minSize {
			fs = minSize
		}
		d.font(style, fs)
		var cut bool
		lines, cut = d.wrapRawCut(t, w)
		if (!cut && (maxLines <= 0 || len(lines) <= maxLines)) || fs <= minSize {
			size = fs
			break
		}
	}
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		last := strings.TrimRight(lines[maxLines-1], " -")
		for len(last) > 1 && d.pdf.GetStringWidth(last+"\x85") > w {
			last = strings.TrimRight(last[:len(last)-1], " ")
		}
		lines[maxLines-1] = last + "\x85"
	}
	return lines, size
}

// Number and date formatting, Dutch style.

// score formats a scale value: whole numbers plain, others with two decimals.
func score(v *float64) string {
	if v == nil {
		return "–"
	}
	if *v == math.Trunc(*v) {
		return domain.FormatNumber(*v, 0)
	}
	return domain.FormatNumber(*v, 2)
}

// signed formats a difference with an explicit sign.
func signed(v float64) string {
	s := domain.FormatNumber(v, 2)
	if v > 0 && s != "0,00" {
		return "+" + s
	}
	return s
}
