package report

import (
	"bytes"
	"fmt"
	"os/exec"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
)

// pdfText extracts the text of a PDF with poppler's pdftotext, with runs
// of white space collapsed so phrases wrapped over lines still match.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext not found: install the Debian package poppler-utils (make test does this)")
	}
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v: %s", err, stderr.String())
	}
	return strings.Join(strings.Fields(out.String()), " ")
}

var pageRe = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// pageCount counts the page objects of a PDF.
func pageCount(pdf []byte) int { return len(pageRe.FindAll(pdf, -1)) }

func render(t *testing.T, fn func(*bytes.Buffer) error) ([]byte, string, int) {
	t.Helper()
	var buf bytes.Buffer
	if err := fn(&buf); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Fatalf("output does not start with %%PDF: %q", b[:min(len(b), 16)])
	}
	n := pageCount(b)
	if n < 1 {
		t.Fatal("no pages")
	}
	return b, pdfText(t, b), n
}

// has reports whether text holds s, also when pdftotext dropped or added
// spaces inside it (it writes "3 / 4" in a table cell as "3/4").
func has(text, s string) bool {
	if strings.Contains(text, s) {
		return true
	}
	squeeze := func(x string) string { return strings.Join(strings.Fields(x), "") }
	return strings.Contains(squeeze(text), squeeze(s))
}

func contains(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !has(text, w) {
			t.Errorf("text lacks %q", w)
		}
	}
}

func lacks(t *testing.T, text string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if has(text, b) {
			t.Errorf("text contains %q but must not", b)
		}
	}
}

func TestDevelopmentPDF(t *testing.T) {
	_, text, pages := render(t, func(b *bytes.Buffer) error { return DevelopmentPDF(b, testDevelopment()) })
	if pages < 2 {
		t.Errorf("%d pages, want at least 2", pages)
	}
	contains(t, text,
		"Ontwikkelrapport", "Noëlle Wiersma", "Noëlle", "Stichting Welzijn Noordoost",
		"Regiecompetenties complexe gezinscasussen, versie 1", "28-02-2025",
		"Culturele sensitiviteit", "Probleemoplossend", "Helikopterview",
		"Zelfbeoordeling", "Anderen (gemiddelde)", "Norm", // radar legend
		"3,83 (6)", "4,00 (1)", "3,75 (5)", "+1,67", "-1,50", "Blinde vlek", "Verborgen kracht",
		"Overtuigingskracht: zelf 5, anderen 3,33 (6), verschil +1,67 (norm 3)",
		"Zelfkennis: zelf 3, anderen 4,50 (6), verschil -1,50 (norm 4)",
		"Bespreekt casuïstiek open", "Neemt het voortouw bij lastige afspraken.",
		"Ontwikkeldoelen", "Vaker anderen eerst laten reageren", "Loopt", "30-06-2025", "Gepland", "01-09-2025",
		"Verloop over rondes", "30-09-2024", "3,50", "+0,33", "+0,23",
		"Groepen met minder dan 3 antwoorden worden niet apart getoond; begeleider en leidinggevende vanaf 1.",
		"Vertrouwelijk — alleen voor de regisseur en de begeleider",
		"Gegenereerd op 14-03-2025 om 09:30",
		"Pagina 1 van", fmt.Sprintf("Pagina %d van %d", pages, pages),
	)
	lacks(t, text, "{nb}")
}

// TestDevelopmentPDFTrendHeaders: the trend's columns are headed as on the
// results page (domain.TrendRoundHeader), numbered over every round, each
// header on one line; with many rounds the newest that fit are shown and
// the note says so.
func TestDevelopmentPDFTrendHeaders(t *testing.T) {
	d := testDevelopment()
	_, text, _ := render(t, func(b *bytes.Buffer) error { return DevelopmentPDF(b, d) })
	contains(t, text, "Ronde 1 (30-09-2024)", "Ronde 2 (28-02-2025)")

	d.Trend = nil
	for i := range 7 {
		d.Trend = append(d.Trend, TrendPoint{ClosedOn: time.Date(2019+i, 3, 1, 0, 0, 0, 0, time.UTC), Others: map[string]float64{"Zelfkennis": 3 + float64(i)/10}})
	}
	_, text, _ = render(t, func(b *bytes.Buffer) error { return DevelopmentPDF(b, d) })
	contains(t, text, "Ronde 4 (01-03-2022)", "Ronde 7 (01-03-2025)", "+0,10", "Getoond: de laatste 4 van 7 rondes.")
	lacks(t, text, "Ronde 3 (")
}

