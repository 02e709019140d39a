package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"regiepool/internal/domain"
	"regiepool/internal/pgtest"
)

// TestRoundProposal: a regisseur proposes a round about themself; its links
// and requests stay dead until their coach approves; another coach cannot.
func TestRoundProposal(t *testing.T) {
	srv, db := newServer(t)
	org := pgtest.MustCreateOrganisation(t, db)
	reg, other := pgtest.MustCreateRegisseur(t, db, org.ID), pgtest.MustCreateRegisseur(t, db, org.ID)
	h := func(u domain.User) []string {
		return []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, pgtest.MustCreateUser(t, db, u).ID), "Content-Type", "application/json"}
	}
	peer := pgtest.MustCreateUser(t, db, domain.User{Roles: []domain.Role{domain.RoleRegisseur}})
	peerH := []string{"Authorization", "Bearer " + pgtest.MustAccessToken(t, db, peer.ID)}
	self := h(domain.User{Roles: []domain.Role{domain.RoleRegisseur}, RegisseurID: &reg.ID})
	coach := h(domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{reg.ID}})
	otherCoach := h(domain.User{Roles: []domain.Role{domain.RoleCoach}, CoacheeIDs: []int64{other.ID}})
	deadline := time.Now().AddDate(0, 0, 10).Format("2006-01-02")
	body := fmt.Sprintf(`{"deadline":%q,"raters":[{"group":"partner"},{"group":"partner"},{"group":"peer","userId":%d}]}`, deadline, peer.ID)

	if res, _ := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/feedback-round-proposals", other.ID), body, self...); res.StatusCode != 404 {
		t.Fatalf("proposing for someone else: %d, want 404", res.StatusCode)
	}
	res, raw := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/regisseurs/%d/feedback-round-proposals", reg.ID), body, self...)
	var round struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
		Links  []struct {
			URL string `json:"url"`
		} `json:"links"`
	}
	if res.StatusCode != 201 || json.Unmarshal(raw, &round) != nil || round.Status != "proposed" || len(round.Links) != 0 {
		t.Fatalf("propose: %d %s", res.StatusCode, raw)
	}
	// The internal rater is not asked yet, and closing a proposal is refused.
	if res, raw := do(t, "GET", srv.URL+"/api/v1/feedback-requests", "", peerH...); res.StatusCode != 200 || !strings.Contains(string(raw), `"count":0`) {
		t.Errorf("requests before approval: %d %s", res.StatusCode, raw)
	}
	var live int
	if err := db.Get(&live, `SELECT count(*) FROM single_use_token t JOIN feedback_rater r ON r.token_id = t.id WHERE r.round_id = $1 AND t.expires_at > now()`, round.ID); err != nil || live != 0 {
		t.Fatalf("%d live links before approval (%v)", live, err)
	}
	if res, _ := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-rounds/%d/approval", round.ID), "", otherCoach...); res.StatusCode != 404 {
		t.Errorf("another coach approves: %d, want 404", res.StatusCode)
	}
	res, raw = do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-rounds/%d/approval", round.ID), "", coach...)
	if res.StatusCode != 200 || json.Unmarshal(raw, &round) != nil || round.Status != "open" || len(round.Links) != 2 {
		t.Fatalf("approve: %d %s", res.StatusCode, raw)
	}
	if res, _ := do(t, "POST", srv.URL+fmt.Sprintf("/api/v1/feedback-rounds/%d/approval", round.ID), "", coach...); res.StatusCode != 409 {
		t.Errorf("approving twice: %d, want 409", res.StatusCode)
	}
	token := round.Links[0].URL[strings.LastIndex(round.Links[0].URL, "/")+1:]
	if _, _, err := db.ExternalFeedbackRequest(context.Background(), token); err != nil {
		t.Errorf("a link after approval: %v", err)
	}
	if res, raw := do(t, "GET", srv.URL+"/api/v1/feedback-requests", "", peerH...); !strings.Contains(string(raw), `"count":1`) {
		t.Errorf("requests after approval: %d %s", res.StatusCode, raw)
	}
}
