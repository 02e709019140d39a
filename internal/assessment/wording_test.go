package assessment

import (
	"strings"
	"testing"
	"testing/fstest"

	"regiepool/assessments"
)

// TestWording: the family form of v1 asks about the regisseur, as its
// answers do ("Dit doet de regisseur …"), through the wording layer, while
// v1.yaml itself is unchanged; a layer naming an unknown item or no
// question is refused at load.
func TestWording(t *testing.T) {
	defs, err := LoadAll(assessments.FS)
	if err != nil {
		t.Fatal(err)
	}
	in := defs[0]
	for _, it := range in.FamilyItems() {
		if !strings.Contains(it.Family, "regisseur") || strings.HasPrefix(it.Family, "Voelen wij") {
			t.Errorf("family question %q of %s does not ask what the regisseur does", it.Family, it.Key)
		}
	}
	for _, it := range in.Items() {
		if it.Key == "relatie-opbouwen" && it.Family != "Voelen wij ons door de regisseur gehoord en serieus genomen?" {
			t.Errorf("v1 itself changed: %q", it.Family)
		}
	}
	v1, err := assessments.FS.ReadFile("regie-competenties/v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, body, want string }{
		{"unknown item", "instrument: regie-competenties\nversion: 1\nfamily:\n  bestaat-niet: \"Doet de regisseur dit?\"\n", "bestaat-niet"},
		{"no question", "instrument: regie-competenties\nversion: 1\nfamily:\n  relatie-opbouwen: \"Luistert.\"\n", "question"},
		{"other version", "instrument: regie-competenties\nversion: 2\nfamily: {}\n", "version"},
		{"unknown field", "instrument: regie-competenties\nversion: 1\nanchors: {}\n", "anchors"},
	} {
		fsys := fstest.MapFS{
			"regie-competenties/v1.yaml":         {Data: v1},
			"regie-competenties/wording-v1.yaml": {Data: []byte(tt.body)},
		}
		if _, err := LoadAll(fsys); err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "wording-v1.yaml") {
			t.Errorf("%s: %v, want a refusal naming the file and %q", tt.name, err, tt.want)
		}
	}
}
