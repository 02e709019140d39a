package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"regiepool/internal/domain"
)

// raterAccount reads what decides the groups an account may rate the
// regisseur in (domain.RaterAccountOf). ok is false for an account that does
// not exist, is blocked or is the regisseur themself.
func raterAccount(ctx context.Context, q queryer, userID, regisseurID int64) (acc domain.RaterAccount, ok bool, err error) {
	var r userRow
	err = q.GetContext(ctx, &r, userSelect+` FROM app_user u WHERE u.id = $1`, userID)
	if err == sql.ErrNoRows {
		return acc, false, nil
	}
	if err != nil {
		return acc, false, fmt.Errorf("rater account %d: %w", userID, err)
	}
	u := r.toDomain()
	if u.Disabled() || (u.RegisseurID != nil && *u.RegisseurID == regisseurID) {
		return acc, false, nil
	}
	return domain.RaterAccountOf(u, regisseurID), true, nil
}

// checkRaters checks that every rater may rate the regisseur in their group
// (domain.RaterAccount.MayRateIn): a known group (coach, manager) takes only
// an account the group admits, never a link. Each fault names the rater by
// position and, for an account, by id: not by name, which a regisseur
// proposing a round may not see.
func checkRaters(ctx context.Context, q queryer, regisseurID int64, raters []domain.NewRater) ([]domain.FieldError, error) {
	var orgID int64
	if err := q.GetContext(ctx, &orgID, `SELECT organisation_id FROM regisseur WHERE id = $1`, regisseurID); err != nil {
		return nil, translate(err, "De regisseur")
	}
	var fe []domain.FieldError
	for i, nr := range raters {
		name := fmt.Sprintf("raters[%d]", i)
		if _, ok := domain.ParseRaterGroup(string(nr.Group)); !ok {
			fe = append(fe, domain.FieldError{Name: name + ".group", Code: "oneof", Reason: "Kies begeleider, leidinggevende, collega, partner of gezin."})
			continue
		}
		if nr.UserID == nil {
			if nr.Group.Known() {
				fe = append(fe, domain.FieldError{Name: name + ".userId", Code: "required",
					Reason: "Een " + nr.Group.Names().One + " beoordeelt met een account, niet via een link: kies wie."})
			}
			continue
		}
		acc, ok, err := raterAccount(ctx, q, *nr.UserID, regisseurID)
		if err != nil {
			return nil, err
		}
		switch {
		case !ok:
			fe = append(fe, domain.FieldError{Name: name + ".userId", Code: "exists", Reason: "Deze beoordelaar bestaat niet, is geblokkeerd of is de regisseur zelf."})
		case !acc.MayRateIn(nr.Group, orgID):
			fe = append(fe, domain.FieldError{Name: name + ".group", Code: "rater_group",
				Reason: domain.RaterGroupRefusal(nr.Group, fmt.Sprintf("Het account met id %d", *nr.UserID))})
		}
	}
	return fe, nil
}

// FindKnownRaters lists the active accounts that may rate a regisseur in a
// known group: their coaches and the managers of their organisation
// (domain.RaterAccount.MayRateIn), by name, for an admin or one of their
// coaches, who may not see these accounts otherwise. Errors: not_found.
func (db *DB) FindKnownRaters(ctx context.Context, regisseurID int64) ([]domain.User, error) {
	ok, err := canCoach(ctx, db, domain.ActorFrom(ctx), regisseurID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, db.deny(ctx, "read", "regisseur", &regisseurID, errNotFound("De regisseur"))
	}
	var orgID int64
	if err := db.GetContext(ctx, &orgID, `SELECT organisation_id FROM regisseur WHERE id = $1`, regisseurID); err != nil {
		return nil, wrap(translate(err, "De regisseur"), "find known raters of %d", regisseurID)
	}
	// The candidates: whoever coaches the regisseur or belongs to their
	// organisation; the domain rule picks those a known group admits.
	const q = userSelect + ` FROM app_user u WHERE u.disabled_at IS NULL AND (u.organisation_id = $2
		OR EXISTS (SELECT 1 FROM coach_regisseur c WHERE c.coach_user_id = u.id AND c.regisseur_id = $1))
		ORDER BY u.name, u.id`
	var rows []userRow
	if err := db.SelectContext(ctx, &rows, q, regisseurID, orgID); err != nil {
		return nil, fmt.Errorf("find known raters of %d: %w", regisseurID, err)
	}
	var out []domain.User
	for _, r := range rows {
		u := r.toDomain()
		acc := domain.RaterAccountOf(u, regisseurID)
		if acc.MayRateIn(domain.GroupCoach, orgID) || acc.MayRateIn(domain.GroupManager, orgID) {
			out = append(out, u)
		}
	}
	return out, nil
}
