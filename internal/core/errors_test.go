package core_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/topcop-platform/topcop/internal/core"
)

func TestErrorString(t *testing.T) {
	cause := errors.New("disk on fire")
	for _, tc := range []struct {
		name string
		err  *core.Error
		want string
	}{
		{"without cause", &core.Error{Code: core.NotFound, Message: "person not found"}, "not_found: person not found"},
		{"with cause", &core.Error{Code: core.Internal, Message: "save", Err: cause}, "internal: save: disk on fire"},
		{"Errorf formats", core.Errorf(core.Conflict, "code %q taken by %d", "GE", 2), `conflict: code "GE" taken by 2`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Fatalf("Error() = %q, want %q", got, tc.want)
			}
		})
	}
	e := &core.Error{Code: core.Internal, Message: "save", Err: cause}
	if !errors.Is(e, cause) || e.Unwrap() != cause {
		t.Fatal("the cause does not unwrap")
	}
}

func TestErrorCodes(t *testing.T) {
	plain := errors.New("plain")
	notFound := core.Errorf(core.NotFound, "gone")
	for _, tc := range []struct {
		name string
		err  error
		want core.Code
	}{
		{"nil", nil, ""},
		{"core error", notFound, core.NotFound},
		{"wrapped core error", fmt.Errorf("loading: %w", notFound), core.NotFound},
		{"joined core error", errors.Join(plain, core.Errorf(core.Forbidden, "no")), core.Forbidden},
		{"plain error is internal", plain, core.Internal},
		{"validation", func() error { v := core.Validation{}; v.Add("name", "required"); return v.Err() }(), core.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := core.ErrorCode(tc.err); got != tc.want {
				t.Fatalf("ErrorCode = %q, want %q", got, tc.want)
			}
			if tc.want != "" && !core.IsCode(tc.err, tc.want) {
				t.Fatalf("IsCode(%v, %q) = false", tc.err, tc.want)
			}
			other := core.Unavailable
			if core.IsCode(tc.err, other) {
				t.Fatalf("IsCode(%v, %q) = true", tc.err, other)
			}
		})
	}
}

func TestAsError(t *testing.T) {
	notFound := core.Errorf(core.NotFound, "gone")
	plain := errors.New("driver exploded")
	for _, tc := range []struct {
		name      string
		err       error
		want      core.Code
		same      bool // AsError returns the *Error inside err itself
		wantCause error
	}{
		{"core error as is", notFound, core.NotFound, true, nil},
		{"wrapped core error unwrapped", fmt.Errorf("ctx: %w", notFound), core.NotFound, true, nil},
		{"plain error becomes internal", plain, core.Internal, false, plain},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := core.AsError(tc.err)
			if got.Code != tc.want {
				t.Fatalf("code = %q, want %q", got.Code, tc.want)
			}
			if tc.same && got != notFound {
				t.Fatalf("AsError = %p, want the error itself %p", got, notFound)
			}
			if tc.wantCause != nil {
				if !errors.Is(got, tc.wantCause) {
					t.Fatal("the cause is lost")
				}
				if got.Message != "internal error" {
					t.Fatalf("message = %q: a plain error's text must not become the message", got.Message)
				}
			}
		})
	}
}

func TestWrap(t *testing.T) {
	if core.Wrap(nil, "x") != nil {
		t.Fatal("Wrap(nil) is not nil")
	}
	conflict := core.Errorf(core.Conflict, "taken")
	if got := core.Wrap(conflict, "saving %s", "x"); got != conflict {
		t.Fatalf("Wrap of a core error = %v, want it unchanged", got)
	}
	cause := errors.New("io")
	got := core.AsError(core.Wrap(cause, "saving %s", "agency"))
	if got.Code != core.Internal || got.Message != "saving agency" || !errors.Is(got, cause) {
		t.Fatalf("Wrap = %+v", got)
	}
}

func TestValidation(t *testing.T) {
	var v core.Validation
	if v.Err() != nil {
		t.Fatal("empty validation returns an error")
	}
	v.Add("name", "required")
	v.Add("email", "too_long", "200")
	v.Add("email", "invalid_email", "ignored", "too")
	if !v.Has("email") || !v.Has("name") || v.Has("phone") {
		t.Fatalf("Has: %+v", v.Fields)
	}
	err := v.Err()
	ce := core.AsError(err)
	want := []core.FieldError{
		{Field: "name", Code: "required"},
		{Field: "email", Code: "too_long", Param: "200"},
		{Field: "email", Code: "invalid_email", Param: "ignored"},
	}
	if ce.Code != core.Invalid || !slices.Equal(ce.Fields, want) {
		t.Fatalf("Err() = %+v, want invalid with %+v", ce, want)
	}
}

func TestNewErrorID(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id := core.NewErrorID()
		if len(id) != 16 || strings.Trim(id, "0123456789abcdef") != "" || seen[id] {
			t.Fatalf("NewErrorID() = %q (seen before: %v)", id, seen[id])
		}
		seen[id] = true
	}
}
