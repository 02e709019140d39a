package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

type goalRow struct {
	ID            int64          `db:"id"`
	RegisseurID   int64          `db:"regisseur_id"`
	CompetencyKey string         `db:"competency_key"`
	Basis         string         `db:"basis"`
	Description   string         `db:"description"`
	Actions       pq.StringArray `db:"actions"`
	TargetDate    time.Time      `db:"target_date"`
	Status        string         `db:"status"`
	CreatedAt     time.Time      `db:"created_at"`
}

const goalSelect = `SELECT id, regisseur_id, competency_key, basis, description, actions, target_date, status, created_at FROM development_goal`

const goalHistorySelect = `SELECT c.from_status, c.to_status, c.note, u.name AS actor, c.at
	FROM goal_status_change c LEFT JOIN app_user u ON u.id = c.actor_user_id WHERE c.goal_id = $1 ORDER BY c.at, c.id`

// regisseurExists guards writes and reads for admins, whom the plan rules let
// through for any id.
func regisseurExists(ctx context.Context, q queryer, id int64) error {
	ok, err := hasRegisseur(ctx, q, id)
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound("De regisseur")
	}
	return nil
}

// planReadable is the read rule of regisseurID's plan for the actor in ctx
// (domain.CanReadPlan: the regisseur, their coaches, admins). Errors:
// not_found.
func planReadable(ctx context.Context, q queryer, regisseurID int64) error {
	a := domain.ActorFrom(ctx)
	ok, err := allowedByCoachLink(ctx, q, a, regisseurID, func(coaches bool) bool {
		return domain.CanReadPlan(a, regisseurID, coaches)
	})
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound("De regisseur")
	}
	return regisseurExists(ctx, q, regisseurID)
}

// FindDevelopmentGoals returns a regisseur's plan, by target date, with each
// goal's status history: for the regisseur, their coaches and admins; the
// read is audited. Errors: not_found.
func (db *DB) FindDevelopmentGoals(ctx context.Context, regisseurID int64) ([]domain.DevelopmentGoal, error) {
	var out []domain.DevelopmentGoal
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if err := planReadable(ctx, tx, regisseurID); err != nil {
			return err
		}
		var rows []goalRow
		if err := tx.SelectContext(ctx, &rows, goalSelect+` WHERE regisseur_id = $1 ORDER BY target_date, id`, regisseurID); err != nil {
			return err
		}
		for _, r := range rows {
			g := domain.DevelopmentGoal{ID: r.ID, RegisseurID: r.RegisseurID, CompetencyKey: r.CompetencyKey, Basis: r.Basis,
				Description: r.Description, Actions: r.Actions, TargetDate: r.TargetDate, Status: r.Status, CreatedAt: r.CreatedAt}
			if err := tx.SelectContext(ctx, &g.History, goalHistorySelect, r.ID); err != nil {
				return err
			}
			out = append(out, g)
		}
		return audit(ctx, tx, "read", "development_plan", &regisseurID, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, db.deny(ctx, "read", "development_plan", &regisseurID, err)
	}
	return out, wrap(err, "find development goals of regisseur %d", regisseurID)
}

// FindGoalSummaries returns the outline of a regisseur's plan, by target
// date: per goal its competency, target date and status, never its
// description, basis, actions or history. That is what a dashboard needs
// to say which goals are due, and it reads none of the plan's content, so
// it is not audited (the regisseur's who-read list stays about real reads
// of the plan: FindDevelopmentGoals). Access is checked as for the plan
// (domain.CanReadPlan). Errors: not_found.
func (db *DB) FindGoalSummaries(ctx context.Context, regisseurID int64) ([]domain.DevelopmentGoal, error) {
	if err := planReadable(ctx, db, regisseurID); err != nil {
		return nil, wrap(err, "find goal summaries of regisseur %d", regisseurID)
	}
	var rows []struct {
		ID            int64     `db:"id"`
		CompetencyKey string    `db:"competency_key"`
		TargetDate    time.Time `db:"target_date"`
		Status        string    `db:"status"`
	}
	const q = `SELECT id, competency_key, target_date, status FROM development_goal WHERE regisseur_id = $1 ORDER BY target_date, id`
	if err := db.SelectContext(ctx, &rows, q, regisseurID); err != nil {
		return nil, fmt.Errorf("find goal summaries of regisseur %d: %w", regisseurID, err)
	}
	out := make([]domain.DevelopmentGoal, len(rows))
	for i, r := range rows {
		out[i] = domain.DevelopmentGoal{ID: r.ID, RegisseurID: regisseurID, CompetencyKey: r.CompetencyKey, TargetDate: r.TargetDate, Status: r.Status}
	}
	return out, nil
}

