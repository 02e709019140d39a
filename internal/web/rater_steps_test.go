package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestExternalFormInSteps: a partner answers one competency per step;
// each step is saved as a draft on the server, so coming back to the same
// link resumes where they stopped with their answers and progress; an
// error on a step keeps what was typed and saves nothing; the last step
// lists what is still open and sends once.
func TestExternalFormInSteps(t *testing.T) {
	e := newAssessEnv(t)
	_, links, err := e.db.OpenFeedbackRound(pgtest.SystemCtx(), e.reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{{Group: "partner"}})
	if err != nil {
		t.Fatal(err)
	}
	link := "/beoordelen/" + links[0].Token
	items := e.ins.Items()
	total := len(items)
	res := e.do(t, "", "GET", link, nil)
	if res.status != http.StatusOK || !strings.Contains(res.body, fmt.Sprintf("0 van %d vragen beantwoord", total)) ||
		!strings.Contains(res.body, `name="stap" value="1"`) || !strings.Contains(res.body, "Opslaan en verder") {
		t.Fatalf("first step: %d\n%s", res.status, res.body)
	}
	checkAccessible(t, "step 1", res.body)
	if n := strings.Count(res.body, "<fieldset"); n != 1 {
		t.Errorf("step 1 has %d questions, want 1 (one competency per step)", n)
	}
	k0, k1 := items[0].Key, items[1].Key
	res = e.do(t, "", "POST", link, url.Values{"stap": {"1"}, "actie": {"volgende"}, "answers." + k0: {"3"}, "answers." + k0 + ".comment": {"in het overleg"}})
	if res.status != http.StatusSeeOther || res.location != link+"?stap=2" {
		t.Fatalf("save step 1: %d %q", res.status, res.location)
	}
	// A comment without an answer: 400, the comment kept, nothing saved.
	res = e.do(t, "", "POST", link, url.Values{"stap": {"2"}, "actie": {"volgende"}, "answers." + k1 + ".comment": {"weet ik nog niet"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "weet ik nog niet") || !strings.Contains(res.body, `href="#antwoord-`+k1) {
		t.Fatalf("comment without an answer: %d\n%s", res.status, res.body)
	}
	// Coming back to the link: step 2, one answered.
	res = e.do(t, "", "GET", link, nil)
	if !strings.Contains(res.body, `name="stap" value="2"`) || !strings.Contains(res.body, fmt.Sprintf("1 van %d vragen beantwoord", total)) {
		t.Fatalf("resume: not on step 2 with 1 answered\n%s", res.body)
	}
	res = e.do(t, "", "GET", link+"?stap=1", nil)
	if !checkedTag("antwoord-"+k0+"-3").MatchString(res.body) || !strings.Contains(res.body, "in het overleg") {
		t.Error("step 1 does not show the saved answer and comment")
	}
	// "Vorige" saves and goes back; "Opslaan en later verder" says so.
	res = e.do(t, "", "POST", link, url.Values{"stap": {"2"}, "actie": {"vorige"}, "answers." + k1: {"na"}})
	if res.status != http.StatusSeeOther || res.location != link+"?stap=1" {
		t.Fatalf("back: %d %q", res.status, res.location)
	}
	res = e.do(t, "", "POST", link, url.Values{"stap": {"2"}, "actie": {"opslaan"}, "answers." + k1: {"4"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("save for later: %d", res.status)
	}
	if res = e.do(t, "", "GET", res.location, nil); !strings.Contains(res.body, "later verder gaan via dezelfde link") {
		t.Error("no notice after 'Opslaan en later verder'")
	}
	// The summary lists the open items, linked to their steps; sending
	// them incomplete is refused.
	summary := link + "?stap=99"
	if res = e.do(t, "", "GET", summary, nil); !strings.Contains(res.body, `name="stap" value="3"`) {
		t.Errorf("an unknown step does not fall back to where the rater was")
	}
	last := 0
	for n := 1; n < 40; n++ {
		if r := e.do(t, "", "GET", link+"?stap="+strconv.Itoa(n), nil); strings.Contains(r.body, "Controleren en versturen") {
			last = n
			break
		}
	}
	if last == 0 {
		t.Fatal("no summary step")
	}
	res = e.do(t, "", "GET", link+"?stap="+strconv.Itoa(last), nil)
	if !strings.Contains(res.body, "stap=3#vraag-"+items[2].Key) || strings.Contains(res.body, "#vraag-"+k0+`"`) {
		t.Errorf("summary does not list exactly the open items\n%s", res.body)
	}
	checkAccessible(t, "summary", res.body)
	res = e.do(t, "", "POST", link, url.Values{"stap": {strconv.Itoa(last)}, "actie": {"indienen"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "app-error-summary") {
		t.Fatalf("incomplete send: %d", res.status)
	}
	// Answer the rest step by step, then send.
	for n := 3; n < last; n++ {
		v := url.Values{"stap": {strconv.Itoa(n)}, "actie": {"volgende"}}
		for _, it := range items {
			v.Set("answers."+it.Key, "4")
		}
		if r := e.do(t, "", "POST", link, v); r.status != http.StatusSeeOther {
			t.Fatalf("step %d: %d", n, r.status)
		}
	}
	if res = e.do(t, "", "GET", link, nil); !strings.Contains(res.body, fmt.Sprintf("%d van %d vragen beantwoord", total, total)) {
		t.Fatalf("all answered: no full progress\n%s", res.body)
	}
	res = e.do(t, "", "POST", link, url.Values{"stap": {strconv.Itoa(last)}, "actie": {"indienen"}})
	if res.status != http.StatusOK || !strings.Contains(res.body, "Bedankt!") {
		t.Fatalf("send: %d\n%s", res.status, res.body)
	}
	var drafts int
	if err := e.db.Get(&drafts, `SELECT count(*) FROM feedback_draft`); err != nil || drafts != 0 {
		t.Errorf("%d draft rows after sending (%v)", drafts, err)
	}
	if res = e.do(t, "", "GET", link, nil); res.status != http.StatusGone {
		t.Errorf("link after sending: %d, want 410", res.status)
	}
}

// TestInternalFormInSteps: a rater with an account gets the same steps and
// progress; each step merges into their draft, and the last step sends it.
func TestInternalFormInSteps(t *testing.T) {
	e := newAssessEnv(t)
	peer := e.peer.ID
	if _, _, err := e.db.OpenFeedbackRound(pgtest.SystemCtx(), e.reg.ID, time.Now().AddDate(0, 0, 7), []domain.NewRater{{Group: "peer", UserID: &peer}}); err != nil {
		t.Fatal(err)
	}
	list := e.do(t, e.peerCookie, "GET", "/feedback", nil).body
	req := mustMatch(t, regexp.MustCompile(`href="(/feedback/[0-9]+)"`), list, "request")
	items := e.ins.Items()
	res := e.do(t, e.peerCookie, "GET", req, nil)
	if !strings.Contains(res.body, fmt.Sprintf("0 van %d vragen beantwoord", len(items))) || strings.Count(res.body, "<fieldset") != 1 {
		t.Fatalf("internal form: no steps\n%s", res.body)
	}
	for n := 1; n <= 2; n++ {
		v := url.Values{"stap": {strconv.Itoa(n)}, "actie": {"volgende"}, "answers." + items[n-1].Key: {"4"}}
		if res = e.do(t, e.peerCookie, "POST", req, v); res.status != http.StatusSeeOther || res.location != req+"?stap="+strconv.Itoa(n+1) {
			t.Fatalf("step %d: %d %q", n, res.status, res.location)
		}
	}
	if res = e.do(t, e.peerCookie, "GET", req, nil); !strings.Contains(res.body, fmt.Sprintf("2 van %d vragen beantwoord", len(items))) ||
		!strings.Contains(res.body, `name="stap" value="3"`) {
		t.Fatalf("resume: not on step 3 with 2 answered\n%s", res.body)
	}
	// Answer the rest in one post of the whole form as a draft, then send
	// from the last step.
	v := e.answers(false, "3")
	v.Set("actie", "opslaan")
	if res = e.do(t, e.peerCookie, "POST", req, v); res.status != http.StatusSeeOther {
		t.Fatalf("whole-form draft: %d", res.status)
	}
	last := e.do(t, e.peerCookie, "GET", req, nil).body
	step := mustMatch(t, regexp.MustCompile(`name="stap" value="([0-9]+)"`), last, "summary step")
	if !strings.Contains(last, "U heeft alle") {
		t.Fatalf("not on the summary after answering everything\n%s", last)
	}
	if res = e.do(t, e.peerCookie, "POST", req, url.Values{"stap": {step}, "actie": {"indienen"}}); res.status != http.StatusSeeOther || res.location != "/feedback?verzonden=1" {
		t.Fatalf("send: %d %q", res.status, res.location)
	}
}
