package learning

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// Learning's JSON API (issue 9 "API"): thin handlers over the Service,
// which decides who may see and do what.

const apiTag = "learning"

// Access of learning's routes; the Service decides again.
var (
	// staff keep the question banks and set the tests.
	staff = core.RolesIn(core.RoleAdmin, core.RoleCoordinator).Writes()
	// takers save and submit answers: a participant of the activity is a
	// relation no role names (any role linked to a person holding a
	// seat), so the declaration admits every member but observers, with
	// a token that may write, and the Service decides.
	takers = core.Member.Personal().Writes()
	// scorers enter paper scores: the activity's trainers (a relation),
	// coordinators and admins; the Service decides.
	scorers = core.Member.Personal().Writes()
	// testReaders read a test and its results: staff, the activity's
	// trainers and participants, ncps (their country's scores); the
	// Service scopes, observers are refused here.
	testReaders = core.Member.Personal()
)

type choiceBody struct {
	Texts map[string]string `json:"texts" doc:"The choice by language code (en required)" example:"{\"en\":\"Yes\"}"`
}

type questionBody struct {
	Outcome string            `json:"outcome,omitempty" maxLength:"500" doc:"One of the course's learning outcomes"`
	Kind    QuestionKind      `json:"kind" enum:"single,multiple,true_false"`
	Texts   map[string]string `json:"texts" doc:"The question by language code (en required; ro, uk, ka, hy, az, ru optional)"`
	Choices []choiceBody      `json:"choices" maxItems:"10" doc:"2 to 10 choices; exactly 2 for true_false"`
	Correct []int             `json:"correct" maxItems:"10" doc:"Indexes (from 0) of the correct choices: one for single and true_false"`
}

type questionOutput struct{ Body Question }

type testBody struct {
	Kind        TestKind  `json:"kind" enum:"pre,post"`
	Form        string    `json:"form,omitempty" enum:"A,B," doc:"Parallel form; omit for one form"`
	OpensAt     time.Time `json:"opens_at" doc:"When participants may start (RFC 3339)"`
	ClosesAt    time.Time `json:"closes_at" doc:"When the window closes (RFC 3339), at most 30 days after the activity's last day"`
	QuestionIDs []string  `json:"question_ids" maxItems:"100" doc:"Questions of the activity's course, in order"`
}

type testOutput struct{ Body Test }

type testViewOutput struct{ Body TestView }

type answersBody struct {
	Answers map[string][]int `json:"answers" doc:"Chosen choice indexes (from 0) by question id"`
}

type submissionOutput struct{ Body Submission }

type scoresBody struct {
	Scores []ScoreInput `json:"scores" minItems:"1" maxItems:"5000" doc:"Paper scores, all or none"`
}

type scoresOutput struct {
	Body struct {
		Scores int `json:"scores" doc:"Scores written"`
	}
}

