package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"regiepool/assessments"
	"regiepool/internal/assessment"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestSyncInstruments_ImmutableOnceUsed: a changed definition replaces the
// stored one only while no answers refer to it.
func TestSyncInstruments_ImmutableOnceUsed(t *testing.T) {
	db := pgtest.NewDB(t)
	ctx := context.Background()
	defs, err := assessment.LoadAll(assessments.FS)
	if err != nil {
		t.Fatal(err)
	}
	changed := *defs[0]
	changed.Title = "Gewijzigde titel"
	changed.Checksum = "changed"
	if err := db.SyncInstruments(ctx, []*assessment.Instrument{&changed}); err != nil {
		t.Fatalf("change an unused version: %v", err)
	}
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID})
	if _, err := db.DraftSelfAssessment(pgtest.ActorCtx(t, db, u.ID), reg.ID); err != nil {
		t.Fatal(err)
	}
	again := *defs[0]
	again.Checksum = "changed-again"
	err = db.SyncInstruments(ctx, []*assessment.Instrument{&again})
	if err == nil || !strings.Contains(err.Error(), "v2.yaml") || !strings.Contains(err.Error(), "regie-competenties/v1.yaml") {
		t.Fatalf("change a used version: %v, want a refusal naming the file and v2", err)
	}
}

// TestRaterLink_ExpiredAndUnknown: an expired link is gone (410), an unknown
// one not found (404).
func TestRaterLink_ExpiredAndUnknown(t *testing.T) {
	db := pgtest.NewDB(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	_, links, err := db.OpenFeedbackRound(pgtest.SystemCtx(), reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{{Group: "partner"}})
	if err != nil || len(links) != 1 {
		t.Fatalf("open round: %v", err)
	}
	if _, _, err := db.ExternalFeedbackRequest(context.Background(), links[0].Token); err != nil {
		t.Fatalf("fresh link: %v", err)
	}
	if _, err := db.Exec(`UPDATE single_use_token SET expires_at = now() - interval '1 minute'`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.ExternalFeedbackRequest(context.Background(), links[0].Token); domain.ErrorCode(err) != domain.EGone {
		t.Errorf("expired link: %v, want gone", err)
	}
	if _, _, err := db.ExternalFeedbackRequest(context.Background(), "rpr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("unknown link: %v, want not found", err)
	}
}

// TestFindInstrument_ItemKinds: a definition stored before its items carried
// their kind (as "") reads back with each item's kind filled in.
func TestFindInstrument_ItemKinds(t *testing.T) {
	db := pgtest.NewDB(t)
	ctx := context.Background()
	// Blank every item's kind, as versions stored before the fix hold it.
	const blank = `UPDATE instrument SET definition = jsonb_set(definition, '{sections}', (
		SELECT jsonb_agg(jsonb_set(s, '{items}', (SELECT jsonb_agg(i || '{"kind": ""}') FROM jsonb_array_elements(s->'items') i)))
		FROM jsonb_array_elements(definition->'sections') s))`
	if _, err := db.Exec(blank); err != nil {
		t.Fatal(err)
	}
	ins, err := db.FindInstruments(ctx)
	if err != nil || len(ins) == 0 {
		t.Fatalf("find instruments: %v", err)
	}
	got, err := db.FindInstrumentByID(ctx, ins[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range got.Def.Sections {
		for _, it := range s.Items {
			if it.Kind != s.Kind {
				t.Errorf("item %s: kind %q, want %q", it.Key, it.Kind, s.Kind)
			}
		}
	}
}
