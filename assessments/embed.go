// Package assessments embeds the instrument definitions: one YAML file per
// published version, assessments/<key>/v<N>.yaml (see SCHEMA.md).
package assessments

import "embed"

// FS holds every definition file.
//
//go:embed */*.yaml
var FS embed.FS