// RegisterAPI registers learning's operations on a.
func RegisterAPI(a huma.API, svc *Service) {
	api.Register(a, staff, huma.Operation{
		OperationID: "create-question", Method: http.MethodPost, Path: "/api/v1/courses/{id}/questions",
		Summary:     "Add a question to a course's bank",
		Description: "A single-choice, multiple-choice or true/false item tied to one of the course's learning outcomes, in English and optionally the other languages. Bad input is a 422 naming the field (`choices`: choice_count; `correct`: correct_count, out_of_range; `texts.en`: required). Coordinators and admins.",
		Tags:        []string{apiTag}, DefaultStatus: http.StatusCreated, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body questionBody
	}) (*questionOutput, error) {
		if err := api.Findable(ctx, in.ID, "course"); err != nil {
			return nil, err
		}
		choices := make([]Choice, len(in.Body.Choices))
		for i, c := range in.Body.Choices {
			choices[i] = Choice{Texts: c.Texts}
		}
		q, err := svc.CreateQuestion(ctx, in.ID, QuestionInput{Outcome: in.Body.Outcome, Kind: in.Body.Kind, Texts: in.Body.Texts,
			Choices: choices, Correct: in.Body.Correct})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &questionOutput{Body: q}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "create-test", Method: http.MethodPost, Path: "/api/v1/activities/{id}/tests",
		Summary:     "Set a pre- or post-test of an activity",
		Description: "The questions (of the activity's course, 1 to 100) and the window in which participants take it. A question of another course is a 422 (`question_ids`: other_course); a second test of the same kind and form a 409. Coordinators and admins.",
		Tags:        []string{apiTag}, DefaultStatus: http.StatusCreated, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body testBody
	}) (*testOutput, error) {
		if err := api.Findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		t, err := svc.CreateTest(ctx, in.ID, TestInput{Kind: in.Body.Kind, Form: in.Body.Form, OpensAt: in.Body.OpensAt,
			ClosesAt: in.Body.ClosesAt, QuestionIDs: in.Body.QuestionIDs})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &testOutput{Body: t}, nil
	})

	api.Register(a, testReaders, huma.Operation{
		OperationID: "get-test", Method: http.MethodGet, Path: "/api/v1/tests/{id}",
		Summary:     "Read a test",
		Description: "Coordinators and the activity's trainers get the questions with the correct choices (`key`); a participant gets the items without them, their own saved answers, and the key and their score only after submitting. Anyone else: 404.",
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *api.IDPath) (*testViewOutput, error) {
		if err := api.Findable(ctx, in.ID, "test"); err != nil {
			return nil, err
		}
		v, err := svc.Test(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &testViewOutput{Body: v}, nil
	})

	api.Register(a, takers, huma.Operation{
		OperationID: "save-test-answers", Method: http.MethodPut, Path: "/api/v1/tests/{id}/answers",
		Summary:     "Save answers as you go",
		Description: "Merges the answers into the participant's draft, inside the window and before submitting (`status`: not_open, window_closed, already_submitted; `answers`: not_in_test, invalid). The activity's participants only.",
		Tags:        []string{apiTag}, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body answersBody
	}) (*submissionOutput, error) {
		if err := api.Findable(ctx, in.ID, "test"); err != nil {
			return nil, err
		}
		sub, err := svc.SaveAnswers(ctx, in.ID, in.Body.Answers)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &submissionOutput{Body: sub}, nil
	})

	api.Register(a, takers, huma.Operation{
		OperationID: "submit-test", Method: http.MethodPost, Path: "/api/v1/tests/{id}/submissions",
		Summary:     "Submit a test",
		Description: "Submits the saved answers merged with these, once, inside the window, and returns the score (0–100). A second submission is a 422 (`status`: already_submitted) and changes nothing. The activity's participants only.",
		Tags:        []string{apiTag}, DefaultStatus: http.StatusCreated, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body answersBody
	}) (*submissionOutput, error) {
		if err := api.Findable(ctx, in.ID, "test"); err != nil {
			return nil, err
		}
		sub, err := svc.Submit(ctx, in.ID, in.Body.Answers)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &submissionOutput{Body: sub}, nil
	})

	api.Register(a, scorers, huma.Operation{
		OperationID: "enter-test-scores", Method: http.MethodPut, Path: "/api/v1/tests/{id}/scores",
		Summary:     "Enter paper scores",
		Description: "Records, in bulk, the scores (0–100) of participants who took the test on paper; all or nothing, with field errors naming the record (`scores[2].score`: out_of_range; `scores[2].person_id`: not_participant, duplicate, already_submitted). The activity's trainers, coordinators and admins; a trainer of another activity gets 403.",
		Tags:        []string{apiTag}, Errors: api.WriteErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body scoresBody
	}) (*scoresOutput, error) {
		if err := api.Findable(ctx, in.ID, "test"); err != nil {
			return nil, err
		}
		n, err := svc.EnterScores(ctx, in.ID, in.Body.Scores)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		out := &scoresOutput{}
		out.Body.Scores = n
		return out, nil
	})

	api.Register(a, testReaders, huma.Operation{
		OperationID: "list-test-results", Method: http.MethodGet, Path: "/api/v1/tests/{id}/results",
		Summary:     "List a test's scores",
		Description: "The submitted scores (online or paper), by country and name: coordinators and the activity's trainers all; an ncp their country's participants; a participant their own. Observers: 403.",
		Tags:        []string{apiTag}, Errors: append(api.ReadErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *api.IDPath) (*api.ListOutput[Result], error) {
		if err := api.Findable(ctx, in.ID, "test"); err != nil {
			return nil, err
		}
		l, err := svc.Results(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Result]{Body: l}, nil
	})
	registerAnalyticsAPI(a, svc)
	registerSurveysAPI(a, svc)
	registerCompletionAPI(a, svc)
}
