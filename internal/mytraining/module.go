// Package mytraining is "My training" (issue 10 §8): one page where a
// participant — any signed-in account linked to a person of the
// directory — sees their nominations and what to do next, the activities
// to come with their calendar files, the tests and surveys waiting, their
// certificates with the PDF, the badge and the link to share, downloads
// everything the platform holds on them as JSON, and asks for a
// correction, which coordinators resolve on their own list.
//
// It holds little of its own (the correction requests): the rest it
// reads through the services of the capabilities that hold it, each of
// which reads the actor's own person only (training's and learning's
// mine.go, certs' Mine).
package mytraining

import (
	"context"
	"embed"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/certs"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/learning"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

//go:embed migrations
var migrations embed.FS

//go:embed locales
var locales embed.FS

// Module declares My training to the platform. It builds after the
// capabilities it reads: directory, training, learning and certs.
var Module = module.Module{
	Name:       "mytraining",
	Migrations: module.Sub(migrations, "migrations"),
	Templates:  Templates,
	Locales:    module.Sub(locales, "locales"),
	Tables:     []string{"correction_requests"},
	// Menu: My training for the accounts linked to a person (the page
	// still answers others, telling them so, with their account's data);
	// the correction requests for staff, with the number open.
	Menu: []ui.MenuItem{
		{Section: "mytraining", URL: pagePath, Key: "mytraining.nav.mine", Access: members, Order: 50, PersonOnly: true},
		{Section: "corrections", URL: correctionsPath, Key: "mytraining.nav.corrections", Access: staffReaders, Order: 905},
	},
	Build: func(_ context.Context, env *module.Env) error {
		mail := module.Use[*notify.Service](env)
		if err := mail.Register(MailTemplates(), module.Sub(locales, "locales")); err != nil {
			return err
		}
		module.Provide(env, NewService(env.DB, module.Use[*audit.Log](env), Deps{
			Accounts:     module.Use[*auth.Service](env),
			Directory:    module.Use[*directory.Service](env),
			Training:     module.Use[*training.Service](env),
			Learning:     module.Use[*learning.Service](env),
			Certificates: module.Use[*certs.Service](env),
			Mail:         mail,
		}))
		return nil
	},
	Pages: func(env *module.Env, web module.Web, r ui.Router) {
		svc := module.Use[*Service](env)
		NewWeb(svc, web.Render, web.Fail, env.Config.PublicURL).Routes(r)
		web.Render.SetCount("corrections", func(ctx context.Context) int {
			n, err := svc.OpenCount(ctx)
			if err != nil {
				return 0
			}
			return n
		})
	},
	API: func(env *module.Env, a huma.API) { RegisterAPI(a, module.Use[*Service](env)) },
}

// MailTemplates are My training's mails: a new correction request (to
// coordinators) and its resolution (to the requester).
func MailTemplates() map[string]notify.Template {
	return map[string]notify.Template{
		mailRequested: notify.MessageTemplate(mailRequested),
		mailResolved:  notify.MessageTemplate(mailResolved),
	}
}
