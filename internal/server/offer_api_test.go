package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestOfferAPI: a dispatcher offers a case (the old assignment request
// still assigns), the regisseur lists, declines (with a reason) or accepts
// the offers made to them; a decline puts the case back on top, and the
// timeline shows every step.
func TestOfferAPI(t *testing.T) {
	srv, db := newServer(t)
	mun := pgtest.MustCreateMunicipality(t, db)
	org := pgtest.MustCreateOrganisation(t, db)
	hdr := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, pgtest.MustCreateUser(t, db, u).ID), "Content-Type", "application/json"}
	}
	disp := hdr(domain.User{Roles: []domain.Role{domain.RoleDispatcher}, MunicipalityIDs: []int64{mun.ID}})
	r1 := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 1, 40)
	r2 := pgtest.MustCreateActiveMember(t, db, org.ID, []int64{mun.ID}, 2, 40)
	reg1 := hdr(domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org.ID, RegisseurID: &r1.ID})
	reg2 := hdr(domain.User{Roles: []domain.Role{domain.RoleRegisseur}, OrganisationID: &org.ID, RegisseurID: &r2.ID})
	newCase := func(ref string) int64 {
		c := domain.Case{Reference: ref, MunicipalityID: mun.ID, ParentsStruggle: true, HighRisk: true, SafetyRisk: "high", LifeDomains: []string{"veiligheid"}}
		if err := db.CreateCase(pgtest.SystemCtx(), &c); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	type caseBody struct {
		Status string `json:"status"`
		Offer  *struct {
			ID          int64  `json:"id"`
			RegisseurID int64  `json:"regisseurId"`
			ExpiresAt   string `json:"expiresAt"`
		} `json:"offer"`
		OfferReturned *struct {
			Status string  `json:"status"`
			Reason *string `json:"reason"`
		} `json:"offerReturned"`
	}
	assign := func(caseID int64, body string) (int, caseBody, codedProblem) {
		t.Helper()
		res, b := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/cases/%d/assignments", caseID), body, disp...)
		var out caseBody
		var p codedProblem
		if res.StatusCode == 201 {
			if err := json.Unmarshal(b, &out); err != nil {
				t.Fatal(err)
			}
		} else {
			p = decodeCoded(t, res, b)
		}
		return res.StatusCode, out, p
	}
	c1, c2, c3 := newCase("OF-1"), newCase("OF-2"), newCase("OF-3")

	// Bad input: a deadline without offer, in the past, not a time.
	for _, tt := range []struct{ name, body string }{
		{"deadline without offer", fmt.Sprintf(`{"regisseurId":%d,"deadline":"2099-01-01T10:00:00Z"}`, r1.ID)},
		{"deadline in the past", fmt.Sprintf(`{"regisseurId":%d,"offer":true,"deadline":"2020-01-01T10:00:00Z"}`, r1.ID)},
		{"deadline not a time", fmt.Sprintf(`{"regisseurId":%d,"offer":true,"deadline":"morgen"}`, r1.ID)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, _, p := assign(c1, tt.body)
			if status != 400 || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "deadline" {
				t.Fatalf("got %d %+v, want 400 on deadline", status, p)
			}
		})
	}

	deadline := time.Now().Add(26 * time.Hour).UTC().Format(time.RFC3339)
	status, k, _ := assign(c1, fmt.Sprintf(`{"regisseurId":%d,"offer":true,"deadline":%q}`, r1.ID, deadline))
	if status != 201 || k.Status != "waiting" || k.Offer == nil || k.Offer.RegisseurID != r1.ID || k.Offer.ExpiresAt != deadline {
		t.Fatalf("offer: %d %+v", status, k)
	}
	offer1 := k.Offer.ID
	// The slot is held: r1 (1 case) takes nothing else; the case nobody else.
	if status, _, p := assign(c2, fmt.Sprintf(`{"regisseurId":%d}`, r1.ID)); status != 409 || p.Code != "no_capacity" {
		t.Fatalf("assign to r1 with the offer open: %d %+v", status, p)
	}
	if status, _, p := assign(c1, fmt.Sprintf(`{"regisseurId":%d}`, r2.ID)); status != 409 || p.Code != "case_offered" {
		t.Fatalf("assign the offered case: %d %+v", status, p)
	}

	// A proposal leaves the offered case alone.
	res, body := do(t, "POST", srv.URL+"/api/v1/assignment-proposals", fmt.Sprintf(`{"caseIds":[%d]}`, c1), disp...)
	if p := decodeCoded(t, res, body); res.StatusCode != 400 || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "caseIds" {
		t.Fatalf("proposal for the offered case: %d %+v", res.StatusCode, p)
	}
	res, body = do(t, "POST", srv.URL+"/api/v1/assignment-proposals", "{}", disp...)
	if res.StatusCode != 200 || strings.Contains(string(body), fmt.Sprintf(`"caseId":%d,`, c1)) {
		t.Fatalf("proposal for all waiting cases includes the offered one: %d %s", res.StatusCode, body)
	}

	// The regisseur's open offers: only their own, nothing identifying.
	res, body = do(t, "GET", srv.URL+"/api/v1/offers", "", reg1...)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"caseReference":"OF-1"`) || strings.Contains(string(body), "zaakUrl") {
		t.Fatalf("offers of r1: %d %s", res.StatusCode, body)
	}
	if res, body = do(t, "GET", srv.URL+"/api/v1/offers", "", reg2...); res.StatusCode != 200 || !strings.Contains(string(body), `"results":[]`) {
		t.Fatalf("offers of r2: %d %s", res.StatusCode, body)
	}
	if res, _ = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/offers/%d/accept", offer1), "", reg2...); res.StatusCode != 404 {
		t.Fatalf("another regisseur accepts: %d, want 404", res.StatusCode)
	}

	// Decline: the reason is required; then the case is back, first.
	res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/offers/%d/decline", offer1), `{"reason":" "}`, reg1...)
	if p := decodeProblem(t, res, body); res.StatusCode != 400 || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "reason" {
		t.Fatalf("decline without a reason: %d %+v", res.StatusCode, p)
	}
	res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/offers/%d/decline", offer1), `{"reason":"Volle week door een crisiscasus."}`, reg1...)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"status":"declined"`) {
		t.Fatalf("decline: %d %s", res.StatusCode, body)
	}
	res, body = do(t, "GET", srv.URL+"/api/v1/cases?status=waiting", "", disp...)
	var list struct {
		Results []struct {
			ID int64 `json:"id"`
			caseBody
		} `json:"results"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &list) != nil || len(list.Results) != 3 || list.Results[0].ID != c1 ||
		list.Results[0].OfferReturned == nil || list.Results[0].OfferReturned.Status != "declined" || *list.Results[0].OfferReturned.Reason != "Volle week door een crisiscasus." {
		t.Fatalf("waiting cases after the decline: %d %s", res.StatusCode, body)
	}
	if status, _, p := assign(c2, fmt.Sprintf(`{"regisseurId":%d}`, r1.ID)); status != 201 {
		t.Fatalf("assign to r1 after the decline: %d %+v", status, p)
	}

	// Offer with the default deadline, accepted.
	status, k, _ = assign(c3, fmt.Sprintf(`{"regisseurId":%d,"offer":true}`, r2.ID))
	if status != 201 || k.Offer == nil {
		t.Fatalf("offer c3: %d %+v", status, k)
	}
	exp, _ := time.Parse(time.RFC3339, k.Offer.ExpiresAt)
	if want := domain.AddWorkingDays(time.Now(), 2); exp.Sub(want).Abs() > time.Minute {
		t.Fatalf("default deadline %v, want about %v", exp, want)
	}
	res, body = do(t, "GET", srv.URL+"/api/v1/offers", "", disp...)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"caseReference":"OF-3"`) || strings.Contains(string(body), `"caseReference":"OF-1"`) {
		t.Fatalf("dispatcher's open offers: %d %s", res.StatusCode, body)
	}
	res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/offers/%d/accept", k.Offer.ID), "", reg2...)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"status":"accepted"`) {
		t.Fatalf("accept: %d %s", res.StatusCode, body)
	}
	res, body = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/offers/%d/accept", k.Offer.ID), "", reg2...)
	if p := decodeCoded(t, res, body); res.StatusCode != 409 || p.Code != "offer_answered" {
		t.Fatalf("accept twice: %d %+v", res.StatusCode, p)
	}
	res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/cases/%d", c3), "", reg2...)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"status":"assigned"`) {
		t.Fatalf("the accepted case for its regisseur: %d %s", res.StatusCode, body)
	}

	// The timeline of c1: offered (with deadline) and declined (with the
	// reason) for the dispatcher.
	res, body = do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/cases/%d/events", c1), "", disp...)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"kind":"offered"`) || !strings.Contains(string(body), `"deadline":"`+deadline+`"`) ||
		!strings.Contains(string(body), `"kind":"offer_declined"`) || !strings.Contains(string(body), "Volle week door een crisiscasus.") {
		t.Fatalf("timeline: %d %s", res.StatusCode, body)
	}
}

// codedProblem is a problem with its stable code (domain.Error's key).
type codedProblem struct {
	problemBody
	Code string `json:"code"`
}

func decodeCoded(t *testing.T, res *http.Response, body []byte) codedProblem {
	t.Helper()
	p := codedProblem{problemBody: decodeProblem(t, res, body)}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	return p
}
