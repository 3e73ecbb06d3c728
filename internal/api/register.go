package api

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/core"
)

// accessKey is the operation metadata key that holds its core.Access.
const accessKey = "topcop.access"

// Register registers one operation with the access it declares: who may
// call it (core.Public, core.Member, core.RolesIn(…), refined with Writes,
// Personal, Enrolling). The central guard (internal/web) checks the access
// before the operation's input is parsed, and the route × role matrix test
// reads it. Register fills in what every operation shares: the security
// requirement (none for public operations) and the error statuses the
// guard may answer. An undeclared access is a wiring bug and panics.
func Register[I, O any](a huma.API, access core.Access, op huma.Operation, handler func(context.Context, *I) (*O, error)) {
	if !access.Declared() {
		panic(fmt.Sprintf("api: %s %s registered without an access declaration", op.Method, op.Path))
	}
	if op.Metadata == nil {
		op.Metadata = map[string]any{}
	}
	op.Metadata[accessKey] = access
	if access.IsPublic() {
		op.Security = Public
	} else {
		errs := []int{http.StatusUnauthorized}
		if !access.Equal(core.Member) {
			errs = append(errs, http.StatusForbidden)
		}
		for _, s := range errs {
			if !slices.Contains(op.Errors, s) {
				op.Errors = append(op.Errors, s)
			}
		}
	}
	huma.Register(a, op, handler)
}

// AccessOf returns the access op declared through Register.
func AccessOf(op *huma.Operation) (core.Access, bool) {
	if op == nil || op.Metadata == nil {
		return core.Access{}, false
	}
	a, ok := op.Metadata[accessKey].(core.Access)
	return a, ok && a.Declared()
}

// Operations lists every operation of a as "METHOD /path" with its
// declared access; ok is false for an operation registered without one
// (with huma.Register directly).
func Operations(a huma.API) []Operation {
	var out []Operation
	for path, item := range a.OpenAPI().Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post, item.Put, item.Patch, item.Delete} {
			if op == nil {
				continue
			}
			acc, ok := AccessOf(op)
			out = append(out, Operation{Method: op.Method, Path: path, Access: acc, Declared: ok})
		}
	}
	slices.SortFunc(out, func(a, b Operation) int {
		if a.Path != b.Path {
			if a.Path < b.Path {
				return -1
			}
			return 1
		}
		if a.Method < b.Method {
			return -1
		}
		if a.Method > b.Method {
			return 1
		}
		return 0
	})
	return out
}

// Operation is one registered API operation.
type Operation struct {
	Method, Path string
	Access       core.Access
	Declared     bool
}
