package api

import (
	"context"
	"net/http"

	"github.com/topcop-platform/topcop/internal/core"
)

// Conventions every capability's operations share (docs/api.md).

// Errors every operation may answer besides its own, for
// huma.Operation.Errors.
var (
	ReadErrors  = []int{http.StatusUnauthorized, http.StatusForbidden}
	WriteErrors = []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}
)

// PagingNote ends the description of every keyset-paged list.
const PagingNote = " Paging: pass a page's `next` as `cursor` for the page after it, its `prev` for the page before it."

// IDPath is the input of operations on one record. The id is not
// constrained in the schema: anything that is not a UUID is answered 404
// before the service is called (see Findable).
type IDPath struct {
	ID string `path:"id" doc:"Identifier (UUID)"`
}

// Findable answers 404 (a problem naming what) for an id that is not a
// UUID, so that nothing but UUIDs reaches the database; nil otherwise.
func Findable(ctx context.Context, id, what string) error {
	if !core.ValidID(id) {
		return Err(ctx, core.Errorf(core.NotFound, "%s not found", what))
	}
	return nil
}
