// Package web serves the Dutch HTML pages.
package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"regiepool/internal/app"
	"regiepool/internal/auth"
	"regiepool/internal/domain"
	"regiepool/static"
	"regiepool/templates"
)

// Deps are what the pages need.
type Deps struct {
	// App runs the use cases; the adapters call nothing else for data.
	App *app.App
	Log *slog.Logger
	// SecureCookies: the session cookie is Secure with the __Host- prefix.
	SecureCookies bool
	// Guard slows down password guessing per client address.
	Guard *auth.Limiter
}

// Pages renders and serves the HTML side.
type Pages struct {
	Deps
	sets   map[string]*template.Template
	assets map[string]asset
}

// New parses one template set per page (layout + partials + the page), so
// two pages' "content" blocks can never collide.
func New(d Deps) (*Pages, error) {
	p := &Pages{Deps: d, sets: map[string]*template.Template{}}
	files, err := fs.Glob(templates.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, n := range pageNames {
		known[n] = true
	}
	for _, f := range files {
		if name := strings.TrimSuffix(path.Base(f), ".html"); !known[name] {
			return nil, fmt.Errorf("template %s is not registered in web.pageNames", f)
		}
	}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templates.FS, "layout.html", "partials/*.html", "pages/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", name, err)
		}
		p.sets[name] = t
	}
	if p.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	return p, nil
}

var funcs = template.FuncMap{
	"date": domain.FormatDate,
	// number and numberTrim write figures the Dutch way: {{number .Mean 1}}.
	"number":     domain.FormatNumber,
	"numberTrim": domain.FormatNumberTrim,
}

// render executes a page into a buffer and writes it only when that
// succeeded, so a template error never leaves half a page.
func (p *Pages) render(c *gin.Context, status int, name string, data any) {
	t, ok := p.sets[name]
	if !ok {
		p.Log.Error("unknown page", "page", name)
		c.String(http.StatusInternalServerError, "Er ging iets mis.")
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		p.Log.Error("render page", "page", name, "err", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("Er ging iets mis bij het tonen van deze pagina."))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// asset is one static file with its content hash as ETag.
type asset struct {
	body        []byte
	etag        string
	contentType string
}

func loadAssets() (map[string]asset, error) {
	out := map[string]asset{}
	err := fs.WalkDir(static.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(static.FS, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ct := "text/css; charset=utf-8"
		if strings.HasSuffix(name, ".js") {
			ct = "text/javascript; charset=utf-8"
		}
		out[name] = asset{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, contentType: ct}
		return nil
	})
	return out, err
}

// assetVersion is appended to asset URLs so browsers refetch after a change.
func (p *Pages) assetVersion(name string) string {
	return strings.Trim(p.assets[name].etag, `"`)
}

func (p *Pages) handleStatic(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("filepath"), "/")
	a, ok := p.assets[name]
	if !ok {
		p.ErrorPage(c, http.StatusNotFound)
		return
	}
	c.Header("ETag", a.etag)
	c.Header("Cache-Control", "public, max-age=86400")
	if c.GetHeader("If-None-Match") == a.etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, a.contentType, a.body)
}
