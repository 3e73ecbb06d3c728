package demo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/topcop-platform/topcop/internal/app"
	"github.com/topcop-platform/topcop/internal/config"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/db"
	"github.com/topcop-platform/topcop/internal/db/dbtest"
	"github.com/topcop-platform/topcop/internal/demo"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/module"
)

// TestLoad loads the demo set twice over (scale 2) through the services on
// both engines and checks the counts, the accounts and the audit chain.
func TestLoad(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := core.WithActor(context.Background(), core.SystemActor("test"))
		// The platform as every command builds it (internal/app), so the
		// loader runs against the real wiring.
		p, err := app.Build(ctx, config.Default(), d, app.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer p.Audit.Close()
		log := p.Audit
		dir := module.Use[*directory.Service](p.Env)
		au := p.Auth
		res, err := demo.Load(ctx, demo.Deps{Directory: dir, Auth: au}, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := demo.Result{
			Agencies: 2 * len(demo.Agencies), People: 2 * len(demo.People), ContactPoints: 2 * len(demo.ContactPoints),
			Networks: 2 * len(demo.Networks), Accounts: len(demo.Accounts),
		}
		if res.Agencies != want.Agencies || res.People != want.People || res.ContactPoints != want.ContactPoints ||
			res.Networks != want.Networks || res.Accounts != want.Accounts {
			t.Fatalf("loaded %+v, want %+v", res, want)
		}
		people, err := dir.ListPeople(ctx, directory.PersonFilter{}, core.PageRequest{Limit: 1})
		if err != nil || people.Total != want.People {
			t.Fatalf("people total %d (%v), want %d", people.Total, err, want.People)
		}
		// The demo ncp of Georgia is linked to their directory person.
		if _, err := au.Login(ctx, "ncp.ge@demo.example.org", demo.Password, "127.0.0.1", "test"); err != nil {
			t.Fatalf("demo sign-in: %v", err)
		}
		v, err := log.Verify(ctx)
		if err != nil || !v.OK() || v.Entries < int64(res.People) {
			t.Fatalf("audit after demo load: %+v %v", v, err)
		}
	})
}

// TestModule loads the demo through the platform (demo.Module after the
// directory), as `topcop demo` does: the counts, the printed accounts and
// the ids passed on to later capabilities; a second load is refused.
func TestModule(t *testing.T) {
	for _, engine := range dbtest.Engines {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			p, err := app.Build(ctx, config.Default(), dbtest.Open(t, engine), app.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Audit.Close()
			run, err := p.LoadDemo(ctx, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			counts := map[string]int{}
			for _, c := range run.Counts {
				counts[c.Kind] = c.N
			}
			want := map[string]int{"agencies": len(demo.Agencies), "people": len(demo.People), "contact points": len(demo.ContactPoints),
				"networks": len(demo.Networks), "accounts": len(demo.Accounts)}
			for k, n := range want {
				if counts[k] != n {
					t.Errorf("%s: %d loaded, want %d", k, counts[k], n)
				}
			}
			if len(run.Accounts) != len(demo.Accounts) {
				t.Errorf("%d accounts printed, want %d", len(run.Accounts), len(demo.Accounts))
			}
			for _, key := range []string{"person:" + demo.People[0].Key, "agency:" + demo.Agencies[0].Key, "network:" + demo.Networks[0].Key} {
				if run.IDs[key] == "" {
					t.Errorf("no id for %s", key)
				}
			}
			if _, err := p.LoadDemo(ctx, 1, nil); !errors.Is(err, app.ErrNotEmpty) {
				t.Errorf("second load: %v", err)
			}
		})
	}
}
