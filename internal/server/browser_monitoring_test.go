package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"regiepool/internal/browsertest"
	"regiepool/internal/demo"
	"regiepool/internal/pgtest"
)

// TestBrowserMonitoring: the demo's monitor logs in and opens /monitoring:
// ten question sections in order, each with a heading that names it; every
// question whose JSON has a chart shows it as an svg with role img and an
// accessible name, next to a table with the same bars.
func TestBrowserMonitoring(t *testing.T) {
	srv, db := newServer(t)
	if err := demo.Load(t.Context(), db, pgtest.Logger()); err != nil {
		t.Fatal(err)
	}
	var monitorID int64
	if err := db.Get(&monitorID, `SELECT id FROM app_user WHERE email = 'monitor@regiepool.test'`); err != nil {
		t.Fatal(err)
	}
	res, body := do(t, "GET", srv.URL+"/api/v1/reports/monitoring", "", "Accept", "application/json",
		"Authorization", "Bearer "+pgtest.MustAccessToken(t, db, monitorID))
	var doc struct {
		Questions []struct {
			ID    int
			Chart *struct{ Bars []struct{} }
		}
	}
	if err := json.Unmarshal(body, &doc); res.StatusCode != 200 || err != nil {
		t.Fatalf("monitoring JSON: %d %v", res.StatusCode, err)
	}

	ctx := browsertest.New(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/inloggen"),
		chromedp.SendKeys(chromedp.CSS("#email"), "monitor@regiepool.test"),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Click(chromedp.CSS("button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/uitloggen"]`)),
		chromedp.Navigate(srv.URL+"/monitoring"),
		chromedp.WaitVisible(chromedp.CSS(`section.app-question`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	type section struct {
		Question int    `json:"question"`
		Name     string `json:"name"`    // the section's accessible name: its heading
		Heading  string `json:"heading"` // the h2's text
		SVGs     int    `json:"svgs"`
		Role     string `json:"role"`
		SVGName  string `json:"svgName"` // what aria-labelledby points at
		Rows     int    `json:"rows"`    // rows of the chart's table
	}
	sections, err := chromedp.Run(ctx, chromedp.Evaluate[[]section](`[...document.querySelectorAll("section.app-question")].map(s => {
		const svg = s.querySelector("svg");
		const ids = svg ? (svg.getAttribute("aria-labelledby") || "").split(" ") : [];
		const tables = s.querySelectorAll("table");
		return {
			question: Number(s.dataset.question),
			name: document.getElementById(s.getAttribute("aria-labelledby")).textContent,
			heading: s.querySelector("h2").textContent,
			svgs: s.querySelectorAll("svg").length,
			role: svg ? svg.getAttribute("role") : "",
			svgName: ids.map(id => document.getElementById(id) ? document.getElementById(id).textContent : "").join(" ").trim(),
			rows: svg && tables.length ? tables[tables.length - 1].querySelectorAll("tbody tr").length : 0,
		};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	var questions []section
	for _, s := range sections {
		if s.Question > 0 {
			questions = append(questions, s)
		}
	}
	if len(questions) != 10 || len(doc.Questions) != 10 {
		t.Fatalf("%d question sections on the page, %d in the JSON, want 10", len(questions), len(doc.Questions))
	}
	charts := 0
	for i, s := range questions {
		if s.Question != i+1 || !strings.HasPrefix(s.Heading, fmt.Sprintf("%d. ", i+1)) || s.Name != s.Heading {
			t.Errorf("section %d: %+v", i+1, s)
		}
		want := doc.Questions[i].Chart
		switch {
		case want == nil && s.SVGs != 0:
			t.Errorf("question %d has no chart but the page draws %d", i+1, s.SVGs)
		case want != nil && (s.SVGs != 1 || s.Role != "img" || s.SVGName == "" || s.Rows != len(want.Bars)):
			t.Errorf("question %d: chart %+v, want one svg role=img with a name and a table of %d bars", i+1, s, len(want.Bars))
		case want != nil:
			charts++
		}
	}
	t.Logf("%d of 10 questions have a chart", charts)
	// The other figures come last, with their chart of close reasons.
	if last := sections[len(sections)-1]; last.Question != 0 || last.SVGs != 1 || last.Role != "img" || !strings.Contains(last.SVGName, "Redenen van afsluiten") {
		t.Errorf("the other figures: %+v", last)
	}
}
