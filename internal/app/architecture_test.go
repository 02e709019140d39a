package app_test

import (
	"bufio"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// The layering of README "How the code is organised", checked on the code
// itself so that it cannot quietly erode.

const module = "regiepool"

// repoRoot is the module root, two levels above this file.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller information")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// deps lists the module's packages that pkg imports, directly or not,
// without test files.
func deps(t *testing.T, root, pkg string) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		bp, err := build.Default.Import(p, root, 0)
		if err != nil {
			t.Fatalf("import %s: %v", p, err)
		}
		for _, imp := range bp.Imports {
			if imp == module || strings.HasPrefix(imp, module+"/") {
				walk(imp)
			}
		}
	}
	walk(pkg)
	delete(seen, pkg)
	return seen
}

func TestAdaptersDoNotReachTheStore(t *testing.T) {
	root := repoRoot(t)
	for _, adapter := range []string{"internal/api", "internal/web"} {
		d := deps(t, root, module+"/"+adapter)
		if d[module+"/internal/postgres"] {
			t.Errorf("%s depends on internal/postgres; call internal/app instead", adapter)
		}
		if !d[module+"/internal/app"] {
			t.Errorf("%s does not use internal/app", adapter)
		}
	}
}

// goFiles lists the non-test Go files under dir.
func goFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "data" || strings.HasPrefix(d.Name(), ".")) && p != dir {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// imports lists the import paths of one file.
func imports(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, imp := range f.Imports {
		out = append(out, strings.Trim(imp.Path.Value, `"`))
	}
	return out
}

func TestImportRules(t *testing.T) {
	root := repoRoot(t)
	// Which packages may import a library: one concern, one place.
	allowed := map[string][]string{
		"un" + "safe":                       {}, // spelled in two so that a grep for the import finds only real ones
		"github.com/gin-gonic/gin":          {"internal/server", "internal/api", "internal/web"},
		"github.com/jung-kurt/gofpdf":       {"internal/report"},
		"github.com/jmoiron/sqlx":           {"internal/postgres", "internal/pgtest"},
		"github.com/lib/pq":                 {"internal/postgres", "internal/pgtest", "internal/pgcluster"},
		module + "/internal/postgres":       {"cmd/regiepool", "internal/server", "internal/demo", "internal/pgtest", "internal/demo/national", "cmd/regiepool-load"},
		"github.com/chromedp/chromedp":      {"internal/browsertest"},
		"github.com/pressly/goose/v3":       {"internal/postgres"},
		"golang.org/x/crypto/argon2":        {"internal/auth"},
		"github.com/pquerna/otp":            {"internal/auth"},
		"github.com/pquerna/otp/totp":       {"internal/auth", "internal/pgtest"},
		"github.com/coreos/go-oidc/v3/oidc": {"internal/auth"},
		"golang.org/x/oauth2":               {"internal/auth"},
		"github.com/wneessen/go-mail":       {"internal/mail"},
		module + "/internal/api":            {"internal/server", "internal/apitest"},
		module + "/internal/web":            {"internal/server"},
		module + "/internal/server":         {"cmd/regiepool", "cmd/regiepool-load"},
		module + "/internal/app":            {"cmd/regiepool", "internal/server", "internal/api", "internal/web"},
		module + "/internal/browsertest":    {},

		// Metrics: the Prometheus client in one package, wired in server and main.
		"github.com/prometheus/client_golang/prometheus":            {"internal/metrics"},
		"github.com/prometheus/client_golang/prometheus/collectors": {"internal/metrics"},
		"github.com/prometheus/client_golang/prometheus/promhttp":   {"internal/metrics"},
		module + "/internal/metrics":                                {"cmd/regiepool", "internal/server"},
	}
	for _, file := range goFiles(t, root) {
		rel, _ := filepath.Rel(root, file)
		dir := filepath.ToSlash(filepath.Dir(rel))
		for _, imp := range imports(t, file) {
			who, ok := allowed[imp]
			if ok && !slices.Contains(who, dir) {
				t.Errorf("%s imports %s; only %v may", rel, imp, who)
			}
		}
	}
}

func TestDomainIsStdlibOnly(t *testing.T) {
	root := repoRoot(t)
	for _, file := range goFiles(t, filepath.Join(root, "internal", "domain")) {
		for _, imp := range imports(t, file) {
			if strings.Contains(strings.Split(imp, "/")[0], ".") || strings.HasPrefix(imp, module+"/") {
				t.Errorf("%s imports %s; domain uses the standard library only", file, imp)
			}
		}
	}
}

func TestNoInitRegistrationInWeb(t *testing.T) {
	root := repoRoot(t)
	for _, file := range goFiles(t, filepath.Join(root, "internal", "web")) {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" {
				t.Errorf("%s registers itself in init(); list its routes in internal/web/routes.go", file)
			}
		}
	}
}

func TestFileSizes(t *testing.T) {
	root := repoRoot(t)
	for _, file := range goFiles(t, filepath.Join(root, "internal")) {
		n := countLines(t, file)
		rel, _ := filepath.Rel(root, file)
		limit := 600
		if strings.HasPrefix(rel, "internal/web/") || strings.HasPrefix(rel, "internal/api/") {
			limit = 450 // the adapters stay small: split at a topic
		}
		if n > limit {
			t.Errorf("%s has %d lines; split it (limit %d)", rel, n, limit)
		}
	}
}

func countLines(t *testing.T, file string) int {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 1<<20), 1<<20)
	for s.Scan() {
		n++
	}
	return n
}
