package server_test

import (
	"testing"

	"github.com/lib/pq"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
	"regiepool/internal/postgres"
)

// scaleKind is the kind of instance the scale tests and benchmarks seed.
type scaleKind int

const (
	// plentiful: every member has 4 slots and 40 hours a week, so all
	// cases fit twice over and only competencies and independence decide.
	plentiful scaleKind = iota
	// scarce: members have 1 or 2 slots and 2 to 8 hours a week, so there
	// are fewer places than cases and hours bind for some members, as in
	// a stretched pool.
	scarce
)

func (k scaleKind) String() string {
	if k == scarce {
		return "scarce"
	}
	return "plentiful"
}

// seedScale seeds one municipality with waiting cases and active pool
// members, all in one dispatcher's scope, with set-based inserts (seconds
// for thousands of rows), and returns the dispatcher's bearer token and the
// case ids, oldest first. Cases vary in urgency (a third crisis), safety
// risk, arrangement hours (1.2–3.1 h a week), the two competencies they lean
// on and two life domains; one in ten has a nominating organisation of some
// members in the family's care. Every member has a submitted
// self-assessment with competency scores across the scale.
func seedScale(tb testing.TB, db *postgres.DB, cases, members int, kind scaleKind) (string, []int64) {
	tb.Helper()
	must := func(err error) {
		tb.Helper()
		if err != nil {
			tb.Fatalf("seed %d cases × %d members: %v", cases, members, err)
		}
	}
	mun := pgtest.MustCreateMunicipality(tb, db)
	var orgs []int64
	for i := 0; i < (members+99)/100; i++ { // a quota is at most 100 per organisation
		orgs = append(orgs, pgtest.MustCreateOrganisation(tb, db).ID)
	}
	var roundID int64
	must(db.Get(&roundID, `INSERT INTO pool_round (name) VALUES ('Schaal ' || $1::text) RETURNING id`, mun.ID))
	_, err := db.Exec(`INSERT INTO pool_round_organisation (round_id, organisation_id, quota) SELECT $1, unnest($2::bigint[]), 100`, roundID, pq.Int64Array(orgs))
	must(err)
	maxCases, hours := `4`, `40`
	if kind == scarce {
		maxCases, hours = `1 + r.id % 2`, `2 + (r.id % 4) * 2`
	}
	_, err = db.Exec(`WITH r AS (
			INSERT INTO regisseur (name, organisation_id)
			SELECT 'Regisseur ' || $2::text || '-' || g, ($3::bigint[])[1 + (g - 1) / 100] FROM generate_series(1, $1) g
			RETURNING id, organisation_id)
		INSERT INTO pool_membership (round_id, organisation_id, regisseur_id, hours_per_week, max_cases, status)
		SELECT $4, r.organisation_id, r.id, `+hours+`, `+maxCases+`, 'active' FROM r`, members, mun.ID, pq.Int64Array(orgs), roundID)
	must(err)
	_, err = db.Exec(`INSERT INTO member_municipality (membership_id, municipality_id) SELECT id, $2 FROM pool_membership WHERE round_id = $1`, roundID, mun.ID)
	must(err)
	for _, q := range []string{
		`INSERT INTO pre_selection (membership_id, test_date, instrument_name, provider, outcome)
			SELECT id, '2026-01-01', 'Test', 'Test', 'suitable' FROM pool_membership WHERE round_id = $1`,
		`INSERT INTO self_assessment (regisseur_id, instrument_id)
			SELECT m.regisseur_id, (SELECT id FROM instrument WHERE key = 'regie-competenties' ORDER BY version DESC LIMIT 1)
			FROM pool_membership m WHERE m.round_id = $1`,
		`INSERT INTO self_answer (self_assessment_id, item_id, score)
			SELECT s.id, i.id, ins.scale_min + (s.id * 7 + i.id * 3) % (ins.scale_max - ins.scale_min + 1)
			FROM pool_membership m JOIN self_assessment s ON s.regisseur_id = m.regisseur_id
			JOIN instrument ins ON ins.id = s.instrument_id JOIN instrument_item i ON i.instrument_id = ins.id AND i.kind = 'competency'
			WHERE m.round_id = $1`,
		`UPDATE self_assessment s SET status = 'submitted', submitted_at = now()
			FROM pool_membership m WHERE m.round_id = $1 AND s.regisseur_id = m.regisseur_id`,
	} {
		_, err := db.Exec(q, roundID)
		must(err)
	}
	var ids []int64
	must(db.Select(&ids, `INSERT INTO complex_case (reference, municipality_id, parents_struggle, several_domains, several_professionals,
			high_risk, life_domains, safety_risk, urgency, arrangement_hours, leans_on, created_at)
		SELECT 'S-' || g, $2, true, true, g % 2 = 0, g % 3 = 0,
			ARRAY[($3::text[])[1 + g % 8], ($3::text[])[1 + (g / 8) % 8]],
			CASE g % 3 WHEN 0 THEN 'high' WHEN 1 THEN 'medium' ELSE 'low' END, 1 + g % 3, 30 + (g % 5) * 10,
			ARRAY(SELECT key FROM instrument_item WHERE kind = 'competency'
				AND instrument_id = (SELECT id FROM instrument WHERE key = 'regie-competenties' ORDER BY version DESC LIMIT 1)
				ORDER BY (position * 7 + g) % 11 LIMIT 2),
			now() - (($1 - g) * interval '1 minute')
		FROM generate_series(1, $1) g ORDER BY g RETURNING id`, cases, mun.ID, pq.StringArray(domain.LifeDomains)))
	_, err = db.Exec(`INSERT INTO case_organisation (case_id, organisation_id)
		SELECT c.id, ($2::bigint[])[1 + c.id % array_length($2::bigint[], 1)] FROM complex_case c WHERE c.id = ANY($1) AND c.id % 10 = 0`,
		pq.Int64Array(ids), pq.Int64Array(orgs))
	must(err)
	_, err = db.Exec(`ANALYZE`)
	must(err)
	u := pgtest.MustCreateUser(tb, db, domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	return pgtest.MustAccessToken(tb, db, u.ID), ids
}
