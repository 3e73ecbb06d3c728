// Package core is the shared kernel of the platform: the typed error, the
// actor and its grants, identifiers and paging. It uses the standard library
// only and knows nothing of HTTP or SQL.
package core

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
)

// Code is the stable, machine-readable class of an Error. The web and API
// layers map it to an HTTP status in one place.
type Code string

// The error codes. Keep the set small: every code needs a status, a problem
// type and a localised message.
const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Forbidden       Code = "forbidden"
	Unauthenticated Code = "unauthenticated"
	RateLimited     Code = "rate_limited"
	Unavailable     Code = "unavailable"
	Internal        Code = "internal"
)

// FieldError says what is wrong with one input field. Code is a stable
// validation code ("required", "too_long", "invalid_email", …) that the UI
// localises with the key "validation.<code>"; Param carries a value for the
// message (the maximum length, say).
type FieldError struct {
	Field string `json:"field"`
	Code  string `json:"code"`
	Param string `json:"param,omitempty"`
}

// Error is the one error type that crosses layer boundaries. Message is an
// English sentence for logs and API clients; users see a localised text
// chosen by Code (and by Fields).
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	Err     error // wrapped cause, never shown to users
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an internal error that keeps err as its cause.
func Wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Code: Internal, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of err: its own if it is (or wraps) an *Error,
// Internal otherwise, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// IsCode reports whether err carries the code c.
func IsCode(err error, c Code) bool { return ErrorCode(err) == c }

// AsError returns err as an *Error, wrapping anything else as Internal.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Message: "internal error", Err: err}
}

// Validation collects field errors; its Err method returns nil when there
// are none, so a Validate method ends with `return v.Err()`.
type Validation struct {
	Fields []FieldError
}

// Add records a problem with field.
func (v *Validation) Add(field, code string, param ...string) {
	fe := FieldError{Field: field, Code: code}
	if len(param) > 0 {
		fe.Param = param[0]
	}
	v.Fields = append(v.Fields, fe)
}

// Has reports whether field already has an error.
func (v *Validation) Has(field string) bool {
	for _, f := range v.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns an Invalid *Error listing the fields, or nil.
func (v *Validation) Err() error {
	if len(v.Fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "validation failed", Fields: v.Fields}
}

// NewErrorID returns a random 16-hex-digit identifier for an internal
// error: shown to the user (page or problem document) and written to the
// log beside the error, so that a report can be matched to its cause.
func NewErrorID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ConflictField turns a Conflict (a unique violation) into one that names
// the field that must be unique, with the field error code; other errors
// pass through.
func ConflictField(err error, field, code, message string) error {
	if IsCode(err, Conflict) {
		return &Error{Code: Conflict, Message: message, Fields: []FieldError{{Field: field, Code: code}}, Err: err}
	}
	return err
}

// Changes collects the old and new values of an update, for the audit log.
type Changes map[string]any

// Change records field's change in c when old and new differ.
func Change[T comparable](c Changes, field string, old, new T) {
	if old != new {
		c[field] = map[string]any{"old": old, "new": new}
	}
}
