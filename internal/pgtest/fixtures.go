package pgtest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/postgres"
)

// Password is the password of every user the fixtures create.
const Password = "fixture-password-123"

// SystemCtx is a context whose actor is the system, which may do anything;
// fixtures use it to set up data as an admin would.
func SystemCtx() context.Context {
	return domain.WithActor(context.Background(), domain.SystemActor())
}

var seq atomic.Int64

// next returns a number unique within the test binary, for unique names.
func next() int64 { return seq.Add(1) }

// MustCreateMunicipality creates a municipality with a unique code.
func MustCreateMunicipality(t testing.TB, db *postgres.DB) domain.Municipality {
	t.Helper()
	n := next()
	m := domain.Municipality{Code: fmt.Sprintf("GM%04d", 9000+n%1000), Name: fmt.Sprintf("Gemeente %d", n), Region: "Testregio"}
	if err := db.CreateMunicipality(SystemCtx(), &m); err != nil {
		t.Fatalf("create municipality: %v", err)
	}
	return m
}

// MustCreateOrganisation creates an organisation with a unique name.
func MustCreateOrganisation(t testing.TB, db *postgres.DB) domain.Organisation {
	t.Helper()
	o := domain.Organisation{Name: fmt.Sprintf("Organisatie %d", next())}
	if err := db.CreateOrganisation(SystemCtx(), &o); err != nil {
		t.Fatalf("create organisation: %v", err)
	}
	return o
}

// MustCreateRegisseur creates a regisseur of organisation orgID.
func MustCreateRegisseur(t testing.TB, db *postgres.DB, orgID int64) domain.Regisseur {
	t.Helper()
	r := domain.Regisseur{Name: fmt.Sprintf("Regisseur %d", next()), OrganisationID: orgID}
	if err := db.CreateRegisseur(SystemCtx(), &r); err != nil {
		t.Fatalf("create regisseur: %v", err)
	}
	return r
}

// MustCreateUser creates u (Email and Name are filled in when empty) with
// password Password, and returns it as stored.
func MustCreateUser(t testing.TB, db *postgres.DB, u domain.User) domain.User {
	t.Helper()
	n := next()
	if u.Email == "" {
		u.Email = fmt.Sprintf("user%d@test.example", n)
	}
	if u.Name == "" {
		u.Name = fmt.Sprintf("Gebruiker %d", n)
	}
	if err := db.CreateUser(SystemCtx(), &u, Password); err != nil {
		t.Fatalf("create user %s: %v", u.Email, err)
	}
	got, err := db.FindUserByID(SystemCtx(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// MustAccessToken issues an API bearer token for a user.
func MustAccessToken(t testing.TB, db *postgres.DB, userID int64) string {
	t.Helper()
	tok, _, err := db.CreateAccessToken(context.Background(), userID)
	if err != nil {
		t.Fatalf("create access token: %v", err)
	}
	return tok
}

// MustSession starts a web session for a user and returns the cookie value.
func MustSession(t testing.TB, db *postgres.DB, userID int64) string {
	t.Helper()
	tok, err := db.CreateSession(context.Background(), userID)
	if err != nil {
		t.Fatalf("create session: %v", err)
	}
	return tok
}

// ActorCtx returns a context acting as the user, as the server would set it.
func ActorCtx(t testing.TB, db *postgres.DB, userID int64) context.Context {
	t.Helper()
	a, err := db.TokenActor(context.Background(), MustAccessToken(t, db, userID))
	if err != nil {
		t.Fatal(err)
	}
	return domain.WithActor(context.Background(), a)
}

// MustCreateActiveMember makes a regisseur of organisation orgID an active
// pool member taking cases in the given municipalities, with the given
// capacity. It inserts the rows directly (the selection life cycle has its
// own tests), in a round of its own so quotas never interfere.
func MustCreateActiveMember(t testing.TB, db *postgres.DB, orgID int64, municipalityIDs []int64, maxCases int, hoursPerWeek float64) domain.Regisseur {
	t.Helper()
	r := MustCreateRegisseur(t, db, orgID)
	var roundID, mid int64
	if err := db.Get(&roundID, `INSERT INTO pool_round (name) VALUES ('Testronde ' || $1::text) RETURNING id`, r.ID); err != nil {
		t.Fatalf("active member: %v", err)
	}
	if _, err := db.Exec(`INSERT INTO pool_round_organisation (round_id, organisation_id, quota) VALUES ($1, $2, 1)`, roundID, orgID); err != nil {
		t.Fatalf("active member: %v", err)
	}
	if err := db.Get(&mid, `INSERT INTO pool_membership (round_id, organisation_id, regisseur_id, hours_per_week, max_cases)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, roundID, orgID, r.ID, hoursPerWeek, maxCases); err != nil {
		t.Fatalf("active member: %v", err)
	}
	for _, q := range []string{
		`INSERT INTO pre_selection (membership_id, test_date, instrument_name, provider, outcome) VALUES ($1, '2026-01-01', 'Test', 'Test', 'suitable')`,
		`UPDATE pool_membership SET status = 'preselected' WHERE id = $1`,
		`UPDATE pool_membership SET status = 'admitted' WHERE id = $1`,
		`UPDATE pool_membership SET status = 'active' WHERE id = $1`,
	} {
		if _, err := db.Exec(q, mid); err != nil {
			t.Fatalf("active member: %v", err)
		}
	}
	for _, m := range municipalityIDs {
		if _, err := db.Exec(`INSERT INTO member_municipality (membership_id, municipality_id) VALUES ($1, $2)`, mid, m); err != nil {
			t.Fatalf("active member: %v", err)
		}
	}
	return r
}

// MustLinkCoach makes the coach with user id coachID a coach of the
// regisseurs, besides those they coach already, as an admin would.
func MustLinkCoach(t testing.TB, db *postgres.DB, coachID int64, regisseurIDs ...int64) {
	t.Helper()
	u, err := db.FindUserByID(SystemCtx(), coachID)
	if err != nil {
		t.Fatalf("link coach: %v", err)
	}
	ids := append(u.CoacheeIDs, regisseurIDs...)
	if _, err := db.UpdateUser(SystemCtx(), coachID, domain.UserUpdate{CoacheeIDs: &ids}); err != nil {
		t.Fatalf("link coach: %v", err)
	}
}

// OTP returns the current TOTP code of secret (pquerna/otp with the current
// time): the second factor of a log-in in tests, e.g.
// OTP(t, demo.AdminTOTPSecret) for the demo admin. A code is accepted once,
// so a test logs in as one account at most once per 30 s.
func OTP(t testing.TB, secret string) string {
	t.Helper()
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatalf("totp code: %v", err)
	}
	return code
}

// MustEnrolTOTP gives a user a confirmed TOTP authenticator and returns its
// secret (for OTP).
func MustEnrolTOTP(t testing.TB, db *postgres.DB, userID int64) string {
	t.Helper()
	secret := auth.NewTOTPSecret()
	if err := db.EnrolFixedTOTP(SystemCtx(), userID, secret); err != nil {
		t.Fatalf("enrol totp: %v", err)
	}
	return secret
}
