package report

import (
	"math"
	"time"

	"regiepool/internal/domain"
)

func f(v float64) *float64 { return &v }

var (
	testGenerated = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	testClosed    = time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC)
)

// competencyNames are the ten competencies of the instrument, with the
// diacritics the report must keep.
var competencyNames = []string{
	"Culturele sensitiviteit",
	"Relatie opbouwen en onderhouden",
	"Groepsgericht leiderschap",
	"Aanpassingsvermogen",
	"Overtuigingskracht",
	"Zelfkennis",
	"Probleemoplossend vermogen",
	"Daadkrachtig",
	"Organisatietalent",
	"Helikopterview",
}

// testDevelopment is a report in which only the groups Begeleider and
// Samenwerkingspartners are visible: Gezin, Leidinggevende and
// Collega-regisseurs are hidden by the caller and must appear nowhere.
func testDevelopment() Development {
	norms := []float64{4, 4, 3, 4, 3, 4, 4, 4, 4, 4}
	selfs := []float64{4, 5, 3, 4, 5, 3, 4, 4, 3, 4}
	others := []float64{3.83, 4.17, 3.5, 3.67, 3.33, 4.5, 3.83, 4, 3.67, 4.17}
	var rows []CompetencyRow
	for i, n := range competencyNames {
		gap := selfs[i] - others[i]
		flag := ""
		switch {
		case gap > 4.0/3:
			flag = "blind_spot"
		case gap < -4.0/3:
			flag = "hidden_strength"
		}
		r := CompetencyRow{
			Name: n, Norm: f(norms[i]), Self: f(selfs[i]), Others: f(others[i]), OthersN: 6,
			Groups: []GroupScore{
				{Label: "Begeleider", Mean: others[i] + 0.17, N: 1},
				{Label: "Samenwerkingspartners", Mean: others[i] - 0.08, N: 5},
			},
			Gap:  f(round2(gap)),
			Flag: flag,
		}
		rows = append(rows, r)
	}
	rows[0].Comments = []string{"Bespreekt casuïstiek open en met respect voor de achtergrond van het gezin."}
	rows[4].Comments = []string{"Kan soms meer ruimte laten voor de inbreng van anderen.", "Neemt het voortouw bij lastige afspraken."}
	return Development{
		RegisseurName: "Noëlle Wiersma",
		Organisation:  "Stichting Welzijn Noordoost",
		Instrument:    "Regiecompetenties complexe gezinscasussen, versie 1",
		ScaleMin:      1,
		ScaleMax:      5,
		RoundClosedOn: &testClosed,
		MinRaters:     3,
		Competencies:  rows,
		Goals: []Goal{
			{Competency: "Overtuigingskracht", Description: "Vaker anderen eerst laten reageren in het rondetafeloverleg voordat ik een voorstel doe.", Status: "Loopt", TargetDate: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)},
			{Competency: "Culturele sensitiviteit", Description: "Intervisie over casuïstiek met gezinnen met een migratieachtergrond.", Status: "Gepland", TargetDate: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)},
		},
		Trend: []TrendPoint{
			{ClosedOn: time.Date(2024, 9, 30, 0, 0, 0, 0, time.UTC), Others: map[string]float64{"Culturele sensitiviteit": 3.5, "Zelfkennis": 4.2, "Overtuigingskracht": 3.1}},
			{ClosedOn: testClosed, Others: map[string]float64{"Culturele sensitiviteit": 3.83, "Zelfkennis": 4.5, "Overtuigingskracht": 3.33}},
		},
		GeneratedAt: testGenerated,
	}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func testPool() Pool {
	return Pool{
		GeneratedAt: testGenerated,
		Organisations: []PoolOrganisation{
			{Name: "Stichting Welzijn Noordoost", Members: []PoolMember{
				{Name: "Noëlle Wiersma", Status: "Actief", ActiveCases: 3, MaxCases: 4, HoursPerWeek: 16, Attended: 5, Invited: 6},
				{Name: "Jeroen de Vries", Status: "Actief", ActiveCases: 4, MaxCases: 4, HoursPerWeek: 24, Attended: 6, Invited: 6},
				{Name: "Fatma Yılmaz", Status: "Tijdelijk niet beschikbaar", ActiveCases: 1, MaxCases: 3, HoursPerWeek: 12.5, Attended: 2, Invited: 6},
			}},
			{Name: "Jeugdteam Zuidwest", Members: []PoolMember{
				{Name: "Siebe Hoekstra", Status: "Actief", ActiveCases: 2, MaxCases: 5, HoursPerWeek: 20, Attended: 4, Invited: 5},
				{Name: "Anouk Bakker", Status: "Actief", ActiveCases: 6, MaxCases: 5, HoursPerWeek: 32, Attended: 0, Invited: 0},
			}},
		},
	}
}

func testMonitoring() Monitoring {
	return Monitoring{
		From:              time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		To:                time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC),
		Municipality:      "Súdwest-Fryslân",
		Cases:             42,
		MeetsDefinition:   37,
		OutsideDefinition: 5,
		OutsidePool:       2,
		Waiting:           4,
		Assigned:          23,
		Closed:            15,
		ResultAreas:       testResultAreas(),
		HoursPerCase:      Distribution{N: 38, Mean: 41.3, Median: 38.5, P90: 61.2, Min: 6, Max: 88.5},
		ArrangementHours:  50,
		Handovers:         6,
		CasesWithHandover: 5,
		CloseReasons: map[string]int{
			"Gezin voert zelf weer regie (afschalen)": 7,
			"Doelen bereikt":            4,
			"Over naar gedwongen kader": 2,
			"Gezin verhuisd":            1,
			"Anders":                    1,
		},
		DaysToAssignment: Distribution{N: 38, Mean: 6.4, Median: 5, P90: 12.5, Min: 0.5, Max: 21},
		GeneratedAt:      testGenerated,
	}
}

// testResultAreas fills every indicator of every result area with a
// distinct count, and the satisfaction of the first four.
func testResultAreas() [5]ResultArea {
	sat := [5]Mean{{Mean: 3.91, N: 22}, {Mean: 3.67, N: 18}, {Mean: 4.12, N: 25}, {Mean: 3.45, N: 11}, {}}
	var out [5]ResultArea
	n := 3
	for i := range out {
		out[i] = ResultArea{Number: i + 1, Name: domain.ResultAreas[i], Satisfaction: sat[i]}
		for _, key := range domain.ResultAreaIndicators[i] {
			ind := Indicator{Key: key, Label: domain.IndicatorLabels[key], Value: n}
			switch key {
			case domain.IndicatorGoalsReached:
				ind.Of = 2 * n
			case domain.IndicatorPlansWithFamily, domain.IndicatorCasesWithAnalysis:
				ind.Of = 38 // the cases with a regisseur
			}
			out[i].Indicators = append(out[i].Indicators, ind)
			n += 4
		}
	}
	return out
}
