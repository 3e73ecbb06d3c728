package api_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		code      core.Code
		hasFields bool
		want      int
	}{
		{core.Invalid, false, http.StatusBadRequest},
		{core.Invalid, true, http.StatusUnprocessableEntity},
		{core.NotFound, false, http.StatusNotFound},
		{core.Conflict, false, http.StatusConflict},
		{core.Forbidden, false, http.StatusForbidden},
		{core.Unauthenticated, false, http.StatusUnauthorized},
		{core.RateLimited, false, http.StatusTooManyRequests},
		{core.Unavailable, false, http.StatusServiceUnavailable},
		{core.Internal, false, http.StatusInternalServerError},
		{core.Code("no_such_code"), false, http.StatusInternalServerError},
		{core.Code(""), false, http.StatusInternalServerError},
		// Fields matter only to Invalid.
		{core.Conflict, true, http.StatusConflict},
	} {
		t.Run(fmt.Sprintf("%s fields=%v", tc.code, tc.hasFields), func(t *testing.T) {
			if got := api.Status(tc.code, tc.hasFields); got != tc.want {
				t.Fatalf("Status(%q, %v) = %d, want %d", tc.code, tc.hasFields, got, tc.want)
			}
		})
	}
}

func TestStatusOf(t *testing.T) {
	invalid := func() error { v := core.Validation{}; v.Add("email", "required"); return v.Err() }()
	for _, tc := range []struct {
		name string
		err  error
		want int
	}{
		{"not found", core.Errorf(core.NotFound, "gone"), http.StatusNotFound},
		{"wrapped forbidden", fmt.Errorf("edit: %w", core.Errorf(core.Forbidden, "no")), http.StatusForbidden},
		{"validation", invalid, http.StatusUnprocessableEntity},
		{"invalid without fields", core.Errorf(core.Invalid, "bad"), http.StatusBadRequest},
		{"plain error", errors.New("driver"), http.StatusInternalServerError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := api.StatusOf(tc.err); got != tc.want {
				t.Fatalf("StatusOf(%v) = %d, want %d", tc.err, got, tc.want)
			}
		})
	}
}

func TestPageInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   api.PageInput
		want core.PageRequest
	}{
		{"unset limit", api.PageInput{Cursor: "c"}, core.PageRequest{Limit: core.DefaultLimit, Cursor: "c"}},
		{"given limit", api.PageInput{Limit: 7}, core.PageRequest{Limit: 7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.in.Page(); got != tc.want {
				t.Fatalf("Page() = %+v, want %+v", got, tc.want)
			}
		})
	}
}
