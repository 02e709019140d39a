package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// membershipScope is the SQL condition (on pool_membership m) of the
// memberships the actor may see: domain.MemberScopeOf.
func membershipScope(a *domain.Actor, args *[]any) string {
	sc := domain.MemberScopeOf(a)
	if sc.All {
		return "TRUE"
	}
	var conds []string
	if sc.CoachUserID != nil {
		*args = append(*args, *sc.CoachUserID)
		conds = append(conds, fmt.Sprintf("EXISTS (SELECT 1 FROM coach_regisseur c WHERE c.regisseur_id = m.regisseur_id AND c.coach_user_id = $%d)", len(*args)))
	}
	if sc.Dispatcher {
		conds = append(conds, dispatchedMember(sc.MunicipalityIDs, args))
	}
	if sc.OrganisationID != nil {
		*args = append(*args, *sc.OrganisationID)
		conds = append(conds, fmt.Sprintf("m.organisation_id = $%d", len(*args)))
	}
	if sc.RegisseurID != nil {
		*args = append(*args, *sc.RegisseurID)
		conds = append(conds, fmt.Sprintf("m.regisseur_id = $%d", len(*args)))
	}
	if len(conds) == 0 {
		return "FALSE"
	}
	return strings.Join(conds, " OR ")
}

// dispatchedMember is the SQL condition (on pool_membership m) of the
// memberships a dispatcher of municipalities ids sees: members of the pool
// proper who take cases in one of them.
func dispatchedMember(ids []int64, args *[]any) string {
	*args = append(*args, statusArray(domain.InPoolStatuses), int64Array(ids))
	return fmt.Sprintf("(m.status = ANY($%d) AND EXISTS (SELECT 1 FROM member_municipality mm WHERE mm.membership_id = m.id AND mm.municipality_id = ANY($%d)))",
		len(*args)-1, len(*args))
}

// coachIDsOf selects the user ids of the coaches of membership m's
// regisseur, which the access rules need (domain.Membership.CoachIDs).
const coachIDsOf = `COALESCE((SELECT array_agg(c.coach_user_id ORDER BY c.coach_user_id) FROM coach_regisseur c WHERE c.regisseur_id = m.regisseur_id), '{}') AS coach_ids`

