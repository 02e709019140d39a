package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"regiepool/internal/domain"
)

// formField is one control of a form, as the templates draw it. Name
// is both the form parameter and the API's field name, so the store's field
// errors land on the right control; it is also the control's id.
type formField struct {
	Name         string
	Label        string
	Kind         string // text, email, password, select or checkboxes
	Value        string // text value; unused for select and checkboxes
	Required     bool
	Optional     bool // the label says "(niet verplicht)"
	Autocomplete string
	Inputmode    string
	Description  string
	Options      []formOption // select options or checkboxes
	Empty        string       // shown instead of an empty checkbox group
	Error        string
}

// formOption is one choice of a select or one checkbox of a group.
type formOption struct {
	Value, Label string
	Checked      bool
}

// Anchor is where the error summary links to: the control itself, or the
// first checkbox of a group.
func (f formField) Anchor() string {
	if f.Kind == "checkboxes" && len(f.Options) > 0 {
		return f.Name + "-" + f.Options[0].Value
	}
	return f.Name
}

// DescribedBy lists the ids of the description and the error message.
func (f formField) DescribedBy() string {
	var ids []string
	if f.Description != "" {
		ids = append(ids, f.Name+"-uitleg")
	}
	if f.Error != "" {
		ids = append(ids, f.Name+"-fout")
	}
	return strings.Join(ids, " ")
}

// formError is one line of the error summary; Href is empty when the error
// belongs to no control.
type formError struct {
	Href, Text string
}

// form is the one form type of the pages: its controls in order, where it
// posts, and the errors of the last attempt. Besides the plain kinds (text,
// email, password, select, checkboxes) the partial "pool-field" draws
// textarea, radios, hours (number in steps of 0.5), count (whole number),
// date, file, check (one checkbox, checked when Value is "ja") and group (a
// fieldset the page draws itself; it only carries the legend and the error).
type form struct {
	Fields []formField
	Errors []formError
	Action string
	// summary names a control in the error summary when its label alone is
	// ambiguous ("Quotum" → "Quotum van Lumens").
	summary map[string]string
}

// Failed reports whether the form is shown with errors.
func (f form) Failed() bool { return len(f.Errors) > 0 }

// Field returns the control called name.
func (f form) Field(name string) formField {
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl
		}
	}
	return formField{}
}

// Prefixed returns the controls whose name starts with prefix.
func (f form) Prefixed(prefix string) []formField {
	var out []formField
	for _, fl := range f.Fields {
		if strings.HasPrefix(fl.Name, prefix) {
			out = append(out, fl)
		}
	}
	return out
}

// extraAnchors places errors of things that are no form control: the store
// names a refused self-block "disabled" (its button has id "blokkeren"), and
// a 360 round without raters "raters" (the fieldset "beoordelaars").
var extraAnchors = map[string]formError{
	"disabled": {Href: "#blokkeren", Text: "Account blokkeren"},
	"raters":   {Href: "#beoordelaars"},
}

// addErrors puts field errors on their controls and in the summary, in the
// order of the form; errors of no control come last.
func (f *form) addErrors(fes ...domain.FieldError) {
	used := make([]bool, len(fes))
	for i := range f.Fields {
		fl := &f.Fields[i]
		for j, fe := range fes {
			if fe.Name != fl.Name {
				continue
			}
			used[j] = true
			if fl.Error != "" {
				fl.Error += " "
			}
			fl.Error += fe.Reason
			label := fl.Label
			if s := f.summary[fl.Name]; s != "" {
				label = s
			}
			f.Errors = append(f.Errors, formError{Href: "#" + fl.Anchor(), Text: label + ": " + fe.Reason})
		}
	}
	for j, fe := range fes {
		if used[j] {
			continue
		}
		if a, ok := extraAnchors[fe.Name]; ok {
			text := fe.Reason
			if a.Text != "" {
				text = a.Text + ": " + fe.Reason
			}
			f.Errors = append(f.Errors, formError{Href: a.Href, Text: text})
			continue
		}
		f.Errors = append(f.Errors, formError{Text: fe.Reason})
	}
}

// fail shows a domain error on the form: its field errors, or its message
// when it names no field.
func (f *form) fail(e *domain.Error) {
	if len(e.Fields) == 0 {
		f.Errors = append(f.Errors, formError{Text: e.Message})
		return
	}
	f.addErrors(e.Fields...)
}

// formStatus is the HTTP status of a form shown again with errors.
func formStatus(e *domain.Error) int {
	if e.Code == domain.EConflict {
		return http.StatusConflict
	}
	return http.StatusBadRequest
}

// formTitle is the page title, prefixed with "Fout: " when the form on it
// failed, so screen reader users hear it first.
func formTitle(title string, f interface{ Failed() bool }) string {
	if f.Failed() {
		return "Fout: " + title
	}
	return title
}

// isoDay is the value format of a date input (yyyy-mm-dd).
const isoDay = "2006-01-02"

// signedDecimal writes a difference with two decimals and a plus sign when
// it is positive: +0,67.
func signedDecimal(f float64) string {
	s := domain.FormatNumber(f, 2)
	if f > 0 && s != "0,00" {
		return "+" + s
	}
	return s
}

// inputNumber is the value of a decimal text field as a Dutch reader types
// it ("16,5"); parseDecimal reads it back.
func inputNumber(f float64) string { return domain.FormatNumberTrim(f, 2) }

// Why parseDecimal refused its input.
var (
	errDecimalSyntax    = errors.New("not a decimal number")
	errDecimalAmbiguous = errors.New("more than one decimal or thousands separator")
)

// decimalAmbiguousReason is what a form says when a number has more than one
// separator: "1.250,5" or "1,250.5" could be read in two ways.
const decimalAmbiguousReason = "Dit getal is niet eenduidig: gebruik één decimaalteken en geen scheidingsteken voor duizendtallen, bijvoorbeeld 12,5 of 12.5."

// parseDecimal is the one reader of decimal numbers typed in a form (hours
// per week, arrangement hours, hours spent): a comma and a point are both the
// decimal sign, so "12,5" and "12.5" are twelve and a half, whatever the
// browser's language. A number with more than one separator ("1.250,5",
// "1,250.5", "1.250.000") is refused as ambiguous rather than guessed.
func parseDecimal(s string) (float64, error) {
	s = strings.TrimSpace(s)
	digits, seps := 0, 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ',' || r == '.':
			seps++
		case r == '-' && i == 0:
		default:
			return 0, errDecimalSyntax
		}
	}
	switch {
	case digits == 0:
		return 0, errDecimalSyntax
	case seps > 1:
		return 0, errDecimalAmbiguous
	}
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		return 0, errDecimalSyntax
	}
	return f, nil
}

// decimalReason is the error for a decimal field that did not parse: the
// ambiguity message, or the field's own reason.
func decimalReason(s, reason string) string {
	if _, err := parseDecimal(s); errors.Is(err, errDecimalAmbiguous) {
		return decimalAmbiguousReason
	}
	return reason
}

// understoodHours tells, in a decimal field's description, how a typed
// number was read when it was not typed the Dutch way ("12.5" → "Begrepen
// als 12,5 uur."); empty when there is nothing to tell.
func understoodHours(typed string) string {
	f, err := parseDecimal(typed)
	if err != nil || inputNumber(f) == strings.TrimSpace(typed) {
		return ""
	}
	return " Begrepen als " + inputNumber(f) + " uur."
}
