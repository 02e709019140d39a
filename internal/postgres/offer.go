package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// Offers (domain/offer.go): a waiting case offered to a regisseur holds a
// slot of their capacity until they accept, decline or the deadline passes.
// Every change takes the locks of an assignment in the same order (the
// case's row, then the regisseur's membership row in reserve), and capacity
// counts read held_slot (migration 00018): active assignments plus live
// offers. An expired offer is free in every count and status at once; it is
// marked expired when its case is next changed (expireOffers).

// offerStatus reads an offer's status at read time: an open offer past its
// deadline is expired.
const offerStatus = `CASE WHEN o.status = 'open' AND o.expires_at <= now() THEN 'expired' ELSE o.status END`

// caseOfferJoin joins a waiting case's latest offer as lo.
const caseOfferJoin = `LEFT JOIN LATERAL (SELECT o.id, o.regisseur_id, ro.name AS regisseur_name, ` + offerStatus + ` AS status,
		o.offered_at, o.expires_at, o.answered_at, o.decline_reason
	FROM case_offer o JOIN regisseur ro ON ro.id = o.regisseur_id
	WHERE o.case_id = c.id ORDER BY o.offered_at DESC, o.id DESC LIMIT 1) lo ON c.status = 'waiting'`

// caseOfferSelect are the columns of caseOfferJoin in caseSelect.
const caseOfferSelect = `lo.id AS offer_id, lo.regisseur_id AS offer_regisseur_id, lo.regisseur_name AS offer_regisseur_name,
	lo.status AS offer_status, lo.offered_at AS offer_offered_at, lo.expires_at AS offer_expires_at,
	lo.answered_at AS offer_answered_at, lo.decline_reason AS offer_decline_reason`

// caseReturned orders cases whose latest offer was declined or expired
// (and that wait again) first.
const caseReturned = `COALESCE(lo.status IN ('declined', 'expired'), false)`

// caseOfferCols are the columns of caseOfferSelect.
type caseOfferCols struct {
	OfferID            *int64     `db:"offer_id"`
	OfferRegisseurID   *int64     `db:"offer_regisseur_id"`
	OfferRegisseurName *string    `db:"offer_regisseur_name"`
	OfferStatus        *string    `db:"offer_status"`
	OfferOfferedAt     *time.Time `db:"offer_offered_at"`
	OfferExpiresAt     *time.Time `db:"offer_expires_at"`
	OfferAnsweredAt    *time.Time `db:"offer_answered_at"`
	OfferDeclineReason *string    `db:"offer_decline_reason"`
}

// offer is the live offer of a waiting case; nil when none.
func (r caseOfferCols) offer(caseID int64) *domain.Offer {
	if r.OfferID == nil || deref(r.OfferStatus) != domain.OfferOpen {
		return nil
	}
	return &domain.Offer{ID: *r.OfferID, CaseID: caseID, RegisseurID: *r.OfferRegisseurID, RegisseurName: deref(r.OfferRegisseurName),
		Status: domain.OfferOpen, OfferedAt: *r.OfferOfferedAt, ExpiresAt: *r.OfferExpiresAt}
}

// returned says a waiting case's latest offer was declined or expired.
func (r caseOfferCols) returned() *domain.OfferReturn {
	if r.OfferID == nil {
		return nil
	}
	switch st := deref(r.OfferStatus); st {
	case domain.OfferDeclined:
		return &domain.OfferReturn{OfferID: *r.OfferID, Status: st, At: *r.OfferAnsweredAt, Reason: deref(r.OfferDeclineReason)}
	case domain.OfferExpired:
		return &domain.OfferReturn{OfferID: *r.OfferID, Status: st, At: *r.OfferExpiresAt}
	}
	return nil
}

