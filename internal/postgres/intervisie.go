package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// FindThemes lists page p of the managed intervisie themes, by name, and
// the number of themes.
func (db *DB) FindThemes(ctx context.Context, p domain.Page) ([]domain.Theme, int, error) {
	var rows []themeRow
	const q = `SELECT id, name, COUNT(*) OVER() AS total FROM intervisie_theme ORDER BY name, id LIMIT $1 OFFSET $2`
	if err := db.SelectContext(ctx, &rows, q, p.PageSize, p.Offset()); err != nil {
		return nil, 0, fmt.Errorf("find themes: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r themeRow) int { return r.Total }, `SELECT count(*) FROM intervisie_theme`)
	out := make([]domain.Theme, len(rows))
	for i, r := range rows {
		out[i] = r.Theme
	}
	return out, total, wrap(err, "find themes")
}

type themeRow struct {
	domain.Theme
	Total int `db:"total"`
}

// CreateTheme adds a theme to the managed list. Coaches and admins.
// Errors: forbidden, invalid, conflict.
func (db *DB) CreateTheme(ctx context.Context, name string) (domain.Theme, error) {
	if !domain.CanLogIntervisie(domain.ActorFrom(ctx)) {
		return domain.Theme{}, db.deny(ctx, "create", "intervisie_theme", nil, errForbidden())
	}
	t := domain.Theme{Name: name}
	if fe := checkTextField("name", name, 120); fe != nil {
		return t, domain.Invalid(*fe)
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if err := tx.GetContext(ctx, &t.ID, `INSERT INTO intervisie_theme (name) VALUES ($1) RETURNING id`, name); err != nil {
			return translate(err, "Een thema met deze naam")
		}
		return audit(ctx, tx, "create", "intervisie_theme", &t.ID, domain.OutcomeAllowed)
	})
	return t, wrap(err, "create theme")
}

func checkTextField(name, v string, max int) *domain.FieldError {
	if len([]rune(v)) == 0 || len([]rune(v)) > max {
		return &domain.FieldError{Name: name, Code: "length", Reason: fmt.Sprintf("Vul dit veld in (hoogstens %d tekens).", max)}
	}
	return nil
}

// competencyKeys returns the competency keys of the newest instrument.
func competencyKeys(ctx context.Context, q queryer) (map[string]bool, error) {
	id, err := currentInstrumentID(ctx, q)
	if err != nil {
		return nil, err
	}
	var keys []string
	if err := q.SelectContext(ctx, &keys, `SELECT key FROM instrument_item WHERE instrument_id = $1 AND kind = 'competency'`, id); err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, k := range keys {
		out[k] = true
	}
	return out, nil
}

// CreateIntervisie logs a session and reads it back into s as the actor
// sees it (theme names, notes when visible). Coaches and admins. Errors:
// forbidden, invalid.
func (db *DB) CreateIntervisie(ctx context.Context, s *domain.Intervisie) error {
	a := domain.ActorFrom(ctx)
	if !domain.CanLogIntervisie(a) {
		return db.deny(ctx, "create", "intervisie_session", nil, errForbidden())
	}
	if err := s.Validate(); err != nil {
		return err
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		keys, err := competencyKeys(ctx, tx)
		if err != nil {
			return err
		}
		for _, k := range s.Competencies {
			if !keys[k] {
				return domain.Invalid(domain.FieldError{Name: "competencies", Code: "unknown", Reason: "Onbekende competentie: " + k + "."})
			}
		}
		const q = `INSERT INTO intervisie_session (held_on, duration_minutes, form, notes, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at`
		if err := tx.QueryRowxContext(ctx, q, s.HeldOn, s.DurationMinutes, s.Form, s.Notes, nullID(a.UserID)).Scan(&s.ID, &s.CreatedAt); err != nil {
			return translate(err, "De bijeenkomst")
		}
		stmts := []struct {
			q    string
			args []any
		}{
			{`INSERT INTO intervisie_session_theme (session_id, theme_id) SELECT $1, unnest($2::bigint[])`, []any{s.ID, int64Array(s.ThemeIDs)}},
			{`INSERT INTO intervisie_session_competency (session_id, competency_key) SELECT $1, unnest($2::text[])`, []any{s.ID, pq.Array(nonEmpty(s.Competencies))}},
			{`INSERT INTO intervisie_participant (session_id, regisseur_id, attended) SELECT $1, unnest($2::bigint[]), true`, []any{s.ID, int64Array(s.Attendees)}},
			{`INSERT INTO intervisie_participant (session_id, regisseur_id, attended) SELECT $1, unnest($2::bigint[]), false`, []any{s.ID, int64Array(s.Absentees)}},
		}
		for _, st := range stmts {
			if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
				return translate(err, "Een thema of regisseur")
			}
		}
		if err := audit(ctx, tx, "create", "intervisie_session", &s.ID, domain.OutcomeAllowed); err != nil {
			return err
		}
		stored, err := findIntervisie(ctx, tx, s.ID)
		*s = stored
		return err
	})
	return wrap(err, "create intervisie session")
}