// The caller drops groups under the anonymity threshold from the rows; the
// report must then not mention them anywhere, not even as an empty column.
func TestDevelopmentPDFShowsOnlyGivenGroups(t *testing.T) {
	_, text, _ := render(t, func(b *bytes.Buffer) error { return DevelopmentPDF(b, testDevelopment()) })
	contains(t, text, "Begeleider", "werkings", "partners")
	lacks(t, text, "Gezin", "Collega-regisseurs", "Collega", "Leidinggevende")

	// The same report with the family group visible does show it, so the
	// assertion above is not vacuous.
	d := testDevelopment()
	d.Competencies[2].Groups = append(d.Competencies[2].Groups, GroupScore{Label: "Gezin", Mean: 3.4, N: 3})
	_, text, _ = render(t, func(b *bytes.Buffer) error { return DevelopmentPDF(b, d) })
	contains(t, text, "Gezin", "3,40 (3)")
}

func TestDevelopmentPDFWithoutRound(t *testing.T) {
	d := testDevelopment()
	d.RoundClosedOn, d.Trend, d.Goals, d.MinRaters = nil, nil, nil, 0
	for i := range d.Competencies {
		c := &d.Competencies[i]
		c.Others, c.OthersN, c.Groups, c.Gap, c.Flag, c.Comments = nil, 0, nil, nil, "", nil
	}
	_, text, _ := render(t, func(b *bytes.Buffer) error { return DevelopmentPDF(b, d) })
	contains(t, text, "Nog geen afgesloten 360-ronde", "Er zijn nog geen ontwikkeldoelen vastgelegd.",
		"Groepen met minder dan 3 antwoorden", "Geen blinde vlekken in deze ronde.", "Pagina 1 van")
	lacks(t, text, "Anderen (gemiddelde)", "Toelichtingen van beoordelaars")
}

func TestPoolPDF(t *testing.T) {
	_, text, pages := render(t, func(b *bytes.Buffer) error { return PoolPDF(b, testPool()) })
	contains(t, text,
		"Poolrapport", "Stichting Welzijn Noordoost", "Jeugdteam Zuidwest",
		"Noëlle Wiersma", "Jeroen de Vries", "Fatma Yilmaz", "Siebe Hoekstra", "Anouk Bakker",
		"Tijdelijk niet", "beschikbaar", "12,5",
		"3 / 4", "5 / 6 (83%)", "6 / 5", "-1",
		"Totaal (3)", "8 / 11", "52,5", "13 / 18 (72%)", // first organisation
		"Totaal (2)", "8 / 10", "4 / 5 (80%)", // second
		"16 / 21", "104,5", "17 / 23 (74%)", // everyone
		"Vertrouwelijk — voor beheer en begeleiding", "Pagina 1 van", fmt.Sprintf("Pagina %d van %d", pages, pages),
	)
}

