package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"regiepool/assessments"
	"regiepool/internal/assessment"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestExternalDraft: an external rater saves answers as they go through
// their link and finds them again from the same link; saving a step
// replaces only that step's items; sending takes the draft with it, deletes
// it in the same transaction and uses the link up, once, even when sent
// twice at the same time; nothing left in the database ties the sent
// answers to the link.
func TestExternalDraft(t *testing.T) {
	db := pgtest.NewDB(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	_, links, err := db.OpenFeedbackRound(pgtest.SystemCtx(), reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{{Group: "partner"}, {Group: "partner"}})
	if err != nil || len(links) != 2 {
		t.Fatalf("open round: %v", err)
	}
	defs, err := assessment.LoadAll(assessments.FS)
	if err != nil {
		t.Fatal(err)
	}
	items := defs[0].Items()
	token := links[0].Token
	actor := func() context.Context {
		a, _, err := db.ExternalFeedbackRequest(context.Background(), token)
		if err != nil {
			t.Fatalf("resolve link: %v", err)
		}
		return domain.WithActor(context.Background(), a)
	}
	score := func(n int) *int { return &n }
	half := len(items) / 2
	first := map[string]domain.Answer{}
	var keys []string
	for _, it := range items[:half] {
		keys = append(keys, it.Key)
		first[it.Key] = domain.Answer{Score: score(4), Comment: "gezien bij " + it.Key}
	}
	if err := db.SaveExternalDraft(actor(), keys, first); err != nil {
		t.Fatalf("save half: %v", err)
	}
	// Resume: the same link shows the answers saved so far.
	_, req, err := db.ExternalFeedbackRequest(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	if len(req.Draft) != half || req.Draft[items[0].Key].Comment != "gezien bij "+items[0].Key {
		t.Fatalf("resumed draft has %d answers (%v), want %d", len(req.Draft), req.Draft[items[0].Key], half)
	}
	// A step saved again with one item left empty clears that item only.
	if err := db.SaveExternalDraft(actor(), keys[:1], map[string]domain.Answer{}); err != nil {
		t.Fatal(err)
	}
	if _, req, _ = db.ExternalFeedbackRequest(context.Background(), token); len(req.Draft) != half-1 {
		t.Fatalf("after clearing one item the draft has %d answers, want %d", len(req.Draft), half-1)
	}
	// An answer out of range is refused and nothing is stored.
	bad := map[string]domain.Answer{items[0].Key: {Score: score(9)}}
	if err := db.SaveExternalDraft(actor(), keys[:1], bad); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("score 9: %v, want invalid", err)
	}
	// Sending with items still open is refused; the draft stays.
	if err := db.AnswerExternal(actor(), map[string]domain.Answer{}); domain.ErrorCode(err) != domain.EInvalid {
		t.Fatalf("send incomplete: %v, want invalid", err)
	}
	rest := map[string]domain.Answer{items[0].Key: {Score: score(2)}}
	for _, it := range items[half:] {
		rest[it.Key] = domain.Answer{Score: score(3)}
	}
	// Two sends at once: exactly one succeeds. Both resolve the link first
	// (as two open browser tabs did); a t.Fatal inside a goroutine would
	// leave its error nil.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	actors := []context.Context{actor(), actor()}
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.AnswerExternal(actors[i], rest)
		}()
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) {
		t.Fatalf("two sends: %v and %v, want exactly one to succeed", errs[0], errs[1])
	}
	var drafts, responses, answers int
	if err := db.Get(&drafts, `SELECT count(*) FROM feedback_draft`); err != nil || drafts != 0 {
		t.Errorf("%d draft rows left after sending (%v), want 0", drafts, err)
	}
	if err := db.Get(&responses, `SELECT count(*) FROM feedback_response`); err != nil || responses != 1 {
		t.Errorf("%d responses (%v), want 1", responses, err)
	}
	if err := db.Get(&answers, `SELECT count(*) FROM feedback_answer`); err != nil || answers != len(items) {
		t.Errorf("%d answers stored (%v), want %d (the draft and the rest)", answers, err, len(items))
	}
	var comment string
	if err := db.Get(&comment, `SELECT a.comment FROM feedback_answer a JOIN instrument_item i ON i.id = a.item_id WHERE i.key = $1`, items[1].Key); err != nil || comment != "gezien bij "+items[1].Key {
		t.Errorf("draft comment of %s sent as %q (%v)", items[1].Key, comment, err)
	}
	// The sent answers refer to nothing of the rater: the response table
	// has only its random id, the round and the group.
	var cols []string
	if err := db.Select(&cols, `SELECT column_name FROM information_schema.columns WHERE table_name IN ('feedback_response', 'feedback_answer') ORDER BY 1`); err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		switch c {
		case "id", "round_id", "rater_group", "response_id", "item_id", "score", "comment":
		default:
			t.Errorf("feedback_response/answer has column %q, which may tie answers to a rater", c)
		}
	}
	// The link is used up: resuming and saving both answer gone.
	if _, _, err := db.ExternalFeedbackRequest(context.Background(), token); domain.ErrorCode(err) != domain.EGone {
		t.Errorf("resume after sending: %v, want gone", err)
	}
	// The other rater's link is untouched and has no draft.
	if _, req, err := db.ExternalFeedbackRequest(context.Background(), links[1].Token); err != nil || len(req.Draft) != 0 {
		t.Errorf("other link: %v, draft %v", err, req.Draft)
	}
}

// TestExternalDraft_ClosedRound: once the round is closed, a draft can no
// longer be saved and the draft is not sent.
func TestExternalDraft_ClosedRound(t *testing.T) {
	db := pgtest.NewDB(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateRegisseur(t, db, org.ID)
	round, links, err := db.OpenFeedbackRound(pgtest.SystemCtx(), reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{{Group: "family"}})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := db.ExternalFeedbackRequest(context.Background(), links[0].Token)
	if err != nil {
		t.Fatal(err)
	}
	ctx := domain.WithActor(context.Background(), a)
	if _, err := db.CloseFeedbackRound(pgtest.SystemCtx(), round.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveExternalDraft(ctx, nil, nil); domain.ErrorCode(err) != domain.EGone {
		t.Errorf("save after close: %v, want gone", err)
	}
}
