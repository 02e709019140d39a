package server_test

import (
	"fmt"
	"testing"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestNoErrorAfterCommit: a write that answers with the record reads it
// back in its own transaction, so an error answer means nothing was
// written. The database is made to fail every audited read of a case (a
// trigger refuses the audit row): before, the case was created, assigned,
// handed over or closed and the client got a 500 anyway.
func TestNoErrorAfterCommit(t *testing.T) {
	srv, db := newServer(t)
	mun, org := pgtest.MustCreateMunicipality(t, db), pgtest.MustCreateOrganisation(t, db)
	u := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	hdr := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, u.ID), "Content-Type", "application/json"}
	regs := []int64{
		pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 40).ID,
		pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 3, 40).ID,
	}
	intake := func(ref string) string {
		return fmt.Sprintf(`{"reference":%q,"municipalityId":%d,"parentsStruggle":true,"highRisk":true,"safetyRisk":"high","lifeDomains":["veiligheid"]}`, ref, mun.ID)
	}
	res, body := do(t, "POST", srv.URL+"/api/v1/cases", intake("Z-1"), hdr...)
	if res.StatusCode != 201 {
		t.Fatalf("intake: %d %s", res.StatusCode, body)
	}
	var caseID int64
	if err := db.Get(&caseID, `SELECT id FROM complex_case WHERE reference = 'Z-1'`); err != nil {
		t.Fatal(err)
	}
	failReads := func(on bool) {
		t.Helper()
		q := `DROP TRIGGER IF EXISTS fail_case_read ON audit_event`
		if on {
			q = `CREATE OR REPLACE FUNCTION fail_case_read() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
				CREATE TRIGGER fail_case_read BEFORE INSERT ON audit_event FOR EACH ROW
				WHEN (NEW.action = 'read' AND NEW.record_type = 'case') EXECUTE FUNCTION fail_case_read()`
		}
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	state := func() (n int, status string, regisseur int64) {
		t.Helper()
		if err := db.Get(&n, `SELECT count(*) FROM complex_case WHERE reference = 'Z-2'`); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow(`SELECT c.status, COALESCE(a.regisseur_id, 0) FROM complex_case c
			LEFT JOIN assignment a ON a.case_id = c.id AND a.ended_at IS NULL WHERE c.id = $1`, caseID).Scan(&status, &regisseur); err != nil {
			t.Fatal(err)
		}
		return n, status, regisseur
	}
	path := fmt.Sprintf("%s/api/v1/cases/%d", srv.URL, caseID)
	for _, tt := range []struct {
		name, url, body string
		setup           func()
	}{
		{"intake", srv.URL + "/api/v1/cases", intake("Z-2"), nil},
		{"assignment", path + "/assignments", fmt.Sprintf(`{"regisseurId":%d}`, regs[0]), nil},
		{"handover", path + "/handovers", fmt.Sprintf(`{"regisseurId":%d,"reason":"Verhuisd"}`, regs[1]), func() {
			if res, body := do(t, "POST", path+"/assignments", fmt.Sprintf(`{"regisseurId":%d}`, regs[0]), hdr...); res.StatusCode != 201 {
				t.Fatalf("assign: %d %s", res.StatusCode, body)
			}
		}},
		{"closure", path + "/closure", `{"reason":"own_regie","endConversation":{"held":false},"finalCheck":{"helpWorks":true,"familyDirectsOwnLife":true}}`, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if tt.setup != nil {
				tt.setup()
			}
			before1, before2, before3 := state()
			failReads(true)
			res, body := do(t, "POST", tt.url, tt.body, hdr...)
			failReads(false)
			if res.StatusCode != 500 {
				t.Fatalf("status %d, want 500 from the injected failure: %s", res.StatusCode, body)
			}
			if n, status, reg := state(); n != before1 || status != before2 || reg != before3 {
				t.Errorf("after a 500: %d new cases, status %s, regisseur %d; want nothing changed (%d, %s, %d)", n, status, reg, before1, before2, before3)
			}
		})
	}
}
