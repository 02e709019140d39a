package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestIdempotencyKey: a POST repeated with the same Idempotency-Key creates
// one record and answers the same each time; the key with another request
// is 422; a refused first attempt leaves the key free; keys are per user and
// expire; concurrent duplicates create one record.
func TestIdempotencyKey(t *testing.T) {
	srv, db := newServer(t)
	mun, org := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateOrganisation(t, db)
	reg := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 5, 40)
	auth := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, pgtest.MustCreateUser(t, db, u).ID), "Content-Type", "application/json"}
	}
	coach := auth(domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	coach2 := auth(domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	disp := auth(domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	admin := auth(domain.User{Roles: []domain.Role{domain.RoleAdmin}})
	self := auth(domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID})
	count := func(table string) int {
		t.Helper()
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM `+table); err != nil {
			t.Fatal(err)
		}
		return n
	}
	post := func(path, body, key string, hdr []string) (*http.Response, []byte) {
		t.Helper()
		return do(t, "POST", srv.URL+path, body, append(hdr, "Idempotency-Key", key)...)
	}
	today := time.Now().Format("2006-01-02")
	session := fmt.Sprintf(`{"heldOn":%q,"durationMinutes":90,"form":"intervisie","attendees":[%d]}`, today, reg.ID)
	var caseID int64

	for _, tt := range []struct {
		name, path, body, table string
		hdr                     []string
	}{
		{"intervisie session", "/api/v1/intervisie-sessions", session, "intervisie_session", coach},
		{"case", "/api/v1/cases", fmt.Sprintf(`{"reference":"Z-9","municipalityId":%d,"safetyRisk":"low","definitionReason":"Toets"}`, mun.ID), "complex_case", disp},
		{"municipality", "/api/v1/municipalities", `{"code":"GM0999","name":"Nieuwegem"}`, "municipality", admin},
		{"organisation", "/api/v1/organisations", `{"name":"Nieuwe organisatie"}`, "organisation", admin},
		{"user", "/api/v1/users", `{"email":"nieuw@example.nl","name":"Nieuw","roles":["monitor"]}`, "app_user", admin},
		{"reflection", fmt.Sprintf("/api/v1/regisseurs/%d/reflections", reg.ID), fmt.Sprintf(`{"writtenOn":%q,"competencyKey":"zelfkennis","body":"Geleerd"}`, today), "reflection", self},
		{"feedback round", fmt.Sprintf("/api/v1/regisseurs/%d/feedback-rounds", reg.ID), fmt.Sprintf(`{"deadline":%q,"raters":[{"group":"family"}]}`, time.Now().AddDate(0, 0, 14).Format("2006-01-02")), "feedback_round", coach},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := count(tt.table)
			key := "k-" + strings.ReplaceAll(tt.name, " ", "-")
			res1, body1 := post(tt.path, tt.body, key, tt.hdr)
			if res1.StatusCode != 201 {
				t.Fatalf("first: %d %s", res1.StatusCode, body1)
			}
			res2, body2 := post(tt.path, tt.body, key, tt.hdr)
			if res2.StatusCode != 201 || !bytes.Equal(body1, body2) || res2.Header.Get("Location") != res1.Header.Get("Location") ||
				res2.Header.Get("Idempotent-Replayed") != "true" {
				t.Errorf("retry: %d %s (Location %q, replayed %q); want the first answer %s",
					res2.StatusCode, body2, res2.Header.Get("Location"), res2.Header.Get("Idempotent-Replayed"), body1)
			}
			if got := count(tt.table); got != before+1 {
				t.Errorf("%d new rows in %s, want 1", got-before, tt.table)
			}
			if tt.table == "complex_case" {
				fmt.Sscanf(string(body1), `{"id":%d`, &caseID)
			}
		})
	}

	t.Run("answers are stored sealed", func(t *testing.T) {
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM idempotency_key WHERE position('beoordelen'::bytea IN body) > 0 OR position('Geleerd'::bytea IN body) > 0`); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d stored answers hold a rater link or a reflection in the clear", n)
		}
	})

	t.Run("assignment and case event", func(t *testing.T) {
		for i := 0; i < 2; i++ {
			if res, body := post(fmt.Sprintf("/api/v1/cases/%d/assignments", caseID), fmt.Sprintf(`{"regisseurId":%d}`, reg.ID), "assign-1", disp); res.StatusCode != 201 {
				t.Fatalf("assign %d: %d %s (a retry must not answer 409 case_taken)", i, res.StatusCode, body)
			}
			if res, body := post(fmt.Sprintf("/api/v1/cases/%d/events", caseID), fmt.Sprintf(`{"kind":"hours","occurredOn":%q,"hours":2}`, today), "hours-1", disp); res.StatusCode != 201 {
				t.Fatalf("event %d: %d %s", i, res.StatusCode, body)
			}
		}
		if n := count("case_event"); n != 1 {
			t.Errorf("%d events, want 1", n)
		}
	})

	t.Run("same key, another request", func(t *testing.T) {
		res, body := post("/api/v1/intervisie-sessions", strings.Replace(session, "90", "60", 1), "k-intervisie-session", coach)
		if p := decodeProblem(t, res, body); res.StatusCode != 422 || !strings.Contains(string(body), "idempotency_key_reused") {
			t.Errorf("another body: %d %+v", res.StatusCode, p)
		}
		res, body = post("/api/v1/municipalities", `{"code":"GM0998","name":"Andergem"}`, "k-intervisie-session", coach)
		if res.StatusCode != 422 {
			t.Errorf("another path: %d %s", res.StatusCode, body)
		}
	})

	t.Run("keys are per user", func(t *testing.T) {
		before := count("intervisie_session")
		if res, body := post("/api/v1/intervisie-sessions", session, "k-intervisie-session", coach2); res.StatusCode != 201 || res.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("another coach, same key: %d %s", res.StatusCode, body)
		}
		if got := count("intervisie_session"); got != before+1 {
			t.Errorf("another user's key replayed: %d new sessions", got-before)
		}
	})

	t.Run("a refused attempt leaves the key free", func(t *testing.T) {
		bad := fmt.Sprintf(`{"heldOn":%q,"durationMinutes":5,"form":"intervisie","attendees":[%d]}`, today, reg.ID)
		if res, _ := post("/api/v1/intervisie-sessions", bad, "k-fix", coach); res.StatusCode != 400 {
			t.Fatalf("bad session: %d", res.StatusCode)
		}
		if res, body := post("/api/v1/intervisie-sessions", bad, "k-fix", coach); res.StatusCode != 400 || res.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("the same bad request again: %d %s, want 400 afresh", res.StatusCode, body)
		}
	})

	t.Run("keys expire", func(t *testing.T) {
		before := count("intervisie_session")
		if _, err := db.Exec(`UPDATE idempotency_key SET created_at = now() - $1::interval`, (domain.IdempotencyKeyTTL + time.Minute).String()); err != nil {
			t.Fatal(err)
		}
		if res, body := post("/api/v1/intervisie-sessions", session, "k-intervisie-session", coach); res.StatusCode != 201 || res.Header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("expired key: %d %s", res.StatusCode, body)
		}
		if got := count("intervisie_session"); got != before+1 {
			t.Errorf("%d new sessions after the key expired, want 1", got-before)
		}
		if n := count("idempotency_key WHERE created_at < now() - interval '1 day'"); n != 0 {
			t.Errorf("%d expired keys kept", n)
		}
	})

	t.Run("malformed key", func(t *testing.T) {
		for _, key := range []string{"met spatie", strings.Repeat("k", 256)} {
			res, body := post("/api/v1/intervisie-sessions", session, key, coach)
			if p := decodeProblem(t, res, body); res.StatusCode != 400 || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "Idempotency-Key" {
				t.Errorf("key %.20q: %d %+v", key, res.StatusCode, p)
			}
		}
	})

	t.Run("concurrent duplicates", func(t *testing.T) {
		before := count("intervisie_session")
		body := strings.Replace(session, "90", "120", 1)
		var wg sync.WaitGroup
		statuses := make([]int, 12)
		bodies := make([][]byte, 12)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", srv.URL+"/api/v1/intervisie-sessions", strings.NewReader(body))
				for j := 0; j+1 < len(coach); j += 2 {
					req.Header.Set(coach[j], coach[j+1])
				}
				req.Header.Set("Idempotency-Key", "k-race")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				defer res.Body.Close()
				var buf bytes.Buffer
				buf.ReadFrom(res.Body)
				statuses[i], bodies[i] = res.StatusCode, buf.Bytes()
			}()
		}
		wg.Wait()
		var created []byte
		for i, s := range statuses {
			switch {
			case s == 201 && created == nil:
				created = bodies[i]
			case s == 201 && !bytes.Equal(bodies[i], created):
				t.Errorf("two different answers: %s and %s", created, bodies[i])
			case s != 201 && s != 409:
				t.Errorf("status %d: %s", s, bodies[i])
			}
		}
		if got := count("intervisie_session"); got != before+1 {
			t.Errorf("%d sessions from 12 concurrent duplicates, want 1", got-before)
		}
	})
}
