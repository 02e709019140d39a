package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axe-core (https://github.com/dequelabs/axe-core), vendored so the tests
// need no network: axe/axe.min.js is version 4.14.1 from the npm package
// axe-core, under the MPL-2.0 (axe/LICENSE, axe/LICENSE-3RD-PARTY.txt). To
// update: `npm pack axe-core@VERSION`, copy package/axe.min.js and the two
// licence files into axe/, and change the version here and in README.md.
//
//go:embed axe/axe.min.js
var axeSource string

// AxeTags are the rule sets every page state must pass: WCAG 2.0 and 2.1,
// levels A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// checked holds the signatures of the page states axe has already passed or
// failed in this test binary, so a state that many tests visit (the log-in
// form, a list page) is checked once.
var checked sync.Map

// signatureJS defines axeSignature(), the signature of the current page
// state: it ignores what differs between runs without changing the page's
// accessibility (numbers, the values of form fields and so the CSRF token,
// the words of texts). The viewport width is part of it: a table may
// overflow at 375 px and not at 1280.
const signatureJS = `window.axeSignature = () => {
	const parts = [String(window.innerWidth)];
	const walk = (n) => {
		if (n.nodeType === Node.TEXT_NODE) { if (n.data.trim()) parts.push("t"); return; }
		if (n.nodeType !== Node.ELEMENT_NODE) return;
		const attrs = [...n.attributes].filter(a => a.name !== "value").map(a => a.name + "=" + a.value.replace(/\d+/g, "0"));
		parts.push("<" + n.tagName + " " + attrs.join(" ") + ">");
		for (const c of n.childNodes) walk(c);
		parts.push("/");
	};
	walk(document.documentElement);
	let h = 5381;
	const s = parts.join("");
	for (let i = 0; i < s.length; i++) h = (h * 33 + s.charCodeAt(i)) | 0;
	return location.pathname.replace(/\d+/g, "0") + "#" + (h >>> 0).toString(16) + "/" + s.length;
};`

// runJS is the function axeCheck(seen), which resolves to the report of
// the current page: skipped (not an HTML page of a server, or a signature
// in seen), or the violations of axe-core with AxeTags.
var runJS = `window.axeCheck = async (seen) => {
	const url = location.href;
	if (!location.protocol.startsWith("http") || document.contentType !== "text/html" || !document.body) return {url, skipped: true};
	const signature = axeSignature();
	if (seen.includes(signature)) return {url, signature, skipped: true};
	const t0 = performance.now();
	try {
		const r = await axe.run(document, {runOnly: {type: "tag", values: ` + "[\"" + strings.Join(AxeTags, "\", \"") + "\"]" + `}, resultTypes: ["violations"]});
		return {url, signature, ms: Math.round(performance.now() - t0), violations: r.violations.map(v => ({
			id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target.map(String).join(" "), html: n.html, summary: n.failureSummary || ""})),
		}))};
	} catch (e) {
		return {url, signature, error: String(e)};
	}
};`

// axeReport is what axeCheck resolves to.
type axeReport struct {
	URL        string      `json:"url"`
	Signature  string      `json:"signature"`
	Skipped    bool        `json:"skipped"`
	Millis     int         `json:"ms"` // how long axe-core took
	Error      string      `json:"error"`
	Violations []Violation `json:"violations"`
}

// Violation is one axe rule that the page breaks, with the elements that
// break it.
type Violation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// seenList is the signatures checked so far, as a JavaScript array.
func seenList() string {
	var seen []string
	checked.Range(func(k, _ any) bool {
		seen = append(seen, k.(string))
		return true
	})
	b, _ := json.Marshal(seen)
	if seen == nil {
		return "[]"
	}
	return string(b)
}

// err records a report's signature as checked and returns its error.
func (r axeReport) err() error {
	if r.Signature != "" && r.Error == "" {
		checked.Store(r.Signature, true)
	}
	if r.Error != "" {
		return errors.New(r.Error)
	}
	return nil
}

// FormatViolations writes the violations so that the fix can start from
// the message: the page, each rule with its impact and help page, and each
// element with its CSS selector, its HTML and what axe says is wrong.
func FormatViolations(url string, violations []Violation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "axe-core (WCAG 2.1 A/AA): %d %s on %s", len(violations), plural(len(violations), "violation", "violations"), url)
	for _, v := range violations {
		fmt.Fprintf(&b, "\n  - %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "\n    … and %d more elements", len(v.Nodes)-i)
				break
			}
			html := n.HTML
			if r := []rune(html); len(r) > 240 {
				html = string(r[:240]) + "…"
			}
			fmt.Fprintf(&b, "\n    at %s\n       %s\n       %s", n.Target, html, strings.ReplaceAll(strings.TrimSpace(n.Summary), "\n", "\n       "))
		}
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// watchPages makes the browser of ctx run axe on every page state it
// shows: each HTML document runs axe-core on its load event (the scripts
// are added to every new document), and reports through a binding. A
// request for the next document (a link, a form, a navigation, a redirect)
// is held until the document that is still shown has reported, and the
// last document is awaited when the test ends. Failures are reported on t
// as they arrive. (The check runs inside the page because the protocol does
// not let a client evaluate in a page whose navigation is held.)
func watchPages(t testing.TB, ctx context.Context) {
	t.Helper()
	type document struct {
		url  string
		done chan struct{}
	}
	var (
		mu            sync.Mutex
		cur           *document // the HTML document shown, nil for about:blank
		wg            sync.WaitGroup
		checks, skips int
		spent         time.Duration
	)
	// wait waits for the report of the document shown.
	wait := func(ctx context.Context) {
		mu.Lock()
		d := cur
		mu.Unlock()
		if d == nil {
			return
		}
		select {
		case <-d.done:
		case <-ctx.Done():
			if !t.Failed() {
				t.Errorf("axe-core did not report on %s within the time", d.url)
			}
		}
	}
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *page.EventFrameNavigated:
			if e.Frame.ParentID != "" {
				return
			}
			mu.Lock()
			cur = nil
			if strings.HasPrefix(e.Frame.URL, "http") && e.Frame.MimeType == "text/html" {
				cur = &document{url: e.Frame.URL, done: make(chan struct{})}
			}
			mu.Unlock()
		case *runtime.EventBindingCalled:
			if e.Name != "axeReport" {
				return
			}
			var r axeReport
			if err := json.Unmarshal([]byte(e.Payload), &r); err != nil {
				t.Errorf("axe-core report: %v", err)
			} else if err := r.err(); err != nil {
				t.Errorf("axe-core on %s: %v", r.URL, err)
			} else if len(r.Violations) > 0 {
				t.Error(FormatViolations(r.URL, r.Violations))
			}
			mu.Lock()
			if r.Skipped {
				skips++
			} else {
				checks++
				spent += time.Duration(r.Millis) * time.Millisecond
			}
			if cur != nil {
				close(cur.done)
				cur = &document{url: cur.url, done: closed}
			}
			mu.Unlock()
		case *fetch.EventRequestPaused:
			// The check runs commands, so off the tab's event loop.
			wg.Add(1)
			go func() {
				defer wg.Done()
				wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				defer cancel()
				wait(wctx)
				err := chromedp.Do(wctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
					_, err := cdp.Call(ctx, tg, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: e.RequestID})
					return chromedp.Void{}, err
				})
				if err != nil && ctx.Err() == nil {
					t.Errorf("continue the request for %s: %v", e.Request.URL, err)
				}
			}()
		}
	})
	if err != nil {
		t.Fatalf("listen to the browser: %v", err)
	}
	// On load, after the page's own handlers: check, unless this binary
	// checked the same state already.
	onLoad := `addEventListener("load", () => setTimeout(async () => {
		if (window.top !== window || typeof axeReport !== "function") return;
		axeReport(JSON.stringify(await axeCheck(` + seenList() + `)));
	}, 0));`
	err = chromedp.Do(ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := cdp.Call(ctx, tg, runtime.AddBinding, runtime.AddBindingParams{Name: "axeReport"}); err != nil {
			return chromedp.Void{}, err
		}
		src := axeSource + ";\n" + signatureJS + "\n" + runJS + "\n" + onLoad
		if _, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
			return chromedp.Void{}, err
		}
		_, err := cdp.Call(ctx, tg, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*", ResourceType: network.ResourceTypeDocument}}})
		return chromedp.Void{}, err
	})
	if err != nil {
		t.Fatalf("set up axe-core in the browser: %v", err)
	}
	t.Cleanup(func() {
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		wait(wctx)
		wg.Wait()
		mu.Lock()
		t.Logf("axe-core checked %d page states in %v, skipped %d (checked before, or not HTML)", checks, spent, skips)
		mu.Unlock()
	})
}

var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()
