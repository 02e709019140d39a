package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"regiepool/internal/browsertest"
)

// TestBrowserStartPage loads the start page in chromium and checks that it
// rendered with its styles and accessible landmarks.
func TestBrowserStartPage(t *testing.T) {
	srv, _ := newServer(t)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	type pageFacts struct {
		Lang      string `json:"lang"`
		Landmarks int    `json:"landmarks"`
		Sheets    int    `json:"sheets"`
		Skip      string `json:"skip"`
		Font      string `json:"font"`
	}
	f, err := chromedp.Run(ctx, chromedp.Evaluate[pageFacts](`({
		lang: document.documentElement.lang,
		landmarks: document.querySelectorAll("header, nav, main, footer").length,
		sheets: document.styleSheets.length,
		skip: document.querySelector(".utrecht-skip-link").getAttribute("href"),
		font: getComputedStyle(document.body).fontFamily,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(h1) != "Regiepool" || f.Lang != "nl" || f.Landmarks != 4 || f.Sheets != 3 || f.Skip != "#main" {
		t.Fatalf("start page: h1 %q, facts %+v", h1, f)
	}
	// The theme must have applied: the page font comes from its tokens.
	if !strings.Contains(f.Font, "Noto Sans") {
		t.Errorf("body font %q: the Voorbeeld theme did not apply", f.Font)
	}
}
