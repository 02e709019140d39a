// Package migrations embeds the numbered SQL migrations applied by goose.
// go:embed cannot reach "..", so the files get their own package.
package migrations

import "embed"

// FS holds every NNNNN_name.sql file of this directory.
//
//go:embed *.sql
var FS embed.FS
