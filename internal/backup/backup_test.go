package backup_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/backup"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
)

// platform builds the platform with every capability on a fresh database
// of engine, as `topcop serve` would (bare: as `topcop restore` does, with
// no reference data written).
func platform(t *testing.T, engine string, bare bool) *app.Platform {
	t.Helper()
	p, err := app.Build(context.Background(), config.Default(), dbtest.Open(t, engine), app.Options{Bare: bare})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Audit.Close)
	return p
}

// auditEntries counts the audit log's entries.
func auditEntries(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), `SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// seed adds an agency of Georgia (a country the directory seeds), an
// account and three audit entries.
func seed(t *testing.T, p *app.Platform) {
	t.Helper()
	d, l := p.DB, p.Audit
	ctx := core.WithActor(context.Background(), core.SystemActor("test"))
	now := db.Now()
	err := d.Write(ctx, func(ctx context.Context) error {
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
				sp := platform(t, from, false)
				src := sp.DB
				seed(t, sp)
				entries := auditEntries(t, src) // the seeding of countries, then ours
				var buf bytes.Buffer
				ctx := context.Background()
				sum, err := backup.Write(ctx, src, sp.BackupPlan(), &buf)
				if err != nil {
					t.Fatal(err)
				}
				if entries < 4 || sum.Rows["audit_log"] != entries || sum.Rows["agencies"] != 1 || sum.Rows["countries"] == 0 {
					t.Fatalf("backup summary %+v (%d audit entries)", sum.Rows, entries)
				}
				dp := platform(t, to, true)
				dst := dp.DB
				data := buf.Bytes()
				rsum, err := backup.Restore(ctx, dst, dp.BackupPlan(), bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if rsum.Total() != sum.Total() {
					t.Fatalf("restored %d rows, backed up %d", rsum.Total(), sum.Total())
				}
				l := audit.New(dst)
				defer l.Close()
				res, err := l.Verify(ctx)
				if err != nil || !res.OK() || res.Entries != int64(entries) {
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
				if _, err := backup.Restore(ctx, dst, dp.BackupPlan(), bytes.NewReader(data)); !core.IsCode(err, core.Conflict) {
					t.Fatalf("restore into non-empty database: %v", err)
				}
				// Garbage is refused.
				if _, err := backup.Restore(ctx, platform(t, to, true).DB, dp.BackupPlan(), bytes.NewReader([]byte("not a backup"))); !core.IsCode(err, core.Invalid) {
					t.Fatalf("garbage restore: %v", err)
				}
			})
		}
	}
}

// TestPlanMustNameEveryTable: a table the plan does not name (a capability
// that forgot to declare it) stops a backup and a restore, and so does a
// plan naming a table the database lacks.
func TestPlanMustNameEveryTable(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			p := platform(t, engine, false)
			ctx := context.Background()
			full := p.BackupPlan()
			var buf bytes.Buffer
			if _, err := backup.Write(ctx, p.DB, full, &buf); err != nil {
				t.Fatal(err)
			}
			data := buf.Bytes()
			for name, plan := range map[string]backup.Plan{
				"missing networks": {Tables: slices.DeleteFunc(slices.Clone(full.Tables), func(s string) bool { return s == "networks" }), Reference: full.Reference},
				"unknown table":    {Tables: append(slices.Clone(full.Tables), "trainings"), Reference: full.Reference},
			} {
				_, err := backup.Write(ctx, p.DB, plan, &bytes.Buffer{})
				if err == nil || !strings.Contains(err.Error(), "out of date") {
					t.Errorf("%s: backup: %v", name, err)
				}
				dst := platform(t, engine, true).DB
				if _, err := backup.Restore(ctx, dst, plan, bytes.NewReader(data)); err == nil {
					t.Errorf("%s: restore passed", name)
				}
			}
		})
	}
}
