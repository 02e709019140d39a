package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestCaseHoursWarning: the case page shows the hours spent against the
// regie arrangement and warns in words at 80 % and 100 % (issue 13, item 9).
func TestCaseHoursWarning(t *testing.T) {
	e := newCaseWebEnv(t)
	anna := e.member(t, "Anna Amrani", e.org.ID, 3, 16)
	c := e.newCase(t, "2026-0900")
	e.assign(t, c, anna)
	path := "/casussen/" + id(c.ID)
	logHours := func(h string) {
		e.post(t, e.dispatcherCookie, path+"/logboek", url.Values{"kind": {"hours"}, "occurredOn": {time.Now().Format("2006-01-02")}, "hours": {h}},
			path+"?opgeslagen=1#logboek")
	}
	for _, step := range []struct {
		hours       string
		want, avoid []string
	}{
		{"39,5", []string{"39,5 van 50 uur (79 %)"}, []string{"Regiearrangement bijna op", "Regiearrangement op"}},
		{"0,5", []string{"40 van 50 uur (80 %)", "Regiearrangement bijna op", "Let op: 80 % van het regiearrangement is besteed"}, []string{"Regiearrangement op<"}},
		{"10", []string{"50 van 50 uur (100 %)", "Regiearrangement op<", "Het regiearrangement is op"}, []string{"bijna op"}},
	} {
		logHours(step.hours)
		body := e.get(t, e.dispatcherCookie, path)
		for _, w := range step.want {
			if !strings.Contains(body, w) {
				t.Errorf("after %s hours: page lacks %q", step.hours, w)
			}
		}
		for _, a := range step.avoid {
			if strings.Contains(body, a) {
				t.Errorf("after %s hours: page shows %q", step.hours, a)
			}
		}
		checkAccessible(t, path, body)
	}
	if got := e.stored(t, c.ID); got.HoursSpent != 50 {
		t.Errorf("hours spent %v, want 50", got.HoursSpent)
	}
}
