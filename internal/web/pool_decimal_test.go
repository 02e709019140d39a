package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPoolHoursCommaOrPoint: "12,5" and "12.5" both store twelve and a half
// hours (never 125); ambiguous input is refused with a Dutch message linked
// to the field, and a form shown again says how a point was read.
func TestPoolHoursCommaOrPoint(t *testing.T) {
	e := newPoolEnv(t)
	m := e.nominate(t, "Dirk Decimaal")
	e.activate(t, m)
	path := "/pool/leden/" + id(m.ID)
	for _, typed := range []string{"12,5", "12.5"} {
		res := e.do(t, e.coachCookie, "POST", path+"/capaciteit", url.Values{"maxCases": {"3"}, "hoursPerWeek": {typed}, "municipalityIds": {id(e.mun.ID)}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("%q: %d, want 303\n%s", typed, res.status, res.body)
		}
		if got := e.membership(t, m.ID); got.HoursPerWeek != 12.5 {
			t.Errorf("%q stored as %v hours, want 12.5", typed, got.HoursPerWeek)
		}
	}
	for _, typed := range []string{"1.250,5", "1,250.5"} {
		res := e.do(t, e.coachCookie, "POST", path+"/capaciteit", url.Values{"maxCases": {"3"}, "hoursPerWeek": {typed}, "municipalityIds": {id(e.mun.ID)}})
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "niet eenduidig") || !strings.Contains(res.body, `href="#hoursPerWeek"`) {
			t.Errorf("%q: %d, want 400 saying the number is ambiguous", typed, res.status)
		}
	}
	// Another field is wrong: the form comes back and tells how "12.5" was read.
	res := e.do(t, e.coachCookie, "POST", path+"/capaciteit", url.Values{"maxCases": {"0"}, "hoursPerWeek": {"12.5"}, "municipalityIds": {id(e.mun.ID)}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "Begrepen als 12,5 uur.") || !strings.Contains(res.body, `value="12.5"`) {
		t.Errorf("form shown again: %d, want the typed value and how it was read", res.status)
	}
	// The hours field is a text field: a browser in any language sends what was typed.
	if body := e.get(t, e.coachCookie, path); !strings.Contains(body, `name="hoursPerWeek" type="text" inputmode="decimal"`) || !strings.Contains(body, `value="12,5"`) {
		t.Error("capacity form: the hours field is not a decimal text field prefilled as 12,5")
	}
}
