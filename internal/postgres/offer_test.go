package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// regisseurCtx is the context of a user account for regisseur r.
func (e *caseEnv) regisseurCtx(t *testing.T, r domain.Regisseur) context.Context {
	t.Helper()
	u := pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &e.org.ID, RegisseurID: &r.ID})
	return pgtest.ActorCtx(t, e.db, u.ID)
}

// offer offers case c to r with the default deadline.
func (e *caseEnv) offer(t *testing.T, c domain.Case, r domain.Regisseur) domain.Offer {
	t.Helper()
	k, err := e.db.OfferCase(e.dispatcher, c.ID, r.ID, domain.AddWorkingDays(time.Now(), domain.DefaultOfferWorkingDays))
	if err != nil {
		t.Fatalf("offer %s to %d: %v", c.Reference, r.ID, err)
	}
	if k.Status != domain.CaseWaiting || k.Offer == nil || k.Offer.RegisseurID != r.ID {
		t.Fatalf("offered case: status %s, offer %+v", k.Status, k.Offer)
	}
	return *k.Offer
}

// expire moves the deadline of an offer into the past, as time would.
func (e *caseEnv) expire(t *testing.T, offerID int64, ago time.Duration) {
	t.Helper()
	const q = `UPDATE case_offer SET offered_at = now() - interval '3 days', expires_at = now() - $2 * interval '1 microsecond' WHERE id = $1`
	if _, err := e.db.Exec(q, offerID, ago.Microseconds()); err != nil {
		t.Fatal(err)
	}
}

func wantKey(t *testing.T, what string, err error, key string) {
	t.Helper()
	if derr, _ := domain.AsError(err); derr == nil || derr.Key != key {
		t.Fatalf("%s: got %v, want %s", what, err, key)
	}
}

// TestOffer_HoldsSlot: an open offer counts against the regisseur's
// capacity and hours, and holds the case against other assignments.
func TestOffer_HoldsSlot(t *testing.T) {
	e := newCaseEnv(t)
	r, other := e.member(t, 1, 40), e.member(t, 3, 40)
	a, b := e.newCase(t, "O-1"), e.newCase(t, "O-2")
	e.offer(t, a, r)
	_, err := e.db.Assign(e.dispatcher, b.ID, r.ID)
	wantKey(t, "assign with the slot held", err, "no_capacity")
	_, err = e.db.OfferCase(e.dispatcher, b.ID, r.ID, time.Now().Add(time.Hour))
	wantKey(t, "offer with the slot held", err, "no_capacity")
	_, err = e.db.Assign(e.dispatcher, a.ID, other.ID)
	wantKey(t, "assign an offered case", err, "case_offered")
	_, err = e.db.OfferCase(e.dispatcher, a.ID, other.ID, time.Now().Add(time.Hour))
	wantKey(t, "offer an offered case", err, "case_offered")

	// Hours: 4 h/week holds two cases of 1.92 h; an offer takes one.
	h := e.member(t, 3, 4)
	c1, c2, c3 := e.newCase(t, "O-3"), e.newCase(t, "O-4"), e.newCase(t, "O-5")
	e.offer(t, c1, h)
	if _, err := e.db.Assign(e.dispatcher, c2.ID, h.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.db.Assign(e.dispatcher, c3.ID, h.ID)
	wantKey(t, "hours with an offer held", err, "no_hours")
}

func TestOffer_Accept(t *testing.T) {
	e := newCaseEnv(t)
	r, other := e.member(t, 2, 40), e.member(t, 2, 40)
	rctx, octx := e.regisseurCtx(t, r), e.regisseurCtx(t, other)
	c := e.newCase(t, "A-1")
	o := e.offer(t, c, r)

	// Before accepting, the regisseur does not see the case itself, only the offer.
	if _, err := e.db.FindCaseByID(rctx, c.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("case before accepting: %v, want not_found", err)
	}
	got, err := e.db.FindOfferByID(rctx, o.ID)
	if err != nil || got.Case.Reference != c.Reference || got.Status != domain.OfferOpen {
		t.Fatalf("own offer: %+v, %v", got, err)
	}
	for name, ctx := range map[string]context.Context{"another regisseur": octx, "a dispatcher": e.dispatcher} {
		if _, err := e.db.AcceptOffer(ctx, o.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("%s accepts: %v, want not_found", name, err)
		}
	}
	if _, err := e.db.FindOfferByID(octx, o.ID); domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("another regisseur reads the offer: %v, want not_found", err)
	}

	acc, err := e.db.AcceptOffer(rctx, o.ID)
	if err != nil || acc.Status != domain.OfferAccepted || acc.AnsweredAt == nil {
		t.Fatalf("accept: %+v, %v", acc, err)
	}
	k, err := e.db.FindCaseByID(rctx, c.ID)
	if err != nil || k.Status != domain.CaseAssigned || k.RegisseurID == nil || *k.RegisseurID != r.ID || k.Offer != nil || k.Returned != nil {
		t.Fatalf("case after accepting: %+v, %v", k, err)
	}
	_, err = e.db.AcceptOffer(rctx, o.ID)
	wantKey(t, "accept twice", err, "offer_answered")
	_, err = e.db.DeclineOffer(rctx, o.ID, "Toch niet")
	wantKey(t, "decline after accepting", err, "offer_answered")
	var active int
	if err := e.db.Get(&active, `SELECT count(*) FROM assignment WHERE case_id = $1 AND ended_at IS NULL`, c.ID); err != nil || active != 1 {
		t.Fatalf("%d active assignments, want 1 (%v)", active, err)
	}
}

