package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// detailsJSON is the details column of case_event as stored; NULL for the
// kinds without details.
type detailsJSON []byte

// Scan reads the column: NULL as none.
func (j *detailsJSON) Scan(src any) error {
	b, err := jsonBytes(src, "step details")
	if b == nil {
		*j = nil
		return err
	}
	*j = append((*j)[:0], b...) // a copy: the driver may reuse its buffer
	return nil
}

// stepDetailsValue is d as a JSONB parameter; nil for none.
func stepDetailsValue(d *domain.StepDetails) (any, error) {
	if d == nil {
		return nil, nil
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("step details: %w", err)
	}
	return string(b), nil
}

// stepDetails reads the stored details; nil for none. Stored details were
// checked on the way in, so a fault is a programming error.
func (j detailsJSON) stepDetails() (*domain.StepDetails, error) {
	if len(j) == 0 {
		return nil, nil
	}
	var d domain.StepDetails
	if err := json.Unmarshal(j, &d); err != nil {
		return nil, fmt.Errorf("step details: %w", err)
	}
	return &d, nil
}

// checkStepOrganisations reports an organisation the details name that
// does not exist as an invalid field.
func checkStepOrganisations(ctx context.Context, tx *Tx, d *domain.StepDetails) error {
	ids := d.OrganisationRefs()
	if len(ids) == 0 {
		return nil
	}
	var missing []int64
	const q = `SELECT x FROM unnest($1::bigint[]) AS x WHERE NOT EXISTS (SELECT 1 FROM organisation o WHERE o.id = x)`
	if err := tx.SelectContext(ctx, &missing, q, pq.Array(ids)); err != nil {
		return fmt.Errorf("step organisations: %w", err)
	}
	if len(missing) > 0 {
		name := "details.organisationIds"
		if d.OrganisationID != nil && *d.OrganisationID == missing[0] {
			name = "details.organisationId"
		}
		return domain.Invalid(domain.FieldError{Name: name, Code: "exists", Reason: fmt.Sprintf("Organisatie %d bestaat niet.", missing[0])})
	}
	return nil
}
