package postgres

import (
	"encoding/json"
	"fmt"

	"regiepool/internal/domain"
)

// jsonBytes is the raw value of a JSON or JSONB column as a Scan method
// receives it; nil for NULL. what names the column in errors.
func jsonBytes(src any, what string) ([]byte, error) {
	switch v := src.(type) {
	case nil:
		return nil, nil
	case []byte:
		return v, nil
	case string:
		return []byte(v), nil
	default:
		return nil, fmt.Errorf("%s: cannot scan %T", what, src)
	}
}

// scanJSON decodes a JSON or JSONB column into dst; NULL leaves dst as it is.
func scanJSON(src, dst any, what string) error {
	b, err := jsonBytes(src, what)
	if err != nil || b == nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

// fieldChanges reads the changes of a re-assessment event (case_event.changes).
type fieldChanges domain.FieldChanges

func (f *fieldChanges) Scan(src any) error {
	*f = nil
	return scanJSON(src, (*[]domain.FieldChange)(f), "field changes")
}

// fieldChangesJSON is the changes as a JSONB parameter; nil for none.
func fieldChangesJSON(cs domain.FieldChanges) (any, error) {
	if cs == nil {
		return nil, nil
	}
	b, err := json.Marshal([]domain.FieldChange(cs))
	if err != nil {
		return nil, fmt.Errorf("field changes: %w", err)
	}
	return string(b), nil
}
