package learning

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

type completionBody struct {
	PostTest     bool     `json:"post_test,omitempty" doc:"The post-test must be taken"`
	MinPostScore *float64 `json:"min_post_score,omitempty" doc:"The lowest post-test score (0–100) that completes; implies post_test"`
	Survey       bool     `json:"survey,omitempty" doc:"The satisfaction survey must be answered"`
}

type completionOutput struct{ Body Completion }

// registerCompletionAPI registers the completion conditions' operations.
func registerCompletionAPI(a huma.API, svc *Service) {
	api.Register(a, staff, huma.Operation{
		OperationID: "set-completion-conditions", Method: http.MethodPut, Path: "/api/v1/activities/{id}/completion",
		Summary:     "Set the conditions of an activity's completion rule",
		Description: "Beside the attendance rate (training's `completion_rate`): the post-test taken, a minimum post-test score (0–100; implies the post-test), the satisfaction survey answered. The participants list (`GET /api/v1/activities/{id}/participants`) then names the conditions and, per participant, those not met (`unmet`). Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body completionBody
	}) (*completionOutput, error) {
		if err := api.Findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		c, err := svc.SetCompletion(ctx, in.ID, CompletionInput{PostTest: in.Body.PostTest, MinPostScore: in.Body.MinPostScore, Survey: in.Body.Survey})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &completionOutput{Body: c}, nil
	})

	api.Register(a, core.Member, huma.Operation{
		OperationID: "get-completion-conditions", Method: http.MethodGet, Path: "/api/v1/activities/{id}/completion",
		Summary:     "Read the conditions of an activity's completion rule",
		Description: "Every signed-in member, like the activity. None set: all false.",
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *api.IDPath) (*completionOutput, error) {
		if err := api.Findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		c, err := svc.Completion(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &completionOutput{Body: c}, nil
	})
}
