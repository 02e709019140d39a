// Package browsertest drives Debian's chromium, headless, through chromedp
// against a server under test.
package browsertest

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// New returns a chromedp context for one fresh browser, closed when the test
// ends. It fails the test with a clear message when chromium is missing.
//
// The browser checks every page state it shows with axe-core (see
// watchPages): before it leaves a document for the next, and at the end of
// the test. A test fails on any WCAG 2.1 A/AA violation, so every browser
// test is also an accessibility test.
func New(t testing.TB) context.Context {
	t.Helper()
	return NewWithTimeout(t, 60*time.Second)
}

// NewWithTimeout is New with a timeout other than a minute for all that
// the test does in the browser.
func NewWithTimeout(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium not found: install the Debian package chromium (make test does this with apt-get)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // we may run as root in CI
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		// The machine has no internet: keep chromium from reaching out.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelCtx := chromedp.NewContext(actx)
	// The first call starts the browser; it must not carry a timeout, or the
	// timeout would stop the whole browser. Later calls get one.
	if err := chromedp.Do(bctx); err != nil {
		cancelCtx()
		cancelAlloc()
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(bctx, timeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	watchPages(t, ctx)
	return ctx
}

// LogIn signs in through the log-in form of the server at baseURL and waits
// for the signed-in page. Browser tests log in with it, so a change to the
// log-in is made here once. An account with a second factor needs code: it
// gives the current TOTP code when the log-in asks for it.
func LogIn(t testing.TB, ctx context.Context, baseURL, email, password string, code ...func() string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(baseURL+"/inloggen"),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS("main button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/uitloggen"]`)),
	)
	var path string
	if err == nil {
		path, err = chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	}
	if err == nil && path == "/inloggen/code" {
		if len(code) == 0 {
			t.Fatalf("log in as %s: the second factor is asked; pass a code", email)
		}
		err = chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.CSS("#otp"), code[0]()),
			chromedp.Click(chromedp.CSS("main form:not([action='/uitloggen']) button[type=submit]")),
		)
		// The code page has a log-out form too: wait until it is gone.
		for deadline := time.Now().Add(10 * time.Second); err == nil && path == "/inloggen/code"; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("log in as %s: still on the code page", email)
			}
			path, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname : "/inloggen/code"`))
		}
		if err == nil {
			err = chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`form[action="/uitloggen"]`)))
		}
	}
	if err != nil {
		t.Fatalf("log in as %s: %v", email, err)
	}
}
