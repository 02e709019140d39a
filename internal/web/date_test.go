package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLeaveDatesOutsideTheRange: the leave form reads dates with the
// service's one date parser, so a year outside 1900–2199 or a leave of more
// than two years is a form error, never stored.
func TestLeaveDatesOutsideTheRange(t *testing.T) {
	e := newPoolEnv(t)
	m := e.nominate(t, "Dirk Datum")
	e.activate(t, m)
	path := "/pool/leden/" + id(m.ID) + "/afwezigheid"
	for _, tt := range []struct {
		name, startsOn, endsOn string
	}{
		{"year 0000", "0000-01-01", "2027-01-10"},
		{"typed year 0000", "01-01-0000", "10-01-2027"},
		{"year 9999", "2027-01-01", "9999-12-31"},
		{"ten years", "2027-01-01", "2036-12-31"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, e.adminCookie, "POST", path, url.Values{"startsOn": {tt.startsOn}, "endsOn": {tt.endsOn}, "leaveReason": {"verlof"}})
			if res.status != http.StatusBadRequest || !strings.Contains(res.body, `href="#`) {
				t.Fatalf("status %d, want 400 with a form error", res.status)
			}
		})
	}
	if got := e.membership(t, m.ID); len(got.Availability) != 0 {
		t.Errorf("refused leave was stored: %+v", got.Availability)
	}
	res := e.do(t, e.adminCookie, "POST", path, url.Values{"startsOn": {"01-02-2027"}, "endsOn": {"14-02-2027"}, "leaveReason": {"verlof"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("typed dates: %d, want 303\n%s", res.status, res.body)
	}
}
