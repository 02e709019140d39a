package postgres

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// scoreCache keeps the competency scores the matching engine reads: the
// "others" means of closed 360 rounds and the scores of submitted
// self-assessments. Both are frozen (a closed round takes no answers, a
// submitted self-assessment is refused changes by a trigger), so a score
// read once stays true and every instance may keep its own copy; a ranking
// of a national scope then reads only what changed since. Entries expire
// after scoreTTL, so records removed by retention leave the rankings
// within that time, and the cache never holds more than scoreCacheMax.
type scoreCache struct {
	mu     sync.Mutex
	rounds map[roundKey]cachedScores
	selves map[int64]cachedScores
}

// roundKey is a round under one anonymity threshold.
type roundKey struct{ round, minRaters int64 }

type cachedScores struct {
	at     time.Time
	scores map[string]float64
}

const (
	scoreTTL      = 10 * time.Minute
	scoreCacheMax = 200_000
	scoreChunk    = 1000 // rounds or self-assessments per query
)

func (c *scoreCache) lookup(rounds []roundKey, selves []int64) (map[roundKey]map[string]float64, map[int64]map[string]float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, s := map[roundKey]map[string]float64{}, map[int64]map[string]float64{}
	now := time.Now()
	for _, k := range rounds {
		if e, ok := c.rounds[k]; ok && now.Sub(e.at) < scoreTTL {
			r[k] = e.scores
		}
	}
	for _, k := range selves {
		if e, ok := c.selves[k]; ok && now.Sub(e.at) < scoreTTL {
			s[k] = e.scores
		}
	}
	return r, s
}

func (c *scoreCache) store(rounds map[roundKey]map[string]float64, selves map[int64]map[string]float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rounds == nil || len(c.rounds)+len(c.selves) > scoreCacheMax {
		c.rounds, c.selves = map[roundKey]cachedScores{}, map[int64]cachedScores{}
	}
	now := time.Now()
	for k, v := range rounds {
		c.rounds[k] = cachedScores{at: now, scores: v}
	}
	for k, v := range selves {
		c.selves[k] = cachedScores{at: now, scores: v}
	}
}

// competencyScores returns, per regisseur of ids, the competency scores
// matching uses: the latest closed round's "others" mean (the anonymity
// rules of assessment.Score, via assessment.OthersMean), else the latest
// submitted self-assessment's score. Frozen scores come from the cache;
// the rest is read in two aggregate queries.
func (db *DB) competencyScores(ctx context.Context, tx *Tx, ids []int64, minRaters int) (map[int64]map[string]float64, error) {
	var latest []struct {
		RegisseurID int64  `db:"regisseur_id"`
		Kind        string `db:"kind"`
		ID          int64  `db:"id"`
	}
	const ql = `(SELECT DISTINCT ON (regisseur_id) regisseur_id, 'self' AS kind, id FROM self_assessment
			WHERE regisseur_id = ANY($1) AND status = 'submitted' ORDER BY regisseur_id, submitted_at DESC)
		UNION ALL
		(SELECT DISTINCT ON (regisseur_id) regisseur_id, 'round' AS kind, id FROM feedback_round
			WHERE regisseur_id = ANY($1) AND status = 'closed' ORDER BY regisseur_id, closed_at DESC)`
	if err := tx.SelectContext(ctx, &latest, ql, pq.Int64Array(ids)); err != nil {
		return nil, fmt.Errorf("latest assessments: %w", err)
	}
	var roundKeys []roundKey
	var selfIDs []int64
	for _, l := range latest {
		if l.Kind == "round" {
			roundKeys = append(roundKeys, roundKey{l.ID, int64(minRaters)})
		} else {
			selfIDs = append(selfIDs, l.ID)
		}
	}
	rounds, selves := db.scores.lookup(roundKeys, selfIDs)
	newRounds, newSelves := map[int64]map[string]float64{}, map[int64]map[string]float64{}
	var missingRounds, missingSelves []int64
	for _, k := range roundKeys {
		if _, ok := rounds[k]; !ok {
			missingRounds = append(missingRounds, k.round)
		}
	}
	for _, id := range selfIDs {
		if _, ok := selves[id]; !ok {
			missingSelves = append(missingSelves, id)
		}
	}
	// In chunks, each cached as it completes: a request that runs out of
	// time still leaves the next one less to read.
	for len(missingSelves) > 0 {
		chunk := missingSelves[:min(len(missingSelves), scoreChunk)]
		missingSelves = missingSelves[len(chunk):]
		var rows []struct {
			ID    int64  `db:"id"`
			Key   string `db:"key"`
			Score int    `db:"score"`
		}
		const q = `SELECT a.self_assessment_id AS id, i.key, a.score FROM self_answer a JOIN instrument_item i ON i.id = a.item_id
			WHERE a.self_assessment_id = ANY($1) AND i.kind = 'competency' AND a.score IS NOT NULL`
		if err := tx.SelectContext(ctx, &rows, q, pq.Int64Array(chunk)); err != nil {
			return nil, fmt.Errorf("self scores: %w", err)
		}
		got := map[int64]map[string]float64{}
		for _, id := range chunk {
			got[id] = map[string]float64{}
		}
		for _, r := range rows {
			got[r.ID][r.Key] = float64(r.Score)
		}
		db.scores.store(nil, got)
		maps.Copy(newSelves, got)
	}
	if len(missingRounds) > 0 {
		var err error
		if newRounds, err = db.aggregateRoundOthers(ctx, tx, missingRounds, minRaters); err != nil {
			return nil, err
		}
	}
	out := map[int64]map[string]float64{}
	for _, l := range latest {
		if out[l.RegisseurID] == nil {
			out[l.RegisseurID] = map[string]float64{}
		}
	}
	// Self scores first; a closed round's "others" win where they exist.
	for _, kind := range []string{"self", "round"} {
		for _, l := range latest {
			if l.Kind != kind {
				continue
			}
			var m map[string]float64
			if kind == "self" {
				m = selves[l.ID]
				if m == nil {
					m = newSelves[l.ID]
				}
			} else {
				m = rounds[roundKey{l.ID, int64(minRaters)}]
				if m == nil {
					m = newRounds[l.ID]
				}
			}
			for key, v := range m {
				out[l.RegisseurID][key] = v
			}
		}
	}
	return out, nil
}

