package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"regiepool/internal/assessment"
	"regiepool/internal/domain"
)

// SyncInstruments stores the embedded definitions at start: new versions are
// added, unchanged ones left alone. A changed version is refused once answers
// refer to it, with a message that says to publish a new version instead.
func (db *DB) SyncInstruments(ctx context.Context, defs []*assessment.Instrument) error {
	for _, def := range defs {
		if err := db.syncInstrument(ctx, def); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) syncInstrument(ctx context.Context, def *assessment.Instrument) error {
	body, err := json.Marshal(def)
	if err != nil {
		return fmt.Errorf("encode %s: %w", def.File, err)
	}
	return db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var cur struct {
			ID       int64  `db:"id"`
			Checksum string `db:"checksum"`
		}
		err := tx.GetContext(ctx, &cur, `SELECT id, checksum FROM instrument WHERE key = $1 AND version = $2 FOR UPDATE`, def.Key, def.Version)
		switch {
		case err == sql.ErrNoRows:
			const q = `INSERT INTO instrument (key, version, title, scale_min, scale_max, definition, checksum)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`
			if err := tx.GetContext(ctx, &cur.ID, q, def.Key, def.Version, def.Title, def.Scale.Min, def.Scale.Max, body, def.Checksum); err != nil {
				return fmt.Errorf("store %s: %w", def.File, err)
			}
		case err != nil:
			return fmt.Errorf("look up %s: %w", def.File, err)
		case cur.Checksum == def.Checksum:
			return nil
		default:
			var used bool
			const q = `SELECT EXISTS (SELECT 1 FROM self_assessment WHERE instrument_id = $1)
				OR EXISTS (SELECT 1 FROM feedback_round WHERE instrument_id = $1)`
			if err := tx.GetContext(ctx, &used, q, cur.ID); err != nil {
				return err
			}
			if used {
				return fmt.Errorf("assessments/%s changed after answers were given on this version; a published version is immutable: put the change in v%d.yaml beside it",
					def.File, def.Version+1)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE instrument SET title = $2, scale_min = $3, scale_max = $4, definition = $5, checksum = $6, loaded_at = now() WHERE id = $1`,
				cur.ID, def.Title, def.Scale.Min, def.Scale.Max, body, def.Checksum); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM instrument_item WHERE instrument_id = $1`, cur.ID); err != nil {
				return err
			}
		}
		for i, it := range def.Items() {
			const q = `INSERT INTO instrument_item (instrument_id, key, kind, name, norm, on_family_form, position) VALUES ($1, $2, $3, $4, $5, $6, $7)`
			if _, err := tx.ExecContext(ctx, q, cur.ID, it.Key, it.Kind, it.Name, it.Norm, it.Family != "", i); err != nil {
				return fmt.Errorf("store item %s of %s: %w", it.Key, def.File, err)
			}
		}
		return nil
	})
}

type instrumentRow struct {
	ID         int64     `db:"id"`
	LoadedAt   time.Time `db:"loaded_at"`
	Definition []byte    `db:"definition"`
}

func (r instrumentRow) record() (assessment.StoredInstrument, error) {
	var def assessment.Instrument
	if err := json.Unmarshal(r.Definition, &def); err != nil {
		return assessment.StoredInstrument{}, fmt.Errorf("decode instrument %d: %w", r.ID, err)
	}
	// Versions stored before items carried their kind hold "" there.
	def.SetItemKinds()
	return assessment.StoredInstrument{ID: r.ID, LoadedAt: r.LoadedAt, Def: &def}, nil
}

