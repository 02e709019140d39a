package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// voiceEnv is a case assigned to a regisseur with an account, in the
// dispatcher's municipality.
type voiceEnv struct {
	*caseEnv
	c         domain.Case
	regisseur context.Context
}

func newVoiceEnv(t *testing.T) *voiceEnv {
	t.Helper()
	e := &voiceEnv{caseEnv: newCaseEnv(t)}
	reg := e.member(t, 2, 16)
	u := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &e.org.ID, RegisseurID: &reg.ID})
	e.regisseur = pgtest.ActorCtx(t, e.db, u.ID)
	c := e.newCase(t, "V-1")
	var err error
	if e.c, err = e.db.Assign(e.dispatcher, c.ID, reg.ID); err != nil {
		t.Fatal(err)
	}
	return e
}

func today() *time.Time {
	d := time.Now().UTC().Truncate(24 * time.Hour)
	return &d
}

func (e *voiceEnv) links(t *testing.T, ctx context.Context, counts map[domain.RespondentKind]int) []domain.VoiceLink {
	t.Helper()
	links, err := e.db.IssueVoiceLinks(ctx, e.c.ID, domain.VoiceRequest{Moment: domain.VoiceAtEvaluation, MomentDate: today(), Counts: counts})
	if err != nil {
		t.Fatal(err)
	}
	return links
}

func (e *voiceEnv) answer(ctx context.Context, token string, ans domain.VoiceAnswer) error {
	a, _, err := e.db.VoiceInvite(ctx, token)
	if err != nil {
		return err
	}
	return e.db.AnswerVoice(domain.WithActor(ctx, a), ans)
}

func parentAnswer(heard, helped int) domain.VoiceAnswer {
	return domain.VoiceAnswer{Heard: &heard, Helped: &helped, WentWell: "Er werd naar ons geluisterd."}
}

// TestVoice_SingleUseUnderRace: two submissions of one link race; exactly
// one is stored, the other is refused as answered, and so is every later
// one. The link is a questionnaire token, stored hashed, useless as a 360
// rater link.
func TestVoice_SingleUseUnderRace(t *testing.T) {
	e := newVoiceEnv(t)
	links := e.links(t, e.regisseur, map[domain.RespondentKind]int{domain.RespondentParent: 2, domain.RespondentParty: 1})
	if len(links) != 3 || links[0].Kind != domain.RespondentParent || links[2].Kind != domain.RespondentParty {
		t.Fatalf("links %+v", links)
	}
	tok := links[0].Token
	if !strings.HasPrefix(tok, "rpq_") {
		t.Errorf("token %q: want the questionnaire prefix", tok)
	}
	var clear int
	if err := e.db.Get(&clear, `SELECT count(*) FROM single_use_token WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'`, tok[4:]); err != nil || clear != 0 {
		t.Fatalf("token stored in the clear (%d, %v)", clear, err)
	}
	if _, _, err := e.db.SingleUseActor(context.Background(), "rater", tok); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a questionnaire link works as a rater link: %v", err)
	}
	inv, err := func() (domain.VoiceInvite, error) {
		_, inv, err := e.db.VoiceInvite(context.Background(), tok)
		return inv, err
	}()
	if err != nil || inv.Kind != domain.RespondentParent || inv.Moment != domain.VoiceAtEvaluation || !inv.MomentDate.Equal(*today()) {
		t.Fatalf("invite %+v, %v", inv, err)
	}

	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(heard int) {
			defer wg.Done()
			errs <- e.answer(context.Background(), tok, parentAnswer(heard, 4))
		}(i + 3)
	}
	wg.Wait()
	close(errs)
	var ok, answered int
	for err := range errs {
		switch {
		case err == nil:
			ok++
		case domain.ErrorCode(err) == domain.EGone:
			if e, _ := domain.AsError(err); e.Key == "voice_answered" {
				answered++
			}
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if ok != 1 || answered != 1 {
		t.Fatalf("%d stored and %d refused as answered, want 1 and 1", ok, answered)
	}
	var n int
	if err := e.db.Get(&n, `SELECT count(*) FROM case_questionnaire_answer WHERE case_id = $1`, e.c.ID); err != nil || n != 1 {
		t.Fatalf("%d answers stored (%v), want 1", n, err)
	}
	err = e.answer(context.Background(), tok, parentAnswer(5, 5))
	if de, _ := domain.AsError(err); de == nil || de.Code != domain.EGone || de.Key != "voice_answered" {
		t.Errorf("a later submission: %v, want gone (voice_answered)", err)
	}
	for _, bad := range []string{"rpq_guess", tok + "x", "", strings.Replace(tok, "rpq_", "rpr_", 1)} {
		if _, _, err := e.db.VoiceInvite(context.Background(), bad); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("link %q: %v, want not found", bad, err)
		}
	}
	// A party's answer takes the party's scale; the family's are dropped.
	three := 3
	if err := e.answer(context.Background(), links[2].Token, domain.VoiceAnswer{Collaboration: &three, Heard: &three}); err != nil {
		t.Fatal(err)
	}
	var heard *int
	if err := e.db.Get(&heard, `SELECT heard FROM case_questionnaire_answer WHERE respondent_kind = 'party'`); err != nil || heard != nil {
		t.Errorf("a party's answer kept a family scale: %v %v", heard, err)
	}
	// An invalid answer is refused and leaves the link usable.
	err = e.answer(context.Background(), links[1].Token, domain.VoiceAnswer{})
	if de, _ := domain.AsError(err); de == nil || de.Code != domain.EInvalid || len(de.Fields) != 2 {
		t.Fatalf("empty answer: %v", err)
	}
	if err := e.answer(context.Background(), links[1].Token, parentAnswer(2, 2)); err != nil {
		t.Fatalf("the link after an invalid answer: %v", err)
	}
}

