package api

import (
	"reflect"
	"strings"
	"testing"

	"regiepool/internal/domain"
)

// TestCoachingCodeLists: the oneof tags of the coaching requests list the
// codes of domain, so a code added there is accepted here too.
func TestCoachingCodeLists(t *testing.T) {
	for _, tt := range []struct {
		name  string
		req   any
		field string
		codes []string
	}{
		{"intervisie form", intervisieRequest{}, "Form", domain.IntervisieForms},
		{"goal basis", goalRequest{}, "Basis", domain.GoalBases},
		{"goal status", goalPatch{}, "Status", domain.GoalStatuses},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := reflect.TypeOf(tt.req).FieldByName(tt.field)
			if !ok {
				t.Fatalf("no field %s", tt.field)
			}
			var got string
			for _, part := range strings.Split(f.Tag.Get("binding"), ",") {
				if v, ok := strings.CutPrefix(part, "oneof="); ok {
					got = v
				}
			}
			if want := strings.Join(tt.codes, " "); got != want {
				t.Errorf("oneof=%q, want %q", got, want)
			}
		})
	}
}
