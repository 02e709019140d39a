package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
)

// errBadCredentials is the one answer for a wrong e-mail, a wrong password and
// a disabled account alike, so none of them can be told apart.
func errBadCredentials() error {
	return domain.Errorf(domain.EUnauthenticated, "bad_credentials", "Het e-mailadres of wachtwoord is onjuist.")
}

// Authenticate checks an e-mail and password from a client address and
// returns the user's id. Failed log-ins are throttled per account and
// client address, per account and per client address (auth.LoginWait), the
// same for known and unknown e-mail addresses. Errors: unauthenticated,
// too_many_requests (with RetryAfter).
func (db *DB) Authenticate(ctx context.Context, email, password, clientIP string) (int64, error) {
	var secret []byte
	if err := db.GetContext(ctx, &secret, `SELECT value FROM server_secret WHERE name = 'login_throttle'`); err != nil {
		return 0, fmt.Errorf("authenticate: %w", err)
	}
	key := auth.EmailKey(secret, email)
	if wait, err := db.throttleWait(ctx, key, clientIP); err != nil {
		return 0, err
	} else if wait > 0 {
		return 0, &domain.Error{Code: domain.ETooManyRequests, Key: "throttled", RetryAfter: int(wait.Seconds()) + 1,
			Message: fmt.Sprintf("Te veel mislukte pogingen. Probeer het over %s opnieuw.", dutchDuration(wait))}
	}
	var u struct {
		ID           int64   `db:"id"`
		PasswordHash *string `db:"password_hash"`
		Disabled     bool    `db:"disabled"`
	}
	err := db.GetContext(ctx, &u, `SELECT id, password_hash, disabled_at IS NOT NULL AS disabled FROM app_user WHERE lower(email) = lower($1)`, email)
	ok := false
	switch {
	case errors.Is(err, sql.ErrNoRows) || (err == nil && u.PasswordHash == nil):
		auth.CheckDummy(password) // same time as a real check
	case err != nil:
		return 0, fmt.Errorf("authenticate: %w", err)
	default:
		ok, err = auth.CheckPassword(*u.PasswordHash, password)
		if err != nil {
			return 0, fmt.Errorf("authenticate user %d: %w", u.ID, err)
		}
	}
	if !ok || u.Disabled {
		if _, err := db.ExecContext(ctx, `INSERT INTO login_failure (email_hash, client_ip) VALUES ($1, $2)`, key, clientIP); err != nil {
			return 0, fmt.Errorf("record failed log-in: %w", err)
		}
		return 0, errBadCredentials()
	}
	// A success clears only this client's failures on this account: one good
	// password must neither reopen guessing at other accounts from that
	// address nor forget a guesser's failures at other addresses.
	if _, err := db.ExecContext(ctx, `DELETE FROM login_failure WHERE email_hash = $1 AND client_ip = $2`, key, clientIP); err != nil {
		return 0, fmt.Errorf("clear failed log-ins: %w", err)
	}
	return u.ID, nil
}

// throttleWait returns how long a new attempt must still wait.
func (db *DB) throttleWait(ctx context.Context, emailKey []byte, clientIP string) (time.Duration, error) {
	var row struct {
		PairN       int          `db:"pair_n"`
		PairLast    sql.NullTime `db:"pair_last"`
		AccountN    int          `db:"account_n"`
		AccountLast sql.NullTime `db:"account_last"`
		ClientN     int          `db:"client_n"`
		ClientLast  sql.NullTime `db:"client_last"`
	}
	// Both counts use their index: (email_hash, at) and (client_ip, at).
	const q = `WITH account AS (
			SELECT client_ip, at FROM login_failure WHERE email_hash = $1 AND at > now() - $3::interval
		), client AS (
			SELECT count(*) AS n, max(at) AS last FROM login_failure WHERE client_ip = $2 AND at > now() - $3::interval
		)
		SELECT count(*) FILTER (WHERE account.client_ip = $2) AS pair_n,
			max(at) FILTER (WHERE account.client_ip = $2) AS pair_last,
			count(*) AS account_n, max(at) AS account_last,
			(SELECT n FROM client) AS client_n, (SELECT last FROM client) AS client_last
		FROM account`
	if err := db.GetContext(ctx, &row, q, emailKey, clientIP, auth.ThrottleWindow.String()); err != nil {
		return 0, fmt.Errorf("throttle: %w", err)
	}
	f := auth.LoginFailures{
		Pair:    auth.Failures{N: row.PairN, Last: row.PairLast.Time},
		Account: auth.Failures{N: row.AccountN, Last: row.AccountLast.Time},
		Client:  auth.Failures{N: row.ClientN, Last: row.ClientLast.Time},
	}
	return auth.LoginWait(f, time.Now()), nil
}

func dutchDuration(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d seconden", int(d.Seconds())+1)
	}
	return fmt.Sprintf("%d minuten", int(d.Minutes())+1)
}

// CreateSession starts a full web session for a user and returns the
// cookie value. A new value at every log-in prevents session fixation.
func (db *DB) CreateSession(ctx context.Context, userID int64) (string, error) {
	return db.CreateLoginSession(ctx, userID, domain.StageFull, nil)
}

