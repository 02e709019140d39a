package report

import (
	"fmt"
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

// testMonitoring answers the ten questions with made-up figures: one
// suppressed figure and one suppressed bar per question, a chart on the
// even ones, and the other figures.
func testMonitoring() Monitoring {
	m := Monitoring{
		From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC),
		AskedFrom: time.Date(2025, 2, 10, 0, 0, 0, 0, time.UTC), AskedTo: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC),
		Municipality: "Súdwest-Fryslân", PoolRound: "Eerste ronde", MinCell: 5, GeneratedAt: testGenerated,
	}
	v := func(f float64) *float64 { return &f }
	for i, dq := range domain.MonitoringQuestions {
		q := Question{ID: dq.ID, Question: dq.Question, Method: dq.Method,
			Answer: fmt.Sprintf("Antwoord op vraag %d: 9 van de 12 casussen (75%%).", dq.ID),
			Figures: []Figure{
				{Key: "shown_count", Label: fmt.Sprintf("Getelde casussen %d", dq.ID), Value: v(float64(12 + i)), N: 12 + i, Unit: UnitCount},
				{Key: "shown_mean", Label: "Gemiddelde tevredenheid", Value: v(3.75), N: 8, Unit: UnitMean},
				{Key: "small", Label: "Kleine groep", Value: nil, N: 2, Unit: UnitPercent},
			}}
		if dq.ID%2 == 0 {
			q.Chart = &Chart{Title: fmt.Sprintf("Verdeling bij vraag %d", dq.ID), Max: 20, Unit: UnitHours, Bars: []ChartBar{
				{Label: "Eerste kwartiel", Value: v(12.5), N: 10}, {Label: "Mediaan", Value: v(18), N: 10}, {Label: "Enkele casus", Value: nil, N: 1}}}
		}
		m.Questions = append(m.Questions, q)
	}
	m.Other = &Question{Question: "Overige cijfers", Method: "Telling.", Answer: "In deze periode zijn 42 casussen aangemeld.",
		Figures: []Figure{{Key: "cases_registered", Label: "Aangemelde casussen", Value: v(42), N: 42, Unit: UnitCount}},
		Chart:   &Chart{Title: "Redenen van afsluiten", Max: 10, Unit: UnitCount, Bars: []ChartBar{{Label: "Doelen bereikt", Value: v(7), N: 7}, {Label: "Gezin verhuisd", N: 1}}}}
	return m
}
