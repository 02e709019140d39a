package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// CreatePoolRound opens a recruitment round with its participating
// organisations and quotas (domain.CanOpenPoolRound). Errors: forbidden,
// invalid, conflict.
func (db *DB) CreatePoolRound(ctx context.Context, name string, orgs []domain.RoundOrganisation) (domain.PoolRound, error) {
	a := domain.ActorFrom(ctx)
	if !domain.CanOpenPoolRound(a) {
		return domain.PoolRound{}, db.deny(ctx, "create", "pool_round", nil, errForbidden())
	}
	r := domain.PoolRound{Name: name, Organisations: orgs}
	if err := r.Validate(); err != nil {
		return domain.PoolRound{}, err
	}
	name = r.Name
	var id int64
	var out domain.PoolRound
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if err := tx.GetContext(ctx, &id, `INSERT INTO pool_round (name, created_by) VALUES ($1, $2) RETURNING id`, name, nullID(a.UserID)); err != nil {
			return translate(err, "Een poolronde met deze naam")
		}
		for _, o := range orgs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO pool_round_organisation (round_id, organisation_id, quota) VALUES ($1, $2, $3)`, id, o.OrganisationID, o.Quota); err != nil {
				return translate(err, "De organisatie")
			}
		}
		if err := audit(ctx, tx, "create", "pool_round", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		var err error
		out, err = findPoolRound(ctx, tx, id)
		return err
	})
	if err != nil {
		return domain.PoolRound{}, wrap(err, "create pool round")
	}
	return out, nil
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// FindPoolRounds lists page p of the rounds, newest first, with per
// organisation its quota and places taken, and the number of rounds. Org
// contacts see their own organisation's line only.
func (db *DB) FindPoolRounds(ctx context.Context, p domain.Page) ([]domain.PoolRound, int, error) {
	var rows []idRow
	const q = `SELECT id, COUNT(*) OVER() AS total FROM pool_round ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`
	if err := db.SelectContext(ctx, &rows, q, p.PageSize, p.Offset()); err != nil {
		return nil, 0, fmt.Errorf("find pool rounds: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r idRow) int { return r.Total }, `SELECT count(*) FROM pool_round`)
	if err != nil {
		return nil, 0, fmt.Errorf("find pool rounds: %w", err)
	}
	out := make([]domain.PoolRound, 0, len(rows))
	for _, row := range rows {
		r, err := db.FindPoolRound(ctx, row.ID)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, nil
}

// FindPoolRound returns one round. Errors: not_found.
func (db *DB) FindPoolRound(ctx context.Context, id int64) (domain.PoolRound, error) {
	return findPoolRound(ctx, db, id)
}

// findPoolRound is FindPoolRound on q (the DB or a write's transaction).
func findPoolRound(ctx context.Context, q queryer, id int64) (domain.PoolRound, error) {
	var r struct {
		ID        int64     `db:"id"`
		Name      string    `db:"name"`
		CreatedAt time.Time `db:"created_at"`
	}
	if err := q.GetContext(ctx, &r, `SELECT id, name, created_at FROM pool_round WHERE id = $1`, id); err != nil {
		return domain.PoolRound{}, wrap(translate(err, "De poolronde"), "find pool round %d", id)
	}
	a := domain.ActorFrom(ctx)
	args := []any{id}
	cond := "TRUE"
	if !domain.CanSeeEveryQuota(a) {
		if a.OrganisationID == nil {
			cond = "FALSE"
		} else {
			args = append(args, *a.OrganisationID)
			cond = fmt.Sprintf("o.id = $%d", len(args))
		}
	}
	args = append(args, statusArray(domain.QuotaFreeStatuses))
	var orgs []struct {
		OrganisationID int64  `db:"organisation_id"`
		Name           string `db:"name"`
		Quota          int    `db:"quota"`
		Nominated      int    `db:"nominated"`
	}
	qo := `SELECT o.id AS organisation_id, o.name, ro.quota,
			(SELECT count(*) FROM pool_membership m WHERE m.round_id = ro.round_id AND m.organisation_id = o.id
				AND m.status <> ALL($` + strconv.Itoa(len(args)) + `)) AS nominated
		FROM pool_round_organisation ro JOIN organisation o ON o.id = ro.organisation_id
		WHERE ro.round_id = $1 AND (` + cond + `) ORDER BY o.name`
	if err := q.SelectContext(ctx, &orgs, qo, args...); err != nil {
		return domain.PoolRound{}, fmt.Errorf("organisations of round %d: %w", id, err)
	}
	out := domain.PoolRound{ID: r.ID, Name: r.Name, CreatedAt: r.CreatedAt}
	for _, o := range orgs {
		out.Organisations = append(out.Organisations, domain.RoundOrganisation{OrganisationID: o.OrganisationID, Name: o.Name, Quota: o.Quota, Nominated: o.Nominated})
	}
	return out, nil
}

// Nominate puts a candidate of the actor's organisation forward in a round
// (domain.CanNominate): it creates the regisseur record (and, with an e-mail
// address, an account with the regisseur role and no password, to be
// activated by an admin) and the membership. Over-quota nominations are
// refused. Errors: forbidden, not_found (round), invalid, conflict (quota,
// e-mail in use).
func (db *DB) Nominate(ctx context.Context, n domain.Nomination) (domain.Membership, error) {
	a := domain.ActorFrom(ctx)
	if !domain.CanNominate(a) {
		return domain.Membership{}, db.deny(ctx, "create", "pool_membership", nil, errForbidden())
	}
	if err := n.Validate(); err != nil {
		return domain.Membership{}, err
	}
	orgID := *a.OrganisationID
	var id int64
	var out domain.Membership
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var quota, used int
		const q = `SELECT quota, (SELECT count(*) FROM pool_membership m WHERE m.round_id = ro.round_id AND m.organisation_id = ro.organisation_id
				AND m.status <> ALL($3)) FROM pool_round_organisation ro
			WHERE ro.round_id = $1 AND ro.organisation_id = $2 FOR UPDATE`
		if err := tx.QueryRowxContext(ctx, q, n.RoundID, orgID, statusArray(domain.QuotaFreeStatuses)).Scan(&quota, &used); err != nil {
			if err == sql.ErrNoRows {
				return domain.Errorf(domain.ENotFound, "not_participating", "Uw organisatie neemt niet deel aan deze poolronde.")
			}
			return err
		}
		if used >= quota {
			return domain.Errorf(domain.EConflict, "quota", "Uw organisatie heeft al %d van de %d plaatsen in deze poolronde gevuld. Trek eerst een voordracht in om iemand anders voor te dragen.", used, quota)
		}
		var userID *int64
		if n.Email != "" {
			u := domain.User{Email: n.Email, Name: n.RegisseurName, Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &orgID}
			if err := u.Validate(); err != nil {
				return err
			}
			var uid int64
			if err := tx.GetContext(ctx, &uid, `INSERT INTO app_user (email, name, organisation_id) VALUES ($1, $2, $3) RETURNING id`, u.Email, u.Name, orgID); err != nil {
				return translate(err, "Een gebruiker met dit e-mailadres")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_role (user_id, role) VALUES ($1, 'regisseur')`, uid); err != nil {
				return err
			}
			if err := audit(ctx, tx, "create", "user", &uid, domain.OutcomeAllowed); err != nil {
				return err
			}
			userID = &uid
		}
		var regID int64
		if err := tx.GetContext(ctx, &regID, `INSERT INTO regisseur (name, organisation_id, user_id) VALUES ($1, $2, $3) RETURNING id`, n.RegisseurName, orgID, userID); err != nil {
			return translate(err, "De regisseur")
		}
		if err := audit(ctx, tx, "create", "regisseur", &regID, domain.OutcomeAllowed); err != nil {
			return err
		}
		motivations, err := json.Marshal(nonNilMap(n.CompetencyMotivations))
		if err != nil {
			return err
		}
		const qm = `INSERT INTO pool_membership (round_id, organisation_id, regisseur_id, motivation, competency_motivations, hours_per_week,
				max_cases, nominated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`
		if err := tx.GetContext(ctx, &id, qm, n.RoundID, orgID, regID, n.Motivation, motivations, n.HoursPerWeek,
			domain.DefaultMaxCases, nullID(a.UserID)); err != nil {
			return translateQuota(err)
		}
		if err := writeMunicipalities(ctx, tx, id, n.MunicipalityIDs); err != nil {
			return err
		}
		if err := recordTransition(ctx, tx, id, nil, domain.MemberNominated, ""); err != nil {
			return err
		}
		if err := audit(ctx, tx, "create", "pool_membership", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		out, err = findMembership(ctx, tx, id)
		return err
	})
	if err != nil {
		return domain.Membership{}, wrap(err, "nominate")
	}
	return out, nil
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// translateQuota turns the database's quota refusal into the same conflict
// the code gives, for the rare race the code check could not see.
func translateQuota(err error) error {
	var pqErr *pq.Error
	if asPQ(err, &pqErr) && pqErr.Code == "23514" && strings.Contains(pqErr.Message, "quota") {
		return domain.Errorf(domain.EConflict, "quota", "Het quotum van uw organisatie in deze poolronde is vol.")
	}
	return translate(err, "De voordracht")
}

