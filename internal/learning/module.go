package learning

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

// Module declares learning to the platform: question banks and tests. It
// builds after training, whose courses, activities and seats it reads.
// Its pages are the test page, where a participant takes a test and a
// manager reads it with its key, and the results page (web.go); its
// home panel lists a participant's tests to take (home.go).
var Module = module.Module{
	Name:       "learning",
	Migrations: module.Sub(migrations, "migrations"),
	Templates:  Templates,
	Locales:    module.Sub(locales, "locales"),
	// Menu: the learning results, for those who read the analytics.
	Menu: []ui.MenuItem{{Section: "learning-results", URL: "/learning/analytics", Key: "learning.nav.results", Access: analyticsReaders, Order: 230}},
	Tables: []string{"questions", "tests", "test_questions", "submissions",
		"surveys", "survey_respondents", "survey_responses", "survey_mails", "completion_conditions"},
	Build: func(_ context.Context, env *module.Env) error {
		// The surveys' mails are about activities: they use training's
		// catalogue (dates, places) beside learning's.
		if err := module.Use[*notify.Service](env).Register(MailTemplates(), module.Sub(locales, "locales"), training.Module.Locales); err != nil {
			return err
		}
		tr := module.Use[*training.Service](env)
		svc := NewService(env.DB, module.Use[*audit.Log](env), tr)
		// The post-test, its score and the survey join training's
		// completion rule (completion.go).
		tr.SetCompletionRule(completionRule{st: svc.st})
		// An activity's page links to its tests, surveys and results.
		tr.AddActivityLinks(activityLinks)
		module.Provide(env, svc)
		return nil
	},
	// Jobs: the surveys job opens the satisfaction and follow-up surveys
	// due and sends their invitations and reminders (surveys_job.go),
	// idempotent across replicas.
	Jobs: []module.Job{{Name: "learning.surveys", Every: time.Hour, Run: func(ctx context.Context, env *module.Env) error {
		_, _, err := module.Use[*Service](env).RunSurveys(ctx)
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

// fieldKeys are learning's own messages for its validation codes; other
// codes take the shared "validation.<code>" message.
var fieldKeys = map[string]string{
	CodeUnknown:          "learning.validation.unknown",
	CodeOutOfRange:       "learning.validation.out_of_range",
	CodeTaken:            "learning.validation.taken",
	CodeChoiceCount:      "learning.validation.choice_count",
	CodeCorrectCount:     "learning.validation.correct_count",
	CodeEndsBefore:       "learning.validation.ends_before_start",
	CodeOtherCourse:      "learning.validation.other_course",
	CodeNotInTest:        "learning.validation.not_in_test",
	CodeNotOpen:          "learning.validation.not_open",
	CodeWindowClosed:     "learning.validation.window_closed",
	CodeAlreadySubmitted: "learning.validation.already_submitted",
	CodeNotParticipant:   "learning.validation.not_participant",
	CodeNotAsked:         "learning.validation.not_asked",
	CodeAlreadyAnswered:  "learning.validation.already_answered",
	CodeSurveyNotOpen:    "learning.validation.survey_not_open",
	CodeSurveyClosed:     "learning.validation.survey_closed",
	CodeSurveyTaken:      "learning.validation.survey_taken",
}

// FieldMessage localises one of the service's field errors in l's
// language (for the pages, and the catalogue test).
func FieldMessage(l *i18n.Localizer, f core.FieldError) string {
	return ui.FieldMessage(l, f, fieldKeys)
}
