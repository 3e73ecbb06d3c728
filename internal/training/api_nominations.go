package training

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// Access of the call and nomination routes.
var (
	// nominators nominate, reorder and withdraw: staff, and ncps for
	// their country (the Service decides per person).
	nominators = core.RolesIn(core.RoleAdmin, core.RoleCoordinator, core.RoleNCP).Personal().Writes()
	// answerers accept or decline a seat: the nominee (any role, linked
	// to the person), their ncp or staff (the Service decides).
	answerers = core.Member.Personal().Writes()
)

type callBody struct {
	Deadline      time.Time      `json:"deadline" doc:"When nominations close (RFC 3339), before the activity starts"`
	EligibleTypes []string       `json:"eligible_agency_types,omitempty" maxItems:"20" doc:"Agency types whose people may be nominated (none: all)"`
	EligibleLang  string         `json:"eligible_language,omitempty" maxLength:"3" doc:"A working language nominees must speak"`
	Seats         map[string]int `json:"seats,omitempty" doc:"New seats per country code, if they change"`
}

type nominationBody struct {
	PersonID   string `json:"person_id" maxLength:"36" doc:"A person of the directory, of the nominating ncp's country"`
	Priority   int    `json:"priority,omitempty" doc:"1 first; omitted: after the country's last"`
	Motivation string `json:"motivation,omitempty" maxLength:"2000"`
}

type nominationOutput struct{ Body Nomination }

type answerBody struct {
	Reason string `json:"reason,omitempty" maxLength:"1000" doc:"Required when answering on someone's behalf"`
}

// answerOutput is the nomination after the answer and, when a seat was
// freed, the reserve nomination promoted to it.
type answerOutput struct {
	Body struct {
		Nomination Nomination  `json:"nomination"`
		Promoted   *Nomination `json:"promoted,omitempty"`
	}
}

type reinviteOutput struct {
	Body struct {
		Reached string `json:"reached" enum:"account,invited,email" doc:"How the nominee was reached"`
	}
}

type reorderBody struct {
	CountryCode   string   `json:"country_code" maxLength:"2"`
	NominationIDs []string `json:"nomination_ids" maxItems:"500" doc:"The country's active nominations in the new order"`
}

type overrideBody struct {
	NominationID string  `json:"nomination_id" maxLength:"36"`
	Outcome      Outcome `json:"outcome" enum:"selected,reserve," doc:"The outcome to impose; empty clears the override"`
	Reason       string  `json:"reason,omitempty" maxLength:"1000" doc:"Required with an outcome"`
}

type confirmBody struct {
	RespondBy string `json:"respond_by,omitempty" maxLength:"10" doc:"Date (YYYY-MM-DD) by which the selected accept or decline; default two weeks before the start"`
}

type proposalOutput struct{ Body Proposal }

