package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"regiepool/internal/domain"
)

// coachingLink reports whether the actor coaches the regisseur. It asks the
// database only when the link decides (domain.NeedsCoachingLink): an admin
// needs none, and other roles are refused whatever it says.
func coachingLink(ctx context.Context, q queryer, a *domain.Actor, regisseurID int64) (bool, error) {
	if !domain.NeedsCoachingLink(a) {
		return false, nil
	}
	var ok bool
	err := q.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM coach_regisseur WHERE coach_user_id = $1 AND regisseur_id = $2)`, a.UserID, regisseurID)
	return ok, err
}

// canCoach reports whether the actor may manage a regisseur's development
// (domain.CanManageDevelopment): an admin, or one of the regisseur's coaches.
// It is false for a regisseur that does not exist, so a missing id reads as
// not_found for an admin too, not as an empty list.
func canCoach(ctx context.Context, q queryer, a *domain.Actor, regisseurID int64) (bool, error) {
	coaches, err := coachingLink(ctx, q, a, regisseurID)
	if err != nil || !domain.CanManageDevelopment(a, coaches) {
		return false, err
	}
	if coaches {
		return true, nil
	}
	return hasRegisseur(ctx, q, regisseurID)
}

// canReadDevelopment reports whether the actor may read a regisseur's
// development data (domain.CanReadDevelopment); false for a regisseur that
// does not exist.
func canReadDevelopment(ctx context.Context, q queryer, a *domain.Actor, regisseurID int64) (bool, error) {
	coaches, err := coachingLink(ctx, q, a, regisseurID)
	if err != nil || !domain.CanReadDevelopment(a, regisseurID, coaches) {
		return false, err
	}
	if coaches {
		return true, nil
	}
	return hasRegisseur(ctx, q, regisseurID)
}

// hasRegisseur reports whether the regisseur exists. A coaching link implies
// it (coach_regisseur refers to regisseur), so only actors allowed without a
// link (admins, the system) need asking.
func hasRegisseur(ctx context.Context, q queryer, regisseurID int64) (bool, error) {
	var ok bool
	err := q.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM regisseur WHERE id = $1)`, regisseurID)
	return ok, err
}

type answerRow struct {
	Key     string `db:"key"`
	Score   *int   `db:"score"`
	Comment string `db:"comment"`
}

func answersOf(rows []answerRow) map[string]domain.Answer {
	out := make(map[string]domain.Answer, len(rows))
	for _, r := range rows {
		out[r.Key] = domain.Answer{Score: r.Score, Comment: r.Comment}
	}
	return out
}

type selfRow struct {
	ID           int64      `db:"id"`
	RegisseurID  int64      `db:"regisseur_id"`
	InstrumentID int64      `db:"instrument_id"`
	Status       string     `db:"status"`
	CreatedAt    time.Time  `db:"created_at"`
	UpdatedAt    time.Time  `db:"updated_at"`
	SubmittedAt  *time.Time `db:"submitted_at"`
	Total        int        `db:"total"`
}

const selfSelect = `SELECT id, regisseur_id, instrument_id, status, created_at, updated_at, submitted_at FROM self_assessment`

func (db *DB) loadSelf(ctx context.Context, q queryer, r selfRow) (domain.SelfAssessment, error) {
	var rows []answerRow
	const qa = `SELECT i.key, a.score, a.comment FROM self_answer a JOIN instrument_item i ON i.id = a.item_id WHERE a.self_assessment_id = $1`
	if err := q.SelectContext(ctx, &rows, qa, r.ID); err != nil {
		return domain.SelfAssessment{}, fmt.Errorf("answers of self-assessment %d: %w", r.ID, err)
	}
	return domain.SelfAssessment{ID: r.ID, RegisseurID: r.RegisseurID, InstrumentID: r.InstrumentID, Status: r.Status,
		Answers: answersOf(rows), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, SubmittedAt: r.SubmittedAt}, nil
}

