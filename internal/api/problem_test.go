package api_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/api"
	"github.com/topcop-platform/topcop/internal/core"
)

// captureLog sends the default logger to a buffer for the test.
func captureLog(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	return &buf
}

var errorID = regexp.MustCompile(`^[0-9a-f]{16}$`)

func TestErr(t *testing.T) {
	logs := captureLog(t)
	invalid := func() error {
		v := core.Validation{}
		v.Add("email", "invalid_email")
		v.Add("name", "too_long", "200")
		return v.Err()
	}()
	for _, tc := range []struct {
		name       string
		err        error
		wantType   string
		wantTitle  string
		wantStatus int
		wantDetail string // "" for an internal error (checked apart)
		wantFields []api.FieldProblem
	}{
		{"invalid", core.Errorf(core.Invalid, "bad query"), "/problems/invalid", "Invalid request", 400, "bad query", nil},
		{"validation", invalid, "/problems/validation", "Validation failed", 422, "validation failed", []api.FieldProblem{
			{Field: "email", Code: "invalid_email", Message: "is not a valid e-mail address"},
			{Field: "name", Code: "too_long", Param: "200", Message: "is too long (at most 200)"},
		}},
		{"not found", core.Errorf(core.NotFound, "person not found"), "/problems/not_found", "Not found", 404, "person not found", nil},
		{"conflict", core.Errorf(core.Conflict, "code taken"), "/problems/conflict", "Conflict", 409, "code taken", nil},
		{"forbidden", core.Errorf(core.Forbidden, "not yours"), "/problems/forbidden", "Forbidden", 403, "not yours", nil},
		{"unauthenticated", core.Errorf(core.Unauthenticated, "sign in"), "/problems/unauthenticated", "Authentication required", 401, "sign in", nil},
		{"rate limited", core.Errorf(core.RateLimited, "slow down"), "/problems/rate_limited", "Too many requests", 429, "slow down", nil},
		{"unavailable", core.Errorf(core.Unavailable, "busy"), "/problems/unavailable", "Service unavailable", 503, "", nil},
		{"internal", core.Wrap(errors.New("secret cause"), "saving"), "/problems/internal", "Internal error", 500, "", nil},
		{"plain error", errors.New("secret cause"), "/problems/internal", "Internal error", 500, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs.Reset()
			err := api.Err(context.Background(), tc.err)
			var p *api.Problem
			if !errors.As(err, &p) {
				t.Fatalf("Err returned %T, want *api.Problem", err)
			}
			if p.Type != tc.wantType || p.Title != tc.wantTitle || p.Status != tc.wantStatus || p.GetStatus() != tc.wantStatus {
				t.Fatalf("problem %+v, want type %s title %q status %d", p, tc.wantType, tc.wantTitle, tc.wantStatus)
			}
			if p.Code != strings.TrimPrefix(tc.wantType, api.ProblemBase) {
				t.Errorf("code %q does not match type %q", p.Code, p.Type)
			}
			if !slices.Equal(p.Errors, tc.wantFields) {
				t.Errorf("errors = %+v, want %+v", p.Errors, tc.wantFields)
			}
			if p.ContentType("application/json") != "application/problem+json" {
				t.Errorf("content type %q", p.ContentType("application/json"))
			}
			if tc.wantStatus < 500 {
				if p.Detail != tc.wantDetail || p.ErrorID != "" {
					t.Errorf("detail %q, error id %q; want %q and none", p.Detail, p.ErrorID, tc.wantDetail)
				}
				if logs.Len() > 0 {
					t.Errorf("a %d was logged as an error: %s", tc.wantStatus, logs)
				}
				return
			}
			// A server error carries an error id that the log has beside
			// the cause; the cause stays out of the problem.
			if !errorID.MatchString(p.ErrorID) {
				t.Fatalf("error id %q", p.ErrorID)
			}
			if !strings.Contains(p.Detail, p.ErrorID) || strings.Contains(p.Detail, "secret") {
				t.Errorf("detail %q: want the error id and not the cause", p.Detail)
			}
			if !strings.Contains(logs.String(), `"error_id":"`+p.ErrorID+`"`) {
				t.Errorf("log lacks error id %s: %s", p.ErrorID, logs)
			}
			if tc.wantType == "/problems/internal" && !strings.Contains(logs.String(), "secret cause") {
				t.Errorf("log lacks the cause: %s", logs)
			}
		})
	}
	if api.Err(context.Background(), nil) != nil {
		t.Fatal("Err(nil) is not nil")
	}
}

func TestFieldMessage(t *testing.T) {
	for _, tc := range []struct {
		fe   core.FieldError
		want string
	}{
		{core.FieldError{Code: "required"}, "is required"},
		{core.FieldError{Code: "too_long", Param: "80"}, "is too long (at most 80)"},
		{core.FieldError{Code: "invalid_email"}, "is not a valid e-mail address"},
		{core.FieldError{Code: "invalid_phone"}, "is not a valid phone number"},
		{core.FieldError{Code: "unknown_country"}, "is not a known country code"},
		{core.FieldError{Code: "unknown_agency"}, "is not a known agency"},
		{core.FieldError{Code: "duplicate"}, "already exists"},
		{core.FieldError{Code: "markup"}, "must not contain markup (< or >) or control characters"},
		{core.FieldError{Code: "weak"}, "is too weak"},
		{core.FieldError{Code: "out_of_range", Param: "500"}, "is out of range (at most 500)"},
		{core.FieldError{Code: "something_new"}, "is invalid"},
	} {
		t.Run(tc.fe.Code, func(t *testing.T) {
			if got := api.FieldMessage(tc.fe); got != tc.want {
				t.Fatalf("FieldMessage(%+v) = %q, want %q", tc.fe, got, tc.want)
			}
		})
	}
}

// TestHumaErrors: huma's own errors (bad JSON, schema violations) take
// the same problem shape.
func TestHumaErrors(t *testing.T) {
	captureLog(t)
	for _, tc := range []struct {
		status     int
		wantCode   string
		wantFields []api.FieldProblem
		wantID     bool
	}{
		{http.StatusBadRequest, "invalid", nil, false},
		{http.StatusUnprocessableEntity, "validation", []api.FieldProblem{{Field: "body.email", Code: "invalid", Message: "expected string"}}, false},
		{http.StatusNotFound, "not_found", nil, false},
		{http.StatusUnauthorized, "unauthenticated", nil, false},
		{http.StatusForbidden, "forbidden", nil, false},
		{http.StatusConflict, "conflict", nil, false},
		{http.StatusTooManyRequests, "rate_limited", nil, false},
		{http.StatusServiceUnavailable, "unavailable", nil, true},
		{http.StatusInternalServerError, "internal", nil, true},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			var details []error
			if tc.wantFields != nil {
				details = append(details, &huma.ErrorDetail{Location: "body.email", Message: "expected string"})
			}
			var p *api.Problem
			if !errors.As(huma.NewError(tc.status, "msg", details...), &p) {
				t.Fatal("huma.NewError does not make an *api.Problem")
			}
			if p.Status != tc.status || p.Code != tc.wantCode || p.Type != api.ProblemBase+tc.wantCode || p.Title == "" {
				t.Fatalf("problem %+v, want status %d code %s", p, tc.status, tc.wantCode)
			}
			if !slices.Equal(p.Errors, tc.wantFields) {
				t.Errorf("errors %+v, want %+v", p.Errors, tc.wantFields)
			}
			if (p.ErrorID != "") != tc.wantID {
				t.Errorf("error id %q, want one: %v", p.ErrorID, tc.wantID)
			}
		})
	}
}
