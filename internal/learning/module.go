package learning

import (
	"context"
	"embed"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/audit"
	"github.com/topcop-platform/topcop/internal/core"
	"github.com/topcop-platform/topcop/internal/i18n"
	"github.com/topcop-platform/topcop/internal/module"
	"github.com/topcop-platform/topcop/internal/training"
	"github.com/topcop-platform/topcop/internal/ui"
)

//go:embed migrations
var migrations embed.FS

//go:embed locales
var locales embed.FS

// Module declares learning to the platform: question banks and tests. It
// builds after training, whose courses, activities and seats it reads.
// No pages yet (the next increment).
var Module = module.Module{
	Name:       "learning",
	Migrations: module.Sub(migrations, "migrations"),
	Locales:    module.Sub(locales, "locales"),
	Tables:     []string{"questions", "tests", "test_questions", "submissions"},
	Build: func(_ context.Context, env *module.Env) error {
		module.Provide(env, NewService(env.DB, module.Use[*audit.Log](env), module.Use[*training.Service](env)))
		return nil
	},
	API: func(env *module.Env, a huma.API) { RegisterAPI(a, module.Use[*Service](env)) },
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
}

// FieldMessage localises one of the service's field errors in l's
// language (for the pages to come, and the catalogue test).
func FieldMessage(l *i18n.Localizer, f core.FieldError) string {
	return ui.FieldMessage(l, f, fieldKeys)
}