// FindInstruments lists every stored version, by key and version. Any
// signed-in user may read them.
func (db *DB) FindInstruments(ctx context.Context) ([]assessment.StoredInstrument, error) {
	var rows []instrumentRow
	if err := db.SelectContext(ctx, &rows, `SELECT id, loaded_at, definition FROM instrument ORDER BY key, version`); err != nil {
		return nil, fmt.Errorf("find instruments: %w", err)
	}
	out := make([]assessment.StoredInstrument, 0, len(rows))
	for _, r := range rows {
		rec, err := r.record()
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// FindInstrumentByID returns one version. Errors: not_found.
func (db *DB) FindInstrumentByID(ctx context.Context, id int64) (assessment.StoredInstrument, error) {
	return db.findInstrument(ctx, db, id)
}

func (db *DB) findInstrument(ctx context.Context, q queryer, id int64) (assessment.StoredInstrument, error) {
	var r instrumentRow
	if err := q.GetContext(ctx, &r, `SELECT id, loaded_at, definition FROM instrument WHERE id = $1`, id); err != nil {
		return assessment.StoredInstrument{}, wrap(translate(err, "Het instrument"), "find instrument %d", id)
	}
	return r.record()
}

// currentInstrumentID is the newest version of the competency instrument:
// new self-assessments and rounds use it.
func currentInstrumentID(ctx context.Context, q queryer) (int64, error) {
	var id int64
	err := q.GetContext(ctx, &id, `SELECT id FROM instrument WHERE key = 'regie-competenties' ORDER BY version DESC LIMIT 1`)
	if err == sql.ErrNoRows {
		return 0, domain.Errorf(domain.EConflict, "no_instrument", "Er is nog geen competentie-instrument geladen.")
	}
	return id, err
}

// itemIDs maps the item keys of an instrument to their ids.
func itemIDs(ctx context.Context, q queryer, instrumentID int64) (map[string]int64, error) {
	var rows []struct {
		ID  int64  `db:"id"`
		Key string `db:"key"`
	}
	if err := q.SelectContext(ctx, &rows, `SELECT id, key FROM instrument_item WHERE instrument_id = $1`, instrumentID); err != nil {
		return nil, fmt.Errorf("items of instrument %d: %w", instrumentID, err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Key] = r.ID
	}
	return out, nil
}

// SyncMatchingPolicies stores the instruments' matching policies
// (assessments/<key>/policy.yaml) at start: a changed file replaces the
// stored policy, which applies from the next ranking on; an unchanged one
// is left alone.
func (db *DB) SyncMatchingPolicies(ctx context.Context, policies []*assessment.Policy) error {
	for _, p := range policies {
		minimums, err := json.Marshal(p.Minimums)
		if err != nil {
			return err
		}
		const q = `INSERT INTO matching_policy (instrument_key, norm_penalty, minimums, checksum) VALUES ($1, $2, $3, $4)
			ON CONFLICT (instrument_key) DO UPDATE SET norm_penalty = EXCLUDED.norm_penalty, minimums = EXCLUDED.minimums,
				checksum = EXCLUDED.checksum, loaded_at = now()
			WHERE matching_policy.checksum <> EXCLUDED.checksum`
		if _, err := db.ExecContext(ctx, q, p.Instrument, p.NormPenalty, minimums, p.Checksum); err != nil {
			return fmt.Errorf("store the matching policy of %s: %w", p.Instrument, err)
		}
	}
	return nil
}

// MatchingPolicy is the stored matching policy of the competency
// instrument; without one, no hard minimums and the default penalty
// (assessment.DefaultNormPenalty).
func (db *DB) MatchingPolicy(ctx context.Context) (assessment.Policy, error) {
	var r struct {
		Key      string  `db:"instrument_key"`
		Penalty  float64 `db:"norm_penalty"`
		Minimums []byte  `db:"minimums"`
	}
	p := assessment.Policy{Instrument: "regie-competenties", NormPenalty: assessment.DefaultNormPenalty, Minimums: map[string]float64{}}
	err := db.GetContext(ctx, &r, `SELECT instrument_key, norm_penalty, minimums FROM matching_policy WHERE instrument_key = $1`, p.Instrument)
	switch {
	case err == sql.ErrNoRows:
		return p, nil
	case err != nil:
		return p, fmt.Errorf("matching policy: %w", err)
	}
	p.NormPenalty = r.Penalty
	if err := json.Unmarshal(r.Minimums, &p.Minimums); err != nil {
		return p, fmt.Errorf("matching policy minimums: %w", err)
	}
	return p, nil
}