func writeMunicipalities(ctx context.Context, tx *Tx, membershipID int64, ids []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM member_municipality WHERE membership_id = $1`, membershipID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO member_municipality (membership_id, municipality_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
		membershipID, int64Array(ids)); err != nil {
		return translate(err, "De gemeente")
	}
	return nil
}

func recordTransition(ctx context.Context, tx *Tx, membershipID int64, from *domain.MembershipStatus, to domain.MembershipStatus, reason string) error {
	a := domain.ActorFrom(ctx)
	const q = `INSERT INTO membership_transition (membership_id, from_status, to_status, reason, actor_user_id) VALUES ($1, $2, $3, $4, $5)`
	_, err := tx.ExecContext(ctx, q, membershipID, from, to, reason, nullID(a.UserID))
	return err
}

// MoveMembership takes one step of the life cycle, recording who, when and
// why. Those who decide on the member take any step (domain.CanDecide); the
// nominating organisation may withdraw its nomination before a decision.
// Errors: not_found, forbidden, invalid, conflict (step not allowed, or an
// admission requirement unmet).
//
// notify, when given, is the mail about a decision (admitted or rejected)
// to the contacts of the nominating organisation, written to the outbox in
// the same transaction (only when the step is such a decision).
func (db *DB) MoveMembership(ctx context.Context, id int64, to domain.MembershipStatus, opt domain.TransitionOptions, notify ...domain.Mail) (domain.Membership, error) {
	a := domain.ActorFrom(ctx)
	var out domain.Membership
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		m, err := lockMembership(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case domain.CanDecide(a, m):
		case domain.IsNominator(a, m) && to == domain.MemberWithdrawn:
		case domain.IsNominator(a, m):
			return errForbidden()
		default:
			return errNotFound("Het poollidmaatschap")
		}
		if !domain.CanMove(m.Status, to) {
			return domain.Errorf(domain.EConflict, "transition", "Van %q naar %q kan niet.", domain.MembershipLabels[m.Status], domain.MembershipLabels[to])
		}
		if err := opt.Validate(to); err != nil {
			return err
		}
		if to == domain.MemberAdmitted {
			if err := db.checkAdmission(ctx, tx, id, m.RegisseurID, opt.OverrideReason); err != nil {
				return err
			}
		}
		if to == domain.MemberLeft {
			// Leaving releases nothing silently: open cases are handed over first.
			var open int
			if err := tx.GetContext(ctx, &open, `SELECT count(*) FROM assignment WHERE regisseur_id = $1 AND ended_at IS NULL`, m.RegisseurID); err != nil {
				return err
			}
			if open > 0 {
				return domain.Errorf(domain.EConflict, "open_cases", "Deze regisseur heeft nog %d lopende casus(sen): draag die eerst over.", open)
			}
		}
		var pausedUntil *time.Time
		if to == domain.MemberPaused {
			pausedUntil = opt.PausedUntil
		}
		const q = `UPDATE pool_membership SET status = $2, paused_until = $3, updated_at = now(),
				contra_override_reason = COALESCE(NULLIF($4, ''), contra_override_reason) WHERE id = $1`
		if _, err := tx.ExecContext(ctx, q, id, to, pausedUntil, opt.OverrideReason); err != nil {
			return translate(err, "Het poollidmaatschap")
		}
		from := m.Status
		if err := recordTransition(ctx, tx, id, &from, to, opt.Reason); err != nil {
			return err
		}
		if err := audit(ctx, tx, "transition", "pool_membership", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		if !m.Status.Decided() && to.Decided() && to != domain.MemberWithdrawn {
			for _, n := range notify {
				if err := mailOrgContacts(ctx, tx, m.OrganisationID, n); err != nil {
					return err
				}
			}
		}
		out, err = findMembership(ctx, tx, id)
		return err
	})
	if err != nil {
		code := domain.ErrorCode(err)
		if code == domain.ENotFound || code == domain.EForbidden {
			return domain.Membership{}, db.deny(ctx, "transition", "pool_membership", &id, err)
		}
		return domain.Membership{}, wrap(err, "move membership %d", id)
	}
	return out, nil
}

// checkAdmission: a recorded pre-selection (with a contra-indication, an
// admin's override reason), a submitted self-assessment, and a closed 360
// round or else a development goal on every competency scored under the norm.
func (db *DB) checkAdmission(ctx context.Context, tx *Tx, id, regisseurID int64, override string) error {
	var outcome sql.NullString
	if err := tx.GetContext(ctx, &outcome, `SELECT (SELECT outcome FROM pre_selection WHERE membership_id = $1)`, id); err != nil {
		return err
	}
	var unmet []string
	if !outcome.Valid {
		unmet = append(unmet, "er is nog geen voorselectie vastgelegd")
	}
	var selfDone, roundDone bool
	const q = `SELECT EXISTS (SELECT 1 FROM self_assessment WHERE regisseur_id = $1 AND status = 'submitted'),
		EXISTS (SELECT 1 FROM feedback_round WHERE regisseur_id = $1 AND status = 'closed')`
	if err := tx.QueryRowxContext(ctx, q, regisseurID).Scan(&selfDone, &roundDone); err != nil {
		return err
	}
	if !selfDone {
		unmet = append(unmet, "de regisseur heeft nog geen zelfbeoordeling ingediend")
	}
	if !roundDone && selfDone {
		// Without a closed round, a development goal on every competency
		// scored under the norm will do.
		var uncovered int
		const qp = `SELECT count(*) FROM self_answer a
			JOIN self_assessment s ON s.id = a.self_assessment_id
			JOIN instrument_item i ON i.id = a.item_id
			WHERE s.id = (SELECT id FROM self_assessment WHERE regisseur_id = $1 AND status = 'submitted' ORDER BY submitted_at DESC LIMIT 1)
			  AND i.kind = 'competency' AND i.norm IS NOT NULL AND a.score IS NOT NULL AND a.score < i.norm
			  AND NOT EXISTS (SELECT 1 FROM development_goal g WHERE g.regisseur_id = $1 AND g.competency_key = i.key AND g.status <> 'dropped')`
		if err := tx.GetContext(ctx, &uncovered, qp, regisseurID); err != nil {
			return err
		}
		roundDone = uncovered == 0 && hasGoals(ctx, tx, regisseurID)
	}
	if !roundDone {
		unmet = append(unmet, "er is nog geen afgesloten 360-feedbackronde (of een ontwikkelplan voor elke competentie onder de norm)")
	}
	if len(unmet) > 0 {
		return domain.Errorf(domain.EConflict, "admission_requirements", "Toelaten kan nog niet: %s.", strings.Join(unmet, "; "))
	}
	if outcome.String == domain.OutcomeContraIndication {
		if override == "" {
			return domain.Invalid(domain.FieldError{Name: "overrideReason", Code: "required",
				Reason: "De voorselectie gaf een contra-indicatie: toelaten kan alleen met een onderbouwing van een functioneel beheerder."})
		}
		if !domain.CanOverrideContraIndication(domain.ActorFrom(ctx)) {
			return domain.Errorf(domain.EForbidden, "override_admin_only", "Alleen een functioneel beheerder kan toelaten ondanks een contra-indicatie.")
		}
	}
	return nil
}

// hasGoals reports whether the regisseur has a development plan at all: an
// empty plan does not stand in for a 360 round.
func hasGoals(ctx context.Context, q queryer, regisseurID int64) bool {
	var ok bool
	_ = q.GetContext(ctx, &ok, `SELECT EXISTS (SELECT 1 FROM development_goal WHERE regisseur_id = $1 AND status <> 'dropped')`, regisseurID)
	return ok
}
