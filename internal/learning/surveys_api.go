package learning

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// surveyReaders read surveys and their results: respondents their survey,
// staff everything, trainers and observers the anonymous aggregates; the
// Service decides.
var surveyReaders = core.Member

type surveyBody struct {
	Kind     SurveyKind `json:"kind" enum:"satisfaction,followup"`
	OpensAt  time.Time  `json:"opens_at" doc:"When respondents may start (RFC 3339)"`
	ClosesAt time.Time  `json:"closes_at" doc:"When the window closes (RFC 3339), at most 92 days after it opens"`
}

type surveyOutput struct{ Body Survey }

type surveysOutput struct {
	Body struct {
		Items []Survey `json:"items"`
	}
}

type surveyViewOutput struct{ Body SurveyView }

type surveyResultsOutput struct{ Body SurveyResults }

type responseBody struct {
	Answers map[string]int    `json:"answers" doc:"Likert items 1–5 and choice items by index (from 0), by item key"`
	Texts   map[string]string `json:"texts,omitempty" doc:"Free-text items by key (optional; at most 2,000 characters each)"`
}

// registerSurveysAPI registers the surveys' operations on a.
func registerSurveysAPI(a huma.API, svc *Service) {
	api.Register(a, staff, huma.Operation{
		OperationID: "open-survey", Method: http.MethodPost, Path: "/api/v1/activities/{id}/surveys",
		Summary:     "Open a survey of an activity",
		Description: "A satisfaction survey (participants and trainers) or a follow-up survey (participants), with its window. The surveys job opens both by itself (satisfaction at the end, follow-up three months after the last day); this opens one at another time. A second survey of a kind is a 409. Coordinators and admins.",
		Tags:        []string{apiTag}, DefaultStatus: http.StatusCreated, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body surveyBody
	}) (*surveyOutput, error) {
		if err := api.Findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		sv, err := svc.OpenSurvey(ctx, in.ID, SurveyInput{Kind: in.Body.Kind, OpensAt: in.Body.OpensAt, ClosesAt: in.Body.ClosesAt})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &surveyOutput{Body: sv}, nil
	})

	api.Register(a, surveyReaders, huma.Operation{
		OperationID: "list-activity-surveys", Method: http.MethodGet, Path: "/api/v1/activities/{id}/surveys",
		Summary:     "List an activity's surveys",
		Description: "For its participants, trainers, coordinators and observers; anyone else: 404.",
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *api.IDPath) (*surveysOutput, error) {
		if err := api.Findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		l, err := svc.Surveys(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		out := &surveysOutput{}
		out.Body.Items = l
		return out, nil
	})

	api.Register(a, surveyReaders, huma.Operation{
		OperationID: "get-survey", Method: http.MethodGet, Path: "/api/v1/surveys/{id}",
		Summary:     "Read a survey",
		Description: "A respondent (a participant; a trainer for a satisfaction survey) gets the items asked of their role and whether they answered; those who read its results get the whole instrument. Anyone else: 404.",
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *api.IDPath) (*surveyViewOutput, error) {
		if err := api.Findable(ctx, in.ID, "survey"); err != nil {
			return nil, err
		}
		v, err := svc.Survey(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &surveyViewOutput{Body: v}, nil
	})

	api.Register(a, takers, huma.Operation{
		OperationID: "answer-survey", Method: http.MethodPost, Path: "/api/v1/surveys/{id}/responses",
		Summary:     "Answer a survey",
		Description: "Once, inside the window. The answers are kept apart from who gave them: results never name a respondent. Errors are 422 naming the field (`status`: survey_not_open, survey_closed, already_answered; `answers.overall`: required, out_of_range; `answers.x`: not_asked).",
		Tags:        []string{apiTag}, DefaultStatus: http.StatusNoContent, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body responseBody
	}) (*struct{}, error) {
		if err := api.Findable(ctx, in.ID, "survey"); err != nil {
			return nil, err
		}
		if err := svc.Respond(ctx, in.ID, ResponseInput{Answers: in.Body.Answers, Texts: in.Body.Texts}); err != nil {
			return nil, api.Err(ctx, err)
		}
		return nil, nil
	})

	api.Register(a, surveyReaders, huma.Operation{
		OperationID: "get-survey-results", Method: http.MethodGet, Path: "/api/v1/surveys/{id}/results",
		Summary:     "Read a survey's results",
		Description: "Response rates per role, the distribution of every item (counts, n, the mean of Likert items), free texts, and for a follow-up the application rate. Coordinators and admins see everything; the activity's trainers and observers only the roles with at least five responses (`hidden` lists the others), and observers no free text. Participants and others: 404.",
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *api.IDPath) (*surveyResultsOutput, error) {
		if err := api.Findable(ctx, in.ID, "survey"); err != nil {
			return nil, err
		}
		r, err := svc.SurveyResults(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &surveyResultsOutput{Body: r}, nil
	})
}
