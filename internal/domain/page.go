package domain

// MaxPageSize caps pageSize so one request cannot read a whole table.
const MaxPageSize = 100

// DefaultPageSize is used when the client names none.
const DefaultPageSize = 20

// Page selects one page of a list: Page counts from 1.
type Page struct {
	Page     int
	PageSize int
}

// Offset is the number of rows before the page.
func (p Page) Offset() int { return (p.Page - 1) * p.PageSize }

// Validate checks the bounds of a page request.
func (p Page) Validate() error {
	var fe []FieldError
	if p.Page < 1 {
		fe = append(fe, FieldError{Name: "page", Code: "min", Reason: "Moet 1 of hoger zijn."})
	}
	if p.PageSize < 1 || p.PageSize > MaxPageSize {
		fe = append(fe, FieldError{Name: "pageSize", Code: "range", Reason: "Moet tussen 1 en 100 liggen."})
	}
	if fe != nil {
		return Invalid(fe...)
	}
	return nil
}