// expireOffers marks the open offers of a case whose deadline has passed
// as expired; the caller holds the case's row lock.
func expireOffers(ctx context.Context, tx *Tx, caseID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE case_offer SET status = 'expired' WHERE case_id = $1 AND status = 'open' AND expires_at <= now()`, caseID)
	return err
}

// checkNotOffered refuses a change of a waiting case while a live offer
// holds it; the caller holds the case's row lock. Errors: conflict
// case_offered.
func checkNotOffered(ctx context.Context, tx *Tx, caseID int64) error {
	if err := expireOffers(ctx, tx, caseID); err != nil {
		return err
	}
	var o struct {
		Name      string    `db:"name"`
		ExpiresAt time.Time `db:"expires_at"`
	}
	err := tx.GetContext(ctx, &o, `SELECT r.name, o.expires_at FROM case_offer o JOIN regisseur r ON r.id = o.regisseur_id WHERE o.case_id = $1 AND o.status = 'open'`, caseID)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	return domain.Errorf(domain.EConflict, "case_offered", "Deze casus is aangeboden aan %s, die tot %s kan reageren.", o.Name, domain.FormatDateTime(o.ExpiresAt.Local()))
}

// OfferCase offers a waiting case to a regisseur until deadline: the slot is
// held under the same checks and locks as an assignment (reserve), so
// offers and assignments together never overbook. Dispatchers (of the
// case's municipality) and admins. Errors: not_found, forbidden, conflict
// (case_taken, case_offered, or the regisseur cannot take it).
//
// notify, when given, is the mail telling the regisseur an offer waits,
// written to the outbox for their account in the same transaction.
func (db *DB) OfferCase(ctx context.Context, caseID, regisseurID int64, deadline time.Time, notify ...domain.Mail) (domain.Case, error) {
	a := domain.ActorFrom(ctx)
	if !domain.CanDispatchCases(a) {
		return domain.Case{}, db.deny(ctx, "offer", "case", &caseID, errForbidden())
	}
	var out domain.Case
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if err := reserveWaiting(ctx, tx, caseID, regisseurID); err != nil {
			return err
		}
		var id int64
		if err := tx.GetContext(ctx, &id, `INSERT INTO case_offer (case_id, regisseur_id, offered_by, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			caseID, regisseurID, nullID(a.UserID), deadline); err != nil {
			return translate(err, "Een aanbod voor deze casus")
		}
		if err := audit(ctx, tx, "create", "case_offer", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		for _, n := range notify {
			if err := mailRegisseur(ctx, tx, regisseurID, n); err != nil {
				return err
			}
		}
		var err error
		out, err = findCase(ctx, tx, caseID)
		return err
	})
	if err != nil {
		return domain.Case{}, wrap(err, "offer case %d to regisseur %d", caseID, regisseurID)
	}
	return out, nil
}

// answerable reads offer id for an answer by the actor: the regisseur it
// was made to. Errors: not_found (also someone else's offer; audited).
func (db *DB) answerable(ctx context.Context, action string, id int64) (domain.Offer, error) {
	var o struct {
		CaseID      int64 `db:"case_id"`
		RegisseurID int64 `db:"regisseur_id"`
	}
	err := db.GetContext(ctx, &o, `SELECT case_id, regisseur_id FROM case_offer WHERE id = $1`, id)
	if err != nil && err != sql.ErrNoRows {
		return domain.Offer{}, fmt.Errorf("%s offer %d: %w", action, id, err)
	}
	off := domain.Offer{ID: id, CaseID: o.CaseID, RegisseurID: o.RegisseurID}
	if err == sql.ErrNoRows || !domain.CanAnswerOffer(domain.ActorFrom(ctx), off) {
		return off, db.deny(ctx, action, "case_offer", &id, errNotFound("Het aanbod"))
	}
	return off, nil
}

