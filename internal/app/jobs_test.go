package app_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/app/apptest"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/module"
)

// TestJobsRunWhileServing: a capability's periodic job runs again and
// again as the system actor named after it, a failing round does not stop
// it, and StartJobs' wait returns once the context ends.
func TestJobsRunWhileServing(t *testing.T) {
	var rounds atomic.Int32
	var actor atomic.Value
	job := module.Job{Name: "example.tick", Every: 5 * time.Millisecond, Run: func(ctx context.Context, _ *module.Env) error {
		actor.Store(core.ActorFrom(ctx))
		if rounds.Add(1) == 1 {
			return errors.New("the first round fails")
		}
		return nil
	}}
	mod := module.Module{Name: "example", Jobs: []module.Job{job, {Name: "example.off"}}} // a job without Run is skipped
	p, err := app.Build(context.Background(), config.Default(), dbtest.Open(t, dbtest.Engines[0]),
		app.Options{Modules: []module.Module{mod}, Logger: apptest.TestLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Audit.Close)
	ctx, stop := context.WithCancel(context.Background())
	wait := p.StartJobs(ctx)
	deadline := time.Now().Add(10 * time.Second)
	for rounds.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	wait()
	if n := rounds.Load(); n < 3 {
		t.Fatalf("%d rounds in 10 s, want the job to go on after a failed round", n)
	}
	a := actor.Load().(core.Actor)
	if !a.System || a.Label() != "example.tick" {
		t.Errorf("the job ran as %+v, want the system actor example.tick", a)
	}
	after := rounds.Load()
	time.Sleep(30 * time.Millisecond)
	if rounds.Load() != after {
		t.Error("the job ran after its context ended")
	}
}
