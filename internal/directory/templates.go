package directory

import "embed"

// Templates holds the directory's page templates (templates/directory/*.html).
// internal/web hands it to ui.NewRenderer, which parses every page at
// start-up and refuses to start if one fails.
//
//go:embed templates
var Templates embed.FS