// Monitoring must stay free of personal details: its only text is the
// municipality and the close reasons' labels. A new string field needs a
// deliberate look (and this list updated).
func TestMonitoringHasNoPersonalFields(t *testing.T) {
	allowed := map[string]bool{"Municipality": true, "CloseReasons": true,
		// Fixed texts of the domain: result area names and indicator labels.
		"ResultAreas.Name": true, "ResultAreas.Indicators.Key": true, "ResultAreas.Indicators.Label": true,
		"Voice.Kind": true, "Voice.Label": true, "Overrides.Code": true, "Overrides.Label": true,
		// The questions: fixed texts and an answer generated from the figures.
		"Questions.Question": true, "Questions.Answer": true, "Questions.Method": true, "Questions.Figures.Key": true,
		"Questions.Figures.Label": true, "Questions.Figures.Unit": true, "Questions.Chart.Title": true, "Questions.Chart.Unit": true,
		"Questions.Chart.Bars.Label": true, "PoolRound": true,
		"Other.Question": true, "Other.Answer": true, "Other.Method": true, "Other.Figures.Key": true,
		"Other.Figures.Label": true, "Other.Figures.Unit": true, "Other.Chart.Title": true, "Other.Chart.Unit": true,
		"Other.Chart.Bars.Label": true,
		// Quotes of question 6: what families, parties and regisseurs wrote
		// ("schrijf geen namen op"), only from the small-cell threshold on.
		"Questions.Quotes.Kind": true, "Questions.Quotes.Label": true, "Questions.Quotes.Aspect": true, "Questions.Quotes.Text": true,
		"Other.Quotes.Kind": true, "Other.Quotes.Label": true, "Other.Quotes.Aspect": true, "Other.Quotes.Text": true}
	var walk func(reflect.Type, string)
	walk = func(typ reflect.Type, path string) {
		for i := 0; i < typ.NumField(); i++ {
			fl := typ.Field(i)
			ft := fl.Type
			for ft.Kind() == reflect.Array || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch {
			case ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Time{}):
				walk(ft, path+fl.Name+".")
			case ft.Kind() == reflect.String || ft.Kind() == reflect.Map || ft.Kind() == reflect.Interface:
				if !allowed[path+fl.Name] {
					t.Errorf("Monitoring.%s%s may carry text: check it holds no personal details", path, fl.Name)
				}
			}
		}
	}
	walk(reflect.TypeOf(Monitoring{}), "")
}

func TestDutchFormatting(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{domain.FormatNumber(3.6666, 2), "3,67"}, {domain.FormatNumber(1234.5, 1), "1.234,5"}, {domain.FormatNumber(-0.001, 2), "0,00"}, {domain.FormatNumber(-2.5, 1), "-2,5"},
		{domain.FormatNumber(1234567, 0), "1.234.567"}, {domain.FormatNumberTrim(12.50, 2), "12,5"}, {domain.FormatNumberTrim(50, 1), "50"},
		{signed(1.666), "+1,67"}, {signed(-0.75), "-0,75"}, {signed(0), "0,00"},
		{score(f(4)), "4"}, {score(f(3.5)), "3,50"}, {score(nil), "–"},
		{domain.FormatPercent(37, 42), "88%"}, {domain.FormatPercent(1, 0), "–"},
		{domain.FormatDate(time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)), "04-03-2025"},
		{slug("Gezin voert zelf weer regie (afschalen)"), "gezin_voert_zelf_weer_regie_afschalen"},
		{slug("Overgedragen aan Veilig Thuis – één casus"), "overgedragen_aan_veilig_thuis_een_casus"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func BenchmarkDevelopmentPDF(b *testing.B) {
	d := sampleDevelopment()
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := DevelopmentPDF(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPoolPDF(b *testing.B) {
	p := samplePool()
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := PoolPDF(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMonitoringPDF(b *testing.B) {
	m := sampleMonitoring()
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := MonitoringPDF(&buf, m); err != nil {
			b.Fatal(err)
		}
	}
}

func TestCSVCell(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Leeuwarden", "Leeuwarden"},
		{`=HYPERLINK("http://evil.example","klik")`, `'=HYPERLINK("http://evil.example","klik")`},
		{"+31 58", "'+31 58"},
		{"-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"-2.5", "-2.5"},
		{"", ""},
	} {
		if got := CSVCell(tt.in); got != tt.want {
			t.Errorf("CSVCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestFreshnessNote: every report says when it was computed; a kept one
// also says how often it is computed again and that later records are not
// in it yet.
func TestFreshnessNote(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 5, 0, 0, time.Local)
	for _, tc := range []struct {
		every      time.Duration
		want, away string
	}{
		{0, "De cijfers zijn berekend op 01-12-2026 om 09:05.", "opnieuw"},
		{5 * time.Minute, "De cijfers zijn berekend op 01-12-2026 om 09:05. Bij deze omvang worden ze elke 5 minuten opnieuw berekend; " +
			"wat daarna is vastgelegd, telt er nog niet in mee.", ""},
	} {
		got := FreshnessNote(Monitoring{GeneratedAt: at, RefreshEvery: tc.every})
		if got != tc.want || (tc.away != "" && strings.Contains(got, tc.away)) {
			t.Errorf("refresh %v: %q, want %q", tc.every, got, tc.want)
		}
	}
}
