package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// coachLinked reports whether the actor is linked to the regisseur as coach
// (coach_regisseur). The system actor counts as everyone's coach (demo data).
// What the link allows is decided by the rules of domain.
func coachLinked(ctx context.Context, q queryer, a *domain.Actor, regisseurID int64) (bool, error) {
	switch a.Kind {
	case domain.ActorSystem:
		return true, nil
	case domain.ActorUser:
		var ok bool
		err := q.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM coach_regisseur WHERE coach_user_id = $1 AND regisseur_id = $2)`, a.UserID, regisseurID)
		return ok, err
	}
	return false, nil
}

// allowedByCoachLink evaluates rule, a domain rule that may depend on the
// coach link between the actor and the regisseur, looking the link up only
// when the answer depends on it.
func allowedByCoachLink(ctx context.Context, q queryer, a *domain.Actor, regisseurID int64, rule func(coaches bool) bool) (bool, error) {
	if rule(false) {
		return true, nil
	}
	if !rule(true) {
		return false, nil
	}
	return coachLinked(ctx, q, a, regisseurID)
}

// FindCoacheeIDs lists the regisseurs the actor is linked to as coach, so
// the pages can decide with domain's rules which links to show.
func (db *DB) FindCoacheeIDs(ctx context.Context) ([]int64, error) {
	a := domain.ActorFrom(ctx)
	if a.Kind != domain.ActorUser {
		return nil, nil
	}
	var ids []int64
	if err := db.SelectContext(ctx, &ids, `SELECT regisseur_id FROM coach_regisseur WHERE coach_user_id = $1 ORDER BY regisseur_id`, a.UserID); err != nil {
		return nil, fmt.Errorf("find coachees: %w", err)
	}
	return ids, nil
}

// CountUnansweredReflections counts, per regisseur the actor coaches, the
// shared reflections nobody has replied to yet. Counts only, never content:
// the coach's to-do on the home page is not a read of the reflections, so it
// is not audited (the regisseur's who-read list stays about real reads).
func (db *DB) CountUnansweredReflections(ctx context.Context) (map[int64]int, error) {
	a := domain.ActorFrom(ctx)
	if a.Kind != domain.ActorUser {
		return nil, nil
	}
	var rows []struct {
		RegisseurID int64 `db:"regisseur_id"`
		N           int   `db:"n"`
	}
	const q = `SELECT r.regisseur_id, count(*) AS n
		FROM reflection r JOIN coach_regisseur c ON c.regisseur_id = r.regisseur_id AND c.coach_user_id = $1
		WHERE r.shared_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reflection_reply rr WHERE rr.reflection_id = r.id)
		GROUP BY r.regisseur_id`
	if err := db.SelectContext(ctx, &rows, q, a.UserID); err != nil {
		return nil, fmt.Errorf("count unanswered reflections: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.RegisseurID] = r.N
	}
	return out, nil
}

type reflectionRow struct {
	ID            int64      `db:"id"`
	RegisseurID   int64      `db:"regisseur_id"`
	WrittenOn     time.Time  `db:"written_on"`
	CompetencyKey string     `db:"competency_key"`
	CaseReference *string    `db:"case_reference"`
	Body          string     `db:"body"`
	SharedAt      *time.Time `db:"shared_at"`
	CreatedAt     time.Time  `db:"created_at"`
	Total         int        `db:"total"`
	Monitoring    bool       `db:"share_with_monitoring"`
	WentWell      string     `db:"went_well"`
	CouldBeBetter string     `db:"could_be_better"`
	CoachingHelp  *int       `db:"coaching_help"`
}

const reflectionSelect = `SELECT id, regisseur_id, written_on, competency_key, case_reference, body, shared_at, created_at,
	share_with_monitoring, went_well, could_be_better, coaching_help FROM reflection`

// CreateReflection adds an entry to the actor's own log, private unless
// share is set. Errors: not_found, invalid.
func (db *DB) CreateReflection(ctx context.Context, r *domain.Reflection, share bool) error {
	a := domain.ActorFrom(ctx)
	if !domain.OwnsReflectionLog(a, r.RegisseurID) {
		return db.deny(ctx, "create", "reflection", nil, errNotFound("De regisseur"))
	}
	if err := r.Validate(); err != nil {
		return err
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		keys, err := competencyKeys(ctx, tx)
		if err != nil {
			return err
		}
		if !keys[r.CompetencyKey] {
			return domain.Invalid(domain.FieldError{Name: "competencyKey", Code: "unknown", Reason: "Kies een competentie uit het profiel."})
		}
		const q = `INSERT INTO reflection (regisseur_id, written_on, competency_key, case_reference, body, shared_at,
				share_with_monitoring, went_well, could_be_better, coaching_help)
			VALUES ($1, $2, $3, NULLIF($4, ''), $5, CASE WHEN $6 THEN now() END, $7, $8, $9, $10) RETURNING id, created_at, shared_at`
		if err := tx.QueryRowxContext(ctx, q, r.RegisseurID, r.WrittenOn, r.CompetencyKey, r.CaseReference, r.Body, share,
			r.ShareWithMonitoring, r.WentWell, r.CouldBeBetter, r.CoachingHelp).Scan(&r.ID, &r.CreatedAt, &r.SharedAt); err != nil {
			return translate(err, "De reflectie")
		}
		return audit(ctx, tx, "create", "reflection", &r.ID, domain.OutcomeAllowed)
	})
	return wrap(err, "create reflection")
}

// ShareReflection shares (or unshares) one of the actor's own entries with
// their coach. Errors: not_found.
func (db *DB) ShareReflection(ctx context.Context, id int64, share bool) error {
	a := domain.ActorFrom(ctx)
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var regID int64
		if err := tx.GetContext(ctx, &regID, `SELECT regisseur_id FROM reflection WHERE id = $1 FOR UPDATE`, id); err != nil {
			return translate(err, "De reflectie")
		}
		if !domain.OwnsReflectionLog(a, regID) {
			return errNotFound("De reflectie")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE reflection SET shared_at = CASE WHEN $2 THEN COALESCE(shared_at, now()) END, updated_at = now() WHERE id = $1`, id, share); err != nil {
			return err
		}
		return audit(ctx, tx, "update", "reflection", &id, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return db.deny(ctx, "update", "reflection", &id, err)
	}
	return wrap(err, "share reflection %d", id)
}