// CreateLoginSession starts a web session at stage for a user and returns
// the cookie value. A full session is audited as login with detail (how the
// user signed in: amr/acr), a half-way one as login_started.
func (db *DB) CreateLoginSession(ctx context.Context, userID int64, stage domain.SessionStage, detail map[string]any) (string, error) {
	token, hash := auth.NewToken(auth.PrefixSession)
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		const q = `INSERT INTO web_session (token_hash, user_id, expires_at, stage) VALUES ($1, $2, now() + $3::interval, $4)`
		lifetime := domain.SessionAbsoluteTimeout
		if stage != domain.StageFull {
			lifetime = domain.HalfwaySessionTimeout
		}
		if _, err := tx.ExecContext(ctx, q, hash, userID, lifetime.String(), stage); err != nil {
			return err
		}
		// Expired sessions of anyone are cleaned up as a side effect of log-ins.
		if _, err := tx.ExecContext(ctx, `DELETE FROM web_session WHERE expires_at < now() OR last_seen_at < now() - $1::interval`, domain.SessionIdleTimeout.String()); err != nil {
			return err
		}
		ctx := domain.WithActor(ctx, &domain.Actor{Kind: domain.ActorUser, UserID: userID, RequestID: domain.ActorFrom(ctx).RequestID, ClientAddr: domain.ActorFrom(ctx).ClientAddr})
		if stage != domain.StageFull {
			return auditLogin(ctx, tx, "login_started", userID, map[string]any{"stage": string(stage)})
		}
		if detail != nil {
			return auditLogin(ctx, tx, "login", userID, detail)
		}
		return audit(ctx, tx, "login", "user", &userID, domain.OutcomeAllowed)
	})
	if err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return token, nil
}

// SessionActor returns the actor of a live session, refreshing its idle
// timer. Errors: unauthenticated (unknown, idle, expired, or the account is
// disabled).
func (db *DB) SessionActor(ctx context.Context, token string) (*domain.Actor, error) {
	if !auth.LooksLikeToken(auth.PrefixSession, token) {
		return nil, errNoSession()
	}
	var sess struct {
		UserID int64  `db:"user_id"`
		Stage  string `db:"stage"`
	}
	// last_seen_at moves at most once a minute, which keeps reads free of
	// writes; the idle timeout is then exact to within that minute.
	const q = `WITH s AS (
			SELECT token_hash, user_id, stage, last_seen_at FROM web_session
			WHERE token_hash = $1 AND expires_at > now() AND last_seen_at > now() - $2::interval
		), touch AS (
			UPDATE web_session w SET last_seen_at = now() FROM s
			WHERE w.token_hash = s.token_hash AND s.last_seen_at < now() - interval '1 minute'
		)
		SELECT user_id, stage FROM s`
	if err := db.GetContext(ctx, &sess, q, auth.HashToken(token), domain.SessionIdleTimeout.String()); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errNoSession()
		}
		return nil, fmt.Errorf("session: %w", err)
	}
	a, err := db.actorFor(ctx, sess.UserID)
	if err != nil {
		return nil, err
	}
	if st := domain.SessionStage(sess.Stage); st != domain.StageFull {
		a.Stage = st
	}
	return a, nil
}

// DeleteSession ends one session (log-out); the user's other sessions and
// access tokens stay valid.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	return db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		var userID int64
		err := tx.GetContext(ctx, &userID, `DELETE FROM web_session WHERE token_hash = $1 RETURNING user_id`, auth.HashToken(token))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("delete session: %w", err)
		}
		return audit(ctx, tx, "logout", "user", &userID, domain.OutcomeAllowed)
	})
}

// EndCredentials ends every web session and revokes every API access token
// of the actor ("Overal uitloggen"), audited as one logout_everywhere.
// Errors: unauthenticated (nobody is signed in).
func (db *DB) EndCredentials(ctx context.Context) error {
	a := domain.ActorFrom(ctx)
	if a.Kind != domain.ActorUser || a.UserID == 0 {
		return errNoSession()
	}
	err := db.Transact(ctx, sql.LevelReadCommitted, func(tx *Tx) error {
		if err := revokeUserCredentials(ctx, tx, a.UserID); err != nil {
			return err
		}
		return audit(ctx, tx, "logout_everywhere", "user", &a.UserID, domain.OutcomeAllowed)
	})
	return wrap(err, "end credentials of user %d", a.UserID)
}

func errNoSession() error {
	return domain.Errorf(domain.EUnauthenticated, "no_session", "U bent niet (meer) ingelogd.")
}

// actorFor loads a user's roles and scopes into an Actor. A disabled account
// yields unauthenticated.
func (db *DB) actorFor(ctx context.Context, userID int64) (*domain.Actor, error) {
	var r userRow
	if err := db.GetContext(ctx, &r, userSelect+` FROM app_user u WHERE u.id = $1`, userID); err != nil {
		return nil, fmt.Errorf("load actor %d: %w", userID, translate(err, "De gebruiker"))
	}
	u := r.toDomain()
	if u.Disabled() {
		return nil, errNoSession()
	}
	prev := domain.ActorFrom(ctx)
	return &domain.Actor{
		Kind: domain.ActorUser, UserID: u.ID, Roles: u.Roles, OrganisationID: u.OrganisationID,
		MunicipalityIDs: u.MunicipalityIDs, RegisseurID: u.RegisseurID,
		RequestID: prev.RequestID, ClientAddr: prev.ClientAddr,
	}, nil
}
