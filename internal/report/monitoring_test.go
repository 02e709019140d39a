package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestMonitoringPDF(t *testing.T) {
	_, text, _ := render(t, func(b *bytes.Buffer) error { return MonitoringPDF(b, testMonitoring()) })
	contains(t, text,
		"Monitoring pilot", "Súdwest-Fryslân", "Eerste ronde", "01-01-2025 t/m 30-06-2025",
		"De periode is afgerond op hele kwartalen", "gevraagd: 10-02-2025 t/m 30-06-2025",
		"1. Is de werkdefinitie van een complexe casus werkbaar?", "10. Heeft de begeleiding meerwaarde?",
		"Antwoord op vraag 1: 9 van de 12 casussen (75%).", "Methode: Telling van de aanmeldingen",
		"Getelde casussen 1 12 12", "Gemiddelde tevredenheid 3,8 8", "Kleine groep te weinig gegevens 2",
		"Verdeling bij vraag 2", "Eerste kwartiel (n = 10)", "12,5 uur", "Enkele casus (n = 1)",
		"Overige cijfers", "Aangemelde casussen 42 42", "Redenen van afsluiten", "Gezin verhuisd (n = 1)",
		"Geaggregeerde cijfers — bevat geen persoonsgegevens", "Pagina 1 van",
	)
}

func TestMonitoringCSVDutch(t *testing.T) {
	var buf bytes.Buffer
	if err := MonitoringCSV(&buf, testMonitoring(), CSVDutch); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\ufeff")) {
		t.Fatal("no byte order mark")
	}
	r := csv.NewReader(bytes.NewReader(buf.Bytes()[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ";") != "vraag;figuur;waarde;n;eenheid" {
		t.Fatalf("header %v", recs[0])
	}
	rows := map[string]string{}
	for _, rec := range recs[1:] {
		rows[rec[0]+"|"+rec[1]] = strings.Join(rec[2:], "|")
	}
	for k, want := range map[string]string{
		"1. Is de werkdefinitie van een complexe casus werkbaar?|Getelde casussen 1":                            "12|12|aantal",
		"1. Is de werkdefinitie van een complexe casus werkbaar?|Gemiddelde tevredenheid":                       "3,75|8|gemiddelde (1–5)",
		"1. Is de werkdefinitie van een complexe casus werkbaar?|Kleine groep":                                  "te weinig gegevens|2|procent",
		"2. Moeten het functie- en competentieprofiel worden aangepast?|Verdeling bij vraag 2: Eerste kwartiel": "12,5|10|uren",
		"2. Moeten het functie- en competentieprofiel worden aangepast?|Verdeling bij vraag 2: Enkele casus":    "te weinig gegevens|1|uren",
		"Overige cijfers|Redenen van afsluiten: Gezin verhuisd":                                                 "te weinig gegevens|1|aantal",
	} {
		if rows[k] != want {
			t.Errorf("%s = %q, want %q", k, rows[k], want)
		}
	}
	if len(recs) != 1+10*3+5*3+1+2 {
		t.Errorf("%d rows", len(recs))
	}
}

func TestMonitoringCSVRFC4180(t *testing.T) {
	var buf bytes.Buffer
	if err := MonitoringCSV(&buf, testMonitoring(), CSVRFC4180); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "question,key,label,value,n,unit" {
		t.Fatalf("header %v", recs[0])
	}
	rows := map[string]string{}
	for _, rec := range recs[1:] {
		rows[rec[0]+"|"+rec[1]] = strings.Join(rec[3:], "|")
	}
	for k, want := range map[string]string{
		"1|shown_mean":            "3.75|8|mean",
		"1|small":                 "|2|percent",
		"4|chart.eerste_kwartiel": "12.5|10|hours",
		"4|chart.enkele_casus":    "|1|hours",
		"0|cases_registered":      "42|42|count",
		"0|chart.gezin_verhuisd":  "|1|count",
	} {
		if rows[k] != want {
			t.Errorf("%s = %q, want %q", k, rows[k], want)
		}
	}
}

func TestMonitoringCSVNeutralisesFormulas(t *testing.T) {
	m := testMonitoring()
	m.Questions[0].Figures[0].Label = `=HYPERLINK("http://evil.example")`
	for _, flavour := range []string{CSVDutch, CSVRFC4180} {
		var b strings.Builder
		if err := MonitoringCSV(&b, m, flavour); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), `'=HYPERLINK`) {
			t.Errorf("%s: formula not neutralised:\n%s", flavour, b.String())
		}
	}
}
