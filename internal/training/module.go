package training

import (
	"context"
	"embed"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/directory"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/ui"
)

//go:embed migrations
var migrations embed.FS

// Module declares training to the platform (see package module): the
// crime-area taxonomy, the course portfolio and its activities. It builds
// after the directory, whose countries and people it reads.
var Module = module.Module{
	Name:       "training",
	Migrations: module.Sub(migrations, "migrations"),
	Templates:  Templates,
	Locales:    module.Sub(locales, "locales"),
	Menu: []ui.MenuItem{
		{Section: "training", URL: "/training/activities", Key: "nav.training", Access: core.Member, Order: 200},
		{Section: "courses", URL: "/training/courses", Key: "nav.courses", Access: core.Member, Order: 210},
		{Section: "calendar", URL: "/training/calendar", Key: "nav.calendar", Access: core.Member, Order: 220},
	},
	Tables:    []string{"crime_areas", "courses", "course_areas", "activities", "activity_seats", "activity_trainers", "nominations", "attendance", "training_reminders", "calendar_feeds"},
	Reference: []string{"crime_areas"},
	Build: func(ctx context.Context, env *module.Env) error {
		mail := module.Use[*notify.Service](env)
		if err := mail.Register(MailTemplates(), module.Sub(locales, "locales")); err != nil {
			return err
		}
		svc := NewService(env.DB, module.Use[*audit.Log](env)).
			WithNotices(mail, module.Use[*auth.Service](env), env.Config.PublicURL)
		if err := svc.SeedAreas(core.WithActor(ctx, core.SystemActor("training.seed"))); err != nil {
			return err
		}
		module.Provide(env, svc)
		return nil
	},
	Pages: func(env *module.Env, web module.Web, r ui.Router) {
		NewWeb(module.Use[*Service](env), module.Use[*auth.Service](env), module.Use[*directory.Service](env),
			web.Render, web.Fail, env.Config.PublicURL).Routes(r)
	},
	// Jobs: the reminders before the answer date and before the start
	// (reminders.go), idempotent across replicas.
	Jobs: []module.Job{{Name: "training.reminders", Every: time.Hour, Run: func(ctx context.Context, env *module.Env) error {
		_, err := module.Use[*Service](env).SendReminders(ctx)
		return err
	}}},
	Panels: func(ctx context.Context, env *module.Env) ([]ui.Panel, error) {
		return module.Use[*Service](env).HomePanels(ctx)
	},
	Demo: &module.Demo{Empty: demoEmpty, Load: loadDemo},
	API:  func(env *module.Env, a huma.API) { RegisterAPI(a, module.Use[*Service](env)) },
}
