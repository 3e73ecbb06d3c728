package backup_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/backup"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

func seed(t *testing.T, d *db.DB) {
	t.Helper()
	l := audit.New(d)
	defer l.Close()
	ctx := core.WithActor(context.Background(), core.SystemActor("test"))
	now := db.Now()
	err := d.Write(ctx, func(ctx context.Context) error {
		if _, err := d.Exec(ctx, `INSERT INTO countries (code, name_en, name_native, kind, sort_order) VALUES ('GE', 'Georgia', 'საქართველო', 'partner', 1)`); err != nil {
			return err
		}
		agency := core.NewID()
		if _, err := d.Exec(ctx, `INSERT INTO agencies (id, code, country_code, name, type, sort_name, search, demo, created_at, updated_at) VALUES (?, 'GE-MIA', 'GE', 'Ministry of Internal Affairs', 'police', 'ministry', 'ministry', ?, ?, ?)`,
			agency, true, db.T(&now), db.T(&now)); err != nil {
			return err
		}
		acc := core.NewID()
		if _, err := d.Exec(ctx, `INSERT INTO accounts (id, email, name, password_hash, totp_enabled, created_at, updated_at) VALUES (?, 'a@example.org', 'Nino', 'h', ?, ?, ?)`,
			acc, true, db.T(&now), db.T(&now)); err != nil {
			return err
		}
		for i := range 3 {
			if err := l.Record(ctx, audit.Event{Action: "test.seed", Entity: "agency", EntityID: agency, Details: map[string]any{"i": i, "name": "ნინო"}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBackupRestoreAcrossEngines(t *testing.T) {
	for _, from := range dbtest.Engines {
		for _, to := range dbtest.Engines {
			t.Run(from+"_to_"+to, func(t *testing.T) {
				src := dbtest.Open(t, from)
				seed(t, src)
				var buf bytes.Buffer
				ctx := context.Background()
				sum, err := backup.Write(ctx, src, &buf)
				if err != nil {
					t.Fatal(err)
				}
				if sum.Rows["audit_log"] != 3 || sum.Rows["agencies"] != 1 {
					t.Fatalf("backup summary %+v", sum.Rows)
				}
				dst := dbtest.Open(t, to)
				data := buf.Bytes()
				rsum, err := backup.Restore(ctx, dst, bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if rsum.Total() != sum.Total() {
					t.Fatalf("restored %d rows, backed up %d", rsum.Total(), sum.Total())
				}
				l := audit.New(dst)
				defer l.Close()
				res, err := l.Verify(ctx)
				if err != nil || !res.OK() || res.Entries != 3 {
					t.Fatalf("audit chain after restore: %+v %v", res, err)
				}
				var name string
				var demo, totp bool
				if err := dst.QueryRow(ctx, `SELECT c.name_native, a.demo FROM agencies a JOIN countries c ON c.code = a.country_code`).Scan(&name, &demo); err != nil || name != "საქართველო" || !demo {
					t.Fatalf("restored agency: %q %v %v", name, demo, err)
				}
				if err := dst.QueryRow(ctx, `SELECT totp_enabled FROM accounts`).Scan(&totp); err != nil || !totp {
					t.Fatalf("restored account: %v %v", totp, err)
				}
				// A second restore into the now non-empty database is refused
				// and changes nothing.
				if _, err := backup.Restore(ctx, dst, bytes.NewReader(data)); !core.IsCode(err, core.Conflict) {
					t.Fatalf("restore into non-empty database: %v", err)
				}
				// Garbage is refused.
				if _, err := backup.Restore(ctx, dbtest.Open(t, to), bytes.NewReader([]byte("not a backup"))); !core.IsCode(err, core.Invalid) {
					t.Fatalf("garbage restore: %v", err)
				}
			})
		}
	}
}