// roundOthers returns, per closed round of ids, the "others" mean per
// competency key (the anonymity rules of assessment.Score under
// minRaters, via assessment.OthersMean): from the cache where it is
// there, the rest aggregated in the database and cached.
func (db *DB) roundOthers(ctx context.Context, tx *Tx, ids []int64, minRaters int) (map[int64]map[string]float64, error) {
	keys := make([]roundKey, len(ids))
	for i, id := range ids {
		keys[i] = roundKey{id, int64(minRaters)}
	}
	cached, _ := db.scores.lookup(keys, nil)
	out := make(map[int64]map[string]float64, len(ids))
	var missing []int64
	for _, k := range keys {
		if m, ok := cached[k]; ok {
			out[k.round] = m
		} else {
			missing = append(missing, k.round)
		}
	}
	got, err := db.aggregateRoundOthers(ctx, tx, missing, minRaters)
	if err != nil {
		return nil, err
	}
	maps.Copy(out, got)
	return out, nil
}

// aggregateRoundOthers computes the "others" means of the closed rounds
// of ids in the database (per round, item and rater group: the number and
// sum of the scores), in chunks, each cached as it completes: a request
// that runs out of time still leaves the next one less to read.
func (db *DB) aggregateRoundOthers(ctx context.Context, tx *Tx, ids []int64, minRaters int) (map[int64]map[string]float64, error) {
	out := make(map[int64]map[string]float64, len(ids))
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), scoreChunk)]
		ids = ids[len(chunk):]
		var rows []struct {
			Round int64             `db:"round_id"`
			Key   string            `db:"key"`
			Group domain.RaterGroup `db:"rater_group"`
			N     int               `db:"n"`
			Sum   int               `db:"sum"`
		}
		const q = `SELECT r.round_id, i.key, r.rater_group, count(*) AS n, sum(a.score) AS sum
			FROM feedback_response r JOIN feedback_answer a ON a.response_id = r.id JOIN instrument_item i ON i.id = a.item_id
			WHERE r.round_id = ANY($1) AND i.kind = 'competency' AND a.score IS NOT NULL GROUP BY r.round_id, i.key, r.rater_group`
		if err := tx.SelectContext(ctx, &rows, q, pq.Int64Array(chunk)); err != nil {
			return nil, fmt.Errorf("round scores: %w", err)
		}
		totals := map[int64]map[string][]assessment.GroupTotal{}
		for _, r := range rows {
			if totals[r.Round] == nil {
				totals[r.Round] = map[string][]assessment.GroupTotal{}
			}
			totals[r.Round][r.Key] = append(totals[r.Round][r.Key], assessment.GroupTotal{Group: r.Group, N: r.N, Sum: r.Sum})
		}
		got := map[roundKey]map[string]float64{}
		for _, id := range chunk {
			m := map[string]float64{}
			for key, ts := range totals[id] {
				if mean, ok := assessment.OthersMean(ts, minRaters); ok {
					m[key] = mean
				}
			}
			got[roundKey{id, int64(minRaters)}] = m
			out[id] = m
		}
		db.scores.store(got, nil)
	}
	return out, nil
}
