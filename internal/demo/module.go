package demo

import (
	"context"

	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/module"
)

// Module is the directory's demo data set and the demo accounts, declared
// like a capability that has only demo data. It is listed right after
// the directory, so capabilities listed later find the demo people in
// DemoRun.IDs ("person:p007").
var Module = module.Module{
	Name: "demo",
	Demo: &module.Demo{
		Empty: func(ctx context.Context, env *module.Env) (bool, error) {
			return module.Use[*directory.Service](env).Empty(ctx)
		},
		Load: func(ctx context.Context, env *module.Env, run *module.DemoRun) error {
			res, err := Load(ctx, Deps{
				Directory:         module.Use[*directory.Service](env),
				Auth:              module.Use[*auth.Service](env),
				RefreshStatistics: env.DB.RefreshStatistics,
				IDs:               run.IDs,
			}, run.Scale, run.Progress)
			if err != nil {
				return err
			}
			run.Add("agencies", res.Agencies)
			run.Add("people", res.People)
			run.Add("contact points", res.ContactPoints)
			run.Add("networks", res.Networks)
			run.Add("accounts", res.Accounts)
			for _, a := range Accounts {
				scope := "all"
				if a.Country != "" {
					scope = a.Country
				}
				tf := "—"
				if a.Role.NeedsTOTP() {
					tf = "enrol TOTP at first sign-in"
				}
				run.Accounts = append(run.Accounts, module.DemoAccount{Email: a.Email, Role: string(a.Role), Scope: scope, SecondFactor: tf})
			}
			return nil
		},
	},
}
