package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// userRow is a user with its roles and scopes aggregated in one row.
type userRow struct {
	ID              int64          `db:"id"`
	Email           string         `db:"email"`
	Name            string         `db:"name"`
	PasswordHash    *string        `db:"password_hash"`
	OrganisationID  *int64         `db:"organisation_id"`
	DisabledAt      *sql.NullTime  `db:"disabled_at"`
	CreatedAt       sql.NullTime   `db:"created_at"`
	Roles           pq.StringArray `db:"roles"`
	MunicipalityIDs pq.Int64Array  `db:"municipality_ids"`
	CoacheeIDs      pq.Int64Array  `db:"coachee_ids"`
	RegisseurID     *int64         `db:"regisseur_id"`
	Total           int            `db:"total"`
}

const userSelect = `SELECT u.id, u.email, u.name, u.password_hash, u.organisation_id, u.disabled_at, u.created_at,
	COALESCE((SELECT array_agg(role ORDER BY role) FROM user_role WHERE user_id = u.id), '{}') AS roles,
	COALESCE((SELECT array_agg(municipality_id ORDER BY municipality_id) FROM user_municipality WHERE user_id = u.id), '{}') AS municipality_ids,
	COALESCE((SELECT array_agg(regisseur_id ORDER BY regisseur_id) FROM coach_regisseur WHERE coach_user_id = u.id), '{}') AS coachee_ids,
	(SELECT r.id FROM regisseur r WHERE r.user_id = u.id) AS regisseur_id`

func (r userRow) toDomain() domain.User {
	u := domain.User{
		ID: r.ID, Email: r.Email, Name: r.Name, OrganisationID: r.OrganisationID,
		MunicipalityIDs: []int64(r.MunicipalityIDs), CoacheeIDs: []int64(r.CoacheeIDs),
		RegisseurID: r.RegisseurID, CreatedAt: r.CreatedAt.Time,
	}
	if r.DisabledAt != nil && r.DisabledAt.Valid {
		t := r.DisabledAt.Time
		u.DisabledAt = &t
	}
	for _, role := range r.Roles {
		u.Roles = append(u.Roles, domain.Role(role))
	}
	return u
}

// userScope limits user reads to what the actor may see (domain.CanSeeUser):
// admins everything, org contacts their organisation's accounts, everyone
// their own account.
func userScope(a *domain.Actor, args *[]any) string {
	if domain.CanSeeAllUsers(a) {
		return "TRUE"
	}
	*args = append(*args, a.UserID)
	cond := fmt.Sprintf("u.id = $%d", len(*args))
	if domain.CanSeeOrganisationUsers(a) {
		*args = append(*args, *a.OrganisationID)
		cond += fmt.Sprintf(" OR u.organisation_id = $%d", len(*args))
	}
	return cond
}

// FindUserByID returns a user the actor may see. Errors: not_found (also for
// users out of scope).
func (db *DB) FindUserByID(ctx context.Context, id int64) (domain.User, error) {
	return findUser(ctx, db, id)
}

// findUser is FindUserByID on q (the DB or a write's transaction).
func findUser(ctx context.Context, q queryer, id int64) (domain.User, error) {
	args := []any{id}
	qu := userSelect + ` FROM app_user u WHERE u.id = $1 AND (` + userScope(domain.ActorFrom(ctx), &args) + `)`
	var r userRow
	if err := q.GetContext(ctx, &r, qu, args...); err != nil {
		return domain.User{}, wrap(translate(err, "De gebruiker"), "find user %d", id)
	}
	return r.toDomain(), nil
}

