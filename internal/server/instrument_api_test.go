package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"regiepool/internal/pgtest"
)

// TestInstrumentAPI_ItemKinds: GET /instruments/{id} gives every item of the
// definition one of the kinds the OpenAPI document allows (ItemKind).
func TestInstrumentAPI_ItemKinds(t *testing.T) {
	srv, db := newServer(t)
	h := []string{"Authorization", "Bearer " + adminToken(t, db)}
	ins, err := db.FindInstruments(pgtest.SystemCtx())
	if err != nil || len(ins) == 0 {
		t.Fatalf("find instruments: %v", err)
	}
	res, body := do(t, "GET", srv.URL+fmt.Sprintf("/api/v1/instruments/%d", ins[0].ID), "", h...)
	var got struct {
		Definition struct {
			Sections []struct {
				Items []struct {
					Key  string `json:"key"`
					Kind string `json:"kind"`
				} `json:"items"`
			} `json:"sections"`
		} `json:"definition"`
	}
	if res.StatusCode != 200 || json.Unmarshal(body, &got) != nil {
		t.Fatalf("GET instrument: %d %.300s", res.StatusCode, body)
	}
	allowed := map[string]bool{"competency": true, "knowledge_area": true, "authority": true, "result_area": true}
	n := 0
	for _, s := range got.Definition.Sections {
		for _, it := range s.Items {
			n++
			if !allowed[it.Kind] {
				t.Errorf("item %s: kind %q, want one of competency, knowledge_area, authority, result_area", it.Key, it.Kind)
			}
		}
	}
	if n == 0 {
		t.Fatal("the definition has no items")
	}
}
