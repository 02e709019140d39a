package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lib/pq"

	"regiepool/internal/domain"
)

// closureJSON reads the closure's details (complex_case.close_details);
// NULL for an open case and one closed with a reason only.
type closureJSON []byte

func (j *closureJSON) Scan(src any) error {
	b, err := jsonBytes(src, "closure")
	if b == nil {
		*j = nil
		return err
	}
	*j = append((*j)[:0], b...) // a copy: the driver may reuse its buffer
	return nil
}

// closure is the stored closure of a case closed for reason; nil without
// details.
func (j closureJSON) closure(reason string) (*domain.Closure, error) {
	if len(j) == 0 {
		return nil, nil
	}
	cl := domain.Closure{Reason: reason}
	if err := json.Unmarshal(j, &cl); err != nil {
		return nil, fmt.Errorf("closure: %w", err)
	}
	return &cl, nil
}

// closureValues are the close_details and close_changes parameters of
// closing case c with cl: the details as JSON (nil when there are none)
// and what the self-reliance at close changed in the case's (nil when
// nothing did).
func closureValues(c domain.Case, cl domain.Closure) (details, changes any, err error) {
	if cl.HasDetails() {
		b, err := json.Marshal(cl)
		if err != nil {
			return nil, nil, fmt.Errorf("closure: %w", err)
		}
		details = string(b)
	}
	if next := domain.SelfRelianceUpdate(c.SelfReliance, cl.SelfReliance); next != nil {
		_, cs := domain.Reassessment{SelfReliance: next}.Apply(c)
		if changes, err = fieldChangesJSON(cs); err != nil {
			return nil, nil, err
		}
	}
	return details, changes, nil
}

// selfRelianceUpdate is case c's self-reliance after measurement m as a
// JSONB parameter (domain.SelfRelianceUpdate); nil when nothing was
// measured.
func selfRelianceUpdate(c domain.Case, m map[string]int) any {
	next := domain.SelfRelianceUpdate(c.SelfReliance, m)
	if next == nil {
		return nil
	}
	return selfRelianceJSON(next)
}

// checkOrganisations reports the first of ids that names no organisation
// as an invalid field called name.
func checkOrganisations(ctx context.Context, tx *Tx, ids []int64, name string) error {
	if len(ids) == 0 {
		return nil
	}
	var missing []int64
	const q = `SELECT x FROM unnest($1::bigint[]) AS x WHERE NOT EXISTS (SELECT 1 FROM organisation o WHERE o.id = x)`
	if err := tx.SelectContext(ctx, &missing, q, pq.Array(ids)); err != nil {
		return fmt.Errorf("organisations: %w", err)
	}
	if len(missing) > 0 {
		return domain.Invalid(domain.FieldError{Name: name, Code: "exists", Reason: fmt.Sprintf("Organisatie %d bestaat niet.", missing[0])})
	}
	return nil
}
