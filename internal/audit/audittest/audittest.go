// Package audittest helps tests tamper with the audit chain the way an
// intruder with database access would: first by removing the append-only
// guard triggers.
package audittest

import (
	"context"
	"testing"

	"github.com/topcop-platform/topcop/internal/db"
)

// Unguard removes the guard triggers from audit_log, audit_head and
// audit_checkpoints so that a test can edit, delete or reorder entries,
// move the head and delete checkpoints directly.
func Unguard(t testing.TB, d *db.DB) {
	t.Helper()
	for _, table := range []string{"audit_log", "audit_head", "audit_checkpoints"} {
		if err := d.DisableTriggers(context.Background(), table); err != nil {
			t.Fatalf("unguard %s: %v", table, err)
		}
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
