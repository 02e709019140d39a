// Package templates embeds the HTML templates: layout.html, partials/ and one
// file per page in pages/.
package templates

import "embed"

// FS holds every template.
//
//go:embed layout.html partials/*.html pages/*.html
var FS embed.FS
