package mytraining

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
)

const apiTag = "My training"

type overviewOutput struct{ Body Overview }

type dataOutput struct{ Body PersonalData }

type correctionOutput struct{ Body CorrectionRequest }

type correctionBody struct {
	Text string `json:"text" maxLength:"8000" doc:"Which field is wrong and what it should say (1–2000 characters)"`
}

type resolveBody struct {
	Note string `json:"note" maxLength:"8000" doc:"What was done (1–2000 characters); the person reads it"`
}

// RegisterAPI registers My training's operations on a: the page's data,
// the export and the correction requests. The API mirrors the pages.
func RegisterAPI(a huma.API, svc *Service) {
	api.Register(a, members, huma.Operation{
		OperationID: "get-my-training", Method: http.MethodGet, Path: "/api/v1/me/training",
		Summary:     "My training",
		Description: "The signed-in account's My training page: its person's nominations with what they can do next, the activities to come, tests and surveys, certificates with their links, and the account's correction requests. Course titles are in the language asked (English by default). An account linked to no person gets linked false and empty lists.",
		Tags:        []string{apiTag}, Errors: api.ReadErrors,
	}, func(ctx context.Context, in *struct {
		Lang string `query:"lang" enum:"en,ro,uk,ka,hy,az,ru" doc:"Language of the course titles"`
	}) (*overviewOutput, error) {
		ov, err := svc.Overview(ctx, in.Lang)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &overviewOutput{Body: ov}, nil
	})

	api.Register(a, members, huma.Operation{
		OperationID: "get-my-data", Method: http.MethodGet, Path: "/api/v1/me/data",
		Summary:     "Everything the platform holds on me",
		Description: "The signed-in account and the person linked to it: account (no secrets), directory record, nominations with their history, attendance, test submissions with the answers, which surveys were answered (the answers themselves are anonymous and not linked to anyone), certificates and correction requests. The read is recorded in the audit log.",
		Tags:        []string{apiTag}, Errors: api.ReadErrors,
	}, func(ctx context.Context, _ *struct{}) (*dataOutput, error) {
		d, err := svc.Export(ctx)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &dataOutput{Body: d}, nil
	})

	api.Register(a, memberWrites, huma.Operation{
		OperationID: "request-my-correction", Method: http.MethodPost, Path: "/api/v1/me/corrections",
		Summary:     "Ask for a correction of my data",
		Description: "Records a correction request of the signed-in account (for its person, or for the account when it has none) and notifies the coordinators.",
		Tags:        []string{apiTag}, DefaultStatus: http.StatusCreated, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct{ Body correctionBody }) (*correctionOutput, error) {
		c, err := svc.RequestCorrection(ctx, in.Body.Text)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &correctionOutput{Body: c}, nil
	})

	api.Register(a, staffReaders, huma.Operation{
		OperationID: "list-corrections", Method: http.MethodGet, Path: "/api/v1/corrections",
		Summary:     "List correction requests",
		Description: "Everyone's correction requests, for coordinators and admins: open ones oldest first, the others newest first." + api.PagingNote,
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusUnprocessableEntity),
	}, func(ctx context.Context, in *struct {
		api.PageInput
		Status string `query:"status" enum:"open,resolved,all" default:"open" doc:"Which requests"`
	}) (*api.ListOutput[CorrectionRequest], error) {
		l, err := svc.Corrections(ctx, in.Status, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[CorrectionRequest]{Body: l}, nil
	})

	api.Register(a, staffWriters, huma.Operation{
		OperationID: "resolve-correction", Method: http.MethodPost, Path: "/api/v1/corrections/{id}/resolve",
		Summary:     "Resolve a correction request",
		Description: "Marks an open request resolved with a note saying what was done; the person is notified. A request resolved already is a 422 (status already_resolved).",
		Tags:        []string{apiTag}, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body resolveBody
	}) (*correctionOutput, error) {
		if err := api.Findable(ctx, in.ID, "correction request"); err != nil {
			return nil, err
		}
		c, err := svc.ResolveCorrection(ctx, in.ID, in.Body.Note)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &correctionOutput{Body: c}, nil
	})
}
