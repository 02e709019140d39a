package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// ruleEnv is the matrix's users with records set up for the rules: a
// waiting case with a pool member to rank in the dispatcher's municipality,
// and cases the matrix's regisseur directs, handed over, or directed until
// it was closed.
type ruleEnv struct {
	*matrixEnv
	waiting, open, handedOver, closed int64
}

func newRuleEnv(t *testing.T) *ruleEnv {
	t.Helper()
	e := &ruleEnv{matrixEnv: newMatrixEnv(t)}
	mun, reg := e.ids["/api/v1/municipalities"], e.ids["/api/v1/regisseurs"]
	org := e.ids["/api/v1/organisations"]
	pgtest.MustCreateActiveMember(t, e.db, pgtest.MustCreateOrganisation(t, e.db).ID, []int64{mun}, 2, 16)
	other := pgtest.MustCreateRegisseur(t, e.db, org).ID
	newCase := func(ref string) int64 {
		c := domain.Case{Reference: ref, MunicipalityID: mun, ParentsStruggle: true, HighRisk: true, SafetyRisk: domain.RiskHigh,
			LeansOn: []string{"daadkrachtig"}}
		if err := e.db.CreateCase(pgtest.SystemCtx(), &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	// The assignments are written directly: the matrix's regisseur is not a
	// pool member, and the rules are about the log, not about assigning.
	exec := func(q string, args ...any) {
		if _, err := e.db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	e.waiting = newCase("R-9001")
	e.open, e.handedOver, e.closed = newCase("R-9002"), newCase("R-9003"), newCase("R-9004")
	exec(`INSERT INTO assignment (case_id, regisseur_id) VALUES ($1, $2)`, e.open, reg)
	exec(`INSERT INTO assignment (case_id, regisseur_id, ended_at, end_reason, handover_reason) VALUES ($1, $2, now(), 'handover', 'Verlof')`, e.handedOver, reg)
	exec(`INSERT INTO assignment (case_id, regisseur_id) VALUES ($1, $2)`, e.handedOver, other)
	exec(`INSERT INTO assignment (case_id, regisseur_id, ended_at, end_reason) VALUES ($1, $2, now(), 'closed')`, e.closed, reg)
	exec(`UPDATE complex_case SET status = 'assigned' WHERE id = ANY($1)`, int64Array(e.open, e.handedOver))
	exec(`UPDATE complex_case SET status = 'closed', close_reason = 'other', closed_at = now() WHERE id = $1`, e.closed)
	return e
}

func int64Array(ids ...int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return "{" + strings.Join(s, ",") + "}"
}

// send sends one request as role: JSON with the bearer token under /api/,
// else a form with the session cookie. It returns the status and the body,
// or for a redirect its location.
func (e *ruleEnv) send(t *testing.T, role, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Content-Type", "application/json")
		if role != "anon" {
			req.Header.Set("Authorization", "Bearer "+e.tokens[role])
		}
	} else {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if role != "anon" {
			req.AddCookie(&http.Cookie{Name: auth.SessionCookieName(false), Value: e.cookies[role]})
		}
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode == http.StatusSeeOther {
		return res.StatusCode, res.Header.Get("Location")
	}
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// logs posts an event to the log of case id, through the API or the form,
// and reports whether it was recorded.
func (e *ruleEnv) logs(t *testing.T, role string, api bool, id int64, kind string) bool {
	t.Helper()
	today := time.Now().Format("2006-01-02")
	reason := "De datum van het overleg was een week eerder."
	if api {
		body := fmt.Sprintf(`{"kind":%q,"occurredOn":%q,"hours":1}`, kind, today)
		if kind == domain.EventCorrection {
			body = fmt.Sprintf(`{"kind":%q,"occurredOn":%q,"reason":%q}`, kind, today, reason)
		}
		status, _ := e.send(t, role, "POST", fmt.Sprintf("/api/v1/cases/%d/events", id), body)
		return status == http.StatusCreated
	}
	form := url.Values{"kind": {kind}, "occurredOn": {today}, "hours": {"1"}, "reason": {reason}}
	status, location := e.send(t, role, "POST", fmt.Sprintf("/casussen/%d/logboek", id), form.Encode())
	return status == http.StatusSeeOther && strings.Contains(location, "opgeslagen=1")
}

// ruleChecks check the rule rows of testdata/authz.txt: each reports
// whether role saw or did what the rule names.
var ruleChecks = map[string]func(t *testing.T, e *ruleEnv, role string) bool{
	"GET /api/v1/cases/:id/candidates[scores]": func(t *testing.T, e *ruleEnv, role string) bool {
		status, body := e.send(t, role, "GET", fmt.Sprintf("/api/v1/cases/%d/candidates", e.waiting), "")
		return status == http.StatusOK && strings.Contains(body, `"score":`)
	},
	"POST /api/v1/assignment-proposals[scores]": func(t *testing.T, e *ruleEnv, role string) bool {
		status, body := e.send(t, role, "POST", "/api/v1/assignment-proposals", "{}")
		return status == http.StatusOK && strings.Contains(body, `"total":`)
	},
	"GET /casussen/:id[scores]": func(t *testing.T, e *ruleEnv, role string) bool {
		status, body := e.send(t, role, "GET", fmt.Sprintf("/casussen/%d", e.waiting), "")
		return status == http.StatusOK && strings.Contains(body, ">Score<")
	},
	"GET /casussen/voorstel[scores]": func(t *testing.T, e *ruleEnv, role string) bool {
		status, body := e.send(t, role, "GET", "/casussen/voorstel", "")
		return status == http.StatusOK && strings.Contains(body, "Totale passing")
	},
	"POST /api/v1/cases/:id/events[open]": func(t *testing.T, e *ruleEnv, role string) bool {
		return e.logs(t, role, true, e.open, domain.EventHours)
	},
	"POST /api/v1/cases/:id/events[handed-over]": func(t *testing.T, e *ruleEnv, role string) bool {
		return e.logs(t, role, true, e.handedOver, domain.EventHours)
	},
	"POST /api/v1/cases/:id/events[closed]": func(t *testing.T, e *ruleEnv, role string) bool {
		return e.logs(t, role, true, e.closed, domain.EventHours)
	},
	"POST /api/v1/cases/:id/events[correction]": func(t *testing.T, e *ruleEnv, role string) bool {
		return e.logs(t, role, true, e.closed, domain.EventCorrection)
	},
	"POST /casussen/:id/logboek[open]": func(t *testing.T, e *ruleEnv, role string) bool {
		return e.logs(t, role, false, e.open, domain.EventHours)
	},
	"POST /casussen/:id/logboek[handed-over]": func(t *testing.T, e *ruleEnv, role string) bool {
		return e.logs(t, role, false, e.handedOver, domain.EventHours)
	},
	"POST /casussen/:id/logboek[closed]": func(t *testing.T, e *ruleEnv, role string) bool {
		return e.logs(t, role, false, e.closed, domain.EventHours)
	},
	"POST /casussen/:id/logboek[correction]": func(t *testing.T, e *ruleEnv, role string) bool {
		return e.logs(t, role, false, e.closed, domain.EventCorrection)
	},
}

// TestAccessRules checks every record and field rule of testdata/authz.txt
// for every role. It fails when a rule has no check, a check has no rule, or
// any outcome differs.
func TestAccessRules(t *testing.T) {
	e := newRuleEnv(t)
	rows := readMatrixRows(t, true)
	keys := make([]string, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
		if ruleChecks[k] == nil {
			t.Errorf("testdata/authz.txt names a rule without a check in ruleChecks: %s", k)
		}
	}
	for k := range ruleChecks {
		if _, ok := rows[k]; !ok {
			t.Errorf("ruleChecks checks a rule testdata/authz.txt does not name: %s", k)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		check := ruleChecks[key]
		if check == nil {
			continue
		}
		for _, role := range matrixRoles {
			want := rows[key].want[role] == "allow"
			if got := check(t, e, role); got != want {
				t.Errorf("%s as %s: allowed=%v, want %s", key, role, got, rows[key].want[role])
			}
		}
	}
}
