package postgres_test

import (
	"context"
	"testing"

	"regiepool/internal/assessment"
	"regiepool/internal/pgtest"
)

// TestSyncMatchingPolicies: the shipped policy is stored at start; a
// changed file replaces it, even after answers exist (it is not part of a
// published version).
func TestSyncMatchingPolicies(t *testing.T) {
	db := pgtest.NewDB(t)
	ctx := context.Background()
	p, err := db.MatchingPolicy(ctx)
	if err != nil || p.NormPenalty != 0.1 || p.Minimums["daadkrachtig"] != 2 {
		t.Fatalf("stored policy %+v (%v), want the shipped one", p, err)
	}
	changed := assessment.Policy{Instrument: "regie-competenties", NormPenalty: 0.25, Minimums: map[string]float64{"zelfkennis": 2.5}, Checksum: "changed"}
	if err := db.SyncMatchingPolicies(ctx, []*assessment.Policy{&changed}); err != nil {
		t.Fatal(err)
	}
	p, err = db.MatchingPolicy(ctx)
	if err != nil || p.NormPenalty != 0.25 || len(p.Minimums) != 1 || p.Minimums["zelfkennis"] != 2.5 {
		t.Fatalf("changed policy %+v (%v)", p, err)
	}
	if _, err := db.Exec(`DELETE FROM matching_policy`); err != nil {
		t.Fatal(err)
	}
	if p, err = db.MatchingPolicy(ctx); err != nil || p.NormPenalty != assessment.DefaultNormPenalty || len(p.Minimums) != 0 {
		t.Fatalf("without a policy %+v (%v), want the defaults", p, err)
	}
}
