package assessment

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"regiepool/assessments"
)

// TestLoadEmbedded: the shipped definitions load and hold what the profile
// promises.
func TestLoadEmbedded(t *testing.T) {
	all, err := LoadAll(assessments.FS)
	if err != nil {
		t.Fatal(err)
	}
	in := all[0]
	if in.ID() != "regie-competenties/v1" {
		t.Fatalf("first instrument %s", in.ID())
	}
	kinds := map[string]int{}
	for _, it := range in.Items() {
		kinds[it.Kind]++
	}
	if kinds[KindCompetency] != 10 || kinds[KindKnowledgeArea] != 5 || kinds[KindAuthority] != 3 || kinds[KindResultArea] != 5 {
		t.Errorf("items per kind %v, want 10 competencies, 5 knowledge areas, 3 authorities, 5 result areas", kinds)
	}
	if len(in.FamilyItems()) == 0 {
		t.Error("no items on the family form")
	}
}

const validYAML = `key: demo
version: 1
title: Demo
description: d
source: s
scale:
  min: 1
  max: 3
  anchors: {1: laag, 2: midden, 3: hoog}
  notApplicable: Kan ik niet beoordelen
sections:
  - key: c
    kind: competency
    title: C
    items:
      - key: a
        name: A
        description: d
        indicators: [x, y, z]
        norm: 2
        source: s
`

func TestParse_Rejects(t *testing.T) {
	for _, tt := range []struct {
		name, file, yaml, want string
	}{
		{"valid", "demo/v1.yaml", validYAML, ""},
		{"unknown field", "demo/v1.yaml", validYAML + "extra: 1\n", "field extra not found"},
		{"file name mismatch", "demo/v2.yaml", validYAML, "do not match the file name"},
		{"norm outside scale", "demo/v1.yaml", strings.Replace(validYAML, "norm: 2", "norm: 7", 1), "norm 7 lies outside the scale"},
		{"missing norm", "demo/v1.yaml", strings.Replace(validYAML, "        norm: 2\n", "", 1), "needs a norm"},
		{"too few indicators", "demo/v1.yaml", strings.Replace(validYAML, "[x, y, z]", "[x]", 1), "3 to 5 indicators"},
		{"missing anchor", "demo/v1.yaml", strings.Replace(validYAML, "2: midden, ", "", 1), "point 2 has no anchor"},
		{"duplicate key", "demo/v1.yaml", validYAML + "      - {key: a, name: B, description: d, indicators: [x, y, z], norm: 1, source: s}\n", "key is used twice"},
		{"unknown kind", "demo/v1.yaml", strings.Replace(validYAML, "kind: competency", "kind: talent", 1), "unknown kind"},
		{"bad scale", "demo/v1.yaml", strings.Replace(validYAML, "max: 3", "max: 1", 1), "min < max"},
		{"not yaml", "demo/v1.yaml", "key: [", "assessments/demo/v1.yaml"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, []byte(tt.yaml))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("valid definition refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "assessments/"+tt.file) {
				t.Fatalf("got %v, want an error naming the file and %q", err, tt.want)
			}
		})
	}
	if _, err := LoadAll(fstest.MapFS{"demo/v1.yaml": {Data: []byte(strings.Replace(validYAML, "norm: 2", "norm: 9", 1))}}); err == nil {
		t.Error("LoadAll accepted a broken file")
	}
}

// TestParse_ItemKinds: every item of a definition carries the kind of its
// section, also as JSON (GET /instruments/{id} serves the definition), where
// the OpenAPI document allows only the four kinds.
func TestParse_ItemKinds(t *testing.T) {
	all, err := LoadAll(assessments.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range all {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Sections []struct {
				Kind  string `json:"kind"`
				Items []struct {
					Key  string `json:"key"`
					Kind string `json:"kind"`
				} `json:"items"`
			} `json:"sections"`
		}
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatal(err)
		}
		for _, s := range got.Sections {
			for _, it := range s.Items {
				if it.Kind != s.Kind {
					t.Errorf("%s: item %s has kind %q, want %q (its section's)", in.ID(), it.Key, it.Kind, s.Kind)
				}
			}
		}
	}
}
