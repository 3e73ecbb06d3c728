package app

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/module"
)

// StartJobs runs every capability's periodic jobs (module.Job) until ctx
// ends; the returned function waits for the running rounds to finish. A
// round that fails is logged and the job goes on at its next turn. The
// serve command calls it; commands that only read or import do not.
func (p *Platform) StartJobs(ctx context.Context) (wait func()) {
	var wg sync.WaitGroup
	for _, m := range p.Modules {
		for _, j := range m.Jobs {
			if j.Run == nil || j.Every <= 0 {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				p.runJob(ctx, j)
			}()
		}
	}
	return wg.Wait
}

func (p *Platform) runJob(ctx context.Context, j module.Job) {
	// Jitter of up to a tenth of the pause spreads replicas' rounds.
	pause := func() time.Duration { return j.Every + rand.N(j.Every/10+1) }
	t := time.NewTimer(pause())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		p.RunJob(ctx, j)
		t.Reset(pause())
	}
}

// RunJob runs one round of j now, as the system actor of the job, and
// logs its outcome (tests and `topcop` commands call it directly).
func (p *Platform) RunJob(ctx context.Context, j module.Job) error {
	start := time.Now()
	err := j.Run(core.WithActor(ctx, core.SystemActor(j.Name)), p.Env)
	if err != nil && ctx.Err() == nil {
		p.Logger.Error("job failed", "job", j.Name, "err", err, "took", time.Since(start))
		return err
	}
	p.Logger.Debug("job ran", "job", j.Name, "took", time.Since(start))
	return err
}
