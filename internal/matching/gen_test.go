package matching

import (
	"math/rand"
	"strconv"
	"time"
)

// Seeded generators shared by tests and benchmarks.

var (
	genKeys    = []string{"daadkrachtig", "verbindend", "analytisch", "onafhankelijk", "communicatief", "resultaatgericht", "reflectief", "samenwerkend"}
	genDomains = []string{"wonen", "financien", "opvoeding", "gezondheid", "veiligheid", "onderwijs", "werk", "verslaving"}
	genRegions = []string{"noord", "oost", "zuid", "west", "midden", "friesland", "twente", "achterhoek", "veluwe", "delta"}
	genFirst   = []string{"Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gerrit", "Hanna", "Ibrahim", "Joost", "Karin", "Lars", "Mila", "Noor", "Omar", "Petra", "Quinten", "Rosa", "Sem", "Tess", "Umut", "Vera", "Wouter", "Yara", "Zoë"}
	genLast    = []string{"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "Haan", "Vermeulen"}
	genStart   = time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ptrT(t time.Time) *time.Time { return &t }
func ptrI(v int64) *int64         { return &v }

type genOpts struct {
	activeFrac   float64 // share of members with status active
	maxCap       int     // free case slots drawn from 1..maxCap
	exclusions   bool    // sprinkle pauses, leave, contra-indications
	hoursPlenty  bool    // hours never bind
	orgs         int
	normBelowMix bool // competencies around the norms
}

func genMembers(r *rand.Rand, n int, o genOpts) []Member {
	ms := make([]Member, n)
	for i := range ms {
		m := &ms[i]
		m.RegisseurID = int64(1000 + i)
		m.Name = genFirst[r.Intn(len(genFirst))] + " " + genLast[r.Intn(len(genLast))] + " " + strconv.Itoa(r.Intn(1000))
		m.OrganisationID = int64(1 + r.Intn(max(o.orgs, 1)))
		m.Status = "active"
		if r.Float64() > o.activeFrac {
			m.Status = []string{"paused", "admitted", "left"}[r.Intn(3)]
		}
		free := 1 + r.Intn(max(o.maxCap, 1))
		m.MaxCases = free + r.Intn(3)
		m.ActiveCases = m.MaxCases - free
		if o.hoursPlenty {
			m.HoursPerWeek = 1000
		} else {
			m.HoursPerWeek = float64(8 + r.Intn(25))
			m.HoursCommitted = float64(m.ActiveCases) * (2 + r.Float64()*2)
		}
		if o.exclusions {
			switch r.Intn(40) {
			case 0:
				m.PausedUntil = ptrT(genStart.AddDate(0, 0, r.Intn(20)))
			case 1:
				m.Unavailable = []Period{{From: genStart.AddDate(0, 0, -3), To: genStart.AddDate(0, 0, 10)}}
			case 2:
				m.ContraIndication = true
			case 3:
				m.Unavailable = []Period{{From: genStart.AddDate(0, 1, 0), To: genStart.AddDate(0, 1, 10)}}
			}
		}
		m.MunicipalityIDs = []int64{int64(1 + r.Intn(50))}
		if r.Intn(3) == 0 {
			m.MunicipalityIDs = append(m.MunicipalityIDs, int64(1+r.Intn(50)))
		}
		m.Regions = []string{genRegions[r.Intn(len(genRegions))]}
		m.Competency = make(map[string]float64, len(genKeys))
		for _, k := range genKeys {
			if r.Intn(10) == 0 {
				continue // missing score
			}
			lo := 1.0
			if o.normBelowMix {
				lo = 2.6
			}
			m.Competency[k] = lo + r.Float64()*(5-lo)
		}
		m.DomainExperience = make(map[string]int, len(genDomains))
		for _, d := range genDomains {
			if r.Intn(2) == 0 {
				m.DomainExperience[d] = r.Intn(6)
			}
		}
	}
	return ms
}

func genCases(r *rand.Rand, n int, members []Member, orgs int) []Case {
	cs := make([]Case, n)
	for i := range cs {
		c := &cs[i]
		c.ID = int64(1 + i)
		c.MunicipalityID = int64(1 + r.Intn(50))
		c.Region = genRegions[r.Intn(len(genRegions))]
		c.StartsOn = genStart
		c.Urgency = 1 + r.Intn(3)
		c.HoursPerWeek = 1 + float64(r.Intn(8))/2
		perm := r.Perm(len(genKeys))
		for _, k := range perm[:r.Intn(4)] {
			c.LeansOn = append(c.LeansOn, genKeys[k])
		}
		perm = r.Perm(len(genDomains))
		for _, d := range perm[:r.Intn(4)] {
			c.LifeDomains = append(c.LifeDomains, genDomains[d])
		}
		for range r.Intn(3) {
			c.InvolvedOrganisationIDs = append(c.InvolvedOrganisationIDs, int64(1+r.Intn(max(orgs, 1))))
		}
		if len(members) > 0 && r.Intn(4) == 0 {
			c.PreviousRegisseurID = ptrI(members[r.Intn(len(members))].RegisseurID)
			c.PreviousClosedOn = ptrT(genStart.AddDate(0, 0, -r.Intn(500)))
		}
	}
	return cs
}

func genConfig() Config {
	return Config{Norms: map[string]float64{
		"daadkrachtig": 3, "verbindend": 3, "analytisch": 2.5, "onafhankelijk": 3,
		"communicatief": 3, "resultaatgericht": 2.5, "reflectief": 3, "samenwerkend": 3,
	}}
}