// FindReflections returns page p of a regisseur's log, newest first, and
// the number of entries: all entries for the regisseur, the shared ones for
// their coaches, nothing for anyone else (admins included: the log is
// personal). The read is audited. Errors: not_found.
func (db *DB) FindReflections(ctx context.Context, regisseurID int64, p domain.Page) ([]domain.Reflection, int, error) {
	a := domain.ActorFrom(ctx)
	var out []domain.Reflection
	var total int
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		self := domain.OwnsReflectionLog(a, regisseurID)
		if !self {
			ok, err := allowedByCoachLink(ctx, tx, a, regisseurID, func(coaches bool) bool {
				return domain.CanReadSharedReflections(a, coaches)
			})
			if err != nil {
				return err
			}
			if !ok {
				return errNotFound("De regisseur")
			}
		}
		cond := ` WHERE regisseur_id = $1`
		if !self {
			cond += ` AND shared_at IS NOT NULL`
		}
		q := `SELECT *, COUNT(*) OVER() AS total FROM (` + reflectionSelect + cond + `) x ORDER BY written_on DESC, id DESC LIMIT $2 OFFSET $3`
		var rows []reflectionRow
		if err := tx.SelectContext(ctx, &rows, q, regisseurID, p.PageSize, p.Offset()); err != nil {
			return err
		}
		var err error
		if total, err = pageTotal(ctx, tx, rows, func(r reflectionRow) int { return r.Total }, `SELECT count(*) FROM reflection`+cond, regisseurID); err != nil {
			return err
		}
		var ids []int64
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		var replies []struct {
			ReflectionID int64 `db:"reflection_id"`
			domain.Reply
		}
		const qr = `SELECT rr.reflection_id, rr.id, COALESCE(u.name, '') AS author, rr.body, rr.created_at
			FROM reflection_reply rr LEFT JOIN app_user u ON u.id = rr.author_user_id WHERE rr.reflection_id = ANY($1) ORDER BY rr.created_at`
		if err := tx.SelectContext(ctx, &replies, qr, pq.Int64Array(ids)); err != nil {
			return err
		}
		byID := map[int64][]domain.Reply{}
		for _, rp := range replies {
			byID[rp.ReflectionID] = append(byID[rp.ReflectionID], rp.Reply)
		}
		for _, r := range rows {
			out = append(out, domain.Reflection{ID: r.ID, RegisseurID: r.RegisseurID, WrittenOn: r.WrittenOn, CompetencyKey: r.CompetencyKey,
				CaseReference: deref(r.CaseReference), Body: r.Body, SharedAt: r.SharedAt, CreatedAt: r.CreatedAt, Replies: byID[r.ID],
				ShareWithMonitoring: r.Monitoring, WentWell: r.WentWell, CouldBeBetter: r.CouldBeBetter, CoachingHelp: r.CoachingHelp})
		}
		return audit(ctx, tx, "read", "reflection_log", &regisseurID, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, 0, db.deny(ctx, "read", "reflection_log", &regisseurID, err)
	}
	return out, total, wrap(err, "find reflections of regisseur %d", regisseurID)
}

// ReplyToReflection lets a coach of the regisseur answer a shared entry.
// Errors: not_found (also for private entries), invalid.
func (db *DB) ReplyToReflection(ctx context.Context, id int64, body string) (domain.Reply, error) {
	a := domain.ActorFrom(ctx)
	var out domain.Reply
	if fe := checkTextField("body", body, 5000); fe != nil {
		return out, domain.Invalid(*fe)
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var r reflectionRow
		if err := tx.GetContext(ctx, &r, reflectionSelect+` WHERE id = $1 AND shared_at IS NOT NULL`, id); err != nil {
			return translate(err, "De reflectie")
		}
		ok, err := allowedByCoachLink(ctx, tx, a, r.RegisseurID, func(coaches bool) bool {
			return domain.CanReplyToReflection(a, coaches)
		})
		if err != nil {
			return err
		}
		if !ok {
			return errNotFound("De reflectie")
		}
		const q = `INSERT INTO reflection_reply (reflection_id, author_user_id, body) VALUES ($1, $2, $3)
			RETURNING id, body, created_at, COALESCE((SELECT name FROM app_user WHERE id = $2), '')`
		if err := tx.QueryRowxContext(ctx, q, id, nullID(a.UserID), body).Scan(&out.ID, &out.Body, &out.CreatedAt, &out.Author); err != nil {
			return translate(err, "Het antwoord")
		}
		return audit(ctx, tx, "create", "reflection_reply", &out.ID, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return out, db.deny(ctx, "create", "reflection_reply", &id, err)
	}
	return out, wrap(err, "reply to reflection %d", id)
}
