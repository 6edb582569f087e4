// Package apperr is Tongban's small error vocabulary. Every error that reaches a
// user carries a Kind (which decides the HTTP status in one place), a message key
// that the web layer translates into the user's language, optionally the form field
// it belongs to, and the internal cause that only the log ever sees.
package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the user and for the HTTP status.
type Kind int

// The kinds. Anything that is not an *Error is treated as Internal.
const (
	Internal        Kind = iota // a bug or an outage: 500, details only in the log
	Invalid                     // bad input the user can fix: 422
	Unauthenticated             // not signed in, or the session has ended: 401
	Forbidden                   // signed in, but not allowed: 403
	NotFound                    // no such record (or not visible to this principal): 404
	Conflict                    // the record exists already or changed meanwhile: 409
	TooMany                     // locked out or rate limited: 429
)

func (k Kind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case Unauthenticated:
		return "unauthenticated"
	case Forbidden:
		return "forbidden"
	case NotFound:
		return "not_found"
	case Conflict:
		return "conflict"
	case TooMany:
		return "too_many"
	default:
		return "internal"
	}
}

// FieldError is one problem with one input field, by message key.
type FieldError struct {
	Field string // the form/JSON field name, e.g. "id_number"
	Key   string // message key, e.g. "identity.id_number.check_digit"
	Args  []any  // values substituted into the translated message
}

// Error is an error a user may see. Key is a message-catalogue key, never raw text.
type Error struct {
	Kind   Kind
	Key    string       // message key for the whole error
	Args   []any        // values for the message
	Fields []FieldError // per-field problems (Invalid only)
	Cause  error        // internal cause: logged, never shown
}

func (e *Error) Error() string {
	s := e.Kind.String() + ": " + e.Key
	for _, f := range e.Fields {
		s += fmt.Sprintf(" [%s: %s]", f.Field, f.Key)
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Cause }

// New makes an error of kind k with message key.
func New(k Kind, key string, args ...any) *Error {
	return &Error{Kind: k, Key: key, Args: args}
}

// Wrap keeps cause for the log behind a safe message key.
func Wrap(k Kind, key string, cause error) *Error {
	return &Error{Kind: k, Key: key, Cause: cause}
}

// Field reports a single invalid field.
func Field(field, key string, args ...any) *Error {
	return &Error{Kind: Invalid, Key: "form.invalid", Fields: []FieldError{{Field: field, Key: key, Args: args}}}
}

// Fields collects several field problems into one Invalid error; it returns nil
// when there are none, so a validator can end with `return apperr.Fields(errs)`.
func Fields(fs []FieldError) error {
	if len(fs) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Key: "form.invalid", Fields: fs}
}

// Forbid is the standard refusal for a principal acting outside its role or scope.
func Forbid() *Error { return New(Forbidden, "auth.forbidden") }

// NotFoundf is the standard "no such record" error.
func NotFoundf(what string) *Error { return New(NotFound, "record.not_found", what) }

// KindOf returns the kind of err; unclassified errors are Internal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// As returns the *Error inside err, or nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// FieldErrors returns the per-field problems of err, if any.
func FieldErrors(err error) []FieldError {
	if e := As(err); e != nil {
		return e.Fields
	}
	return nil
}
