// Package cli implements the topcop command: serve, migrate, user, demo,
// import, export, backup, restore, audit and cert. main hands it os.Args.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
)

// IO is where a command reads and writes; tests supply buffers.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Env            config.Env // nil → the process environment
}

type command struct {
	name, usage, summary string
	run                  func(ctx context.Context, io IO, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "serve [--addr HOST:PORT] [--db DSN] [--demo]", "run the web UI and API (migrates first)", runServe},
		{"migrate", "migrate [--db DSN]", "apply migrations and report the version", runMigrate},
		{"user", userUsage, "create an account\nset an account's password (revokes its sessions and API tokens)\nreset an account's second factor and recovery codes (revokes its sessions and API tokens)", runUser},
		{"demo", "demo [--db DSN] [--scale N]", "load the demo data set", runDemo},
		{"import", "import KIND FILE [--dry-run] [--db DSN]", "import records (" + transferKinds() + ") from CSV/XLSX", runImport},
		{"export", "export KIND [--format csv|xlsx] [--out FILE] [--db DSN]", "export records (" + transferKinds() + ")", runExport},
		{"backup", "backup --out FILE [--db DSN]", "write a consistent backup", runBackup},
		{"restore", "restore FILE [--db DSN]", "restore a backup into an empty database", runRestore},
		{"audit", "audit verify [--checkpoint FILE] | checkpoint [--out FILE] | keygen --out FILE", "verify the audit chain; sign and export its head", runAudit},
		{"cert", certUsage, certSummary, runCert},
	}
}

// Main runs the command line args (without the program name) and returns
// the process exit code.
func Main(ctx context.Context, args []string, io IO) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(io.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, io, args[1:])
			if err == nil {
				return 0
			}
			var ec exitCode
			if errors.As(err, &ec) {
				return int(ec)
			}
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			fmt.Fprintf(io.Stderr, "topcop %s: %v\n", c.name, describe(err))
			return 1
		}
	}
	fmt.Fprintf(io.Stderr, "topcop: unknown command %q\n\n", args[0])
	usage(io.Stderr)
	return 2
}

// exitCode is an error that only sets the exit status (the command has
// already said why).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func usage(w io.Writer) {
	fmt.Fprintln(w, "topcop — the TOPCOP Platform\n\nUsage:")
	for _, c := range commands() {
		// A command with subcommands has one line of usage and summary
		// for each.
		usages, summaries := strings.Split(c.usage, "\n"), strings.Split(c.summary, "\n")
		for i, u := range usages {
			sum := ""
			if i < len(summaries) {
				sum = summaries[i]
			}
			fmt.Fprintf(w, "  topcop %-70s %s\n", u, sum)
		}
	}
	fmt.Fprintln(w, "\nEvery command takes --db DSN (sqlite:PATH or postgres://…); TOPCOP_DB and TOPCOP_ADDR stand in for --db and --addr.")
}

// describe renders an error for the terminal, with field errors.
func describe(err error) string {
	var ce *core.Error
	if errors.As(err, &ce) && len(ce.Fields) > 0 {
		var parts []string
		for _, f := range ce.Fields {
			s := f.Field + ": " + f.Code
			if f.Param != "" {
				s += " (" + f.Param + ")"
			}
			parts = append(parts, s)
		}
		return ce.Message + ": " + strings.Join(parts, "; ")
	}
	return err.Error()
}

// flags parses args into a FlagSet after loading defaults and the
// environment into cfg; positional arguments may come before or after
// the flags.
func parseFlags(fs *flag.FlagSet, cfg *config.Config, io IO, args []string) ([]string, error) {
	if err := cfg.FromEnv(io.Env); err != nil {
		return nil, err
	}
	fs.SetOutput(io.Stderr)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	return pos, cfg.Validate()
}

// open builds the platform for a command (internal/app: the one wiring
// point), migrating first.
func open(ctx context.Context, cfg config.Config) (*app.Platform, error) {
	return app.Open(ctx, cfg, app.Options{})
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: lvl}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func systemCtx(ctx context.Context) context.Context {
	return core.WithActor(ctx, core.SystemActor("cli"))
}

// transferKinds lists what the capabilities import and export.
func transferKinds() string {
	var kinds []string
	for _, m := range app.Capabilities {
		for _, t := range m.Transfers {
			kinds = append(kinds, t.Kind)
		}
	}
	return strings.Join(kinds, ", ")
}
