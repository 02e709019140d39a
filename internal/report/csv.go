package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"regiepool/internal/domain"
)

// The two flavours of the monitoring CSV.
const (
	// CSVDutch is for people: what Dutch spreadsheet programs open in
	// columns (UTF-8 byte order mark, ";" between cells, decimal comma,
	// Dutch headers). The default.
	CSVDutch = "csv"
	// CSVRFC4180 is for tools: RFC 4180 (",", decimal point, English
	// headers, no byte order mark).
	CSVRFC4180 = "csv-rfc4180"
)

// CSVContentType is the media type of a monitoring CSV of flavour.
func CSVContentType(flavour string) string {
	if flavour == CSVRFC4180 {
		return "text/csv; charset=utf-8; header=present"
	}
	return "text/csv; charset=utf-8"
}

// MonitoringCSVName is the file name of a monitoring CSV: its period
// (and "-rfc4180" for the tools' flavour).
func MonitoringCSVName(m Monitoring, flavour string) string {
	name := "monitoring-" + m.From.Format("2006-01-02") + "-" + m.To.Format("2006-01-02")
	if flavour == CSVRFC4180 {
		name += "-rfc4180"
	}
	return name + ".csv"
}

// MonitoringCSV writes the monitoring report as one row per figure, the
// ten questions in order, then the other figures; a chart's bars follow
// their question's figures, one row each. Suppressed figures and bars
// (fewer than the small-cell threshold behind them) carry no value.
//
// Dutch (CSVDutch), for people: columns vraag;figuur;waarde;n;eenheid —
// vraag is the question's number and text ("Overige cijfers" for the
// rest), figuur the figure's label (a bar: the chart's title, ": ", the
// bar's label), waarde the value with a decimal comma or "te weinig
// gegevens", eenheid the unit in Dutch (UnitLabels).
//
// RFC 4180 (CSVRFC4180), for tools: columns question,key,label,value,n,unit —
// question 1–10 (0 for the other figures), key the figure's stable key (a
// bar: "chart." and its label as a key), value with a decimal point or
// empty, unit one of count, percent, mean, hours, days, weeks, change.
// Quotes (question 6) are in the JSON, the page and the PDF, not in the CSV.
func MonitoringCSV(w io.Writer, m Monitoring, flavour string) error {
	dutch := flavour != CSVRFC4180
	cw := csv.NewWriter(w)
	header := []string{"question", "key", "label", "value", "n", "unit"}
	if dutch {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
		cw.Comma = ';'
		header = []string{"vraag", "figuur", "waarde", "n", "eenheid"}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	sections := append([]Question(nil), m.Questions...)
	if m.Other != nil {
		sections = append(sections, *m.Other)
	}
	for _, q := range sections {
		question := fmt.Sprintf("%d. %s", q.ID, q.Question)
		if q.ID == 0 {
			question = q.Question
		}
		row := func(key, label string, v *float64, n int, unit string) error {
			if dutch {
				value := Suppressed
				if v != nil {
					value = domain.FormatNumberTrim(*v, 2)
				}
				return cw.Write([]string{CSVCell(question), CSVCell(label), value, strconv.Itoa(n), UnitLabels[unit]})
			}
			value := ""
			if v != nil {
				value = strconv.FormatFloat(roundTo(*v, 2), 'f', -1, 64)
			}
			return cw.Write([]string{strconv.Itoa(q.ID), CSVCell(key), CSVCell(label), value, strconv.Itoa(n), unit})
		}
		for _, f := range q.Figures {
			if err := row(f.Key, f.Label, f.Value, f.N, f.Unit); err != nil {
				return err
			}
		}
		if q.Chart != nil {
			for _, b := range q.Chart.Bars {
				if err := row("chart."+slug(b.Label), q.Chart.Title+": "+b.Label, b.Value, b.N, q.Chart.Unit); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func roundTo(v float64, dec int) float64 {
	p, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', dec, 64), 64)
	return p
}

// fold drops the diacritics of Latin letters.
var fold = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a", "æ", "ae",
	"ç", "c", "è", "e", "é", "e", "ê", "e", "ë", "e", "ì", "i", "í", "i", "î", "i", "ï", "i",
	"ñ", "n", "ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o", "œ", "oe",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y", "ß", "ss", "ĳ", "ij",
)

// slug turns a Dutch label into a key: lower case ASCII letters and digits,
// other runs as "_".
func slug(s string) string {
	var b strings.Builder
	under := false
	for _, r := range fallback.Replace(fold.Replace(strings.ToLower(s))) {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
		default:
			under = true
		}
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}

// CSVCell makes a cell safe to open in a spreadsheet: text starting with
// =, +, -, @, a tab or a carriage return would run as a formula (CSV
// injection), so it gets a leading apostrophe, which spreadsheets show as
// text. Numbers, negative ones included, stay as they are. Every CSV the
// service writes passes its cells through here.
func CSVCell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}
