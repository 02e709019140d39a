package domain

import (
	"regexp"
	"strings"
	"time"
)

// Municipality is a gemeente: the scope of dispatchers and of cases.
type Municipality struct {
	ID        int64     `db:"id"`
	Code      string    `db:"code"` // CBS code, GM + 4 digits
	Name      string    `db:"name"`
	Region    string    `db:"region"`
	CreatedAt time.Time `db:"created_at"`
}

var municipalityCode = regexp.MustCompile(`^GM[0-9]{4}$`)

// Validate checks a municipality before it is stored.
func (m *Municipality) Validate() error {
	m.Name = strings.TrimSpace(m.Name)
	m.Region = strings.TrimSpace(m.Region)
	var fe []FieldError
	if !municipalityCode.MatchString(m.Code) {
		fe = append(fe, FieldError{Name: "code", Code: "format", Reason: "Gebruik de CBS-code: GM gevolgd door vier cijfers, bijvoorbeeld GM0080."})
	}
	fe = checkText(fe, "name", m.Name, true, 200)
	fe = checkText(fe, "region", m.Region, false, 200)
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// Organisation is a nominating organisation or care provider.
type Organisation struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	KvKNumber *string   `db:"kvk_number"`
	CreatedAt time.Time `db:"created_at"`
}

var kvkNumber = regexp.MustCompile(`^[0-9]{8}$`)

// Validate checks an organisation before it is stored.
func (o *Organisation) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	var fe []FieldError
	fe = checkText(fe, "name", o.Name, true, 200)
	if o.KvKNumber != nil && !kvkNumber.MatchString(*o.KvKNumber) {
		fe = append(fe, FieldError{Name: "kvkNumber", Code: "format", Reason: "Een KvK-nummer bestaat uit acht cijfers."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}

// checkText appends a field error when a text is missing or too long.
func checkText(fe []FieldError, name, v string, required bool, max int) []FieldError {
	switch {
	case required && v == "":
		return append(fe, FieldError{Name: name, Code: "required", Reason: "Dit veld is verplicht."})
	case len([]rune(v)) > max:
		return append(fe, FieldError{Name: name, Code: "max", Reason: "Dit veld is te lang."})
	}
	return fe
}
