package assessment

import (
	"strings"
	"testing"

	"regiepool/assessments"
)

// TestLoadPoliciesEmbedded: the shipped policy loads: norms are targets
// with a penalty, daadkrachtig has a hard minimum under its norm.
func TestLoadPoliciesEmbedded(t *testing.T) {
	defs, err := LoadAll(assessments.FS)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := LoadPolicies(assessments.FS, defs)
	if err != nil || len(ps) != 1 {
		t.Fatalf("policies %v: %v", ps, err)
	}
	p := ps[0]
	if p.Instrument != "regie-competenties" || p.NormPenalty != 0.1 || p.Minimums["daadkrachtig"] != 2 || len(p.Minimums) != 1 || p.Checksum == "" {
		t.Errorf("policy %+v", p)
	}
}

func TestParsePolicyFaults(t *testing.T) {
	defs, err := LoadAll(assessments.FS)
	if err != nil {
		t.Fatal(err)
	}
	in := defs[0]
	for _, tc := range []struct{ name, body, want string }{
		{"another instrument", "instrument: x\nnormPenalty: 0.1\n", `instrument "x" does not match`},
		{"penalty out of range", "instrument: regie-competenties\nnormPenalty: 2\n", "normPenalty 2"},
		{"not a competency", "instrument: regie-competenties\nnormPenalty: 0.1\nminimums:\n  richtlijnen: 2\n", `"richtlijnen": not a competency`},
		{"unknown key", "instrument: regie-competenties\nnormPenalty: 0.1\nminimums:\n  vliegen: 2\n", `"vliegen": not a competency`},
		{"on the bottom of the scale", "instrument: regie-competenties\nnormPenalty: 0.1\nminimums:\n  daadkrachtig: 1\n", "must lie above 1"},
		{"above the norm", "instrument: regie-competenties\nnormPenalty: 0.1\nminimums:\n  daadkrachtig: 4.5\n", "above the norm 4"},
		{"unknown field", "instrument: regie-competenties\nnormPenalty: 0.1\nnorms: {}\n", "field norms not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePolicy("regie-competenties/policy.yaml", []byte(tc.body), in)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "assessments/regie-competenties/policy.yaml") {
				t.Errorf("err %v, want %q naming the file", err, tc.want)
			}
		})
	}
}