// statusArray passes membership statuses as a PostgreSQL text[].
func statusArray(ss []domain.MembershipStatus) any {
	out := make(pq.StringArray, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// lockMembership reads what the access rules need of membership id (status,
// organisation, regisseur, its coaches) and locks its row for the write that
// follows. Errors: not_found.
func lockMembership(ctx context.Context, tx *Tx, id int64) (domain.Membership, error) {
	var r struct {
		Status         domain.MembershipStatus `db:"status"`
		OrganisationID int64                   `db:"organisation_id"`
		RegisseurID    int64                   `db:"regisseur_id"`
		CoachIDs       pq.Int64Array           `db:"coach_ids"`
	}
	q := `SELECT m.status, m.organisation_id, m.regisseur_id, ` + coachIDsOf + ` FROM pool_membership m WHERE m.id = $1 FOR UPDATE OF m`
	if err := tx.GetContext(ctx, &r, q, id); err != nil {
		return domain.Membership{}, translate(err, "Het poollidmaatschap")
	}
	return domain.Membership{ID: id, Status: r.Status, OrganisationID: r.OrganisationID, RegisseurID: r.RegisseurID, CoachIDs: r.CoachIDs}, nil
}

type memberRow struct {
	ID                    int64         `db:"id"`
	RoundID               int64         `db:"round_id"`
	RegisseurID           int64         `db:"regisseur_id"`
	RegisseurName         string        `db:"regisseur_name"`
	OrganisationID        int64         `db:"organisation_id"`
	OrganisationName      string        `db:"organisation_name"`
	Status                string        `db:"status"`
	Motivation            string        `db:"motivation"` // memberSelect only, as the next
	CompetencyMotivations []byte        `db:"competency_motivations"`
	HoursPerWeek          float64       `db:"hours_per_week"`
	MaxCases              int           `db:"max_cases"`
	PausedUntil           *time.Time    `db:"paused_until"`
	CreatedAt             time.Time     `db:"created_at"`
	MunicipalityIDs       pq.Int64Array `db:"municipality_ids"`
	CoachIDs              pq.Int64Array `db:"coach_ids"`
	ActiveCases           int           `db:"active_cases"`
	CasesHandled          int           `db:"cases_handled"`
	Total                 int           `db:"total"`
}

// memberListSelect reads members with names, municipalities, coaches,
// their number of active cases and of cases ever assigned to them: what a
// list of members needs. Not the nomination's motivation (in general and
// per competency): no list shows or returns it, so a list does not read it
// (minimisation); memberSelect, the member's file, does.
const memberListSelect = `SELECT m.id, m.round_id, m.regisseur_id, r.name AS regisseur_name, m.organisation_id, o.name AS organisation_name,
	m.status, m.hours_per_week, m.max_cases, m.paused_until, m.created_at,
	(SELECT count(*) FROM assignment a WHERE a.regisseur_id = m.regisseur_id AND a.ended_at IS NULL) AS active_cases,
	(SELECT count(DISTINCT a.case_id) FROM assignment a WHERE a.regisseur_id = m.regisseur_id) AS cases_handled,
	COALESCE((SELECT array_agg(municipality_id ORDER BY municipality_id) FROM member_municipality WHERE membership_id = m.id), '{}') AS municipality_ids,
	` + coachIDsOf

// memberSelect reads a member's file: memberListSelect and the
// nomination's motivation, which toDomain keeps for those who may see it.
const memberSelect = memberListSelect + `, m.motivation, m.competency_motivations`

const memberFrom = ` FROM pool_membership m JOIN regisseur r ON r.id = m.regisseur_id JOIN organisation o ON o.id = m.organisation_id`

func (r memberRow) toDomain(a *domain.Actor) domain.Membership {
	m := domain.Membership{ID: r.ID, RoundID: r.RoundID, RegisseurID: r.RegisseurID, RegisseurName: r.RegisseurName,
		OrganisationID: r.OrganisationID, OrganisationName: r.OrganisationName, Status: domain.MembershipStatus(r.Status),
		HoursPerWeek: r.HoursPerWeek, MaxCases: r.MaxCases, ActiveCases: r.ActiveCases, CasesHandled: r.CasesHandled, PausedUntil: r.PausedUntil, CreatedAt: r.CreatedAt,
		MunicipalityIDs: []int64(r.MunicipalityIDs), CoachIDs: []int64(r.CoachIDs)}
	if domain.CanSeeMotivation(a, m) {
		m.Motivation = r.Motivation
		if len(r.CompetencyMotivations) > 0 { // the list read (memberListSelect) leaves them out
			// jsonb the store wrote itself: it decodes.
			_ = json.Unmarshal(r.CompetencyMotivations, &m.CompetencyMotivations)
		}
	}
	return m
}

// FindPoolMembers returns one page of the members in the actor's scope, by
// organisation and name: the work profile, without the nomination's
// motivation (memberListSelect), the history or leave; FindMembership reads
// the member's file.
func (db *DB) FindPoolMembers(ctx context.Context, f domain.MemberFilter, p domain.Page) ([]domain.Membership, int, error) {
	a := domain.ActorFrom(ctx)
	args := []any{}
	where := []string{membershipScope(a, &args)}
	if f.Status != nil {
		args = append(args, string(*f.Status))
		where = append(where, fmt.Sprintf("m.status = $%d", len(args)))
	}
	if f.OrganisationID != nil {
		args = append(args, *f.OrganisationID)
		where = append(where, fmt.Sprintf("m.organisation_id = $%d", len(args)))
	}
	if f.MunicipalityID != nil {
		args = append(args, *f.MunicipalityID)
		where = append(where, fmt.Sprintf("EXISTS (SELECT 1 FROM member_municipality x WHERE x.membership_id = m.id AND x.municipality_id = $%d)", len(args)))
	}
	cond := joinAnd(where)
	q := memberListSelect + `, COUNT(*) OVER() AS total` + memberFrom + ` WHERE ` + cond +
		fmt.Sprintf(` ORDER BY o.name, r.name, m.id LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2)
	var rows []memberRow
	if err := db.SelectContext(ctx, &rows, q, append(args, p.PageSize, p.Offset())...); err != nil {
		return nil, 0, fmt.Errorf("find pool members: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r memberRow) int { return r.Total }, `SELECT count(*)`+memberFrom+` WHERE `+cond, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find pool members: %w", err)
	}
	out := make([]domain.Membership, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain(a)
	}
	return out, total, nil
}

// FindMembership returns a member in scope with its history and leave: the
// member's page and GET /pool-members/{id}. When what the actor gets
// carries a sensitive part of the file (domain.MemberFileIsSensitive) the
// read is audited as a read of the pool_membership, in the same
// transaction. A refused read (out of scope, or no such member: the actor
// cannot tell) is recorded as a denied read, as FindPreSelection records
// one. Errors: not_found.
func (db *DB) FindMembership(ctx context.Context, id int64) (domain.Membership, error) {
	var m domain.Membership
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var err error
		if m, err = findMembership(ctx, tx, id); err != nil || !domain.MemberFileIsSensitive(m) {
			return err
		}
		return audit(ctx, tx, "read", "pool_membership", &id, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return m, db.deny(ctx, "read", "pool_membership", &id, err)
	}
	return m, err
}

// findMembership is FindMembership on q, unaudited: the DB, or the
// transaction of a write that answers with the member, so that the answer
// cannot fail once the write has committed (the write's own audit row
// names the record).
func findMembership(ctx context.Context, q queryer, id int64) (domain.Membership, error) {
	a := domain.ActorFrom(ctx)
	args := []any{id}
	qm := memberSelect + `, 0 AS total` + memberFrom + ` WHERE m.id = $1 AND (` + membershipScope(a, &args) + `)`
	var r memberRow
	if err := q.GetContext(ctx, &r, qm, args...); err != nil {
		return domain.Membership{}, wrap(translate(err, "Het poollidmaatschap"), "find membership %d", id)
	}
	m := r.toDomain(a)
	var hist []struct {
		From   *string   `db:"from_status"`
		To     string    `db:"to_status"`
		Reason string    `db:"reason"`
		Actor  *int64    `db:"actor_user_id"`
		Name   *string   `db:"name"`
		At     time.Time `db:"at"`
	}
	const qh = `SELECT t.from_status, t.to_status, t.reason, t.actor_user_id, u.name, t.at
		FROM membership_transition t LEFT JOIN app_user u ON u.id = t.actor_user_id WHERE t.membership_id = $1 ORDER BY t.at, t.id`
	if err := q.SelectContext(ctx, &hist, qh, id); err != nil {
		return m, fmt.Errorf("history of membership %d: %w", id, err)
	}
	reasons := domain.CanSeeStatusReasons(a, m)
	for _, h := range hist {
		t := domain.Transition{To: domain.MembershipStatus(h.To), ActorID: h.Actor, Actor: deref(h.Name), At: h.At}
		if reasons {
			t.Reason = h.Reason
		}
		if h.From != nil {
			f := domain.MembershipStatus(*h.From)
			t.From = &f
		}
		m.Transitions = append(m.Transitions, t)
	}
	var leave []struct {
		ID       int64     `db:"id"`
		StartsOn time.Time `db:"starts_on"`
		EndsOn   time.Time `db:"ends_on"`
		Reason   string    `db:"reason"`
	}
	if err := q.SelectContext(ctx, &leave, `SELECT id, starts_on, ends_on, reason FROM unavailability WHERE membership_id = $1 ORDER BY starts_on`, id); err != nil {
		return m, fmt.Errorf("leave of membership %d: %w", id, err)
	}
	for _, l := range leave {
		u := domain.Unavailability{ID: l.ID, StartsOn: l.StartsOn, EndsOn: l.EndsOn}
		if reasons {
			u.Reason = l.Reason
		}
		m.Availability = append(m.Availability, u)
	}
	return m, nil
}

// UpdateCapacity sets a member's maximum cases, regie hours and
// municipalities, for those who decide on the member (domain.CanDecide).
// Errors: not_found, invalid.
func (db *DB) UpdateCapacity(ctx context.Context, id int64, u domain.CapacityUpdate) (domain.Membership, error) {
	a := domain.ActorFrom(ctx)
	var out domain.Membership
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		m, err := lockMembership(ctx, tx, id)
		if err != nil {
			return err
		}
		if !domain.CanDecide(a, m) {
			return errNotFound("Het poollidmaatschap")
		}
		if err := u.Validate(); err != nil {
			return err
		}
		const q = `UPDATE pool_membership SET max_cases = COALESCE($2, max_cases), hours_per_week = COALESCE($3, hours_per_week), updated_at = now()
			WHERE id = $1`
		if _, err := tx.ExecContext(ctx, q, id, u.MaxCases, u.HoursPerWeek); err != nil {
			return translate(err, "Het poollidmaatschap")
		}
		if u.MunicipalityIDs != nil {
			if err := writeMunicipalities(ctx, tx, id, *u.MunicipalityIDs); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, "update", "pool_membership", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		out, err = findMembership(ctx, tx, id)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return domain.Membership{}, db.deny(ctx, "update", "pool_membership", &id, err)
	}
	if err != nil {
		return domain.Membership{}, wrap(err, "update capacity of membership %d", id)
	}
	return out, nil
}

// AddUnavailability records leave for a member, for those who decide on the
// member (domain.CanDecide), and returns the member with it. Errors:
// not_found, invalid.
func (db *DB) AddUnavailability(ctx context.Context, id int64, u domain.Unavailability) (domain.Membership, error) {
	a := domain.ActorFrom(ctx)
	var out domain.Membership
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		m, err := lockMembership(ctx, tx, id)
		if err != nil {
			return err
		}
		if !domain.CanDecide(a, m) {
			return errNotFound("Het poollidmaatschap")
		}
		if err := u.Validate(); err != nil {
			return err
		}
		var uid int64
		const q = `INSERT INTO unavailability (membership_id, starts_on, ends_on, reason) VALUES ($1, $2, $3, $4) RETURNING id`
		if err := tx.GetContext(ctx, &uid, q, id, u.StartsOn, u.EndsOn, u.Reason); err != nil {
			return translate(err, "De afwezigheid")
		}
		if err := audit(ctx, tx, "create", "unavailability", &uid, domain.OutcomeAllowed); err != nil {
			return err
		}
		out, err = findMembership(ctx, tx, id)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return domain.Membership{}, db.deny(ctx, "update", "pool_membership", &id, err)
	}
	return out, wrap(err, "add unavailability to membership %d", id)
}

// CasesHandled counts, per regisseur of regisseurIDs, every case ever
// assigned to them (closed and handed over included); a regisseur without
// any is absent. Only counts leave the store; the caller ranks members it
// already reads in the actor's scope.
func (db *DB) CasesHandled(ctx context.Context, regisseurIDs []int64) (map[int64]int, error) {
	var rows []struct {
		RegisseurID int64 `db:"regisseur_id"`
		N           int   `db:"n"`
	}
	const q = `SELECT regisseur_id, count(DISTINCT case_id) AS n FROM assignment WHERE regisseur_id = ANY($1) GROUP BY regisseur_id`
	if err := db.SelectContext(ctx, &rows, q, int64Array(regisseurIDs)); err != nil {
		return nil, fmt.Errorf("cases handled: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.RegisseurID] = r.N
	}
	return out, nil
}

// FindMemberLeave returns the leave of each of the memberships ids in the
// actor's scope, by start: what a list needs to say when a member's
// availability changes next, without reading the rest of the member's file
// (FindMembership). A reason comes only to those who may see it
// (domain.CanSeeStatusReasons); each period read with its reason is audited
// as a read of the unavailability, in the same transaction.
func (db *DB) FindMemberLeave(ctx context.Context, ids []int64) (map[int64][]domain.Unavailability, error) {
	a := domain.ActorFrom(ctx)
	out := map[int64][]domain.Unavailability{}
	if len(ids) == 0 {
		return out, nil
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var rows []struct {
			ID             int64         `db:"id"`
			MembershipID   int64         `db:"membership_id"`
			StartsOn       time.Time     `db:"starts_on"`
			EndsOn         time.Time     `db:"ends_on"`
			Reason         string        `db:"reason"`
			OrganisationID int64         `db:"organisation_id"`
			RegisseurID    int64         `db:"regisseur_id"`
			CoachIDs       pq.Int64Array `db:"coach_ids"`
		}
		args := []any{pq.Int64Array(ids)}
		q := `SELECT u.id, u.membership_id, u.starts_on, u.ends_on, u.reason, m.organisation_id, m.regisseur_id, ` + coachIDsOf + `
			FROM unavailability u JOIN pool_membership m ON m.id = u.membership_id
			WHERE u.membership_id = ANY($1) AND (` + membershipScope(a, &args) + `) ORDER BY u.membership_id, u.starts_on, u.id`
		if err := tx.SelectContext(ctx, &rows, q, args...); err != nil {
			return err
		}
		for _, r := range rows {
			u := domain.Unavailability{ID: r.ID, StartsOn: r.StartsOn, EndsOn: r.EndsOn}
			m := domain.Membership{ID: r.MembershipID, OrganisationID: r.OrganisationID, RegisseurID: r.RegisseurID, CoachIDs: r.CoachIDs}
			if domain.CanSeeStatusReasons(a, m) && r.Reason != "" {
				u.Reason = r.Reason
				if err := audit(ctx, tx, "read", "unavailability", &r.ID, domain.OutcomeAllowed); err != nil {
					return err
				}
			}
			out[r.MembershipID] = append(out[r.MembershipID], u)
		}
		return nil
	})
	return out, wrap(err, "find member leave")
}
