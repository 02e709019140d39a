package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// recorder keeps the errors a test would report, so a test can check them.
type recorder struct {
	*testing.T
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Error(args ...any) {
	r.mu.Lock()
	r.errors = append(r.errors, fmt.Sprint(args...))
	r.mu.Unlock()
}
func (r *recorder) Errorf(f string, args ...any) {
	r.mu.Lock()
	r.errors = append(r.errors, fmt.Sprintf(f, args...))
	r.mu.Unlock()
}

// TestAxeChecksEveryPage: a browser from New reports the axe-core violation
// of a page it leaves through a link, with the page, the rule and the
// element, and is quiet on a page without violations.
func TestAxeChecksEveryPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		// The server's strict policy must not stop the check.
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		img := ""
		if r.URL.Path == "/bad" {
			img = `<img src="/x.png" class="photo">`
		}
		fmt.Fprintf(w, `<!doctype html><html lang="en"><title>x</title><main><h1>Page</h1>%s<a id="next" href="/good">next</a></main></html>`, img)
	}))
	defer srv.Close()
	rec := &recorder{T: t}
	ctx := New(rec)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/bad"), chromedp.Click(chromedp.CSS("#next")), chromedp.WaitVisible(chromedp.CSS("#next"))); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.errors) != 1 {
		t.Fatalf("errors %q, want one for /bad", rec.errors)
	}
	for _, want := range []string{srv.URL + "/bad", "image-alt (critical)", "\n    at img\n", `<img src="/x.png" class="photo">`, "alt attribute"} {
		if !strings.Contains(rec.errors[0], want) {
			t.Errorf("the report lacks %q:\n%s", want, rec.errors[0])
		}
	}
}
