package postgres

import (
	"database/sql"
	"errors"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// translate turns driver errors the user can act on into domain errors:
// no rows → not found, unique violation → conflict, check/foreign-key
// violation → invalid. Other errors pass through unchanged.
func translate(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Errorf(domain.ENotFound, "not_found", "%s bestaat niet.", what)
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code {
		case "23505":
			return &domain.Error{Code: domain.EConflict, Key: "duplicate", Message: what + " bestaat al.", Fields: nil}
		case "23503":
			return domain.Errorf(domain.EInvalid, "reference", "%s verwijst naar iets dat niet bestaat.", what)
		case "23514":
			return domain.Errorf(domain.EInvalid, "check", "%s voldoet niet aan de regels.", what)
		}
	}
	return err
}

func asPQ(err error, target **pq.Error) bool { return errors.As(err, target) }