// TestVoice_Expiry: an expired link shows and submits nothing.
func TestVoice_Expiry(t *testing.T) {
	e := newVoiceEnv(t)
	links := e.links(t, e.dispatcher, map[domain.RespondentKind]int{domain.RespondentYoungPerson: 1})
	if d := time.Until(links[0].ExpiresAt); d < 29*24*time.Hour || d > 31*24*time.Hour {
		t.Errorf("a link expires in %v, want %d days", d, domain.VoiceLinkDays)
	}
	a, _, err := e.db.VoiceInvite(context.Background(), links[0].Token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Exec(`UPDATE single_use_token SET expires_at = now() - interval '1 second' WHERE purpose = 'questionnaire'`); err != nil {
		t.Fatal(err)
	}
	_, _, err = e.db.VoiceInvite(context.Background(), links[0].Token)
	if de, _ := domain.AsError(err); de == nil || de.Code != domain.EGone || de.Key != "link_expired" {
		t.Errorf("expired link: %v, want gone (link_expired)", err)
	}
	// Resolved before it expired, submitted after: refused as expired.
	err = e.db.AnswerVoice(domain.WithActor(context.Background(), a), parentAnswer(4, 4))
	if de, _ := domain.AsError(err); de == nil || de.Code != domain.EGone || de.Key != "link_expired" {
		t.Errorf("submission after expiry: %v, want gone (link_expired)", err)
	}
	var n int
	if err := e.db.Get(&n, `SELECT count(*) FROM case_questionnaire_answer`); err != nil || n != 0 {
		t.Errorf("%d answers stored (%v)", n, err)
	}
}

// TestVoice_NoIdentityStored: the answer table has no column that could tie
// an answer to its link, its respondent or the time of answering, and no
// sequential id; nothing in the audit trail names an answer.
func TestVoice_NoIdentityStored(t *testing.T) {
	e := newVoiceEnv(t)
	links := e.links(t, e.regisseur, map[domain.RespondentKind]int{domain.RespondentParent: 1})
	if err := e.answer(context.Background(), links[0].Token, parentAnswer(4, 4)); err != nil {
		t.Fatal(err)
	}
	var cols []struct {
		Name    string  `db:"column_name"`
		Type    string  `db:"data_type"`
		Default *string `db:"column_default"`
		Ident   string  `db:"is_identity"`
	}
	if err := e.db.Select(&cols, `SELECT column_name, data_type, column_default, is_identity FROM information_schema.columns
		WHERE table_name = 'case_questionnaire_answer' ORDER BY ordinal_position`); err != nil || len(cols) == 0 {
		t.Fatalf("columns: %v", err)
	}
	want := map[string]bool{"id": true, "case_id": true, "respondent_kind": true, "moment": true, "moment_date": true,
		"heard": true, "helped": true, "collaboration": true, "went_well": true, "could_be_better": true}
	for _, c := range cols {
		if !want[c.Name] {
			t.Errorf("column %s (%s): the answer table holds only the case, the kind, the moment and the answers", c.Name, c.Type)
		}
		for _, bad := range []string{"token", "invite", "user", "rater", "created", "updated", "answered", "_at", "time"} {
			if strings.Contains(c.Name, bad) {
				t.Errorf("column %s ties an answer to its respondent or time", c.Name)
			}
		}
		if strings.Contains(c.Type, "timestamp") || strings.HasPrefix(c.Type, "time") {
			t.Errorf("column %s has type %s", c.Name, c.Type)
		}
		if c.Ident == "YES" || (c.Default != nil && strings.Contains(*c.Default, "nextval")) {
			t.Errorf("column %s is sequential", c.Name)
		}
		if c.Name == "id" && (c.Type != "uuid" || c.Default == nil || !strings.Contains(*c.Default, "gen_random_uuid")) {
			t.Errorf("id: %s default %v, want a random uuid", c.Type, c.Default)
		}
	}
	var refs []string
	if err := e.db.Select(&refs, `SELECT confrelid::regclass::text FROM pg_constraint
		WHERE conrelid = 'case_questionnaire_answer'::regclass AND contype = 'f'`); err != nil {
		t.Fatal(err)
	}
	if len(refs) != 1 || refs[0] != "complex_case" {
		t.Errorf("the answer table refers to %v, want only complex_case", refs)
	}
	var audited int
	if err := e.db.Get(&audited, `SELECT count(*) FROM audit_event WHERE record_type LIKE '%answer%'`); err != nil || audited != 0 {
		t.Errorf("%d audit rows name an answer (%v)", audited, err)
	}
}

// TestVoice_Access: who hands out links and reads the figures of one case,
// and who sees the voice across cases.
func TestVoice_Access(t *testing.T) {
	e := newVoiceEnv(t)
	one := map[domain.RespondentKind]int{domain.RespondentParent: 1}
	req := domain.VoiceRequest{Moment: domain.VoiceAtEvaluation, MomentDate: today(), Counts: one}
	otherMun := pgtest.MustCreateMunicipality(t, e.db)
	du := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{otherMun.ID}})
	mu := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleMonitor}})
	otherDispatcher, monitor := pgtest.ActorCtx(t, e.db, du.ID), pgtest.ActorCtx(t, e.db, mu.ID)

	if _, err := e.db.IssueVoiceLinks(otherDispatcher, e.c.ID, req); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a dispatcher elsewhere: %v, want not found", err)
	}
	if _, _, err := e.db.FindCaseVoice(monitor, e.c.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("a monitor reads one case: %v, want not found", err)
	}
	waiting := e.newCase(t, "V-2")
	if _, err := e.db.IssueVoiceLinks(e.dispatcher, waiting.ID, req); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("links for a waiting case: %v, want conflict", err)
	}
	// Handed over: the former regisseur no longer asks or reads.
	next := e.member(t, 2, 16)
	if _, err := e.db.Handover(e.dispatcher, e.c.ID, next.ID, "Verlof"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.IssueVoiceLinks(e.regisseur, e.c.ID, req); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("former regisseur issues: %v, want forbidden", err)
	}
	if _, _, err := e.db.FindCaseVoice(e.regisseur, e.c.ID); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("former regisseur reads: %v, want forbidden", err)
	}
	// Closed: the links of the close, with the close's date; no evaluation.
	if _, err := e.db.CloseCase(e.dispatcher, e.c.ID, domain.CloseGoalsReached); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.IssueVoiceLinks(e.dispatcher, e.c.ID, req); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("an evaluation of a closed case: %v, want invalid", err)
	}
	links, err := e.db.IssueVoiceLinks(e.dispatcher, e.c.ID, domain.VoiceRequest{Moment: domain.VoiceAtClose, Counts: one})
	if err != nil || len(links) != 1 {
		t.Fatalf("links at the close: %v", err)
	}
	var moment string
	var day time.Time
	if err := e.db.QueryRow(`SELECT moment, moment_date FROM case_questionnaire_invite ORDER BY id DESC LIMIT 1`).Scan(&moment, &day); err != nil ||
		moment != domain.VoiceAtClose || !day.Equal(*today()) {
		t.Errorf("the close's invite: %s %v %v", moment, day, err)
	}
	if _, err := e.db.Exec(`UPDATE complex_case SET closed_at = now() - interval '31 days' WHERE id = $1`, e.c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.IssueVoiceLinks(e.dispatcher, e.c.ID, domain.VoiceRequest{Moment: domain.VoiceAtClose, Counts: one}); domain.ErrorCode(err) != domain.EConflict {
		t.Errorf("links a month after the close: %v, want conflict", err)
	}
	tallies, _, err := e.db.FindCaseVoice(e.dispatcher, e.c.ID)
	if err != nil || len(tallies) != 1 || tallies[0].Issued != 1 {
		t.Errorf("dispatcher reads %+v, %v", tallies, err)
	}

	// Across cases: monitors and admins, never dispatchers.
	f := domain.VoiceFilter{From: time.Now().AddDate(0, -1, 0), To: time.Now().AddDate(0, 0, 1)}
	if _, _, err := e.db.VoiceAcrossCases(e.dispatcher, f); domain.ErrorCode(err) != domain.EForbidden {
		t.Errorf("a dispatcher across cases: %v, want forbidden", err)
	}
	tallies, _, err = e.db.VoiceAcrossCases(monitor, f)
	if err != nil || len(tallies) != 1 || tallies[0].Issued != 1 {
		t.Errorf("monitor across cases: %+v %v", tallies, err)
	}
	f.MunicipalityID = &otherMun.ID
	if tallies, _, err = e.db.VoiceAcrossCases(monitor, f); err != nil || len(tallies) != 0 {
		t.Errorf("another municipality: %+v %v", tallies, err)
	}
	missing := int64(999999)
	f.MunicipalityID = &missing
	if _, _, err = e.db.VoiceAcrossCases(monitor, f); domain.ErrorCode(err) != domain.ENotFound {
		t.Errorf("unknown municipality: %v", err)
	}
}
