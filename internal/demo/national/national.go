// Package national fills an empty database with a national-size pool, for
// load figures (README, performance): 20,000 regisseurs over 340
// municipalities and 1,500 organisations, 50,000 cases over their whole life
// cycle, 30,000 closed 360 rounds and a year of intervisie, with the demo
// log-ins of the small demo. It writes with COPY in one transaction (all or
// nothing), with ids it assigns itself, and respects the rules the service
// relies on: the database's triggers and checks stay on, capacity is never
// overbooked, 360 answers carry nothing that ties them to a rater, every
// scope (municipality, organisation, coachee) is consistent. The data is
// generated from a fixed seed; dates are relative to the day it is loaded.
package national

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"time"

	"regiepool/internal/demo"
	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// Size is the shape of the data set; Default is the national one. Tests use
// a small one with the same code paths.
type Size struct {
	Municipalities int
	Organisations  int
	Regisseurs     int
	Cases          int
	ClosedRounds   int
}

// Default is the national data set of issue 18.
var Default = Size{Municipalities: 340, Organisations: 1500, Regisseurs: 20000, Cases: 50000, ClosedRounds: 30000}

// Seed is the fixed seed of the generator: every load builds the same pool.
const Seed = 2027

// Load writes the data set into an empty database (demo.ErrNotEmpty
// otherwise), reporting progress to progress (a bar on a terminal).
func Load(ctx context.Context, db *postgres.DB, size Size, progress io.Writer, log *slog.Logger) error {
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		return err
	}
	if !empty {
		return demo.ErrNotEmpty
	}
	start := time.Now()
	g, err := newGen(ctx, db, size, progress)
	if err != nil {
		return err
	}
	if err := g.run(ctx, db); err != nil {
		return fmt.Errorf("national data set: %w", err)
	}
	g.bar.done()
	if err := accounts(ctx, db, g); err != nil {
		return fmt.Errorf("demo log-ins: %w", err)
	}
	// Statistics and the visibility map, as autovacuum would keep them on a
	// live database (index-only scans depend on the latter).
	if err := db.VacuumAnalyze(ctx); err != nil {
		return err
	}
	log.Info("national data set loaded", "municipalities", len(g.muns), "organisations", len(g.orgs), "regisseurs", len(g.regs),
		"cases", len(g.cases), "closed_rounds", g.closedRounds, "rows", g.bar.n, "took", time.Since(start).Round(time.Second))
	return nil
}

// gen holds the generator's state: the random source, the day it builds
// around and what it created, so later tables can refer to it.
type gen struct {
	size  Size
	rng   *rand.Rand
	today time.Time
	bar   *bar
	tx    *postgres.Bulk
	ids   map[string]int64 // last id per table

	instrument instrumentInfo

	muns   []mun
	orgs   []org
	regs   []reg
	cases  []kase
	users  userIDs
	themes []int64

	closedRounds int
}

func newGen(ctx context.Context, db *postgres.DB, size Size, progress io.Writer) (*gen, error) {
	ins, err := loadInstrument(ctx, db)
	if err != nil {
		return nil, err
	}
	var themes []int64
	if err := db.SelectContext(ctx, &themes, `SELECT id FROM intervisie_theme ORDER BY id`); err != nil {
		return nil, fmt.Errorf("themes: %w", err)
	}
	y, m, d := time.Now().Date()
	return &gen{size: size, rng: rand.New(rand.NewSource(Seed)), today: time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		bar: newBar(progress, estimate(size)), ids: map[string]int64{}, instrument: ins, themes: themes}, nil
}

// run writes everything in one transaction.
func (g *gen) run(ctx context.Context, db *postgres.DB) error {
	return db.Bulk(ctx, func(b *postgres.Bulk) error {
		g.tx = b
		steps := []struct {
			name string
			fn   func(context.Context) error
		}{
			{"places", g.places},
			{"people", g.people},
			{"pool", g.pool},
			{"cases", g.casesAll},
			{"assessments", g.assessments},
			{"coaching", g.coaching},
			{"audit", g.audit},
			{"sequences", g.sequences},
		}
		for _, s := range steps {
			if err := s.fn(ctx); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
		return nil
	})
}

// next is the next id of table (the generator assigns ids itself, so rows
// can refer to each other without a round trip; sequences follows).
func (g *gen) next(table string) int64 {
	g.ids[table]++
	return g.ids[table]
}

// copyRows streams rows into table with COPY; row is called until it
// returns nil.
func (g *gen) copyRows(ctx context.Context, table string, cols []string, row func() []any) error {
	g.bar.stage(table)
	return g.tx.Copy(ctx, table, cols, row, func() { g.bar.add(1) })
}

// copySlice is copyRows over a prepared slice of rows.
func (g *gen) copySlice(ctx context.Context, table string, cols []string, rows [][]any) error {
	i := 0
	return g.copyRows(ctx, table, cols, func() []any {
		if i == len(rows) {
			return nil
		}
		i++
		return rows[i-1]
	})
}

// sequences moves every identity sequence past the ids assigned here.
func (g *gen) sequences(ctx context.Context) error {
	for table := range g.ids {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT max(id) FROM %s))`, table, table)
		if err := g.tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("sequence of %s: %w", table, err)
		}
	}
	return nil
}

// pick returns an index into weights, drawn in proportion to them (cum is
// the running sum of the weights).
func pick(rng *rand.Rand, cum []float64) int {
	x := rng.Float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// cumulative is the running sum of w.
func cumulative(w []float64) []float64 {
	out := make([]float64, len(w))
	sum := 0.0
	for i, x := range w {
		sum += x
		out[i] = sum
	}
	return out
}

func (g *gen) day(daysAgo int) time.Time { return g.today.AddDate(0, 0, -daysAgo) }

// at is a moment on day d during office hours.
func (g *gen) at(d time.Time) time.Time {
	return d.Add(time.Duration(8*60+g.rng.Intn(9*60)) * time.Minute)
}

func ptr[T any](v T) *T { return &v }

var systemCtx = domain.WithActor(context.Background(), domain.SystemActor())
