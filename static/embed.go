// Package static embeds the stylesheets served under /static/: the vendored
// NL Design System CSS (vendor/) and our own app.css.
package static

import "embed"

// FS holds the static files.
//
//go:embed app.css vendor/*.css
var FS embed.FS
