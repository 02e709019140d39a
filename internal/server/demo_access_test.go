package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"regiepool/internal/demo"
	"regiepool/internal/pgtest"
)

// TestDemoAccess replays the probe of the landed service on the demo data:
// begeleider@ reached the members of begeleider2@ (the ninth member's
// pre-selection, the eighth's capacity), dispatchers read the reason of leave
// and every regisseur record, nominees and rejected candidates included.
func TestDemoAccess(t *testing.T) {
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	token := func(email string) []string {
		var id int64
		if err := db.Get(&id, `SELECT id FROM app_user WHERE email = $1`, email); err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, id), "Content-Type", "application/json"}
	}
	// The members and regisseurs in the order the demo nominates them.
	var members, regs []int64
	if err := db.Select(&members, `SELECT id FROM pool_membership ORDER BY id`); err != nil || len(members) != 10 {
		t.Fatalf("demo members %v: %v", members, err)
	}
	if err := db.Select(&regs, `SELECT regisseur_id FROM pool_membership ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	coach, coach2 := token("begeleider@regiepool.test"), token("begeleider2@regiepool.test")
	disp, disp2 := token("werkverdeler@regiepool.test"), token("werkverdeler2@regiepool.test")
	paused, rejected := members[8], regs[9] // sick leave; a rejected candidate

	for _, tt := range []struct {
		name, method, path, body string
		hdr                      []string
		want                     int
	}{
		{"begeleider@ reads a pre-selection of begeleider2@", "GET", fmt.Sprintf("/api/v1/pool-members/%d/pre-selection", paused), "", coach, 404},
		{"begeleider@ reads a member of begeleider2@", "GET", fmt.Sprintf("/api/v1/pool-members/%d", paused), "", coach, 404},
		{"begeleider@ sets the capacity of a member of begeleider2@", "PATCH", fmt.Sprintf("/api/v1/pool-members/%d", members[7]), `{"maxCases":1}`, coach, 404},
		{"begeleider@ pauses a member of begeleider2@", "POST", fmt.Sprintf("/api/v1/pool-members/%d/transitions", members[7]), `{"to":"paused","reason":"x"}`, coach, 404},
		{"begeleider2@ reads the pre-selection of their own", "GET", fmt.Sprintf("/api/v1/pool-members/%d/pre-selection", paused), "", coach2, 200},
		{"begeleider@ sets the capacity of their own", "PATCH", fmt.Sprintf("/api/v1/pool-members/%d", members[0]), `{}`, coach, 200},
		{"werkverdeler@ reads a rejected candidate", "GET", fmt.Sprintf("/api/v1/regisseurs/%d", rejected), "", disp, 404},
		{"werkverdeler2@ reads the paused member", "GET", fmt.Sprintf("/api/v1/regisseurs/%d", regs[8]), "", disp2, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := snapshot(t, db)
			res, body := do(t, tt.method, srv.URL+tt.path, tt.body, tt.hdr...)
			if res.StatusCode != tt.want {
				t.Fatalf("got %d %s, want %d", res.StatusCode, body, tt.want)
			}
			if tt.want == http.StatusNotFound && snapshot(t, db) != before {
				t.Error("the database changed")
			}
		})
	}

	t.Run("regisseur@'s who-read list shows their coach and an admin", func(t *testing.T) {
		res, body := do(t, "GET", srv.URL+"/api/v1/me/audit-events", "", token("regisseur@regiepool.test")...)
		if res.StatusCode != 200 {
			t.Fatalf("%d %s", res.StatusCode, body)
		}
		for _, want := range []string{`"role":"coach"`, `"role":"admin"`, `"action":"read"`} {
			if !strings.Contains(string(body), want) {
				t.Errorf("the demo's who-read list lacks %s: %s", want, body)
			}
		}
	})

	t.Run("the reason of the pause", func(t *testing.T) {
		for _, tt := range []struct {
			who  string
			hdr  []string
			want bool
		}{{"werkverdeler2@", disp2, false}, {"begeleider2@", coach2, true}} {
			res, body := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/pool-members/%d", paused), "", tt.hdr...)
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d %s", tt.who, res.StatusCode, body)
			}
			if got := strings.Contains(string(body), "Ziekteverlof"); got != tt.want {
				t.Errorf("%s sees the reason: %v, want %v", tt.who, got, tt.want)
			}
		}
	})

	t.Run("lists", func(t *testing.T) {
		for _, tt := range []struct {
			who, path string
			hdr       []string
			want      string
		}{
			{"begeleider@", "/api/v1/pool-members", coach, `"count":5`},
			{"begeleider2@", "/api/v1/pool-members", coach2, `"count":5`},
			{"werkverdeler@", "/api/v1/regisseurs?pageSize=100", disp, fmt.Sprintf(`"id":%d,`, regs[0])},
		} {
			res, body := do(t, "GET", srv.URL+tt.path, "", tt.hdr...)
			if res.StatusCode != 200 || !strings.Contains(string(body), tt.want) {
				t.Errorf("%s %s: %d %s, want %s", tt.who, tt.path, res.StatusCode, body, tt.want)
			}
		}
		res, body := do(t, "GET", srv.URL+"/api/v1/regisseurs?pageSize=100", "", disp...)
		if res.StatusCode != 200 || strings.Contains(string(body), fmt.Sprintf(`"id":%d,`, rejected)) {
			t.Errorf("werkverdeler@ lists a rejected candidate: %d %s", res.StatusCode, body)
		}
	})
}