type sessionRow struct {
	ID              int64          `db:"id"`
	HeldOn          time.Time      `db:"held_on"`
	DurationMinutes int            `db:"duration_minutes"`
	Form            string         `db:"form"`
	Notes           string         `db:"notes"`
	CreatedAt       time.Time      `db:"created_at"`
	ThemeIDs        pq.Int64Array  `db:"theme_ids"`
	Themes          pq.StringArray `db:"themes"`
	Competencies    pq.StringArray `db:"competencies"`
	Attendees       pq.Int64Array  `db:"attendees"`
	Absentees       pq.Int64Array  `db:"absentees"`
	Total           int            `db:"total"`
}

const sessionSelect = `SELECT s.id, s.held_on, s.duration_minutes, s.form, s.notes, s.created_at,
	COALESCE((SELECT array_agg(t.id ORDER BY t.name) FROM intervisie_session_theme st JOIN intervisie_theme t ON t.id = st.theme_id WHERE st.session_id = s.id), '{}') AS theme_ids,
	COALESCE((SELECT array_agg(t.name ORDER BY t.name) FROM intervisie_session_theme st JOIN intervisie_theme t ON t.id = st.theme_id WHERE st.session_id = s.id), '{}') AS themes,
	COALESCE((SELECT array_agg(competency_key ORDER BY competency_key) FROM intervisie_session_competency WHERE session_id = s.id), '{}') AS competencies,
	COALESCE((SELECT array_agg(regisseur_id ORDER BY regisseur_id) FROM intervisie_participant WHERE session_id = s.id AND attended), '{}') AS attendees,
	COALESCE((SELECT array_agg(regisseur_id ORDER BY regisseur_id) FROM intervisie_participant WHERE session_id = s.id AND NOT attended), '{}') AS absentees`

// sessionScope limits sessions to domain.IntervisieScope: every session, the
// sessions a regisseur was invited to, or none.
func sessionScope(a *domain.Actor, args *[]any) string {
	all, regisseurID := domain.IntervisieScope(a)
	switch {
	case all:
		return "TRUE"
	case regisseurID != nil:
		*args = append(*args, *regisseurID)
		return fmt.Sprintf("EXISTS (SELECT 1 FROM intervisie_participant p WHERE p.session_id = s.id AND p.regisseur_id = $%d)", len(*args))
	}
	return "FALSE"
}

func (r sessionRow) toDomain(a *domain.Actor) domain.Intervisie {
	s := domain.Intervisie{ID: r.ID, HeldOn: r.HeldOn, DurationMinutes: r.DurationMinutes, Form: r.Form, CreatedAt: r.CreatedAt,
		ThemeIDs: r.ThemeIDs, Themes: r.Themes, Competencies: r.Competencies, Attendees: r.Attendees, Absentees: r.Absentees}
	if domain.CanReadIntervisieNotes(a) {
		s.Notes, s.NotesVisible = r.Notes, true
	}
	return s
}

