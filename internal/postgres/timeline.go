package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// FindCaseTimeline returns the steps of a case in scope, unordered: its
// intake, every offer and its answer or expiry, every assignment, every
// handover with its reason, every logged event and its close, each with who recorded it (domain.Recorder; nil when
// unknown). The caller orders them and decides what the viewer sees of the
// recorders (domain.ViewTimeline). Errors: not_found.
func (db *DB) FindCaseTimeline(ctx context.Context, caseID int64) ([]domain.TimelineEntry, error) {
	a := domain.ActorFrom(ctx)
	args := []any{caseID}
	var c struct {
		CreatedAt   time.Time    `db:"created_at"`
		CreatedBy   *int64       `db:"created_by"`
		ClosedAt    *time.Time   `db:"closed_at"`
		ClosedBy    *int64       `db:"closed_by"`
		CloseReason *string      `db:"close_reason"`
		Details     closureJSON  `db:"close_details"`
		Changes     fieldChanges `db:"close_changes"`
	}
	q := `SELECT c.created_at, c.created_by, c.closed_at, c.closed_by, c.close_reason, c.close_details, c.close_changes FROM complex_case c WHERE c.id = $1 AND (` + caseScope(a, &args) + `)`
	if err := db.GetContext(ctx, &c, q, args...); err != nil {
		return nil, translate(err, "De casus")
	}
	var asg []struct {
		RegisseurID    int64          `db:"regisseur_id"`
		Name           string         `db:"name"`
		AssignedBy     *int64         `db:"assigned_by"`
		AssignedAt     time.Time      `db:"assigned_at"`
		EndedAt        *time.Time     `db:"ended_at"`
		EndReason      *string        `db:"end_reason"`
		HandoverReason string         `db:"handover_reason"`
		NextBy         *int64         `db:"next_by"`
		OverrideReason *string        `db:"override_reason"`
		Overridden     pq.StringArray `db:"overridden"`
	}
	// A handover is recorded by whoever made the next assignment.
	const qa = `SELECT a.regisseur_id, r.name, a.assigned_by, a.assigned_at, a.ended_at, a.end_reason, a.handover_reason, a.override_reason, a.overridden,
			(SELECT n.assigned_by FROM assignment n WHERE n.case_id = a.case_id AND n.assigned_at >= a.ended_at ORDER BY n.assigned_at, n.id LIMIT 1) AS next_by
		FROM assignment a JOIN regisseur r ON r.id = a.regisseur_id WHERE a.case_id = $1 ORDER BY a.assigned_at, a.id`
	if err := db.SelectContext(ctx, &asg, qa, caseID); err != nil {
		return nil, fmt.Errorf("timeline assignments of %d: %w", caseID, err)
	}
	var events []struct {
		domain.CaseEvent
		Details    detailsJSON  `db:"details"`
		Changes    fieldChanges `db:"changes"`
		RecordedBy *int64       `db:"recorded_by"`
	}
	const qe = `SELECT id, kind, occurred_on, hours, result_area, score, COALESCE(reason, '') AS reason, details, changes, created_at, recorded_by
		FROM case_event WHERE case_id = $1 ORDER BY occurred_on, id`
	if err := db.SelectContext(ctx, &events, qe, caseID); err != nil {
		return nil, fmt.Errorf("timeline events of %d: %w", caseID, err)
	}
	offers, offeredBy, err := db.offerTimeline(ctx, caseID)
	if err != nil {
		return nil, err
	}

	var ids []int64
	note := func(id *int64) {
		if id != nil {
			ids = append(ids, *id)
		}
	}
	note(c.CreatedBy)
	note(c.ClosedBy)
	for _, x := range asg {
		note(x.AssignedBy)
		note(x.NextBy)
	}
	for _, e := range events {
		note(e.RecordedBy)
	}
	for _, id := range offeredBy {
		note(id)
	}
	users, err := db.recorders(ctx, ids)
	if err != nil {
		return nil, err
	}

	out := []domain.TimelineEntry{{Kind: domain.TimelineIntake, OccurredOn: day(c.CreatedAt), At: c.CreatedAt, Recorder: users.of(c.CreatedBy)}}
	for _, x := range asg {
		id := x.RegisseurID
		out = append(out, domain.TimelineEntry{Kind: domain.TimelineAssigned, OccurredOn: day(x.AssignedAt), At: x.AssignedAt,
			RegisseurID: &id, RegisseurName: x.Name, Recorder: users.of(x.AssignedBy),
			OverrideReason: deref(x.OverrideReason), Overridden: x.Overridden})
		if x.EndReason != nil && *x.EndReason == "handover" && x.EndedAt != nil {
			// Just before the next assignment of the same moment.
			at := x.EndedAt.Add(-time.Microsecond)
			out = append(out, domain.TimelineEntry{Kind: domain.TimelineHandedOver, OccurredOn: day(*x.EndedAt), At: at,
				RegisseurID: &id, RegisseurName: x.Name, Reason: x.HandoverReason, Recorder: users.of(x.NextBy)})
		}
	}
	for i := range events {
		e := events[i].CaseEvent
		e.Changes = domain.FieldChanges(events[i].Changes)
		if e.Details, err = events[i].Details.stepDetails(); err != nil {
			return nil, err
		}
		out = append(out, domain.TimelineEntry{Kind: e.Kind, OccurredOn: e.OccurredOn, At: e.CreatedAt, Event: &e, Recorder: users.of(events[i].RecordedBy)})
	}
	for i, e := range offers {
		e.Recorder = users.of(offeredBy[i])
		out = append(out, e)
	}
	if c.ClosedAt != nil {
		cl, err := c.Details.closure(deref(c.CloseReason))
		if err != nil {
			return nil, err
		}
		out = append(out, domain.TimelineEntry{Kind: domain.TimelineClosed, OccurredOn: day(*c.ClosedAt), At: *c.ClosedAt,
			CloseReason: deref(c.CloseReason), Closure: cl, Changes: domain.FieldChanges(c.Changes), Recorder: users.of(c.ClosedBy)})
	}
	return out, nil
}

// day is the calendar day of t in the server's time zone, as a date.
func day(t time.Time) time.Time {
	y, m, d := t.Local().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

type recorderSet map[int64]*domain.Recorder

func (s recorderSet) of(id *int64) *domain.Recorder {
	if id == nil {
		return nil
	}
	return s[*id]
}

// recorders reads the names and roles of the users who recorded steps.
func (db *DB) recorders(ctx context.Context, ids []int64) (recorderSet, error) {
	var rows []struct {
		ID    int64          `db:"id"`
		Name  string         `db:"name"`
		Roles pq.StringArray `db:"roles"`
	}
	const q = `SELECT u.id, u.name, COALESCE(array_agg(ur.role ORDER BY ur.role) FILTER (WHERE ur.role IS NOT NULL), '{}') AS roles
		FROM app_user u LEFT JOIN user_role ur ON ur.user_id = u.id WHERE u.id = ANY($1) GROUP BY u.id`
	if err := db.SelectContext(ctx, &rows, q, int64Array(ids)); err != nil {
		return nil, fmt.Errorf("timeline recorders: %w", err)
	}
	out := make(recorderSet, len(rows))
	for _, r := range rows {
		rec := &domain.Recorder{UserID: r.ID, Name: r.Name}
		for _, role := range r.Roles {
			rec.Roles = append(rec.Roles, domain.Role(role))
		}
		out[r.ID] = rec
	}
	return out, nil
}