// lockOffer locks the case of offer o (the actor's own, see answerable),
// marks its expired offers, and checks that o is still open. Errors:
// conflict (answered, expired or withdrawn).
func lockOffer(ctx context.Context, tx *Tx, o domain.Offer) (domain.Case, error) {
	if _, err := tx.ExecContext(ctx, `SELECT id FROM complex_case WHERE id = $1 FOR UPDATE`, o.CaseID); err != nil {
		return domain.Case{}, err
	}
	var r caseRow
	if err := tx.GetContext(ctx, &r, `SELECT *, 0 AS total FROM (`+caseSelect+` WHERE c.id = $1) x`, o.CaseID); err != nil {
		return domain.Case{}, err
	}
	if err := expireOffers(ctx, tx, o.CaseID); err != nil {
		return domain.Case{}, err
	}
	var status string
	if err := tx.GetContext(ctx, &status, `SELECT status FROM case_offer WHERE id = $1`, o.ID); err != nil {
		return domain.Case{}, err
	}
	switch status {
	case domain.OfferOpen:
		return r.toDomain(), nil
	case domain.OfferExpired:
		return domain.Case{}, domain.Errorf(domain.EConflict, "offer_expired", "Dit aanbod is verlopen: de casus is terug bij de casusverdeler.")
	case domain.OfferWithdrawn:
		return domain.Case{}, domain.Errorf(domain.EConflict, "offer_withdrawn", "Dit aanbod is ingetrokken: de casus is afgesloten.")
	}
	return domain.Case{}, domain.Errorf(domain.EConflict, "offer_answered", "U hebt dit aanbod al beantwoord (%s).", strings.ToLower(domain.OfferStatusLabels[status]))
}

// AcceptOffer makes the case of an open offer the regisseur's: the actor,
// to whom it was made, accepts it before the deadline. The capacity checks
// of an assignment run again under the locks (the offer's own slot is not
// counted twice). Errors: not_found, conflict (answered, expired,
// withdrawn, or the regisseur can no longer take it).
func (db *DB) AcceptOffer(ctx context.Context, id int64) (domain.Offer, error) {
	o, err := db.answerable(ctx, "accept", id)
	if err != nil {
		return o, err
	}
	var out domain.Offer
	err = db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		c, err := lockOffer(ctx, tx, o)
		if err != nil {
			return err
		}
		if c.Status != domain.CaseWaiting {
			return domain.Errorf(domain.EConflict, "case_taken", "Deze casus wacht niet meer op een regisseur.")
		}
		if err := reserve(ctx, tx, c, o.RegisseurID); err != nil {
			return err
		}
		// The assignment is the dispatcher's who made the offer; the
		// accept is the regisseur's.
		var asg int64
		const qa = `INSERT INTO assignment (case_id, regisseur_id, assigned_by) SELECT case_id, regisseur_id, offered_by FROM case_offer WHERE id = $1 RETURNING id`
		if err := tx.GetContext(ctx, &asg, qa, id); err != nil {
			return translate(err, "Een toewijzing voor deze casus")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_offer SET status = 'accepted', answered_at = now(), answered_by = $2, assignment_id = $3 WHERE id = $1`,
			id, nullID(domain.ActorFrom(ctx).UserID), asg); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE complex_case SET status = $2 WHERE id = $1`, o.CaseID, domain.CaseAssigned); err != nil {
			return err
		}
		if err := audit(ctx, tx, "create", "assignment", &asg, domain.OutcomeAllowed); err != nil {
			return err
		}
		if err := audit(ctx, tx, "accept", "case_offer", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		out, err = findOffer(ctx, tx, id)
		return err
	})
	return out, wrap(err, "accept offer %d", id)
}

// DeclineOffer declines an open offer with a reason (domain.CheckDeclineReason):
// the slot is free at once and the case waits again, on top of the
// dispatcher's list. Errors: not_found, invalid (field reason), conflict
// (answered, expired or withdrawn).
func (db *DB) DeclineOffer(ctx context.Context, id int64, reason string) (domain.Offer, error) {
	o, err := db.answerable(ctx, "decline", id)
	if err != nil {
		return o, err
	}
	if err := domain.CheckDeclineReason(reason); err != nil {
		return o, err
	}
	var out domain.Offer
	err = db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if _, err := lockOffer(ctx, tx, o); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_offer SET status = 'declined', answered_at = now(), answered_by = $2, decline_reason = $3 WHERE id = $1`,
			id, nullID(domain.ActorFrom(ctx).UserID), strings.TrimSpace(reason)); err != nil {
			return err
		}
		if err := audit(ctx, tx, "decline", "case_offer", &id, domain.OutcomeAllowed); err != nil {
			return err
		}
		out, err = findOffer(ctx, tx, id)
		return err
	})
	return out, wrap(err, "decline offer %d", id)
}

// withdrawOffers ends the open offers of a case that is closed; the caller
// holds the case's row lock.
func withdrawOffers(ctx context.Context, tx *Tx, caseID int64) error {
	if err := expireOffers(ctx, tx, caseID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE case_offer SET status = 'withdrawn' WHERE case_id = $1 AND status = 'open'`, caseID)
	return err
}