// CreateDevelopmentGoal adds a goal to a regisseur's plan. Coaches of the
// regisseur and admins. Errors: not_found, invalid.
func (db *DB) CreateDevelopmentGoal(ctx context.Context, g *domain.DevelopmentGoal) error {
	a := domain.ActorFrom(ctx)
	if g.Status == "" {
		g.Status = domain.GoalOpen
	}
	if err := g.Validate(); err != nil {
		return err
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		ok, err := allowedByCoachLink(ctx, tx, a, g.RegisseurID, func(coaches bool) bool {
			return domain.CanChangePlan(a, coaches)
		})
		if err != nil {
			return err
		}
		if !ok {
			return errNotFound("De regisseur")
		}
		if err := regisseurExists(ctx, tx, g.RegisseurID); err != nil {
			return err
		}
		keys, err := competencyKeys(ctx, tx)
		if err != nil {
			return err
		}
		if !keys[g.CompetencyKey] {
			return domain.Invalid(domain.FieldError{Name: "competencyKey", Code: "unknown", Reason: "Kies een competentie uit het profiel."})
		}
		const q = `INSERT INTO development_goal (regisseur_id, competency_key, basis, description, actions, target_date, status, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at`
		if err := tx.QueryRowxContext(ctx, q, g.RegisseurID, g.CompetencyKey, g.Basis, g.Description, pq.Array(nonEmpty(g.Actions)),
			g.TargetDate, g.Status, nullID(a.UserID)).Scan(&g.ID, &g.CreatedAt); err != nil {
			return translate(err, "Het ontwikkeldoel")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO goal_status_change (goal_id, from_status, to_status, note, actor_user_id) VALUES ($1, NULL, $2, '', $3)`,
			g.ID, g.Status, nullID(a.UserID)); err != nil {
			return err
		}
		return audit(ctx, tx, "create", "development_goal", &g.ID, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return db.deny(ctx, "create", "development_goal", nil, err)
	}
	return wrap(err, "create development goal")
}

// UpdateDevelopmentGoal changes a goal of a regisseur the actor coaches (or
// any, for admins) and returns it with its status history. Errors:
// not_found, invalid.
func (db *DB) UpdateDevelopmentGoal(ctx context.Context, id int64, u domain.GoalUpdate) (domain.DevelopmentGoal, error) {
	return db.updateGoal(ctx, id, 0, u)
}

// UpdateRegisseurGoal is UpdateDevelopmentGoal for a goal addressed under its
// regisseur: a goal of another regisseur is not found, and nothing changes.
func (db *DB) UpdateRegisseurGoal(ctx context.Context, regisseurID, id int64, u domain.GoalUpdate) (domain.DevelopmentGoal, error) {
	return db.updateGoal(ctx, id, regisseurID, u)
}

func (db *DB) updateGoal(ctx context.Context, id, regisseurID int64, u domain.GoalUpdate) (domain.DevelopmentGoal, error) {
	a := domain.ActorFrom(ctx)
	var g domain.DevelopmentGoal
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var r goalRow
		if err := tx.GetContext(ctx, &r, goalSelect+` WHERE id = $1 FOR UPDATE`, id); err != nil {
			return translate(err, "Het ontwikkeldoel")
		}
		if regisseurID != 0 && r.RegisseurID != regisseurID {
			return errNotFound("Het ontwikkeldoel")
		}
		ok, err := allowedByCoachLink(ctx, tx, a, r.RegisseurID, func(coaches bool) bool {
			return domain.CanChangePlan(a, coaches)
		})
		if err != nil {
			return err
		}
		if !ok {
			return errNotFound("Het ontwikkeldoel")
		}
		g = domain.DevelopmentGoal{ID: r.ID, RegisseurID: r.RegisseurID, CompetencyKey: r.CompetencyKey, Basis: r.Basis,
			Description: r.Description, Actions: r.Actions, TargetDate: r.TargetDate, Status: r.Status, CreatedAt: r.CreatedAt}
		from := g.Status
		if u.Description != nil {
			g.Description = *u.Description
		}
		if u.Actions != nil {
			g.Actions = *u.Actions
		}
		if u.TargetDate != nil {
			g.TargetDate = *u.TargetDate
		}
		if u.Status != nil {
			g.Status = *u.Status
		}
		if err := g.Validate(); err != nil {
			return err
		}
		const q = `UPDATE development_goal SET description = $2, actions = $3, target_date = $4, status = $5, updated_at = now() WHERE id = $1`
		if _, err := tx.ExecContext(ctx, q, id, g.Description, pq.Array(nonEmpty(g.Actions)), g.TargetDate, g.Status); err != nil {
			return translate(err, "Het ontwikkeldoel")
		}
		if g.Status != from {
			if _, err := tx.ExecContext(ctx, `INSERT INTO goal_status_change (goal_id, from_status, to_status, note, actor_user_id) VALUES ($1, $2, $3, $4, $5)`,
				id, from, g.Status, u.Note, nullID(a.UserID)); err != nil {
				return translate(err, "De statuswijziging")
			}
		}
		if err := audit(ctx, tx, "update", "development_goal", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		// The goal as it is now, history included, read before the commit.
		return tx.SelectContext(ctx, &g.History, goalHistorySelect, id)
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return g, db.deny(ctx, "update", "development_goal", &id, err)
	}
	return g, wrap(err, "update development goal %d", id)
}
