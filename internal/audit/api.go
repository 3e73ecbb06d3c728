package audit

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

type listAuditInput struct {
	api.PageInput
	Actor       string `query:"actor" maxLength:"200" doc:"Substring of the actor (e-mail)"`
	ActorMatch  string `query:"actor_match" enum:"contains,exact" doc:"How actor matches: contains (default) or exact (case-insensitive)"`
	Action      string `query:"action" maxLength:"200" doc:"Action prefix, e.g. auth.login or directory.person"`
	ActionMatch string `query:"action_match" enum:"prefix,exact" doc:"How action matches: prefix (default) or exact"`
	Entity      string `query:"entity" maxLength:"200" doc:"Entity kind, e.g. account"`
	EntityID    string `query:"entity_id" maxLength:"200" doc:"Entity id"`
	From        string `query:"from" maxLength:"40" doc:"Entries at or after: a date (YYYY-MM-DD, UTC) or an RFC 3339 time"`
	To          string `query:"to" maxLength:"40" doc:"Entries before: an RFC 3339 time, or a date (YYYY-MM-DD, UTC), which includes that whole day"`
}

type verifyOutput struct {
	Body struct {
		OK      bool   `json:"ok" doc:"Whether the whole chain is intact"`
		Entries int64  `json:"entries" doc:"Entries checked and found intact"`
		Head    string `json:"head,omitempty" doc:"Hash of the last entry, when intact"`
		Bad     int64  `json:"bad,omitempty" doc:"Sequence number of the first bad (or missing) entry; 0 when intact"`
		Problem string `json:"problem,omitempty" doc:"What is wrong with it"`
		// Checkpoints (docs/operations.md, "Signed checkpoints").
		CheckpointsOff bool  `json:"checkpoints_off,omitempty" doc:"No checkpoint key is configured: only the hash chain was checked"`
		Checkpoints    int   `json:"checkpoints" doc:"Signed checkpoints the chain matched"`
		Uncovered      int64 `json:"uncovered" doc:"Entries after the latest matched checkpoint (all of them when none matched): not protected against a rewrite yet"`
	}
}

// auditTag groups the audit operations in the OpenAPI document.
const auditTag = "Audit"

// registerAPI registers the audit log operations (admins only).
func registerAPI(a huma.API, l *Log) {
	api.Register(a, core.Admin, huma.Operation{
		OperationID: "list-audit-entries",
		Method:      http.MethodGet,
		Path:        "/api/v1/audit",
		Summary:     "Browse the audit log",
		Description: "Audit entries newest first, filtered by actor, action prefix, entity, entity id and time, with cursor paging. `details` is the entry's JSON as stored. Admins only.",
		Tags:        []string{auditTag},
		Errors:      []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *listAuditInput) (*api.ListOutput[Entry], error) {
		// List refuses non-admins itself, but answers anonymous callers
		// with 403; this check gives them 401.
		if err := core.Admin.Check(core.ActorFrom(ctx)); err != nil {
			return nil, api.Err(ctx, err)
		}
		f, err := parseAuditFilter(auditFilterForm{Actor: in.Actor, Action: in.Action, Entity: in.Entity, EntityID: in.EntityID, From: in.From, To: in.To,
			ActorMatch: in.ActorMatch, ActionMatch: in.ActionMatch})
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		l, err := l.List(ctx, f, in.Page())
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		return &api.ListOutput[Entry]{Body: l}, nil
	})

	api.Register(a, core.Admin, huma.Operation{
		OperationID: "verify-audit-chain",
		Method:      http.MethodGet,
		Path:        "/api/v1/audit/verify",
		Summary:     "Verify the audit chain",
		Description: "Walks the whole hash chain, checks it against the signed checkpoints when a key is configured, and reports whether it is intact or names the first bad entry, like `topcop audit verify`. Reads the whole log: call it sparingly. Admins only.",
		Tags:        []string{auditTag},
		Errors:      []int{http.StatusUnauthorized, http.StatusForbidden},
	}, func(ctx context.Context, _ *struct{}) (*verifyOutput, error) {
		// Log.Verify checks no actor, so the admin check is made here.
		if err := core.Admin.Check(core.ActorFrom(ctx)); err != nil {
			return nil, api.Err(ctx, err)
		}
		res, err := l.Verify(ctx)
		if err != nil {
			return nil, api.Err(ctx, err)
		}
		out := &verifyOutput{}
		out.Body.OK, out.Body.Entries, out.Body.Head, out.Body.Bad, out.Body.Problem = res.OK(), res.Entries, res.Head, res.Bad, res.Problem
		out.Body.CheckpointsOff, out.Body.Checkpoints, out.Body.Uncovered = res.KeyOff, res.Checkpoints, res.Uncovered()
		return out, nil
	})
}
