package notify

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// notifyTag groups the operations in the OpenAPI document.
const notifyTag = "Notifications"

type listNotificationsInput struct {
	api.PageInput
	Unread bool `query:"unread" doc:"Only the unread notifications"`
}

type notificationInput struct {
	ID string `path:"id" maxLength:"36" doc:"Notification id"`
}

type notificationOutput struct {
	Body Notification
}

type listOutboxInput struct {
	api.PageInput
	Status string `query:"status" enum:"queued,sent,failed,unsent" doc:"Only mails with this delivery status"`
	To     string `query:"to" maxLength:"200" doc:"Substring of the recipient's address"`
}

// registerAPI registers the notification operations: each account's own
// notifications, and the outbox for admins.
func registerAPI(a huma.API, s *Service) {
	api.Register(a, core.Member, huma.Operation{
		OperationID: "list-my-notifications",
		Method:      http.MethodGet,
		Path:        "/api/v1/me/notifications",
		Summary:     "List my notifications",
		Description: "The caller's own in-app notifications, newest first, with cursor paging; `unread=true` keeps the unread ones. `link` is the platform page a notification is about.",
		Tags:        []string{notifyTag},
		Errors:      []int{http.StatusBadRequest, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *listNotificationsInput) (*api.ListOutput[Notification], error) {
		l, err := s.Notifications(ctx, in.Unread, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Notification]{Body: l}, nil
	})

	api.Register(a, core.Member.Writes(), huma.Operation{
		OperationID: "read-my-notification",
		Method:      http.MethodPost,
		Path:        "/api/v1/me/notifications/{id}/read",
		Summary:     "Mark a notification read",
		Description: "Marks one of the caller's notifications read and returns it. Marking it again changes nothing. Another account's notification is not found.",
		Tags:        []string{notifyTag},
		Errors:      []int{http.StatusNotFound},
	}, func(ctx context.Context, in *notificationInput) (*notificationOutput, error) {
		n, err := s.MarkRead(ctx, in.ID)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &notificationOutput{Body: n}, nil
	})

	api.Register(a, core.Admin, huma.Operation{
		OperationID: "list-outbox",
		Method:      http.MethodGet,
		Path:        "/api/v1/outbox",
		Summary:     "List the mail outbox",
		Description: "Every mail the platform wrote, newest first, with its delivery status (queued, sent, failed, unsent: no relay configured), attempts and last error; without the bodies. Admins only.",
		Tags:        []string{notifyTag},
		Errors:      []int{http.StatusBadRequest, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *listOutboxInput) (*api.ListOutput[Outbox], error) {
		if err := core.Admin.Check(core.ActorFrom(ctx)); err != nil {
			return nil, api.Err(ctx, err)
		}
		l, err := s.ListOutbox(ctx, OutboxFilter{Status: in.Status, To: in.To}, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Outbox]{Body: l}, nil
	})
}