// FindUsers returns one page of the users the actor may see, by name.
func (db *DB) FindUsers(ctx context.Context, p domain.Page) ([]domain.User, int, error) {
	args := []any{}
	cond := userScope(domain.ActorFrom(ctx), &args)
	q := userSelect + `, COUNT(*) OVER() AS total FROM app_user u WHERE ` + cond +
		fmt.Sprintf(` ORDER BY u.name, u.id LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2)
	var rows []userRow
	if err := db.SelectContext(ctx, &rows, q, append(args, p.PageSize, p.Offset())...); err != nil {
		return nil, 0, fmt.Errorf("find users: %w", err)
	}
	total, err := pageTotal(ctx, db, rows, func(r userRow) int { return r.Total }, `SELECT count(*) FROM app_user u WHERE `+cond, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find users: %w", err)
	}
	out := make([]domain.User, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, total, nil
}

// CreateUser stores a new account with its roles and scopes. password may be
// empty for an account that will sign in through OIDC. Errors: forbidden,
// invalid, conflict (e-mail in use).
func (db *DB) CreateUser(ctx context.Context, u *domain.User, password string) error {
	if !domain.ActorFrom(ctx).Can(domain.PermManageUsers) {
		return db.deny(ctx, "create", "user", nil, errForbidden())
	}
	if err := u.Validate(); err != nil {
		return err
	}
	hash, err := passwordHash(password)
	if err != nil {
		return err
	}
	err = db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `INSERT INTO app_user (email, name, password_hash, organisation_id) VALUES ($1, $2, $3, $4) RETURNING id, created_at`
		if err := tx.QueryRowxContext(ctx, q, u.Email, u.Name, hash, u.OrganisationID).Scan(&u.ID, &u.CreatedAt); err != nil {
			return translate(err, "Een gebruiker met dit e-mailadres")
		}
		if err := writeUserScopes(ctx, tx, u); err != nil {
			return err
		}
		if err := audit(ctx, tx, "create", "user", &u.ID, domain.OutcomeAllowed); err != nil {
			return err
		}
		stored, err := findUser(ctx, tx, u.ID)
		*u = stored
		return err
	})
	return wrap(err, "create user")
}

// passwordHash checks and hashes a new password; empty means none.
func passwordHash(password string) (*string, error) {
	if password == "" {
		return nil, nil
	}
	if len([]rune(password)) < auth.MinPasswordLength {
		return nil, domain.Invalid(domain.FieldError{Name: "password", Code: "min",
			Reason: fmt.Sprintf("Een wachtwoord heeft ten minste %d tekens.", auth.MinPasswordLength)})
	}
	h, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	return &h, nil
}

// writeUserScopes replaces the roles, municipalities, coachees and regisseur
// link of u.
func writeUserScopes(ctx context.Context, tx *Tx, u *domain.User) error {
	stmts := []struct {
		q    string
		args []any
	}{
		{`DELETE FROM user_role WHERE user_id = $1`, []any{u.ID}},
		{`INSERT INTO user_role (user_id, role) SELECT $1, unnest($2::text[])`, []any{u.ID, pq.Array(u.Roles)}},
		{`DELETE FROM user_municipality WHERE user_id = $1`, []any{u.ID}},
		{`INSERT INTO user_municipality (user_id, municipality_id) SELECT $1, unnest($2::bigint[])`, []any{u.ID, pq.Array(u.MunicipalityIDs)}},
		{`DELETE FROM coach_regisseur WHERE coach_user_id = $1`, []any{u.ID}},
		{`INSERT INTO coach_regisseur (coach_user_id, regisseur_id) SELECT $1, unnest($2::bigint[])`, []any{u.ID, pq.Array(u.CoacheeIDs)}},
		{`UPDATE regisseur SET user_id = NULL WHERE user_id = $1`, []any{u.ID}},
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
			return translate(err, "De rol of het bereik")
		}
	}
	if u.RegisseurID != nil {
		res, err := tx.ExecContext(ctx, `UPDATE regisseur SET user_id = $1 WHERE id = $2`, u.ID, *u.RegisseurID)
		if err != nil {
			return translate(err, "De regisseur")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Invalid(domain.FieldError{Name: "regisseurId", Code: "exists", Reason: "Deze regisseur bestaat niet."})
		}
	}
	return nil
}

// UpdateUser changes an account. Disabling it ends its sessions and revokes
// its access tokens in the same transaction, so it takes effect at once.
// Errors: forbidden, not_found, invalid, conflict.
func (db *DB) UpdateUser(ctx context.Context, id int64, upd domain.UserUpdate) (domain.User, error) {
	a := domain.ActorFrom(ctx)
	if !a.Can(domain.PermManageUsers) {
		return domain.User{}, db.deny(ctx, "update", "user", &id, errForbidden())
	}
	var out domain.User
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var r userRow
		if err := tx.GetContext(ctx, &r, userSelect+` FROM app_user u WHERE u.id = $1 FOR UPDATE`, id); err != nil {
			return translate(err, "De gebruiker")
		}
		u := r.toDomain()
		applyUserUpdate(&u, upd)
		if upd.Disabled != nil && *upd.Disabled && u.ID == a.UserID {
			return domain.Invalid(domain.FieldError{Name: "disabled", Code: "self", Reason: "U kunt uw eigen account niet blokkeren."})
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if err := keepAnAdmin(ctx, tx, r.toDomain(), u); err != nil {
			return err
		}
		hash, err := passwordHash(deref(upd.Password))
		if err != nil {
			return err
		}
		const q = `UPDATE app_user SET name = $2, organisation_id = $3,
				disabled_at = CASE WHEN $4::bool THEN COALESCE(disabled_at, now()) ELSE NULL END,
				password_hash = COALESCE($5, password_hash)
			WHERE id = $1`
		if _, err := tx.ExecContext(ctx, q, u.ID, u.Name, u.OrganisationID, u.Disabled(), hash); err != nil {
			return translate(err, "De gebruiker")
		}
		if err := writeUserScopes(ctx, tx, &u); err != nil {
			return err
		}
		if u.Disabled() || hash != nil {
			if err := revokeUserCredentials(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, "update", "user", &u.ID, domain.OutcomeAllowed); err != nil {
			return err
		}
		out, err = findUser(ctx, tx, u.ID)
		return err
	})
	if err != nil {
		return domain.User{}, wrap(err, "update user %d", id)
	}
	return out, nil
}

// keepAnAdmin refuses an update that would leave no active admin. The other
// admins' rows are locked, so two admins demoting each other at once cannot
// both succeed (one waits, or the deadlock is retried by Transact).
func keepAnAdmin(ctx context.Context, tx *Tx, before, after domain.User) error {
	wasAdmin := slices.Contains(before.Roles, domain.RoleAdmin) && !before.Disabled()
	isAdmin := slices.Contains(after.Roles, domain.RoleAdmin) && !after.Disabled()
	if !wasAdmin || isAdmin {
		return nil
	}
	var others []int64
	const q = `SELECT u.id FROM app_user u JOIN user_role r ON r.user_id = u.id
		WHERE r.role = 'admin' AND u.disabled_at IS NULL AND u.id <> $1 ORDER BY u.id FOR UPDATE OF u`
	if err := tx.SelectContext(ctx, &others, q, before.ID); err != nil {
		return fmt.Errorf("count admins: %w", err)
	}
	if len(others) == 0 {
		return domain.Invalid(domain.FieldError{Name: "roles", Code: "last_admin",
			Reason: "Er moet ten minste één actieve functioneel beheerder blijven."})
	}
	return nil
}

func applyUserUpdate(u *domain.User, upd domain.UserUpdate) {
	if upd.Name != nil {
		u.Name = *upd.Name
	}
	if upd.Roles != nil {
		u.Roles = *upd.Roles
	}
	if upd.OrganisationID != nil {
		u.OrganisationID = upd.OrganisationID
	}
	if upd.MunicipalityIDs != nil {
		u.MunicipalityIDs = *upd.MunicipalityIDs
	}
	if upd.CoacheeIDs != nil {
		u.CoacheeIDs = *upd.CoacheeIDs
	}
	if upd.RegisseurID != nil {
		u.RegisseurID = upd.RegisseurID
	}
	if upd.Disabled != nil {
		if *upd.Disabled && u.DisabledAt == nil {
			t := u.CreatedAt // any non-nil value; the database sets the time
			u.DisabledAt = &t
		} else if !*upd.Disabled {
			u.DisabledAt = nil
		}
	}
}

// revokeUserCredentials ends every session and access token of a user.
func revokeUserCredentials(ctx context.Context, ex sqlx.ExecerContext, userID int64) error {
	if _, err := ex.ExecContext(ctx, `DELETE FROM web_session WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("end sessions: %w", err)
	}
	if _, err := ex.ExecContext(ctx, `UPDATE access_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, userID); err != nil {
		return fmt.Errorf("revoke tokens: %w", err)
	}
	return nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
