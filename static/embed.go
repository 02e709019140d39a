// Package static embeds the files served under /static/: the vendored
// NL Design System CSS (vendor/), our own app.css and copy.js (the copy
// buttons beside links, a progressive enhancement).
package static

import "embed"

// FS holds the static files.
//
//go:embed app.css copy.js vendor/*.css
var FS embed.FS