func registerNominationAPI(a huma.API, svc *Service) {
	api.Register(a, staff, huma.Operation{
		OperationID: "open-call", Method: http.MethodPost, Path: "/api/v1/activities/{id}/call",
		Summary:     "Open the call for nominations",
		Description: "Moves a planned activity to call_open with a deadline and eligibility rules. Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body callBody
	}) (*activityOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		ac, err := svc.OpenCall(ctx, in.ID, CallInput{Deadline: in.Body.Deadline, EligibleTypes: in.Body.EligibleTypes,
			EligibleLang: in.Body.EligibleLang, Seats: in.Body.Seats})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &activityOutput{Body: ac}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "close-call", Method: http.MethodPost, Path: "/api/v1/activities/{id}/call/close",
		Summary:     "Close the call",
		Description: "Locks the nomination lists (early, or after the deadline) and moves the activity to selection. Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *idPath) (*activityOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		ac, err := svc.CloseCall(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &activityOutput{Body: ac}, nil
	})

	api.Register(a, nominators, huma.Operation{
		OperationID: "create-nomination", Method: http.MethodPost, Path: "/api/v1/activities/{id}/nominations",
		Summary:     "Nominate a person",
		Description: "While the call is open: ncps nominate people of their country, coordinators anyone. After the deadline, from another country, not eligible, or the same person twice: 422 with a field error on `person_id` or `activity_id`.",
		Tags:        []string{apiTag}, DefaultStatus: http.StatusCreated, Errors: writeErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body nominationBody
	}) (*nominationOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		n, err := svc.Nominate(ctx, in.ID, NominationInput{PersonID: in.Body.PersonID, Priority: in.Body.Priority, Motivation: in.Body.Motivation})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &nominationOutput{Body: n}, nil
	})

	api.Register(a, core.Member.Personal(), huma.Operation{
		OperationID: "list-nominations", Method: http.MethodGet, Path: "/api/v1/activities/{id}/nominations",
		Summary:     "List an activity's nominations",
		Description: "Coordinators see all; an ncp their country's; a nominee their own. By country, then priority. Observers: 403.",
		Tags:        []string{apiTag}, Errors: append(readErrors, http.StatusNotFound),
	}, func(ctx context.Context, in *idPath) (*api.ListOutput[Nomination], error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		l, err := svc.Nominations(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Nomination]{Body: core.List[Nomination]{Items: l, Total: len(l)}}, nil
	})

	api.Register(a, nominators, huma.Operation{
		OperationID: "reorder-nominations", Method: http.MethodPut, Path: "/api/v1/activities/{id}/nominations/order",
		Summary:     "Reorder a country's nominations",
		Description: "While the call is open; the list must hold exactly the country's active nominations. Their ncp or a coordinator.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body reorderBody
	}) (*api.ListOutput[Nomination], error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		l, err := svc.Reorder(ctx, in.ID, in.Body.CountryCode, in.Body.NominationIDs)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Nomination]{Body: core.List[Nomination]{Items: l, Total: len(l)}}, nil
	})

	for _, op := range []struct {
		ans    Answer
		access core.Access
		doc    string
	}{
		{AnswerWithdraw, answerers, "Withdraws a nomination: the ncp (until the deadline, then only coordinators) or the nominee. A seat it held goes to the next reserve, same country first."},
		{AnswerAccept, answerers, "The nominee accepts the seat (by the answer date); their ncp or a coordinator may record it on their behalf, with a reason."},
		{AnswerDecline, answerers, "The nominee declines the seat; their ncp or a coordinator may record it on their behalf, with a reason. The next reserve is promoted, same country first."},
	} {
		api.Register(a, op.access, huma.Operation{
			OperationID: string(op.ans) + "-nomination", Method: http.MethodPost, Path: "/api/v1/nominations/{id}/" + string(op.ans),
			Summary: string(op.ans) + " a nomination", Description: op.doc,
			Tags: []string{apiTag}, Errors: writeErrors,
		}, func(ctx context.Context, in *struct {
			ID   string `path:"id" doc:"Identifier (UUID)"`
			Body *answerBody
		}) (*answerOutput, error) {
			if err := findable(ctx, in.ID, "nomination"); err != nil {
				return nil, err
			}
			reason := ""
			if in.Body != nil {
				reason = in.Body.Reason
			}
			n, promoted, err := svc.Respond(ctx, in.ID, op.ans, reason)
			if err != nil {
				return nil, api.Err(ctx, err)
			}
			out := &answerOutput{}
			out.Body.Nomination = n
			if promoted.ID != "" {
				out.Body.Promoted = &promoted
			}
			return out, nil
		})
	}

	api.Register(a, nominators, huma.Operation{
		OperationID: "reinvite-nomination", Method: http.MethodPost, Path: "/api/v1/nominations/{id}/invite",
		Summary:     "Send a selected nominee their seat again",
		Description: "For a link that expired or a mail that was lost: a selected nominee without an account gets a new invitation link (the older ones stop working), one with an account the mail of their seat again, with the date they answer by. Coordinators, and the ncp of the nominee's country. `reached` says how: account, invited or email.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *idPath) (*reinviteOutput, error) {
		if err := findable(ctx, in.ID, "nomination"); err != nil {
			return nil, err
		}
		how, err := svc.Reinvite(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		out := &reinviteOutput{}
		out.Body.Reached = how
		return out, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "propose-selection", Method: http.MethodPost, Path: "/api/v1/activities/{id}/selection/proposal",
		Summary:     "Propose a selection",
		Description: "Fills each country's seats in its ncp's priority order, gives unused seats to other countries' next candidates round-robin, ranks the rest as reserve, applies the coordinator's overrides, and shows the balance by sex, agency type and country. Changes nothing. Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *idPath) (*proposalOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		p, err := svc.Propose(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &proposalOutput{Body: p}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "override-selection", Method: http.MethodPost, Path: "/api/v1/activities/{id}/selection/override",
		Summary:     "Override one outcome",
		Description: "Imposes selected or reserve on one nomination, with a reason, before confirmation. Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body overrideBody
	}) (*nominationOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		n, err := svc.Nomination(ctx, in.Body.NominationID)
		if err != nil || n.ActivityID != in.ID {
			return nil, api.Err(ctx, notFound("nomination"))
		}
		n, err = svc.Override(ctx, in.Body.NominationID, in.Body.Outcome, in.Body.Reason)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &nominationOutput{Body: n}, nil
	})

	api.Register(a, staff, huma.Operation{
		OperationID: "confirm-selection", Method: http.MethodPost, Path: "/api/v1/activities/{id}/selection/confirm",
		Summary:     "Confirm the selection",
		Description: "The proposal with its overrides becomes final: the selected are invited, the rest are the ranked reserve, and the activity is confirmed. Confirming twice is 422 (status). Coordinators and admins.",
		Tags:        []string{apiTag}, Errors: writeErrors,
	}, func(ctx context.Context, in *struct {
		ID   string `path:"id" doc:"Identifier (UUID)"`
		Body *confirmBody
	}) (*proposalOutput, error) {
		if err := findable(ctx, in.ID, "activity"); err != nil {
			return nil, err
		}
		var ci ConfirmInput
		if in.Body != nil {
			ci.RespondBy = in.Body.RespondBy
		}
		p, err := svc.Confirm(ctx, in.ID, ci)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &proposalOutput{Body: p}, nil
	})
}
