package postgres_test

import (
	"context"
	"testing"

	"github.com/pressly/goose/v3"

	"regiepool/internal/pgtest"
	"regiepool/migrations"
)

// TestMigration_WorkingDefinition takes a database back to before the
// formula fix (00010), writes cases under the old formula, and migrates up:
// meets_definition is recomputed as (parents struggle AND several domains)
// OR high risk.
func TestMigration_WorkingDefinition(t *testing.T) {
	ctx := context.Background()
	db := pgtest.NewDB(t)
	p, err := goose.NewProvider(goose.DialectPostgres, db.DB.DB, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 9); err != nil {
		t.Fatalf("down to 9: %v", err)
	}
	mun := pgtest.MustCreateMunicipality(t, db)
	type row struct {
		ref                    string
		parents, several, risk bool
		reason                 string
		oldMeets, newMeets     bool
	}
	rows := []row{
		{"M-1", true, true, false, "", true, true},
		{"M-2", false, false, true, "Crisis, ouders redden het", false, true}, // high risk alone: refused before
		{"M-3", true, false, true, "", true, true},
		{"M-4", true, false, false, "Op verzoek", false, false},
		{"M-5", false, true, false, "Op verzoek", false, false},
	}
	for _, r := range rows {
		var meets bool
		err := db.GetContext(ctx, &meets, `INSERT INTO complex_case (reference, municipality_id, parents_struggle, several_domains,
			several_professionals, high_risk, definition_reason, safety_risk) VALUES ($1, $2, $3, $4, false, $5, $6, 'high') RETURNING meets_definition`,
			r.ref, mun.ID, r.parents, r.several, r.risk, r.reason)
		if err != nil {
			t.Fatalf("insert %s: %v", r.ref, err)
		}
		if meets != r.oldMeets {
			t.Fatalf("%s under the old formula: got %v, want %v", r.ref, meets, r.oldMeets)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	for _, r := range rows {
		var meets bool
		if err := db.GetContext(ctx, &meets, `SELECT meets_definition FROM complex_case WHERE reference = $1`, r.ref); err != nil {
			t.Fatal(err)
		}
		if meets != r.newMeets {
			t.Errorf("%s after the migration: got %v, want %v", r.ref, meets, r.newMeets)
		}
	}
	// The reason check survives the migration.
	if _, err := db.ExecContext(ctx, `INSERT INTO complex_case (reference, municipality_id, parents_struggle, several_domains,
		several_professionals, high_risk, safety_risk) VALUES ('M-9', $1, true, false, false, false, 'low')`, mun.ID); err == nil {
		t.Fatal("a case outside the definition without a reason was stored")
	}
	// And down again keeps every row valid.
	if _, err := p.DownTo(ctx, 9); err != nil {
		t.Fatalf("down again: %v", err)
	}
}