func TestOffer_Decline(t *testing.T) {
	e := newCaseEnv(t)
	r := e.member(t, 1, 40)
	rctx := e.regisseurCtx(t, r)
	older, c, b := e.newCase(t, "D-0"), e.newCase(t, "D-1"), e.newCase(t, "D-2")
	o := e.offer(t, c, r)
	for _, reason := range []string{"", "   "} {
		_, err := e.db.DeclineOffer(rctx, o.ID, reason)
		if derr, _ := domain.AsError(err); derr == nil || derr.Code != domain.EInvalid || !hasField(derr, "reason") {
			t.Fatalf("decline with reason %q: %v, want invalid reason", reason, err)
		}
	}
	dec, err := e.db.DeclineOffer(rctx, o.ID, "  Geen ruimte: crisis in een andere casus.  ")
	if err != nil || dec.Status != domain.OfferDeclined || dec.DeclineReason != "Geen ruimte: crisis in een andere casus." {
		t.Fatalf("decline: %+v, %v", dec, err)
	}
	// The slot is free at once.
	if _, err := e.db.Assign(e.dispatcher, b.ID, r.ID); err != nil {
		t.Fatalf("assign after the decline: %v", err)
	}
	k, err := e.db.FindCaseByID(e.dispatcher, c.ID)
	if err != nil || k.Status != domain.CaseWaiting || k.Offer != nil || k.Returned == nil ||
		k.Returned.Status != domain.OfferDeclined || k.Returned.Reason != dec.DeclineReason {
		t.Fatalf("declined case: %+v, returned %+v, %v", k, k.Returned, err)
	}
	// Back on top of the waiting cases, before the older one.
	status := domain.CaseWaiting
	list, _, err := e.db.FindCases(e.dispatcher, domain.CaseFilter{Status: &status}, domain.Page{Page: 1, PageSize: 10})
	if err != nil || len(list) != 2 || list[0].ID != c.ID || list[1].ID != older.ID {
		t.Fatalf("waiting cases: %v, want %s first, then %s", refs(list), c.Reference, older.Reference)
	}
	_, err = e.db.AcceptOffer(rctx, o.ID)
	wantKey(t, "accept after declining", err, "offer_answered")
}

func refs(cs []domain.Case) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Reference)
	}
	return out
}

// TestOffer_Expiry: an offer past its deadline is free in every count and
// status without any job having run.
func TestOffer_Expiry(t *testing.T) {
	e := newCaseEnv(t)
	r := e.member(t, 1, 40)
	rctx := e.regisseurCtx(t, r)
	c, b := e.newCase(t, "E-1"), e.newCase(t, "E-2")
	o := e.offer(t, c, r)
	e.expire(t, o.ID, time.Second)

	k, err := e.db.FindCaseByID(e.dispatcher, c.ID)
	if err != nil || k.Offer != nil || k.Returned == nil || k.Returned.Status != domain.OfferExpired {
		t.Fatalf("expired offer's case: offer %+v, returned %+v, %v", k.Offer, k.Returned, err)
	}
	if list, total, err := e.db.FindOpenOffers(rctx, domain.Page{Page: 1, PageSize: 10}); err != nil || total != 0 || len(list) != 0 {
		t.Fatalf("open offers after the deadline: %d (%v)", total, err)
	}
	got, err := e.db.FindOfferByID(rctx, o.ID)
	if err != nil || got.Status != domain.OfferExpired {
		t.Fatalf("expired offer reads as %q (%v)", got.Status, err)
	}
	// The slot is free for another case, and the case for another offer.
	if _, err := e.db.Assign(e.dispatcher, b.ID, r.ID); err != nil {
		t.Fatalf("assign after the deadline: %v", err)
	}
	_, err = e.db.AcceptOffer(rctx, o.ID)
	wantKey(t, "accept after the deadline", err, "offer_expired")
	other := e.member(t, 1, 40)
	e.offer(t, c, other)
	var stored string
	if err := e.db.Get(&stored, `SELECT status FROM case_offer WHERE id = $1`, o.ID); err != nil || stored != domain.OfferExpired {
		t.Fatalf("stored status %q after the next change, want expired (%v)", stored, err)
	}
}

