// Package api holds the JSON API's conventions, shared by every capability's
// api.go: RFC 9457 problem details with stable types, the one table from
// core error codes to HTTP statuses, list envelopes, and the huma
// configuration that assembles the OpenAPI 3.1 document. It depends on core
// only (and huma); capabilities import it, internal/web wires it.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/topcop-platform/topcop/internal/core"
)

// ProblemBase prefixes every problem type. Types are relative URI
// references (RFC 9457 §3.1.1), stable across releases, documented in
// docs/api.md.
const ProblemBase = "/problems/"

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type     string         `json:"type" doc:"Stable problem type, e.g. /problems/validation"`
	Title    string         `json:"title" doc:"Short summary of the problem type"`
	Status   int            `json:"status" doc:"HTTP status code"`
	Detail   string         `json:"detail,omitempty" doc:"Explanation of this occurrence"`
	Instance string         `json:"instance,omitempty" doc:"The request path"`
	Code     string         `json:"code" doc:"Machine-readable error code: invalid, validation, not_found, method_not_allowed, conflict, forbidden, unauthenticated, totp_required, rate_limited, unavailable, internal"`
	Errors   []FieldProblem `json:"errors,omitempty" doc:"Field errors (422)"`
	ErrorID  string         `json:"error_id,omitempty" doc:"Identifier of an internal error, as written in the server log"`
}

// FieldProblem is one invalid input field.
type FieldProblem struct {
	Field   string `json:"field" doc:"Field name, e.g. email or body.email"`
	Code    string `json:"code" doc:"Validation code: required, too_long, invalid_email, invalid_phone, invalid, unknown_country, duplicate, markup, …"`
	Param   string `json:"param,omitempty" doc:"Parameter of the code, e.g. the maximum length"`
	Message string `json:"message" doc:"English explanation"`
}

func (p *Problem) Error() string                  { return p.Title + ": " + p.Detail }
func (p *Problem) GetStatus() int                 { return p.Status }
func (p *Problem) ContentType(string) string      { return "application/problem+json" }
func (p *Problem) problemType(code string) string { return ProblemBase + code }

// Status maps a core error code to its HTTP status; Invalid with field
// errors is 422, without 400. This is the one status table of the
// platform: the web pages use it too.
func Status(code core.Code, hasFields bool) int {
	switch code {
	case core.Invalid:
		if hasFields {
			return http.StatusUnprocessableEntity
		}
		return http.StatusBadRequest
	case core.NotFound:
		return http.StatusNotFound
	case core.Conflict:
		return http.StatusConflict
	case core.Forbidden:
		return http.StatusForbidden
	case core.Unauthenticated:
		return http.StatusUnauthorized
	case core.RateLimited:
		return http.StatusTooManyRequests
	case core.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

var titles = map[string]string{
	"invalid":            "Invalid request",
	"validation":         "Validation failed",
	"not_found":          "Not found",
	"conflict":           "Conflict",
	"forbidden":          "Forbidden",
	"unauthenticated":    "Authentication required",
	"totp_required":      "Second factor required",
	"rate_limited":       "Too many requests",
	"method_not_allowed": "Method not allowed",
	"client_closed":      "Client closed request",
	"unavailable":        "Service unavailable",
	"internal":           "Internal error",
}

// NewProblem builds a problem of the given code ("validation" for 422).
func NewProblem(status int, code, detail string) *Problem {
	return &Problem{Type: ProblemBase + code, Title: titles[code], Status: status, Detail: detail, Code: code}
}

// Err turns any error from a service into a *Problem for huma to write.
// Internal errors are logged with an error id that the problem carries;
// their cause never reaches the client.
func Err(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ClientGone(ctx) {
		// Whatever failed, it failed because the caller left: not an
		// error of ours, and nobody reads the answer.
		return NewProblem(StatusClientClosed, "client_closed", "the client closed the request")
	}
	ce := core.AsError(err)
	status := Status(ce.Code, len(ce.Fields) > 0)
	code := string(ce.Code)
	if status == http.StatusUnprocessableEntity {
		code = "validation"
	}
	p := NewProblem(status, code, ce.Message)
	for _, f := range ce.Fields {
		p.Errors = append(p.Errors, FieldProblem{Field: f.Field, Code: f.Code, Param: f.Param, Message: FieldMessage(f)})
	}
	if status >= 500 {
		p.ErrorID = core.NewErrorID()
		p.Detail = "internal error; quote error id " + p.ErrorID
		slog.ErrorContext(ctx, "internal error", "error_id", p.ErrorID, "err", err)
	}
	return p
}

// StatusClientClosed is the status logged and counted for a request
// whose client went away before it was answered (nginx's 499); the
// client never receives it.
const StatusClientClosed = 499

// ClientGone reports whether ctx, a request's context, was canceled
// because the client disconnected: what fails then is logged as the
// client's doing, not as a server error.
func ClientGone(ctx context.Context) bool { return errors.Is(ctx.Err(), context.Canceled) }

// FieldMessage is the English message of a field error (the web UI
// localises the code instead).
func FieldMessage(f core.FieldError) string {
	switch f.Code {
	case "required":
		return "is required"
	case "too_long":
		return "is too long (at most " + f.Param + ")"
	case "invalid_email":
		return "is not a valid e-mail address"
	case "invalid_phone":
		return "is not a valid phone number"
	case "unknown_country":
		return "is not a known country code"
	case "unknown_agency":
		return "is not a known agency"
	case "duplicate":
		return "already exists"
	case "markup":
		return "must not contain markup (< or >) or control characters"
	case "weak":
		return "is too weak"
	case "out_of_range":
		return "is out of range (at most " + f.Param + ")"
	}
	return "is invalid"
}

func init() {
	// huma's own errors (malformed JSON, schema validation) take the same
	// problem shape as ours.
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		code := "invalid"
		switch {
		case status == http.StatusUnprocessableEntity:
			code = "validation"
		case status == http.StatusNotFound:
			code = "not_found"
		case status == http.StatusUnauthorized:
			code = "unauthenticated"
		case status == http.StatusForbidden:
			code = "forbidden"
		case status == http.StatusConflict:
			code = "conflict"
		case status == http.StatusTooManyRequests:
			code = "rate_limited"
		case status == http.StatusServiceUnavailable:
			code = "unavailable"
		case status >= 500:
			code = "internal"
		}
		p := NewProblem(status, code, msg)
		for _, e := range errs {
			fp := FieldProblem{Code: "invalid", Message: e.Error()}
			if d, ok := e.(huma.ErrorDetailer); ok {
				det := d.ErrorDetail()
				fp.Field, fp.Message = det.Location, det.Message
			}
			p.Errors = append(p.Errors, fp)
		}
		if status >= 500 {
			p.ErrorID = core.NewErrorID()
			slog.Error("internal error", "error_id", p.ErrorID, "msg", msg, "errs", errs)
		}
		return p
	}
}
