package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// FindRaterAccounts returns page p of the accounts the actor may invite to
// rate regisseur regisseurID, by name, and their number: the regisseur's
// coaches and the contacts of their organisation (whom the known groups
// admit), the users the actor may see, and the regisseurs in the actor's
// scope who have an account (known only as regisseur: name and role). Never
// disabled accounts, the regisseur themself, accounts in f.Skip, or
// accounts that may not rate (domain.MayRate). The query reads only the
// page's rows (trigram index on the name, migration 00022). Errors:
// not_found (the actor does not run the regisseur's development).
func (db *DB) FindRaterAccounts(ctx context.Context, regisseurID int64, f domain.RaterAccountFilter, p domain.Page) ([]domain.User, int, error) {
	a := domain.ActorFrom(ctx)
	ok, err := canCoach(ctx, db, a, regisseurID)
	if err != nil {
		return nil, 0, err
	}
	if !ok {
		return nil, 0, db.deny(ctx, "read", "regisseur", &regisseurID, errNotFound("De regisseur"))
	}
	var orgID int64
	if err := db.GetContext(ctx, &orgID, `SELECT organisation_id FROM regisseur WHERE id = $1`, regisseurID); err != nil {
		return nil, 0, wrap(translate(err, "De regisseur"), "find rater accounts of %d", regisseurID)
	}
	rate := make([]string, 0, 8)
	for _, r := range domain.RolesWith(domain.PermRate) {
		rate = append(rate, string(r))
	}
	skip := f.Skip
	if skip == nil {
		skip = []int64{}
	}
	args := []any{regisseurID, orgID, pq.Int64Array(skip), pq.StringArray(rate), string(domain.RoleOrgContact), string(domain.RoleCoach)}
	known := `(EXISTS (SELECT 1 FROM coach_regisseur c WHERE c.coach_user_id = u.id AND c.regisseur_id = $1)
			AND EXISTS (SELECT 1 FROM user_role ur WHERE ur.user_id = u.id AND ur.role = $6))
		OR (u.organisation_id = $2 AND EXISTS (SELECT 1 FROM user_role ur WHERE ur.user_id = u.id AND ur.role = $5))`
	users := userScope(a, &args)
	regs := regisseurScope(a, &args)
	where := []string{
		`u.disabled_at IS NULL`,
		`NOT EXISTS (SELECT 1 FROM regisseur me WHERE me.id = $1 AND me.user_id = u.id)`,
		`u.id <> ALL($3)`,
		`EXISTS (SELECT 1 FROM user_role ur WHERE ur.user_id = u.id AND ur.role = ANY($4))`,
	}
	// full: the account may be shown with its roles and organisation;
	// otherwise it is known to the actor only as a regisseur.
	full := `(` + known + `) OR (` + users + `)`
	asRegisseur := `EXISTS (SELECT 1 FROM regisseur r WHERE r.user_id = u.id AND (` + regs + `))`
	where = append(where, `((`+full+`) OR `+asRegisseur+`)`)
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		args = append(args, "%"+likeEscape(q)+"%")
		where = append(where, fmt.Sprintf(`lower(u.name) LIKE $%d`, len(args)))
	}
	if f.IDs != nil {
		args = append(args, pq.Int64Array(f.IDs))
		where = append(where, fmt.Sprintf(`u.id = ANY($%d)`, len(args)))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := db.GetContext(ctx, &total, `SELECT count(*) FROM app_user u WHERE `+cond, args...); err != nil {
		return nil, 0, fmt.Errorf("count rater accounts: %w", err)
	}
	var page []struct {
		ID   int64 `db:"id"`
		Full bool  `db:"full"`
	}
	q := `SELECT u.id, (` + full + `) AS full FROM app_user u WHERE ` + cond +
		fmt.Sprintf(` ORDER BY u.name, u.id LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2)
	if err := db.SelectContext(ctx, &page, q, append(args, p.PageSize, p.Offset())...); err != nil {
		return nil, 0, fmt.Errorf("find rater accounts: %w", err)
	}
	if len(page) == 0 {
		return nil, total, nil
	}
	ids := make([]int64, len(page))
	for i, r := range page {
		ids[i] = r.ID
	}
	var rows []userRow
	if err := db.SelectContext(ctx, &rows, userSelect+` FROM app_user u WHERE u.id = ANY($1) ORDER BY u.name, u.id`, pq.Int64Array(ids)); err != nil {
		return nil, 0, fmt.Errorf("read rater accounts: %w", err)
	}
	byID := map[int64]domain.User{}
	for _, r := range rows {
		byID[r.ID] = r.toDomain()
	}
	out := make([]domain.User, 0, len(page))
	for _, r := range page {
		u := byID[r.ID]
		if !r.Full {
			u = domain.User{ID: u.ID, Name: u.Name, Roles: []domain.Role{domain.RoleRegisseur}, CoacheeIDs: nil}
		}
		out = append(out, u)
	}
	return out, total, nil
}

// likeEscape escapes the wildcards of LIKE in s, so a typed "%" or "_"
// matches itself.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
