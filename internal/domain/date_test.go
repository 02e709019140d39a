package domain

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in      string
		typed   bool
		want    string
		wantErr error
	}{
		{"2027-03-01", false, "2027-03-01", nil},
		{"1900-01-01", false, "1900-01-01", nil},
		{"2199-12-31", false, "2199-12-31", nil},
		{"0000-01-01", false, "", ErrDateRange},
		{"1899-12-31", false, "", ErrDateRange},
		{"2200-01-01", false, "", ErrDateRange},
		{"9999-12-31", false, "", ErrDateRange},
		{"2027-02-30", false, "", ErrDateFormat},
		{"01-03-2027", false, "", ErrDateFormat},
		{"", false, "", ErrDateFormat},
		{"01-03-2027", true, "2027-03-01", nil},
		{" 1-3-2027 ", true, "2027-03-01", nil},
		{"2027-03-01", true, "2027-03-01", nil},
		{"01-01-0000", true, "", ErrDateRange},
		{"morgen", true, "", ErrDateFormat},
	} {
		t.Run(tt.in, func(t *testing.T) {
			parse := ParseDate
			if tt.typed {
				parse = ParseTypedDate
			}
			got, err := parse(tt.in)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if err == nil && got.Format(ISODate) != tt.want {
				t.Errorf("got %s, want %s", got.Format(ISODate), tt.want)
			}
			if err == nil && got.Location() != time.UTC {
				t.Errorf("location %v, want UTC", got.Location())
			}
		})
	}
}

func TestDateFieldError(t *testing.T) {
	if fe := DateFieldError("startsOn", ErrDateRange); fe.Name != "startsOn" || fe.Code != "range" {
		t.Errorf("range: %+v", fe)
	}
	if fe := DateFieldError("startsOn", ErrDateFormat); fe.Code != "date" {
		t.Errorf("format: %+v", fe)
	}
}
