package postgres

import (
	"context"
	"database/sql"
	"time"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// RecordPreSelection stores (or corrects) the test result of a nominee, and
// moves a nominated member to preselected. report may be nil (keep what is
// stored). The selection records it (domain.CanDecide). Errors: not_found,
// invalid, conflict (already decided). It returns the pre-selection as the
// actor may see it, read in the same transaction.
func (db *DB) RecordPreSelection(ctx context.Context, membershipID int64, p domain.PreSelection, report []byte, filename string) (domain.PreSelection, error) {
	a := domain.ActorFrom(ctx)
	var out domain.PreSelection
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		m, err := lockMembership(ctx, tx, membershipID)
		if err != nil {
			return err
		}
		if !domain.CanDecide(a, m) {
			return errNotFound("Het poollidmaatschap")
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if report != nil {
			if err := (domain.ReportFile{Name: filename, Body: report}).Validate(); err != nil {
				return err
			}
		}
		if len(p.CompetencyKeys) > 0 {
			keys, err := competencyKeys(ctx, tx)
			if err != nil {
				return err
			}
			for _, k := range p.CompetencyKeys {
				if !keys[k] {
					return domain.Invalid(domain.FieldError{Name: "competencyKeys", Code: "unknown", Reason: "Kies competenties uit het profiel."})
				}
			}
		}
		if m.Status.Decided() {
			return domain.Errorf(domain.EConflict, "decided", "Over deze kandidaat is al besloten; de voorselectie ligt vast.")
		}
		const q = `INSERT INTO pre_selection (membership_id, test_date, instrument_name, provider, outcome, pitfalls, attention_points,
				report, report_filename, recorded_by, competency_keys)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (membership_id) DO UPDATE SET test_date = EXCLUDED.test_date, instrument_name = EXCLUDED.instrument_name,
				provider = EXCLUDED.provider, outcome = EXCLUDED.outcome, pitfalls = EXCLUDED.pitfalls,
				attention_points = EXCLUDED.attention_points, competency_keys = EXCLUDED.competency_keys,
				report = COALESCE(EXCLUDED.report, pre_selection.report),
				report_filename = COALESCE(EXCLUDED.report_filename, pre_selection.report_filename),
				recorded_by = EXCLUDED.recorded_by, recorded_at = now()`
		var fn *string
		if report != nil {
			fn = &filename
		}
		if _, err := tx.ExecContext(ctx, q, membershipID, p.TestDate, p.InstrumentName, p.Provider, p.Outcome,
			pq.Array(nonEmpty(p.Pitfalls)), pq.Array(nonEmpty(p.AttentionPoints)), report, fn, nullID(a.UserID), pq.Array(nonEmpty(p.CompetencyKeys))); err != nil {
			return translate(err, "De voorselectie")
		}
		if m.Status == domain.MemberNominated {
			if _, err := tx.ExecContext(ctx, `UPDATE pool_membership SET status = $2, updated_at = now() WHERE id = $1`, membershipID, domain.MemberPreselected); err != nil {
				return err
			}
			from := m.Status
			if err := recordTransition(ctx, tx, membershipID, &from, domain.MemberPreselected, "Voorselectie vastgelegd"); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, "update", "pre_selection", &membershipID, domain.OutcomeAllowed); err != nil {
			return err
		}
		out, err = findPreSelection(ctx, tx, membershipID)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return out, db.deny(ctx, "update", "pre_selection", &membershipID, err)
	}
	return out, wrap(err, "record pre-selection of membership %d", membershipID)
}

func nonEmpty(list []string) []string {
	out := []string{}
	for _, s := range list {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// FindPreSelection returns the pre-selection of a member as far as the actor
// may see it: all of it (domain.CanSeePreSelection), the outcome only
// (domain.CanSeePreSelectionOutcomeOnly), or nothing. Every read is audited, refused ones as denied. Errors:
// not_found (none recorded, or not visible).
func (db *DB) FindPreSelection(ctx context.Context, membershipID int64) (domain.PreSelection, error) {
	var out domain.PreSelection
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var err error
		out, err = findPreSelection(ctx, tx, membershipID)
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return out, db.deny(ctx, "read", "pre_selection", &membershipID, err)
	}
	return out, wrap(err, "find pre-selection of membership %d", membershipID)
}

// findPreSelection is FindPreSelection in tx: also the read-back of
// RecordPreSelection, in its transaction. Errors: not_found.
func findPreSelection(ctx context.Context, tx *Tx, membershipID int64) (domain.PreSelection, error) {
	a := domain.ActorFrom(ctx)
	var out domain.PreSelection
	var r struct {
		OrganisationID  int64          `db:"organisation_id"`
		RegisseurID     int64          `db:"regisseur_id"`
		CoachIDs        pq.Int64Array  `db:"coach_ids"`
		TestDate        time.Time      `db:"test_date"`
		InstrumentName  string         `db:"instrument_name"`
		Provider        string         `db:"provider"`
		Outcome         string         `db:"outcome"`
		Pitfalls        pq.StringArray `db:"pitfalls"`
		AttentionPoints pq.StringArray `db:"attention_points"`
		CompetencyKeys  pq.StringArray `db:"competency_keys"`
		ReportFilename  *string        `db:"report_filename"`
		ReportSize      int            `db:"report_size"`
		RecordedAt      time.Time      `db:"recorded_at"`
	}
	const q = `SELECT m.organisation_id, m.regisseur_id, ` + coachIDsOf + `, p.test_date, p.instrument_name, p.provider, p.outcome, p.pitfalls,
			p.attention_points, p.competency_keys, p.report_filename, COALESCE(octet_length(p.report), 0) AS report_size, p.recorded_at
		FROM pre_selection p JOIN pool_membership m ON m.id = p.membership_id WHERE p.membership_id = $1`
	if err := tx.GetContext(ctx, &r, q, membershipID); err != nil {
		return out, translate(err, "De voorselectie")
	}
	m := domain.Membership{ID: membershipID, OrganisationID: r.OrganisationID, RegisseurID: r.RegisseurID, CoachIDs: r.CoachIDs}
	switch {
	case domain.CanSeePreSelection(a, m):
		out = domain.PreSelection{MembershipID: membershipID, TestDate: r.TestDate, InstrumentName: r.InstrumentName, Provider: r.Provider,
			Outcome: r.Outcome, Pitfalls: r.Pitfalls, AttentionPoints: r.AttentionPoints, CompetencyKeys: r.CompetencyKeys, ReportFilename: deref(r.ReportFilename),
			ReportSize: r.ReportSize, RecordedAt: r.RecordedAt}
	case domain.CanSeePreSelectionOutcomeOnly(a, m):
		out = domain.PreSelection{MembershipID: membershipID, Outcome: r.Outcome, RecordedAt: r.RecordedAt, OutcomeOnly: true}
	default:
		return out, errNotFound("De voorselectie")
	}
	return out, audit(ctx, tx, "read", "pre_selection", &membershipID, domain.OutcomeAllowed)
}

// PreSelectionReport returns the provider's PDF for those who may see the
// whole pre-selection (domain.CanSeePreSelection); the read is audited. Errors: not_found.
func (db *DB) PreSelectionReport(ctx context.Context, membershipID int64) ([]byte, string, error) {
	a := domain.ActorFrom(ctx)
	var body []byte
	var name string
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var r struct {
			OrganisationID int64         `db:"organisation_id"`
			RegisseurID    int64         `db:"regisseur_id"`
			CoachIDs       pq.Int64Array `db:"coach_ids"`
			Report         []byte        `db:"report"`
			Filename       *string       `db:"report_filename"`
		}
		const q = `SELECT m.organisation_id, m.regisseur_id, ` + coachIDsOf + `, p.report, p.report_filename
			FROM pre_selection p JOIN pool_membership m ON m.id = p.membership_id WHERE p.membership_id = $1 AND p.report IS NOT NULL`
		if err := tx.GetContext(ctx, &r, q, membershipID); err != nil {
			return translate(err, "Het rapport")
		}
		m := domain.Membership{ID: membershipID, OrganisationID: r.OrganisationID, RegisseurID: r.RegisseurID, CoachIDs: r.CoachIDs}
		if !domain.CanSeePreSelection(a, m) {
			return errNotFound("Het rapport")
		}
		body, name = r.Report, deref(r.Filename)
		return audit(ctx, tx, "read", "pre_selection_report", &membershipID, domain.OutcomeAllowed)
	})
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, "", db.deny(ctx, "read", "pre_selection_report", &membershipID, err)
	}
	return body, name, wrap(err, "pre-selection report of membership %d", membershipID)
}