// offerSelect reads offers with what the regisseur may see of their case
// (domain.Offer.Case): nothing that identifies the family.
const offerSelect = `SELECT o.id, o.case_id, o.regisseur_id, r.name AS regisseur_name, ` + offerStatus + ` AS status,
	o.offered_at, o.expires_at, o.answered_at, o.decline_reason, o.offered_by, o.answered_by,
	c.reference, c.municipality_id, mu.name AS municipality_name, c.urgency, c.safety_risk, c.life_domains,
	c.arrangement_hours, c.expected_weeks, c.starts_on
	FROM case_offer o JOIN regisseur r ON r.id = o.regisseur_id
	JOIN complex_case c ON c.id = o.case_id JOIN municipality mu ON mu.id = c.municipality_id`

type offerRow struct {
	ID               int64          `db:"id"`
	CaseID           int64          `db:"case_id"`
	RegisseurID      int64          `db:"regisseur_id"`
	RegisseurName    string         `db:"regisseur_name"`
	Status           string         `db:"status"`
	OfferedAt        time.Time      `db:"offered_at"`
	ExpiresAt        time.Time      `db:"expires_at"`
	AnsweredAt       *time.Time     `db:"answered_at"`
	DeclineReason    string         `db:"decline_reason"`
	OfferedBy        *int64         `db:"offered_by"`
	AnsweredBy       *int64         `db:"answered_by"`
	Reference        string         `db:"reference"`
	MunicipalityID   int64          `db:"municipality_id"`
	MunicipalityName string         `db:"municipality_name"`
	Urgency          int            `db:"urgency"`
	SafetyRisk       string         `db:"safety_risk"`
	LifeDomains      pq.StringArray `db:"life_domains"`
	ArrangementHours float64        `db:"arrangement_hours"`
	ExpectedWeeks    int            `db:"expected_weeks"`
	StartsOn         time.Time      `db:"starts_on"`
	Total            int            `db:"total"`
}

func (r offerRow) toDomain() domain.Offer {
	return domain.Offer{ID: r.ID, CaseID: r.CaseID, RegisseurID: r.RegisseurID, RegisseurName: r.RegisseurName, Status: r.Status,
		OfferedAt: r.OfferedAt, ExpiresAt: r.ExpiresAt, AnsweredAt: r.AnsweredAt, DeclineReason: r.DeclineReason, OfferedBy: r.OfferedBy,
		Case: domain.Case{ID: r.CaseID, Reference: r.Reference, MunicipalityID: r.MunicipalityID, MunicipalityName: r.MunicipalityName,
			Urgency: r.Urgency, SafetyRisk: r.SafetyRisk, LifeDomains: r.LifeDomains, ArrangementHours: r.ArrangementHours,
			ExpectedWeeks: r.ExpectedWeeks, StartsOn: r.StartsOn, Status: domain.CaseWaiting}}
}

// offerScope turns the actor's offer scope (domain.OfferScope) into a
// condition on case_offer o and complex_case c.
func offerScope(a *domain.Actor, args *[]any) string {
	return scopeCondition(domain.OfferScope(a), args, "o.regisseur_id = $%d")
}

