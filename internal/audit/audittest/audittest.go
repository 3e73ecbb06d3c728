// Package audittest helps tests tamper with the audit chain the way an
// intruder with database access would: first by removing the append-only
// guard triggers.
package audittest

import (
	"context"
	"testing"

	"github.com/topcop-platform/topcop/internal/db"
)

// Unguard removes the append-only triggers from audit_log so that a test
// can edit, delete or reorder entries directly.
func Unguard(t testing.TB, d *db.DB) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
	if d.Dialect == db.Postgres {
		stmts = []string{`ALTER TABLE audit_log DISABLE TRIGGER USER`}
	}
	err := d.Write(context.Background(), func(ctx context.Context) error {
		for _, s := range stmts {
			if _, err := d.Exec(ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("unguard audit_log: %v", err)
	}
}

// Exec runs one tampering statement.
func Exec(t testing.TB, d *db.DB, q string, args ...any) {
	t.Helper()
	err := d.Write(context.Background(), func(ctx context.Context) error {
		_, err := d.Exec(ctx, q, args...)
		return err
	})
	if err != nil {
		t.Fatalf("tamper %q: %v", q, err)
	}
}
