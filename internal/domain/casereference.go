package domain

import "regexp"

// CaseReferencePattern is the shape of a pseudonymous case reference: the
// municipality's case number, digits in groups joined by - . _ or /, after
// an optional prefix of at most four capital letters ("Z-2026-0101",
// "ZAAK-2026-0000000001", "2026.00123"). Letters fit only in the prefix, so
// a name does not fit ("PietJansen", "Fam. Jansen", "Jan1"). The OpenAPI
// document states the same pattern for reference and caseReference.
const CaseReferencePattern = `^(?:[A-Z]{1,4}[-._/]?)?[0-9]+(?:[-._/][0-9]+)*$`

// MaxCaseReference is the longest case reference, in characters.
const MaxCaseReference = 40

// CaseReferenceHint says in Dutch what fits in a case reference, for forms
// and error messages alike.
const CaseReferenceHint = "Alleen het zaaknummer, geen namen: cijfers, eventueel met een voorvoegsel van " +
	"hoogstens vier hoofdletters en met - . _ of / ertussen, zoals Z-2026-0101 (hoogstens 40 tekens)."

var caseReferenceShape = regexp.MustCompile(CaseReferencePattern)

// ValidCaseReference reports whether s is a pseudonymous case reference
// (CaseReferencePattern, at most MaxCaseReference characters). It is the one
// rule for a case's reference at intake and a reflection's caseReference.
func ValidCaseReference(s string) bool {
	return len(s) <= MaxCaseReference && caseReferenceShape.MatchString(s)
}

// checkCaseReference adds a field error for name when s is not a valid
// case reference; an empty s is allowed unless required.
func checkCaseReference(fe []FieldError, name, s string, required bool) []FieldError {
	if s == "" && !required || ValidCaseReference(s) {
		return fe
	}
	return append(fe, FieldError{Name: name, Code: "format", Reason: CaseReferenceHint})
}