func TestOffer_Timeline(t *testing.T) {
	e := newCaseEnv(t)
	r1, r2, r3 := e.member(t, 1, 40), e.member(t, 1, 40), e.member(t, 1, 40)
	c := e.newCase(t, "T-1")
	o1 := e.offer(t, c, r1)
	if _, err := e.db.DeclineOffer(e.regisseurCtx(t, r1), o1.ID, "Net een crisiscasus erbij."); err != nil {
		t.Fatal(err)
	}
	o2 := e.offer(t, c, r2)
	e.expire(t, o2.ID, time.Second)
	o3 := e.offer(t, c, r3)
	if _, err := e.db.AcceptOffer(e.regisseurCtx(t, r3), o3.ID); err != nil {
		t.Fatal(err)
	}
	es, err := e.db.FindCaseTimeline(e.dispatcher, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, x := range es {
		kinds[x.Kind]++
		switch x.Kind {
		case domain.TimelineOfferDeclined:
			if x.Reason != "Net een crisiscasus erbij." || x.RegisseurID == nil || *x.RegisseurID != r1.ID || x.Recorder == nil {
				t.Errorf("declined entry: %+v", x)
			}
		case domain.TimelineOffered:
			if x.Deadline == nil || x.Recorder == nil {
				t.Errorf("offered entry without deadline or recorder: %+v", x)
			}
		case domain.TimelineOfferExpired:
			if x.Recorder != nil || *x.RegisseurID != r2.ID {
				t.Errorf("expired entry: %+v", x)
			}
		}
	}
	want := map[string]int{domain.TimelineOffered: 3, domain.TimelineOfferDeclined: 1, domain.TimelineOfferExpired: 1,
		domain.TimelineOfferAccepted: 1, domain.TimelineAssigned: 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d %s entries, want %d", kinds[k], k, n)
		}
	}
}

func TestOffer_CloseWithdraws(t *testing.T) {
	e := newCaseEnv(t)
	r := e.member(t, 1, 40)
	c, b := e.newCase(t, "W-1"), e.newCase(t, "W-2")
	o := e.offer(t, c, r)
	if _, err := e.db.CloseCase(e.dispatcher, c.ID, domain.CloseMoved); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Assign(e.dispatcher, b.ID, r.ID); err != nil {
		t.Fatalf("assign after the close: %v", err)
	}
	_, err := e.db.AcceptOffer(e.regisseurCtx(t, r), o.ID)
	wantKey(t, "accept a withdrawn offer", err, "offer_withdrawn")
}

