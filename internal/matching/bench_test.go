package matching

import (
	"math/rand"
	"slices"
	"sync"
	"syscall"
	"testing"
)

var rankFixture = sync.OnceValues(func() (Case, []Member) {
	c, m, _ := makeRankData()
	return c, m
})

// benchRankData is one shared fixture, so repeated benchmark runs see the
// same live heap.
func benchRankData() (Case, []Member, Config) {
	c, m := rankFixture()
	return c, m, genConfig()
}

func makeRankData() (Case, []Member, Config) {
	r := rand.New(rand.NewSource(42))
	members := genMembers(r, 20000, genOpts{activeFrac: 0.9, maxCap: 5, exclusions: true, orgs: 300, normBelowMix: true})
	c := Case{
		ID: 1, MunicipalityID: 7, Region: "oost", StartsOn: genStart, Urgency: 2, HoursPerWeek: 4,
		LeansOn:                 []string{"daadkrachtig", "verbindend", "analytisch"},
		LifeDomains:             []string{"wonen", "opvoeding", "veiligheid"},
		InvolvedOrganisationIDs: []int64{3, 17},
		PreviousRegisseurID:     ptrI(members[123].RegisseurID),
		PreviousClosedOn:        ptrT(genStart.AddDate(0, -4, 0)),
	}
	return c, members, genConfig()
}

func BenchmarkRank20000(b *testing.B) {
	c, members, cfg := benchRankData()
	b.ReportAllocs()
	b.ResetTimer()
	var q int
	for b.Loop() {
		out := Rank(c, members, cfg)
		q = len(out)
	}
	_ = q
}

var proposeFixture = sync.OnceValues(func() ([]Case, []Member) {
	r := rand.New(rand.NewSource(7))
	members := genMembers(r, 1000, genOpts{activeFrac: 0.95, maxCap: 5, exclusions: true, orgs: 60, normBelowMix: true})
	cases := genCases(r, 2000, members, 60)
	return cases, members
})

// BenchmarkPropose2000x1000: 2,000 cases against 1,000 members with 1–5
// free slots each (hours partly binding).
func BenchmarkPropose2000x1000(b *testing.B) {
	cases, members := proposeFixture()
	cfg := genConfig()
	b.ReportAllocs()
	var p Proposal
	for b.Loop() {
		p = Propose(cases, members, cfg)
	}
	b.ReportMetric(float64(len(p.Pairs)), "placed")
	b.ReportMetric(p.Gap, "gap")
}

// BenchmarkProposeShortage: 2,000 cases for 1,000 single free slots, so
// more than half stay unplaced (the hard case for augmenting-path solvers).
func BenchmarkProposeShortage(b *testing.B) {
	cases, members := proposeFixture()
	members = slices.Clone(members)
	for j := range members {
		members[j].MaxCases, members[j].ActiveCases = 1, 0
	}
	cfg := genConfig()
	b.ReportAllocs()
	var p Proposal
	for b.Loop() {
		p = Propose(cases, members, cfg)
	}
	b.ReportMetric(float64(len(p.Pairs)), "placed")
}

// bigFixture: 10,000 waiting cases against 5,000 members (orgs 300, 1–5
// free slots, hours partly binding), the size issue 14 names.
var bigFixture = sync.OnceValues(func() ([]Case, []Member) {
	r := rand.New(rand.NewSource(10))
	members := genMembers(r, 5000, genOpts{activeFrac: 0.95, maxCap: 5, exclusions: true, orgs: 300, normBelowMix: true})
	cases := genCases(r, 10000, members, 300)
	return cases, members
})

// BenchmarkPropose10000x5000: the realistic kind, about 15,000 free slots
// for 10,000 cases, hours binding on part of the members.
func BenchmarkPropose10000x5000(b *testing.B) {
	cases, members := bigFixture()
	benchPropose(b, cases, members)
}

// BenchmarkPropose10000x5000Scarce: the same cases for one free slot per
// member (5,000 slots), so half the cases wait and urgency decides.
func BenchmarkPropose10000x5000Scarce(b *testing.B) {
	cases, members := bigFixture()
	members = slices.Clone(members)
	for j := range members {
		members[j].MaxCases, members[j].ActiveCases = 1, 0
		members[j].HoursCommitted = 0
	}
	benchPropose(b, cases, members)
}

// benchPropose reports, besides time per op, the CPU time per op over all
// cores (cpu-s/op), the cases placed, the gap and whether it is exact.
func benchPropose(b *testing.B, cases []Case, members []Member) {
	cfg := genConfig()
	b.ReportAllocs()
	var p Proposal
	var before, after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for b.Loop() {
		p = Propose(cases, members, cfg)
	}
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano()
	b.ReportMetric(float64(cpu)/1e9/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(p.Pairs)), "placed")
	b.ReportMetric(p.Gap, "gap")
	if p.Exact {
		b.ReportMetric(1, "exact")
	} else {
		b.ReportMetric(0, "exact")
	}
}
