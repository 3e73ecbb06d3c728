package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/audit/audittest"
	"github.com/topcop-platform/topcop/internal/cli"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

func runEnv(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(context.Background(), args, cli.IO{Stdin: strings.NewReader("a long enough passphrase\n"), Stdout: &out, Stderr: &errb,
		Env: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	return result{code, out.String(), errb.String()}
}

// TestAuditCheckpointCommands: keygen, checkpoint and verify with a key
// file or the key in the environment; an exported checkpoint catches a
// truncation that the stored checkpoints, deleted with it, no longer
// show; a forged export and a missing key are reported.
func TestAuditCheckpointCommands(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			dsn := dbtest.DSN(t, engine).String()
			dir := t.TempDir()
			if r := run(t, "", "migrate", "--db", dsn); r.code != 0 {
				t.Fatalf("migrate: %+v", r)
			}
			for _, email := range []string{"a@example.org", "b@example.org"} {
				if r := run(t, "a long enough passphrase\n", "user", "create", "--db", dsn, "--email", email, "--name", "A", "--role", "admin", "--password-stdin"); r.code != 0 {
					t.Fatalf("user create: %+v", r)
				}
			}

			key := filepath.Join(dir, "audit.key")
			if r := run(t, "", "audit", "keygen", "--out", key); r.code != 0 || !strings.Contains(r.stdout, "written to") {
				t.Fatalf("keygen: %+v", r)
			}
			if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("key file: %v %v, want mode 0600", fi, err)
			}
			if r := run(t, "", "audit", "keygen", "--out", key); r.code == 0 {
				t.Fatalf("keygen over an existing key: %+v", r)
			}
			seed, _ := os.ReadFile(key)

			// Without a key: verify says checkpoints are off; checkpoint
			// refuses.
			r := run(t, "", "audit", "verify", "--db", dsn)
			if r.code != 0 || !strings.Contains(r.stderr, "checkpoints are off") || !strings.Contains(r.stderr, "without detection") {
				t.Fatalf("verify without a key: %+v", r)
			}
			if r := run(t, "", "audit", "checkpoint", "--db", dsn); r.code == 0 || !strings.Contains(r.stderr, "needs a key") {
				t.Fatalf("checkpoint without a key: %+v", r)
			}
			if r := runEnv(t, map[string]string{"TOPCOP_AUDIT_KEY": "not a key"}, "audit", "verify", "--db", dsn); r.code == 0 || !strings.Contains(r.stderr, "TOPCOP_AUDIT_KEY") {
				t.Fatalf("bad key in the environment: %+v", r)
			}
			if r := runEnv(t, map[string]string{"TOPCOP_AUDIT_KEY": string(seed)}, "audit", "verify", "--db", dsn, "--audit-key", key); r.code == 0 || !strings.Contains(r.stderr, "not both") {
				t.Fatalf("two keys: %+v", r)
			}

			cp := filepath.Join(dir, "head.json")
			r = run(t, "", "audit", "checkpoint", "--db", dsn, "--audit-key", key, "--out", cp)
			if r.code != 0 || !strings.Contains(r.stdout, "written to") {
				t.Fatalf("checkpoint: %+v", r)
			}
			var exported struct{ Seq int64 }
			data, _ := os.ReadFile(cp)
			if err := json.Unmarshal(data, &exported); err != nil || exported.Seq < 2 {
				t.Fatalf("exported checkpoint %s: %v", data, err)
			}
			keep := exported.Seq

			// More entries, a stored checkpoint of them through the
			// environment's key, and the export still verifies.
			run(t, "a long enough passphrase\n", "user", "create", "--db", dsn, "--email", "c@example.org", "--name", "C", "--role", "admin", "--password-stdin")
			cp2 := filepath.Join(dir, "head2.json")
			if r := runEnv(t, map[string]string{"TOPCOP_AUDIT_KEY_FILE": key}, "audit", "checkpoint", "--db", dsn, "--out", cp2); r.code != 0 {
				t.Fatalf("checkpoint with TOPCOP_AUDIT_KEY_FILE: %+v", r)
			}
			r = runEnv(t, map[string]string{"TOPCOP_AUDIT_KEY": string(seed)}, "audit", "verify", "--db", dsn, "--checkpoint", cp)
			if r.code != 0 || !strings.Contains(r.stdout, "intact") || !strings.Contains(r.stdout, "matched") || r.stderr != "" {
				t.Fatalf("verify with TOPCOP_AUDIT_KEY and the export: %+v", r)
			}

			// The intruder deletes the tail, moves the head back and
			// deletes the stored checkpoints that cover the tail.
			d := open(t, dsn)
			audittest.Unguard(t, d)
			var hash string
			if err := d.QueryRow(context.Background(), `SELECT hash FROM audit_log WHERE seq = ?`, keep).Scan(&hash); err != nil {
				t.Fatal(err)
			}
			audittest.Exec(t, d, `DELETE FROM audit_log WHERE seq > ?`, keep)
			audittest.Exec(t, d, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, keep, hash)
			audittest.Exec(t, d, `DELETE FROM audit_checkpoints WHERE seq > ?`, keep)
			if r := run(t, "", "audit", "verify", "--db", dsn, "--audit-key", key); r.code != 0 {
				t.Fatalf("stored checkpoints deleted with the tail are not detectable from the database: %+v", r)
			}
			r = run(t, "", "audit", "verify", "--db", dsn, "--audit-key", key, "--checkpoint", cp2)
			if r.code != 1 || !strings.Contains(r.stdout, "BROKEN") || !strings.Contains(r.stdout, "were deleted") {
				t.Fatalf("verify against the later export: %+v", r)
			}

			// A forged export is refused.
			forged := strings.Replace(string(data), `"seq": `, `"seq": 1`, 1)
			os.WriteFile(cp, []byte(forged), 0o600)
			r = run(t, "", "audit", "verify", "--db", dsn, "--audit-key", key, "--checkpoint", cp)
			if r.code != 1 || !strings.Contains(r.stdout, "signature is invalid") {
				t.Fatalf("forged export: %+v", r)
			}
			if r := run(t, "", "audit", "verify", "--db", dsn, "--checkpoint", cp2); r.code == 0 || !strings.Contains(r.stderr, "needs the audit key") {
				t.Fatalf("--checkpoint without a key: %+v", r)
			}
			if r := run(t, "", "audit", "rewrite"); r.code == 0 || !strings.Contains(r.stderr, "usage") {
				t.Fatalf("unknown subcommand: %+v", r)
			}
		})
	}
}
