package server_test

import (
	"fmt"
	"testing"
)

// TestProposalBeyondFiveThousand (issue 14, item 5): a proposal considers
// every waiting case in scope, not the first 5,000; the least urgent and
// newest of 5,050 waiting cases can be named and is covered by {}.
func TestProposalBeyondFiveThousand(t *testing.T) {
	srv, db := newServer(t)
	token, ids := seedScale(t, db, 5050, 40, plentiful)
	hdr := []string{"Authorization", "Bearer " + token, "Content-Type", "application/json"}
	// Urgency is 1 + id % 3 in creation order: the newest case of the
	// lowest urgency comes last in the proposal's order.
	last := ids[len(ids)-1]
	for i := len(ids) - 1; i >= 0; i-- {
		if (i+1)%3 == 0 {
			last = ids[i]
			break
		}
	}
	res, body := do(t, "POST", srv.URL+"/api/v1/assignment-proposals", fmt.Sprintf(`{"caseIds":[%d]}`, last), hdr...)
	if res.StatusCode != 200 {
		t.Fatalf("naming the last waiting case: %d %s", res.StatusCode, body)
	}
	if got := proposalCases(t, body); len(got) != 1 || got[0] != last {
		t.Errorf("proposal covers %v, want [%d]", got, last)
	}
	res, body = do(t, "POST", srv.URL+"/api/v1/assignment-proposals", `{}`, hdr...)
	if res.StatusCode != 200 {
		t.Fatalf("all waiting: %d %.300s", res.StatusCode, body)
	}
	if got := proposalCases(t, body); len(got) != len(ids) {
		t.Errorf("proposal covers %d cases, want all %d", len(got), len(ids))
	}
}
