package domain

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Every calendar day the service reads, from the API and the pages alike,
// lies in the years MinDateYear to MaxDateYear. Outside them a date is a
// typing or programming error (a leave "from 0000-01-01" once took a member
// out of matching for good), and PostgreSQL and the matching engine would
// take it at its word.
const (
	MinDateYear = 1900
	MaxDateYear = 2199
)

// ISODate is the layout of dates in the API and in a date input (jjjj-mm-dd).
const ISODate = "2006-01-02"

// Reasons ParseDate refuses a date.
var (
	ErrDateFormat = errors.New("date: not a calendar day in the expected layout")
	ErrDateRange  = errors.New("date: year outside " + strconv.Itoa(MinDateYear) + "–" + strconv.Itoa(MaxDateYear))
)

// ParseDate reads a calendar day written jjjj-mm-dd, as the API and a date
// input send it, as midnight UTC. Errors: ErrDateFormat, ErrDateRange.
func ParseDate(s string) (time.Time, error) {
	return parseDate(s, ISODate)
}

// ParseTypedDate reads a calendar day as ParseDate does, or as people type it
// on a page (dd-mm-jjjj, d-m-jjjj). Errors: ErrDateFormat, ErrDateRange.
func ParseTypedDate(s string) (time.Time, error) {
	return parseDate(strings.TrimSpace(s), ISODate, "2-1-2006", DateLayout)
}

func parseDate(s string, layouts ...string) (time.Time, error) {
	for _, layout := range layouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if y := t.Year(); y < MinDateYear || y > MaxDateYear {
			return time.Time{}, ErrDateRange
		}
		return t, nil
	}
	return time.Time{}, ErrDateFormat
}

// DateFieldError is the field error for a date ParseDate refused.
func DateFieldError(name string, err error) FieldError {
	if errors.Is(err, ErrDateRange) {
		return FieldError{Name: name, Code: "range", Reason: "Kies een datum tussen " + strconv.Itoa(MinDateYear) + " en " + strconv.Itoa(MaxDateYear) + "."}
	}
	return FieldError{Name: name, Code: "date", Reason: "Gebruik de datumnotatie JJJJ-MM-DD."}
}