// findOffer reads an offer in the actor's scope in tx and audits the read.
// Errors: not_found.
func findOffer(ctx context.Context, tx *Tx, id int64) (domain.Offer, error) {
	args := []any{id}
	var r offerRow
	q := `SELECT *, 0 AS total FROM (` + offerSelect + ` WHERE o.id = $1 AND (` + offerScope(domain.ActorFrom(ctx), &args) + `)) x`
	if err := tx.GetContext(ctx, &r, q, args...); err != nil {
		return domain.Offer{}, translate(err, "Het aanbod")
	}
	return r.toDomain(), audit(ctx, tx, "read", "case_offer", &id, domain.OutcomeAllowed)
}

// FindOfferByID returns an offer in scope, in any status: the regisseur's
// own, or one on a case of the dispatcher's municipalities. The read is
// audited. Errors: not_found.
func (db *DB) FindOfferByID(ctx context.Context, id int64) (domain.Offer, error) {
	var out domain.Offer
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var err error
		out, err = findOffer(ctx, tx, id)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return out, db.deny(ctx, "read", "case_offer", &id, err)
	}
	return out, wrap(err, "find offer %d", id)
}

// FindOpenOffers returns one page of the live offers in scope (open, before
// the deadline), the first to expire first, with the total. A regisseur
// sees those made to them; dispatchers those on cases of their
// municipalities; admins all. The read is audited.
func (db *DB) FindOpenOffers(ctx context.Context, p domain.Page) ([]domain.Offer, int, error) {
	args := []any{}
	cond := `o.status = 'open' AND o.expires_at > now() AND (` + offerScope(domain.ActorFrom(ctx), &args) + `)`
	var out []domain.Offer
	var total int
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		q := `SELECT *, COUNT(*) OVER() AS total FROM (` + offerSelect + ` WHERE ` + cond +
			fmt.Sprintf(` ORDER BY o.expires_at, o.id LIMIT $%d OFFSET $%d) x`, len(args)+1, len(args)+2)
		var rows []offerRow
		if err := tx.SelectContext(ctx, &rows, q, append(args, p.PageSize, p.Offset())...); err != nil {
			return err
		}
		var err error
		total, err = pageTotal(ctx, tx, rows, func(r offerRow) int { return r.Total },
			`SELECT count(*) FROM case_offer o JOIN complex_case c ON c.id = o.case_id WHERE `+cond, args...)
		if err != nil {
			return err
		}
		for _, r := range rows {
			out = append(out, r.toDomain())
		}
		return audit(ctx, tx, "read", "case_offer_list", nil, domain.OutcomeAllowed)
	})
	return out, total, wrap(err, "find open offers")
}

// offerTimeline reads the offers of a case as timeline entries (offered,
// accepted, declined with the reason, expired) and, index by index, the id
// of the user who recorded each (nil for an expiry: no one did).
func (db *DB) offerTimeline(ctx context.Context, caseID int64) ([]domain.TimelineEntry, []*int64, error) {
	var rows []offerRow
	if err := db.SelectContext(ctx, &rows, `SELECT *, 0 AS total FROM (`+offerSelect+` WHERE o.case_id = $1) x`, caseID); err != nil {
		return nil, nil, fmt.Errorf("timeline offers of %d: %w", caseID, err)
	}
	var out []domain.TimelineEntry
	var recorders []*int64
	for _, r := range rows {
		id := r.RegisseurID
		add := func(kind string, at time.Time, by *int64) *domain.TimelineEntry {
			out = append(out, domain.TimelineEntry{Kind: kind, OccurredOn: day(at), At: at, RegisseurID: &id, RegisseurName: r.RegisseurName})
			recorders = append(recorders, by)
			return &out[len(out)-1]
		}
		deadline := r.ExpiresAt
		add(domain.TimelineOffered, r.OfferedAt, r.OfferedBy).Deadline = &deadline
		switch r.Status {
		case domain.OfferAccepted:
			add(domain.TimelineOfferAccepted, *r.AnsweredAt, r.AnsweredBy)
		case domain.OfferDeclined:
			add(domain.TimelineOfferDeclined, *r.AnsweredAt, r.AnsweredBy).Reason = r.DeclineReason
		case domain.OfferExpired:
			add(domain.TimelineOfferExpired, r.ExpiresAt, nil)
		}
	}
	return out, recorders, nil
}
