package notify_test

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/notify/notifytest"
)

// BenchmarkSendQueued queues 1,000 mails, each in a transaction of its
// own as a capability would, then delivers them to the in-process SMTP
// server (STARTTLS, AUTH, one session per mail) with the default number
// of workers. It reports the delivery rate (mails/s) and the rate of
// queueing (queued/s), per engine.
func BenchmarkSendQueued(b *testing.B) {
	const mails = 1000
	for _, engine := range dbtest.Engines {
		b.Run(engine, func(b *testing.B) {
			srv := notifytest.Start(b)
			cfg := config.Default()
			cfg.DB = dbtest.DSN(b, engine)
			cfg.SMTP = srv.Config(b)
			p, err := app.Open(context.Background(), cfg, app.Options{Modules: []module.Module{}, Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(p.Close)
			svc := module.Use[*notify.Service](p.Env)
			svc.StopWorker()
			notifytest.Register(b, svc)
			o := notify.DefaultWorkerOptions()
			o.Poll = 10 * time.Millisecond
			var queueing, delivering time.Duration
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				start := time.Now()
				for j := range mails {
					send(b, p.DB, svc, greeting(fmt.Sprintf("b%d-%d@example.org", i, j), "en"))
				}
				queueing += time.Since(start)
				b.StartTimer()
				start = time.Now()
				if err := svc.StartWorker(o); err != nil {
					b.Fatal(err)
				}
				srv.Wait(b, (i+1)*mails)
				ctx, cancel := context.WithTimeout(apptest.SysCtx(), time.Minute)
				err := svc.Drain(ctx, time.Millisecond)
				cancel()
				if err != nil {
					b.Fatal(err)
				}
				delivering += time.Since(start)
				svc.StopWorker()
			}
			b.ReportMetric(float64(mails*b.N)/delivering.Seconds(), "mails/s")
			b.ReportMetric(float64(mails*b.N)/queueing.Seconds(), "queued/s")
		})
	}
}
