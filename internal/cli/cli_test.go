package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/audit/audittest"
	"github.com/topcop-platform/topcop/internal/cli"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(context.Background(), args, cli.IO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Env: func(string) (string, bool) { return "", false }})
	return result{code, out.String(), errb.String()}
}

func TestCommandsOnBothEngines(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn := dbtest.DSN(t, engine).String()

			r := run(t, "", "migrate", "--db", dsn)
			if r.code != 0 || !regexp.MustCompile(`schema version \d+ \(latest \d+\)`).MatchString(r.stdout) {
				t.Fatalf("migrate: %+v", r)
			}

			// user create: the password comes from stdin only; bad input
			// is refused with a clear message.
			bad := []struct {
				name string
				args []string
				want string
			}{
				{"no password-stdin", []string{"--email", "a@example.org", "--name", "A", "--role", "admin"}, "--password-stdin"},
				{"unknown role", []string{"--email", "a@example.org", "--name", "A", "--role", "sheriff", "--password-stdin"}, "role"},
				{"ncp without country", []string{"--email", "a@example.org", "--name", "A", "--role", "ncp", "--password-stdin"}, "country"},
				{"unknown country", []string{"--email", "a@example.org", "--name", "A", "--role", "ncp", "--country", "XX", "--password-stdin"}, "country"},
				{"bad e-mail", []string{"--email", "not-an-email", "--name", "A", "--role", "admin", "--password-stdin"}, "email"},
			}
			for _, b := range bad {
				r := run(t, "a long enough passphrase\n", append([]string{"user", "create", "--db", dsn}, b.args...)...)
				if r.code == 0 || !strings.Contains(r.stderr, b.want) {
					t.Errorf("user create %s: code %d, stderr %q (want it to mention %q)", b.name, r.code, r.stderr, b.want)
				}
			}
			r = run(t, "weak\n", "user", "create", "--db", dsn, "--email", "a@example.org", "--name", "A", "--role", "admin", "--password-stdin")
			if r.code == 0 || !strings.Contains(r.stderr, "password") {
				t.Errorf("weak password accepted: %+v", r)
			}
			r = run(t, "a long enough passphrase\n", "user", "create", "--db", dsn, "--email", "Nino@Example.org", "--name", "Nino Beridze", "--role", "ncp", "--country", "ge", "--password-stdin")
			if r.code != 0 || !strings.Contains(r.stdout, "nino@example.org") || !strings.Contains(r.stdout, "country GE") {
				t.Fatalf("user create: %+v", r)
			}

			r = run(t, "", "demo", "--db", dsn)
			if r.code != 0 || !strings.Contains(r.stdout, "172 people") || !strings.Contains(r.stdout, "coordinator@demo.example.org") {
				t.Fatalf("demo: %+v", r)
			}
			if r := run(t, "", "demo", "--db", dsn); r.code == 0 {
				t.Fatalf("demo into a non-empty database succeeded: %+v", r)
			}

			// Export, then import the export back as a dry run: no errors.
			dir := t.TempDir()
			csv := filepath.Join(dir, "people.csv")
			if r := run(t, "", "export", "people", "--db", dsn, "--out", csv); r.code != 0 {
				t.Fatalf("export: %+v", r)
			}
			if r := run(t, "", "import", "people", csv, "--dry-run", "--db", dsn); r.code != 0 || !strings.Contains(r.stdout, "dry run") {
				t.Fatalf("import dry run of the export: %+v", r)
			}
			badCSV := filepath.Join(dir, "bad.csv")
			os.WriteFile(badCSV, []byte("code,country,name,type\nXX-ONE,ZZ,One,police\nXX-TWO,GE,,police\n"), 0o600)
			if r := run(t, "", "import", "agencies", badCSV, "--db", dsn); r.code == 0 || !strings.Contains(r.stderr, "line 2") || !strings.Contains(r.stderr, "line 3") || !strings.Contains(r.stderr, "nothing was imported") {
				t.Fatalf("bad import: %+v", r)
			}

			// The audit chain verifies; a backup restores into an empty
			// database with a chain that still verifies.
			r = run(t, "", "audit", "verify", "--db", dsn)
			if r.code != 0 || !strings.Contains(r.stdout, "intact") {
				t.Fatalf("audit verify: %+v", r)
			}
			bk := filepath.Join(dir, "topcop.backup")
			if r := run(t, "", "backup", "--out", bk, "--db", dsn); r.code != 0 {
				t.Fatalf("backup: %+v", r)
			}
			target := dbtest.DSN(t, engine).String()
			if r := run(t, "", "restore", bk, "--db", target); r.code != 0 || !strings.Contains(r.stdout, "restored") {
				t.Fatalf("restore: %+v", r)
			}
			if r := run(t, "", "audit", "verify", "--db", target); r.code != 0 {
				t.Fatalf("audit verify after restore: %+v", r)
			}
			if r := run(t, "", "restore", bk, "--db", target); r.code == 0 {
				t.Fatalf("restore into a non-empty database succeeded: %+v", r)
			}

			// Edit one entry directly in the database: verify fails and
			// names it.
			d := open(t, target)
			audittest.Unguard(t, d)
			audittest.Exec(t, d, `UPDATE audit_log SET actor_label = 'intruder@example.org' WHERE seq = 42`)
			r = run(t, "", "audit", "verify", "--db", target)
			if r.code == 0 || !strings.Contains(r.stdout, "BROKEN at entry 42") {
				t.Fatalf("audit verify after tampering: %+v", r)
			}
		})
	}
}

func open(t *testing.T, dsn string) *db.DB {
	t.Helper()
	parsed, err := config.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(context.Background(), parsed)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestUsage(t *testing.T) {
	if r := run(t, ""); r.code != 2 || !strings.Contains(r.stdout, "topcop serve") {
		t.Fatalf("no args: %+v", r)
	}
	if r := run(t, "", "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, "unknown command") {
		t.Fatalf("unknown command: %+v", r)
	}
	if r := run(t, "", "migrate", "--db", "mysql://x"); r.code == 0 || !strings.Contains(r.stderr, "sqlite:PATH or postgres://") {
		t.Fatalf("bad DSN: %+v", r)
	}
}
