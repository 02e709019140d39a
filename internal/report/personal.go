package report

import (
	"io"
	"time"

	"regiepool/internal/domain"
)

// PersonalData is an access request (AVG art. 15) as a readable document:
// everything held about one person, in sections of facts and items. The
// caller fills in Dutch labels and values; this package only lays it out.
type PersonalData struct {
	GeneratedAt time.Time
	Name        string
	Sections    []DataSection
}

// DataSection is one kind of data: its facts (label, value) and its items.
type DataSection struct {
	Title string
	// Note explains the section (what it holds and what it leaves out).
	Note  string
	Facts [][2]string
	Items []DataItem
	// Empty is shown when the section has neither facts nor items.
	Empty string
}

// DataItem is one record of a section: a title, facts and text.
type DataItem struct {
	Title string
	Facts [][2]string
	Text  []string
}

// PersonalDataPDF renders d.
func PersonalDataPDF(w io.Writer, d PersonalData) error {
	doc := newDoc("Inzage persoonsgegevens", "Inzage persoonsgegevens", "Vertrouwelijk — persoonlijk inzageverzoek (AVG art. 15)", d.GeneratedAt)
	doc.pdf.AddPage()
	doc.title("Mijn gegevens in Regiepool", "Alles wat Regiepool over u bewaart, op "+domain.FormatDate(doc.generated))
	doc.facts([][2]string{{"Naam", orDash(d.Name)}, {"Opgesteld", domain.FormatDate(doc.generated)}})
	for _, s := range d.Sections {
		doc.heading(s.Title, 12)
		if s.Note != "" {
			doc.note(s.Note)
		}
		if len(s.Facts) > 0 {
			doc.facts(s.Facts)
		}
		for _, it := range s.Items {
			doc.subheading(it.Title, 6)
			if len(it.Facts) > 0 {
				doc.facts(it.Facts)
			}
			for _, t := range it.Text {
				doc.para(t, 9.5, colText)
			}
		}
		if len(s.Facts) == 0 && len(s.Items) == 0 {
			doc.para(orDash(s.Empty), 9.5, colMuted)
		}
	}
	return finish(doc.pdf, w)
}
