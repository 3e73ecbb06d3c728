package notify

import (
	"context"
	"embed"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/auth"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/ui"
)

//go:embed migrations
var migrations embed.FS

//go:embed templates
var templates embed.FS

//go:embed locales
var locales embed.FS

// Locales are the package's catalogues (<lang>.toml): its pages, and the
// footer of every mail.
var Locales = module.Sub(locales, "locales")

// Module declares notifications to the platform: the outbox admins read,
// each account's notifications, and the mail worker. It is a foundation
// module, built after the accounts and the audit log and before every
// capability, which Use its *Service to send mail.
var Module = module.Module{
	Name:       "notify",
	Migrations: module.Sub(migrations, "migrations"),
	Templates:  templates,
	Locales:    Locales,
	// goqite is the job queue's table (maragu.dev/goqite): backed up so
	// that mail queued but not yet delivered survives a restore.
	Tables: []string{"mail_outbox", "notifications", "goqite"},
	Menu: []ui.MenuItem{
		{Section: "notifications", URL: "/notifications", Key: "nav.notifications", Access: core.Member, Order: 940},
		{Section: "outbox", URL: "/admin/outbox", Key: "nav.outbox", Access: core.Admin, Order: 915},
	},
	// Build makes the Service and, with a relay configured (--smtp,
	// TOPCOP_SMTP), starts the worker that delivers queued mail, until
	// the platform closes (app.Platform.Close calls Service.Close).
	// Without one, mail stays in the outbox and no worker runs.
	Build: func(ctx context.Context, env *module.Env) error {
		var mailer *Mailer
		if env.Config.SMTP.Enabled() {
			m, err := NewMailer(env.Config.SMTP, MailerOptions{PublicURL: env.Config.PublicURL})
			if err != nil {
				return err
			}
			mailer = m
		}
		svc, err := New(env.DB, module.Use[*audit.Log](env), module.Use[*auth.Service](env), mailer, optionsFrom(env.Config, env.Logger))
		if err != nil {
			return err
		}
		module.Provide(env, svc)
		if mailer == nil {
			env.Logger.Info("mail: no SMTP relay configured (--smtp, TOPCOP_SMTP): mail stays in the outbox at /admin/outbox")
			return nil
		}
		if err := svc.StartWorker(DefaultWorkerOptions()); err != nil {
			return err
		}
		env.Logger.Info("mail: delivering through the relay", "relay", mailer.Relay(), "from", mailer.From())
		return nil
	},
	Pages: func(env *module.Env, web module.Web, r ui.Router) {
		p := &pages{svc: module.Use[*Service](env), render: web.Render, fail: web.Fail, logger: env.Logger}
		p.routes(r)
		// The navigation shows how many notifications are unread.
		web.Render.SetCount("notifications", func(ctx context.Context) int {
			n, err := p.svc.UnreadCount(ctx)
			if err != nil {
				return 0
			}
			return n
		})
	},
	API: func(env *module.Env, a huma.API) { registerAPI(a, module.Use[*Service](env)) },
}
