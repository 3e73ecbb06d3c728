// Command topcop is the TOPCOP Platform: web UI, JSON API and command line
// in one binary. See internal/cli for the commands.
package main

import (
	"context"
	"os"

	"github.com/topcop-platform/topcop/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
}
