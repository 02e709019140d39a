package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestVoice_APIMailsLinks: POST /cases/{id}/questionnaires with emails per
// kind of respondent mails those links through the outbox (the address in
// the outbox row and nowhere else) and shows only the others; a bad
// address is a 400 naming the field, and then no link is issued and no
// mail written.
func TestVoice_APIMailsLinks(t *testing.T) {
	e := newRuleEnv(t)
	today := time.Now().Format("2006-01-02")
	path := fmt.Sprintf("/api/v1/cases/%d/questionnaires", e.open)
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := e.db.Get(&n, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	invites := func() int {
		return count(`SELECT count(*) FROM case_questionnaire_invite WHERE case_id = $1`, e.open)
	}

	for _, tt := range []struct{ name, respondents, field string }{
		{"bad address", `[{"kind":"parent","count":2,"emails":["goed@voorbeeld.nl","geen adres"]}]`, "respondents[0].emails[1]"},
		{"bad address of the second kind", `[{"kind":"parent","count":1,"emails":["goed@voorbeeld.nl"]},{"kind":"party","count":1,"emails":["@"]}]`, "respondents[1].emails[0]"},
		{"too long", `[{"kind":"parent","count":2,"emails":["goed@voorbeeld.nl","` + strings.Repeat("a", 250) + `@voorbeeld.nl"]}]`, "respondents[0].emails[1]"},
		{"more addresses than links", `[{"kind":"party","count":1,"emails":["goed@voorbeeld.nl","ook@voorbeeld.nl"]}]`, "respondents[0].emails[1]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := invites()
			status, body := e.send(t, "regisseur", "POST", path, fmt.Sprintf(`{"moment":"evaluation","momentDate":%q,"respondents":%s}`, today, tt.respondents))
			if status != http.StatusBadRequest || !strings.Contains(body, `"name":"`+tt.field+`"`) {
				t.Errorf("%d %s, want 400 naming %s", status, body, tt.field)
			}
			if n := count(`SELECT count(*) FROM outbox_message WHERE to_address = 'goed@voorbeeld.nl'`); n != 0 {
				t.Errorf("%d mails written on a bad request", n)
			}
			if n := invites(); n != before {
				t.Errorf("%d links issued on a bad request", n-before)
			}
		})
	}

	before := invites()
	status, body := e.send(t, "regisseur", "POST", path, fmt.Sprintf(`{"moment":"evaluation","momentDate":%q,"respondents":[`+
		`{"kind":"parent","count":2,"emails":[" Ouder@Voorbeeld.nl "]},{"kind":"party","count":1,"emails":["partij@voorbeeld.nl"]}]}`, today))
	if status != http.StatusCreated {
		t.Fatalf("issue with addresses: %d %s", status, body)
	}
	var issued struct {
		Mailed int `json:"mailed"`
		Links  []struct {
			RespondentKind string `json:"respondentKind"`
		} `json:"links"`
	}
	if err := json.Unmarshal([]byte(body), &issued); err != nil || issued.Mailed != 2 || len(issued.Links) != 1 || issued.Links[0].RespondentKind != "parent" {
		t.Fatalf("want the one unmailed parent's link shown and two mailed: %s (%v)", body, err)
	}
	if n := invites() - before; n != 3 {
		t.Errorf("%d links issued, want 3", n)
	}
	link := regexp.MustCompile(`/vragenlijst/(rpq_[A-Za-z0-9_-]+)`)
	for _, addr := range []string{"Ouder@Voorbeeld.nl", "partij@voorbeeld.nl"} {
		var text string
		if err := e.db.Get(&text, `SELECT body_text FROM outbox_message WHERE kind = 'questionnaire' AND to_address = $1`, addr); err != nil {
			t.Fatalf("no mail to %s: %v", addr, err)
		}
		m := link.FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("the mail to %s carries no link:\n%s", addr, text)
		}
		if addr == "partij@voorbeeld.nl" {
			if s, _ := e.send(t, "anon", "POST", "/vragenlijst/"+m[1], url.Values{"collaboration": {"4"}}.Encode()); s != http.StatusOK {
				t.Errorf("answer through the mailed link: %d", s)
			}
		}
		// The address lives in the outbox row only: no other table holds it.
		var tables []string
		if err := e.db.Select(&tables, `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'outbox_message' ORDER BY 1`); err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			if n := count(fmt.Sprintf(`SELECT count(*) FROM %q x WHERE lower(x::text) LIKE '%%' || lower($1) || '%%'`, tb), addr); n != 0 {
				t.Errorf("%s holds %s in %d rows", tb, addr, n)
			}
		}
	}
}
