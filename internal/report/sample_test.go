package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// sampleDevelopment is a realistic report: three rounds, every rater group
// visible on some competencies and hidden on others, comments and goals.
func sampleDevelopment() Development {
	d := testDevelopment()
	d.RegisseurName = "Noëlle Wiersma"
	groups := []struct {
		label string
		n     int
		delta float64
	}{
		{"Begeleider", 1, 0.2}, {"Leidinggevende", 1, -0.1}, {"Collega-regisseurs", 4, 0.05},
		{"Samenwerkingspartners", 5, -0.15}, {"Gezin", 3, 0.3},
	}
	for i := range d.Competencies {
		c := &d.Competencies[i]
		c.Groups = nil
		c.OthersN = 0
		for j, g := range groups {
			// The family rates only some competencies; with fewer than
			// three answers the caller hides the group.
			if g.label == "Gezin" && i%3 == 1 {
				continue
			}
			if g.label == "Collega-regisseurs" && i == 7 {
				continue
			}
			c.Groups = append(c.Groups, GroupScore{Label: g.label, Mean: round2(min(5, *c.Others+g.delta+float64(j%2)*0.05)), N: g.n, Single: g.n == 1})
			c.OthersN += g.n
		}
	}
	d.Competencies[1].Comments = []string{
		"Bouwt snel vertrouwen op, ook bij gezinnen die eerder slechte ervaringen met hulpverlening hadden.",
		"Houdt contact, ook als het even lastig is. Het gezin weet altijd bij wie het terecht kan.",
	}
	d.Competencies[6].Comments = []string{"Zoekt samen met het netwerk naar oplossingen die passen bij wat het gezin zelf wil."}
	d.Goals = append(d.Goals, Goal{
		Competency:  "Zelfkennis",
		Description: "Eigen kwaliteiten benoemen in de intervisie en in het evaluatiegesprek met de leidinggevende; feedback van samenwerkingspartners vragen na elk rondetafeloverleg.",
		Status:      "Afgerond",
		TargetDate:  time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC),
	})
	prev := map[string]float64{}
	older := map[string]float64{}
	latest := map[string]float64{}
	for i, c := range d.Competencies {
		latest[c.Name] = *c.Others
		prev[c.Name] = round2(*c.Others - 0.1 - float64(i%4)*0.08)
		if i != 3 {
			older[c.Name] = round2(*c.Others - 0.3 - float64(i%3)*0.1)
		}
	}
	d.Trend = []TrendPoint{
		{ClosedOn: time.Date(2024, 3, 29, 0, 0, 0, 0, time.UTC), Others: older},
		{ClosedOn: time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC), Others: prev},
		{ClosedOn: testClosed, Others: latest},
	}
	return d
}

func samplePool() Pool {
	p := testPool()
	p.Organisations = append(p.Organisations, PoolOrganisation{Name: "Gemeente Leeuwarden, team Sociaal Domein", Members: []PoolMember{
		{Name: "Maarten Zijlstra", Status: "Actief", ActiveCases: 2, MaxCases: 3, HoursPerWeek: 18, Attended: 5, Invited: 6},
		{Name: "Iris van den Berg-Çelik", Status: "Actief", ActiveCases: 0, MaxCases: 2, HoursPerWeek: 8, Attended: 1, Invited: 2},
		{Name: "Chloë Dijkstra", Status: "Gestopt", ActiveCases: 0, MaxCases: 0, HoursPerWeek: 0, Attended: 3, Invited: 4},
	}})
	return p
}

func sampleMonitoring() Monitoring { return testMonitoring() }

// TestWriteSamples renders the three reports with realistic sample data and
// checks each is a readable PDF. To look at them, give a directory:
// REGIEPOOL_SAMPLES_DIR=/tmp go test -run TestWriteSamples ./internal/report/
// then pdftoppm -png /tmp/report-dev.pdf /tmp/report-dev.
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("REGIEPOOL_SAMPLES_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for name, fn := range map[string]func(*bytes.Buffer) error{
		"report-dev.pdf":  func(b *bytes.Buffer) error { return DevelopmentPDF(b, sampleDevelopment()) },
		"report-pool.pdf": func(b *bytes.Buffer) error { return PoolPDF(b, samplePool()) },
		"report-mon.pdf":  func(b *bytes.Buffer) error { return MonitoringPDF(b, sampleMonitoring()) },
		"report-mine.pdf": func(b *bytes.Buffer) error { return PersonalDataPDF(b, samplePersonalData()) },
	} {
		path := filepath.Join(dir, name)
		var buf bytes.Buffer
		if err := fn(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) {
			t.Fatalf("%s is not a PDF", name)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", path, buf.Len())
	}
}

// samplePersonalData is an access request with every kind of section.
func samplePersonalData() PersonalData {
	return PersonalData{GeneratedAt: time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC), Name: "Noëlle Wiersma", Sections: []DataSection{
		{Title: "Account", Facts: [][2]string{{"Naam", "Noëlle Wiersma"}, {"E-mailadres", "noelle@example.nl"}, {"Rollen", "Regisseur"}}},
		{Title: "Lidmaatschap van de pool", Items: []DataItem{{Title: "Lidmaatschap 3 (Sociaal Team Leeuwarden)",
			Facts: [][2]string{{"Status", "Actief"}, {"Uren per week", "16"}, {"Preselectie", "Geschikt (Test, Bureau)"}},
			Text:  []string{"Motivatie: Ik werk graag met gezinnen die vastlopen.", "1 maart 2026 10:00: Voorgedragen"}}}},
		{Title: "360-feedback", Note: "Gemiddelden per groep vanaf 3 beoordelaars.", Items: []DataItem{{Title: "Daadkrachtig",
			Facts: [][2]string{{"Score", "anderen 3,7 (n=5), zelf 4"}}, Text: []string{"“Pakt door waar het moet.”"}}}},
		{Title: "Reflecties", Empty: "Geen reflecties."},
		{Title: "Casussen", Note: "Alleen het pseudonieme kenmerk.", Facts: [][2]string{{"ZAAK-2026-041", "Leeuwarden, 2 februari 2026 – loopt"}}},
	}}
}
