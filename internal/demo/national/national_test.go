package national

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// small is the national data set's shape at a test's size.
var small = Size{Municipalities: 24, Organisations: 60, Regisseurs: 600, Cases: 1500, ClosedRounds: 700}

// TestLoad loads a small national-shaped data set and checks the rules
// the service relies on: counts, no overbooking (slots and hours), a
// third of the cases closed with a log, every logged step valid as the
// store's ValidateNew sees it, anonymous 360 answers, the demo log-ins,
// and a second load refused.
func TestLoad(t *testing.T) {
	db, dsn := pgtest.NewDBWithDSN(t)
	ctx := pgtest.SystemCtx()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var bar bytes.Buffer
	if err := Load(ctx, db, small, &bar, log); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(bar.Bytes(), []byte("klaar")) {
		t.Errorf("no progress bar: %q", bar.String())
	}
	counts := map[string]int{}
	for q, want := range map[string]int{
		`SELECT count(*) FROM municipality`:                           small.Municipalities,
		`SELECT count(*) FROM organisation`:                           small.Organisations,
		`SELECT count(*) FROM regisseur`:                              small.Regisseurs,
		`SELECT count(*) FROM complex_case`:                           small.Cases,
		`SELECT count(*) FROM feedback_round WHERE status = 'closed'`: small.ClosedRounds,
	} {
		var n int
		if err := db.GetContext(ctx, &n, q); err != nil {
			t.Fatal(err)
		}
		counts[q] = n
		if n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}
	var closed int
	if err := db.GetContext(ctx, &closed, `SELECT count(*) FROM complex_case WHERE status = 'closed'`); err != nil {
		t.Fatal(err)
	}
	if closed < small.Cases/4 || closed > small.Cases*2/5 {
		t.Errorf("%d of %d cases closed, want about a third", closed, small.Cases)
	}
	var over int
	if err := db.GetContext(ctx, &over, overbooked); err != nil {
		t.Fatal(err)
	}
	if over != 0 {
		t.Errorf("%d members overbooked", over)
	}
	// No audit row names a user without an account (the who-read list
	// would show "Gebruiker").
	var anonymous int
	if err := db.GetContext(ctx, &anonymous, `SELECT count(*) FROM audit_event WHERE actor_kind = 'user' AND actor_user_id IS NULL`); err != nil {
		t.Fatal(err)
	}
	if anonymous != 0 {
		t.Errorf("%d audit rows name a user without an account", anonymous)
	}
	var noLog int
	if err := db.GetContext(ctx, &noLog, `SELECT count(*) FROM complex_case c WHERE status = 'closed'
		AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id)`); err != nil {
		t.Fatal(err)
	}
	if noLog != 0 {
		t.Errorf("%d closed cases without a log", noLog)
	}
	// Every kind of step occurs, and each is valid.
	var kinds []string
	if err := db.SelectContext(ctx, &kinds, `SELECT DISTINCT kind FROM case_event ORDER BY kind`); err != nil {
		t.Fatal(err)
	}
	// The kinds of the schema's check (migrations 00008, 00013, 00014).
	if len(kinds) != 13 {
		t.Errorf("event kinds %v, want all 13", kinds)
	}
	var ids []int64
	if err := db.SelectContext(ctx, &ids, `SELECT id FROM complex_case WHERE status IN ('assigned', 'closed') ORDER BY id LIMIT 40`); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		events, _, err := db.FindCaseEvents(ctx, id, domain.Page{Page: 1, PageSize: domain.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.Kind == domain.EventCorrection || e.Kind == domain.EventReassessment {
				continue
			}
			if err := e.ValidateNew(time.Now()); err != nil {
				t.Errorf("case %d event %s on %s: %v", id, e.Kind, e.OccurredOn.Format(domain.ISODate), err)
			}
		}
		c, err := db.FindCaseByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Closure != nil {
			if err := c.Closure.Validate(time.Now(), true); err != nil {
				t.Errorf("case %d closure: %v", id, err)
			}
		}
	}
	// Every demo log-in exists with its password.
	for _, email := range []string{"admin@regiepool.test", "werkverdeler@regiepool.test", "begeleider@regiepool.test",
		"regisseur@regiepool.test", "organisatie@regiepool.test", "monitor@regiepool.test"} {
		if _, err := db.Authenticate(ctx, email, demo.Password, "127.0.0.1"); err != nil {
			t.Errorf("log-in %s: %v", email, err)
		}
	}
	// The ranking's competency scores: the same read cold, from the cache
	// of frozen scores, and by a second instance (its own cache).
	first, _, _, err := db.MatchingMembers(ctx, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	again, _, _, err := db.MatchingMembers(ctx, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	other, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	fresh, _, _, err := other.MatchingMembers(ctx, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	scored := 0
	for i := range first {
		if len(first[i].Competency) > 0 {
			scored++
		}
		if !reflect.DeepEqual(first[i].Competency, again[i].Competency) || !reflect.DeepEqual(first[i].Competency, fresh[i].Competency) {
			t.Fatalf("member %d: competency %v, from the cache %v, another instance %v", first[i].RegisseurID,
				first[i].Competency, again[i].Competency, fresh[i].Competency)
		}
	}
	if scored < len(first)/2 {
		t.Errorf("only %d of %d members have competency scores", scored, len(first))
	}
	if err := Load(ctx, db, small, io.Discard, log); !errors.Is(err, demo.ErrNotEmpty) {
		t.Errorf("second load: %v, want ErrNotEmpty", err)
	}
}

// overbooked counts members holding more slots or weekly hours than their
// capacity (the load test runs the same check afterwards).
const overbooked = `SELECT count(*) FROM (SELECT m.regisseur_id FROM pool_membership m JOIN held_slot s ON s.regisseur_id = m.regisseur_id
	JOIN complex_case c ON c.id = s.case_id WHERE m.status IN ('admitted', 'active', 'paused')
	GROUP BY m.regisseur_id, m.max_cases, m.hours_per_week
	HAVING count(*) > m.max_cases OR sum(c.arrangement_hours / c.expected_weeks) > m.hours_per_week + 0.000001) x`
