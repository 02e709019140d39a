package pgtest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

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
