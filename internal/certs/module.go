package certs

import (
	"context"
	"embed"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/notify"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

//go:embed migrations
var migrations embed.FS

//go:embed locales
var locales embed.FS

// catalogue is the certificates' own catalogue (with the shared one):
// documents are written in their holder's language, whatever the
// reader's.
var catalogue = func() *i18n.Bundle {
	b, err := i18n.Load(module.Sub(locales, "locales"))
	if err != nil {
		panic(err) // the catalogue test and start-up catch it first
	}
	return b
}()

// MailIssued is the mail that hands a participant their certificate.
const MailIssued = "certs.issued"

// Module declares the certificates to the platform. It builds after
// learning, whose completion conditions decide, through training's
// completion rule, who completed.
var Module = module.Module{
	Name:       "certs",
	Migrations: module.Sub(migrations, "migrations"),
	Templates:  Templates,
	Locales:    module.Sub(locales, "locales"),
	Menu:       []ui.MenuItem{{Section: "verify", URL: "/verify", Key: "certs.nav.verify", Access: core.Public, Order: 900}},
	Tables:     []string{"cert_keys", "certificates", "cert_withheld"},
	Build: func(_ context.Context, env *module.Env) error {
		if err := module.Use[*notify.Service](env).Register(map[string]notify.Template{MailIssued: training.MailTemplate("certs.mail.issued")},
			module.Sub(locales, "locales"), training.Module.Locales); err != nil {
			return err
		}
		tr := module.Use[*training.Service](env)
		svc := NewService(env.DB, module.Use[*audit.Log](env), tr, Options{BaseURL: env.Config.PublicURL,
			Issuer: env.Config.CertIssuer, Signatory: env.Config.CertSignatory, SignatoryRole: env.Config.CertSignatoryRole})
		tr.AddActivityLinks(activityLinks)
		// Delivering an activity issues its certificates at once; the
		// hourly job catches what completes later (paper scores, late
		// attendance) and retries what failed.
		tr.OnDelivered(func(ctx context.Context, act training.Activity) error {
			_, err := svc.IssueCompleted(ctx, act.ID)
			return err
		})
		module.Provide(env, svc)
		return nil
	},
	// Jobs: issue the certificates of the activities delivered in the
	// last year to those who completed them since (idempotent across
	// replicas: a certificate per person and activity).
	Jobs: []module.Job{{Name: "certs.issue", Every: time.Hour, Run: func(ctx context.Context, env *module.Env) error {
		_, err := module.Use[*Service](env).IssueDue(ctx)
		return err
	}}},
	Pages: func(env *module.Env, web module.Web, r ui.Router) {
		NewWeb(module.Use[*Service](env), web.Render, web.Fail).Routes(r)
	},
	Panels: func(ctx context.Context, env *module.Env) ([]ui.Panel, error) {
		return homePanels(ctx, module.Use[*Service](env))
	},
	API:  func(env *module.Env, a huma.API) { RegisterAPI(a, module.Use[*Service](env)) },
	Demo: &module.Demo{Empty: demoEmpty, Load: loadDemo},
}

// fieldKeys are the certificates' own messages for their validation codes.
var fieldKeys = map[string]string{
	CodeNotCompleted:  "certs.validation.not_completed",
	CodeNotHolder:     "certs.validation.not_participant",
	CodeAlreadyIssued: "certs.validation.already_issued",
	CodeNotFinal:      "certs.validation.not_final",
}
