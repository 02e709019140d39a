package apitest

import (
	"sort"
	"testing"
)

// TestDocumentCrossCuttingResponses: the answers any operation can give,
// whatever its handler does, are documented on every operation they apply
// to, not only on those a test happened to provoke: 503 when the database
// does not answer in time (all but the static document), and 413 and 415
// for a body that is too large or not of the documented type.
func TestDocumentCrossCuttingResponses(t *testing.T) {
	v, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for path, item := range v.doc.Paths.Map() {
		for method, op := range item.Operations() {
			var want []string
			if path != "/openapi.json" {
				want = append(want, "503")
			}
			if op.RequestBody != nil {
				want = append(want, "413", "415")
			}
			for _, status := range want {
				if op.Responses.Value(status) == nil {
					missing = append(missing, method+" "+path+" "+status)
				}
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("%s: response not documented", m)
	}
}