// TestOffer_OpenOffersScope: a regisseur lists the offers made to them,
// a dispatcher those on cases of their municipalities, the first to expire
// first.
func TestOffer_OpenOffersScope(t *testing.T) {
	e := newCaseEnv(t)
	r, other := e.member(t, 3, 40), e.member(t, 3, 40)
	c1, c2, c3 := e.newCase(t, "S-1"), e.newCase(t, "S-2"), e.newCase(t, "S-3")
	late, err := e.db.OfferCase(e.dispatcher, c1.ID, r.ID, time.Now().Add(72*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	soon, err := e.db.OfferCase(e.dispatcher, c2.ID, r.ID, time.Now().Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	e.offer(t, c3, other)
	mun := pgtest.MustCreateMunicipality(t, e.db)
	elsewhere := pgtest.ActorCtx(t, e.db, pgtest.MustCreateUser(t, e.db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}}).ID)
	for _, tt := range []struct {
		name string
		ctx  context.Context
		want []int64
	}{
		{"the regisseur", e.regisseurCtx(t, r), []int64{soon.Offer.ID, late.Offer.ID}},
		{"the dispatcher", e.dispatcher, nil},
		{"a dispatcher elsewhere", elsewhere, []int64{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := e.db.FindOpenOffers(tt.ctx, domain.Page{Page: 1, PageSize: 10})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if total != 3 || list[0].ID != soon.Offer.ID {
					t.Fatalf("got %d offers, first %d; want 3, first %d", total, list[0].ID, soon.Offer.ID)
				}
				return
			}
			var got []int64
			for _, o := range list {
				got = append(got, o.ID)
				if o.Case.Reference == "" || o.Case.InvolvedOrganisationIDs != nil {
					t.Errorf("offer case: %+v", o.Case)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) || total != len(tt.want) {
				t.Fatalf("got %v (total %d), want %v", got, total, tt.want)
			}
		})
	}
}

// TestOffer_Concurrency: offers, accepts, expiry and direct assignments
// racing never overbook, and each case ends with at most one regisseur.
func TestOffer_Concurrency(t *testing.T) {
	e := newCaseEnv(t)
	run := func(n int, f func(i int) error) (ok, conflicts int) {
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				errs <- f(i)
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			switch {
			case err == nil:
				ok++
			case domain.ErrorCode(err) == domain.EConflict:
				conflicts++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		return ok, conflicts
	}

	t.Run("offers and assignments to one regisseur", func(t *testing.T) {
		r := e.member(t, 3, 40)
		cases := make([]domain.Case, 200)
		for i := range cases {
			cases[i] = e.newCase(t, fmt.Sprintf("P-%03d", i))
		}
		deadline := time.Now().Add(48 * time.Hour)
		ok, conflicts := run(len(cases), func(i int) error {
			if i%2 == 0 {
				_, err := e.db.OfferCase(e.dispatcher, cases[i].ID, r.ID, deadline)
				return err
			}
			_, err := e.db.Assign(e.dispatcher, cases[i].ID, r.ID)
			return err
		})
		if ok != 3 || conflicts != 197 {
			t.Fatalf("%d successes and %d conflicts, want 3 and 197", ok, conflicts)
		}
		var held int
		if err := e.db.Get(&held, `SELECT count(*) FROM held_slot WHERE regisseur_id = $1`, r.ID); err != nil || held != 3 {
			t.Fatalf("%d slots held, want 3 (%v)", held, err)
		}
	})

	t.Run("two accepts", func(t *testing.T) {
		r := e.member(t, 1, 40)
		rctx := e.regisseurCtx(t, r)
		o := e.offer(t, e.newCase(t, "Q-1"), r)
		ok, _ := run(20, func(int) error { _, err := e.db.AcceptOffer(rctx, o.ID); return err })
		if ok != 1 {
			t.Fatalf("%d accepts succeeded, want 1", ok)
		}
	})

	t.Run("accept, expiry and a direct assignment", func(t *testing.T) {
		// The deadline falls in the middle of the race: accepts before it
		// and assignments after it may each win, never both.
		r, other := e.member(t, 1, 40), e.member(t, 20, 40)
		rctx := e.regisseurCtx(t, r)
		for round := 0; round < 10; round++ {
			c := e.newCase(t, fmt.Sprintf("R-%02d", round))
			k, err := e.db.OfferCase(e.dispatcher, c.ID, r.ID, time.Now().Add(200*time.Millisecond))
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			ok, _ := run(20, func(i int) error {
				time.Sleep(time.Duration(i*20) * time.Millisecond)
				if i%2 == 0 {
					_, err := e.db.AcceptOffer(rctx, k.Offer.ID)
					return err
				}
				_, err := e.db.Assign(e.dispatcher, c.ID, other.ID)
				return err
			})
			if ok != 1 {
				t.Fatalf("round %d: %d winners, want 1 (after %v)", round, ok, time.Since(start))
			}
			var active int
			if err := e.db.Get(&active, `SELECT count(*) FROM assignment WHERE case_id = $1 AND ended_at IS NULL`, c.ID); err != nil || active != 1 {
				t.Fatalf("round %d: %d active assignments, want 1", round, active)
			}
			// Free r's slot again for the next round.
			if _, err := e.db.CloseCase(e.dispatcher, c.ID, domain.CloseMoved); err != nil {
				t.Fatal(err)
			}
		}
		var over int
		if err := e.db.Get(&over, `SELECT count(*) FROM (SELECT regisseur_id FROM held_slot GROUP BY regisseur_id HAVING count(*) > 20) x`); err != nil || over != 0 {
			t.Fatalf("%d overbooked regisseurs (%v)", over, err)
		}
	})
}
