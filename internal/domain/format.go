package domain

import (
	"math"
	"strconv"
	"time"
)

// Dutch number and date formats, used by the pages, the PDFs, the CSV and
// the matching engine's reasons alike: a decimal comma, a dot between
// thousands, dates as dd-mm-jjjj.

// AppendNumber appends v with dec decimals (0–6), a decimal comma and dots
// between thousands ("1.234,5"). A value that rounds to zero has no minus
// sign; NaN and ±Inf are "–".
func AppendNumber(b []byte, v float64, dec int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "–"...)
	}
	dec = min(max(dec, 0), 6)
	var tmp [64]byte
	s := strconv.AppendFloat(tmp[:0], math.Abs(v), 'f', dec, 64)
	intLen := len(s)
	if dec > 0 {
		intLen -= dec + 1
	}
	if v < 0 && !allZero(s) {
		b = append(b, '-')
	}
	for i := 0; i < intLen; i++ {
		if i > 0 && (intLen-i)%3 == 0 {
			b = append(b, '.')
		}
		b = append(b, s[i])
	}
	if dec > 0 {
		b = append(b, ',')
		b = append(b, s[intLen+1:]...)
	}
	return b
}

func allZero(s []byte) bool {
	for _, c := range s {
		if c != '0' && c != '.' {
			return false
		}
	}
	return true
}

// FormatNumber formats v with dec decimals, Dutch style ("1.234,50").
func FormatNumber(v float64, dec int) string {
	return string(AppendNumber(nil, v, dec))
}

// AppendNumberTrim appends v with at most dec decimals, dropping trailing
// zeros ("4", "3,5", "2,92").
func AppendNumberTrim(b []byte, v float64, dec int) []byte {
	start := len(b)
	b = AppendNumber(b, v, dec)
	if dec <= 0 || b[len(b)-1] == 0x93 { // "–" ends in 0x93
		return b
	}
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == ',' {
		b = b[:len(b)-1]
	}
	if string(b[start:]) == "-0" {
		b = append(b[:start], '0')
	}
	return b
}

// FormatNumberTrim formats v with at most dec decimals, dropping trailing
// zeros.
func FormatNumberTrim(v float64, dec int) string {
	return string(AppendNumberTrim(nil, v, dec))
}

// FormatPercent formats part of whole as a whole percentage ("38%"), or "–"
// when whole is not positive.
func FormatPercent(part, whole int) string {
	if whole <= 0 {
		return "–"
	}
	return FormatNumber(100*float64(part)/float64(whole), 0) + "%"
}

// DateLayout is the Dutch date layout (dd-mm-jjjj).
const DateLayout = "02-01-2006"

// AppendDate appends t as dd-mm-jjjj.
func AppendDate(b []byte, t time.Time) []byte {
	return t.AppendFormat(b, DateLayout)
}

// FormatDate formats t as dd-mm-jjjj, or "–" for the zero time.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format(DateLayout)
}

// FormatDateTime formats t as "dd-mm-jjjj om uu:mm" in t's location.
func FormatDateTime(t time.Time) string {
	return t.Format(DateLayout) + " om " + t.Format("15:04")
}
