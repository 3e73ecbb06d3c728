package notify_test

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/backup"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/notify/notifytest"
)

// TestBackupKeepsQueuedMail: a backup holds the outbox, the in-app
// notifications and the queue; restored into either engine, the mail
// queued but not delivered before the backup is delivered by the
// restored platform, with its Message-ID, and the audit chain verifies.
func TestBackupKeepsQueuedMail(t *testing.T) {
	for _, from := range dbtest.Engines {
		for _, to := range dbtest.Engines {
			t.Run(from+"_to_"+to, func(t *testing.T) {
				ctx := context.Background()
				srv := notifytest.Start(t)
				cfg := config.Default()
				cfg.SMTP = srv.Config(t)
				opts := app.Options{Modules: []module.Module{}, Logger: slog.New(slog.DiscardHandler)}

				src, err := app.Build(ctx, cfg, dbtest.Open(t, from), opts)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(src.Audit.Close)
				svc := module.Use[*notify.Service](src.Env)
				svc.StopWorker()
				notifytest.Register(t, svc)
				acc, err := src.Auth.CreateAccount(apptest.SysCtx(), auth.AccountInput{Email: "kept@example.org", Name: "Kept", Password: apptest.Password})
				if err != nil {
					t.Fatal(err)
				}
				queued := send(t, src.DB, svc, greeting(acc.Email, "ru"))
				var buf bytes.Buffer
				sum, err := backup.Write(ctx, src.DB, src.BackupPlan(), &buf)
				if err != nil {
					t.Fatal(err)
				}
				if sum.Rows["mail_outbox"] != 1 || sum.Rows["notifications"] != 1 || sum.Rows["goqite"] != 1 {
					t.Fatalf("backup summary %+v", sum.Rows)
				}

				bare := opts
				bare.Bare = true
				dstDB := dbtest.Open(t, to)
				dst, err := app.Build(ctx, cfg, dstDB, bare)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(dst.Audit.Close)
				if _, err := backup.Restore(ctx, dst.DB, dst.BackupPlan(), bytes.NewReader(buf.Bytes())); err != nil {
					t.Fatal(err)
				}
				l := audit.New(dstDB)
				res, err := l.Verify(ctx)
				l.Close()
				if err != nil || !res.OK() {
					t.Fatalf("audit chain after restore: %+v %v", res, err)
				}

				// The restored platform delivers what was queued.
				rcfg := cfg
				rcfg.DB = dstDB.DSN()
				restored, err := app.Open(ctx, rcfg, opts)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(restored.Close)
				rsvc := module.Use[*notify.Service](restored.Env)
				notifytest.Quick(t, rsvc)
				msgs := srv.Wait(t, 1)
				drain(t, rsvc)
				if len(srv.Messages()) != 1 || msgs[0].MessageID != "<"+queued+"@topcop.test>" || msgs[0].Subject != notifytest.Subjects["ru"] {
					t.Fatalf("delivered after the restore: %d messages, %q %q", len(srv.Messages()), msgs[0].MessageID, msgs[0].Subject)
				}
				var n int
				if err := restored.DB.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE account_id = ?`, acc.ID).Scan(&n); err != nil || n != 1 {
					t.Fatalf("restored notifications: %d, %v", n, err)
				}
			})
		}
	}
}