// FindSelfAssessments lists page p of a regisseur's self-assessments,
// newest first, and their number. The regisseur sees all of theirs, drafts
// included; their coaches and admins see submitted ones only; anyone else
// gets not_found. The read is audited.
func (db *DB) FindSelfAssessments(ctx context.Context, regisseurID int64, p domain.Page) ([]domain.SelfAssessment, int, error) {
	a := domain.ActorFrom(ctx)
	var out []domain.SelfAssessment
	var total int
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		ok, err := canReadDevelopment(ctx, tx, a, regisseurID)
		if err != nil {
			return err
		}
		if !ok {
			return errNotFound("De regisseur")
		}
		cond := ` WHERE regisseur_id = $1`
		if !domain.CanSeeSelfAssessmentDrafts(a, regisseurID) {
			cond += ` AND status = 'submitted'`
		}
		var rows []selfRow
		q := `SELECT *, COUNT(*) OVER() AS total FROM (` + selfSelect + cond + `) x ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`
		if err := tx.SelectContext(ctx, &rows, q, regisseurID, p.PageSize, p.Offset()); err != nil {
			return err
		}
		if total, err = pageTotal(ctx, tx, rows, func(r selfRow) int { return r.Total }, `SELECT count(*) FROM self_assessment`+cond, regisseurID); err != nil {
			return err
		}
		for _, r := range rows {
			s, err := db.loadSelf(ctx, tx, r)
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		return audit(ctx, tx, "read", "self_assessment", &regisseurID, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, 0, db.deny(ctx, "read", "self_assessment", &regisseurID, err)
	}
	return out, total, wrap(err, "find self-assessments of regisseur %d", regisseurID)
}

// DraftSelfAssessment returns the regisseur's draft, starting one on the
// newest instrument version when there is none. Only the regisseur may.
// Errors: not_found, conflict (no instrument).
func (db *DB) DraftSelfAssessment(ctx context.Context, regisseurID int64) (domain.SelfAssessment, error) {
	if !domain.CanSelfAssess(domain.ActorFrom(ctx), regisseurID) {
		return domain.SelfAssessment{}, db.deny(ctx, "create", "self_assessment", &regisseurID, errNotFound("De regisseur"))
	}
	var out domain.SelfAssessment
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var r selfRow
		err := tx.GetContext(ctx, &r, selfSelect+` WHERE regisseur_id = $1 AND status = 'draft'`, regisseurID)
		if err == sql.ErrNoRows {
			instrumentID, err := currentInstrumentID(ctx, tx)
			if err != nil {
				return err
			}
			const q = `INSERT INTO self_assessment (regisseur_id, instrument_id) VALUES ($1, $2)
				RETURNING id, regisseur_id, instrument_id, status, created_at, updated_at, submitted_at`
			if err := tx.GetContext(ctx, &r, q, regisseurID, instrumentID); err != nil {
				return translate(err, "De zelfbeoordeling")
			}
			if err := audit(ctx, tx, "create", "self_assessment", &r.ID, domain.OutcomeAllowed); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		out, err = db.loadSelf(ctx, tx, r)
		return err
	})
	return out, wrap(err, "draft self-assessment of regisseur %d", regisseurID)
}

// SaveSelfAssessment replaces the answers of the actor's own draft and, with
// submit, submits it (every item answered); submitted answers are frozen.
// Errors: not_found, invalid, conflict (already submitted).
func (db *DB) SaveSelfAssessment(ctx context.Context, id int64, answers map[string]domain.Answer, submit bool) (domain.SelfAssessment, error) {
	a := domain.ActorFrom(ctx)
	var out domain.SelfAssessment
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var r selfRow
		if err := tx.GetContext(ctx, &r, selfSelect+` WHERE id = $1 FOR UPDATE`, id); err != nil {
			return translate(err, "De zelfbeoordeling")
		}
		if !domain.CanSelfAssess(a, r.RegisseurID) {
			return errNotFound("De zelfbeoordeling")
		}
		if r.Status != domain.StatusDraft {
			return domain.Errorf(domain.EConflict, "frozen", "Deze zelfbeoordeling is al ingediend en kan niet meer worden gewijzigd.")
		}
		ins, err := db.findInstrument(ctx, tx, r.InstrumentID)
		if err != nil {
			return err
		}
		if err := ins.Def.CheckAnswers(answers, false, submit); err != nil {
			return err
		}
		if err := replaceAnswers(ctx, tx, "self_answer", "self_assessment_id", r.ID, r.InstrumentID, answers); err != nil {
			return err
		}
		action := "update"
		q := `UPDATE self_assessment SET updated_at = now() WHERE id = $1`
		if submit {
			action = "submit"
			q = `UPDATE self_assessment SET updated_at = now(), status = 'submitted', submitted_at = now() WHERE id = $1`
		}
		if _, err := tx.ExecContext(ctx, q, r.ID); err != nil {
			return err
		}
		if err := audit(ctx, tx, action, "self_assessment", &r.ID, domain.OutcomeAllowed); err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &r, selfSelect+` WHERE id = $1`, id); err != nil {
			return err
		}
		out, err = db.loadSelf(ctx, tx, r)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return out, db.deny(ctx, "update", "self_assessment", &id, err)
	}
	return out, wrap(err, "save self-assessment %d", id)
}

// replaceAnswers writes answers into table (self_answer or feedback_draft)
// for owner, replacing what was there.
func replaceAnswers(ctx context.Context, tx *Tx, table, ownerCol string, owner, instrumentID int64, answers map[string]domain.Answer) error {
	ids, err := itemIDs(ctx, tx, instrumentID)
	if err != nil {
		return err
	}
	// table and ownerCol are constants from this package, never input.
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE `+ownerCol+` = $1`, owner); err != nil {
		return fmt.Errorf("clear answers: %w", err)
	}
	for key, ans := range answers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+ownerCol+`, item_id, score, comment) VALUES ($1, $2, $3, $4)`,
			owner, ids[key], ans.Score, ans.Comment); err != nil {
			return fmt.Errorf("store answer %s: %w", key, err)
		}
	}
	return nil
}

func errNotFound(what string) error {
	return domain.Errorf(domain.ENotFound, "not_found", "%s bestaat niet.", what)
}
