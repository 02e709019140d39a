package server_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"regiepool/internal/browsertest"
	"regiepool/internal/demo"
	"regiepool/internal/pgtest"
)

// overflow is what overflowJS finds on a page that scrolls sideways.
type overflow struct {
	ScrollWidth int    `json:"scrollWidth"`
	ClientWidth int    `json:"clientWidth"`
	Element     string `json:"element"` // the outermost element that sticks out furthest
	Path        string `json:"path"`    // its ancestors
	Right       int    `json:"right"`   // where its right edge is
	HTML        string `json:"html"`
}

// overflowJS returns null when the page fits its width, or the element that
// sticks out furthest to the right (the outermost of equals).
const overflowJS = `(() => {
	const de = document.documentElement;
	if (de.scrollWidth <= de.clientWidth) return null;
	const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
		[...el.classList].map(c => "." + c).join("");
	let worst = null, right = de.clientWidth + 0.5;
	for (const el of document.body.querySelectorAll("*")) {
		const r = el.getBoundingClientRect();
		if (r.right > right) { right = r.right; worst = el; }
	}
	const path = [];
	for (let p = worst && worst.parentElement; p && p !== document.body; p = p.parentElement) path.unshift(name(p));
	return {scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, element: worst ? name(worst) : "?",
		path: path.join(" > "), right: Math.round(right), html: worst ? worst.outerHTML.slice(0, 200) : ""};
})()`

// idRE finds the numbers in a path, which tell one page of a kind from the
// next.
var idRE = regexp.MustCompile(`\d+`)

// TestEveryPageAt375 opens every page that the link crawl of
// TestEveryLinkOpens reaches, as each demo user, in one browser with a
// phone-sized viewport (375 px), and fails on a page that scrolls sideways,
// naming the element that sticks out (issue 16, item 7). The browser runs
// axe-core on each page as well. Of the pages of one kind (the same path
// but for its numbers) it opens the first one per role (the demo has two
// users of most roles, with other scopes), so the crawl stays short.
func TestEveryPageAt375(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo as every role in the browser")
	}
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(srv.URL)
	ctx := browsertest.NewWithTimeout(t, 3*time.Minute)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 740)); err != nil {
		t.Fatal(err)
	}
	start, visited := time.Now(), 0
	kinds := map[string]bool{} // role and path of the pages visited
	for _, login := range demoLogins {
		email := login + "@regiepool.test"
		client := demoClient(t, srv.URL, email)
		pages := crawlPages(t, client, base, 5)
		// The browser takes over the crawler's session.
		for _, c := range client.Jar.Cookies(base) {
			err := chromedp.Do(ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
				_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: srv.URL + "/"})
				return chromedp.Void{}, err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		role := strings.TrimRight(login, "0123456789")
		for _, p := range pages {
			u, _ := url.Parse(p)
			kind := role + " " + idRE.ReplaceAllString(u.Path, "0")
			if kinds[kind] {
				continue
			}
			kinds[kind] = true
			visited++
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p)); err != nil {
				t.Fatalf("%s: open %s: %v", email, p, err)
			}
			if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || strings.Contains(loc, "/inloggen") {
				t.Fatalf("%s: %s opened as %s (%v): not signed in", email, p, loc, err)
			}
			o, err := chromedp.Run(ctx, chromedp.Evaluate[*overflow](overflowJS))
			if err != nil {
				t.Fatalf("%s: measure %s: %v", email, p, err)
			}
			if o != nil {
				t.Errorf("%s at 375 px: %s is %d px wide (viewport %d): %s sticks out to %d px\n    inside %s\n    %s",
					email, p, o.ScrollWidth, o.ClientWidth, o.Element, o.Right, o.Path, o.HTML)
			}
		}
		// The next user starts signed out.
		err := chromedp.Do(ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{})
			return chromedp.Void{}, err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d pages at 375 px in %v", visited, time.Since(start).Round(time.Second))
}