// FindIntervisies lists sessions in scope, newest first, without notes: the
// notes are read one session at a time, audited.
func (db *DB) FindIntervisies(ctx context.Context, p domain.Page) ([]domain.Intervisie, int, error) {
	a := domain.ActorFrom(ctx)
	args := []any{}
	cond := sessionScope(a, &args)
	q := sessionSelect + `, COUNT(*) OVER() AS total FROM intervisie_session s WHERE ` + cond +
		fmt.Sprintf(` ORDER BY s.held_on DESC, s.id DESC LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2)
	var rows []sessionRow
	if err := db.SelectContext(ctx, &rows, q, append(args, p.PageSize, p.Offset())...); err != nil {
		return nil, 0, fmt.Errorf("find intervisie sessions: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r sessionRow) int { return r.Total }, `SELECT count(*) FROM intervisie_session s WHERE `+cond, args...)
	if err != nil {
		return nil, 0, err
	}
	out := make([]domain.Intervisie, len(rows))
	for i, r := range rows {
		s := r.toDomain(a)
		s.Notes, s.NotesVisible = "", false
		out[i] = s
	}
	return out, total, nil
}

// FindIntervisie returns one session in scope; coaches and admins get the
// notes, and that read is audited. Errors: not_found.
func (db *DB) FindIntervisie(ctx context.Context, id int64) (domain.Intervisie, error) {
	var out domain.Intervisie
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var err error
		out, err = findIntervisie(ctx, tx, id)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return out, db.deny(ctx, "read", "intervisie_session", &id, err)
	}
	return out, wrap(err, "find intervisie session %d", id)
}

// findIntervisie reads a session in scope in tx, auditing a read of its
// notes. Errors: not_found.
func findIntervisie(ctx context.Context, tx *Tx, id int64) (domain.Intervisie, error) {
	a := domain.ActorFrom(ctx)
	args := []any{id}
	q := sessionSelect + `, 0 AS total FROM intervisie_session s WHERE s.id = $1 AND (` + sessionScope(a, &args) + `)`
	var r sessionRow
	if err := tx.GetContext(ctx, &r, q, args...); err != nil {
		return domain.Intervisie{}, translate(err, "De bijeenkomst")
	}
	out := r.toDomain(a)
	if !out.NotesVisible {
		return out, nil
	}
	return out, audit(ctx, tx, "read", "intervisie_notes", &id, domain.OutcomeAllowed)
}

// FindAttendance computes attended / invited and the last attended date per
// regisseur in scope (domain.IntervisieScope): coaches and admins any, a
// regisseur their own.
func (db *DB) FindAttendance(ctx context.Context, regisseurIDs []int64) ([]domain.Attendance, error) {
	all, own := domain.IntervisieScope(domain.ActorFrom(ctx))
	if !all {
		if own == nil {
			return nil, nil
		}
		regisseurIDs = []int64{*own}
	}
	const q = `SELECT r.id AS regisseur_id, count(p.session_id) AS invited, count(p.session_id) FILTER (WHERE p.attended) AS attended,
			max(s.held_on) FILTER (WHERE p.attended) AS last_attended
		FROM regisseur r
		LEFT JOIN intervisie_participant p ON p.regisseur_id = r.id
		LEFT JOIN intervisie_session s ON s.id = p.session_id
		WHERE r.id = ANY($1) GROUP BY r.id ORDER BY r.id`
	var out []domain.Attendance
	if err := db.SelectContext(ctx, &out, q, int64Array(regisseurIDs)); err != nil {
		return nil, fmt.Errorf("attendance: %w", err)
	}
	return out, nil
}
