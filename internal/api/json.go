package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// maxBody bounds a request body. Nothing the API accepts comes near it; the
// limit only stops a client from making the server buffer megabytes of JSON.
const maxBody = 1 << 20

// errBadRequest is the answer to a body that is not the JSON the route expects.
func errBadRequest(cause error) error {
	return apperr.Wrap(apperr.Invalid, "error.bad_request", cause)
}

// decode reads exactly one JSON value into v. Unknown fields are refused, so
// a misspelt field name is reported instead of silently ignored.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errBadRequest(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return errBadRequest(errors.New("trailing data after the JSON value"))
	}
	return nil
}

// encode writes v as the response body with status. API responses carry
// personal and scope-dependent data, so no cache may keep them.
func encode(w http.ResponseWriter, status int, v any) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// noContent answers a request that succeeded with nothing to say.
func noContent(w http.ResponseWriter) error {
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// pathID parses the numeric path wildcard name. A value that is not a number
// names no record, so it is a 404 like any other unknown ID.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.New(apperr.NotFound, "record.not_found")
	}
	return id, nil
}

// queryInt parses an optional non-negative integer query parameter; absent is 0.
func queryInt(q url.Values, name string) (int64, error) {
	s := q.Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, apperr.Field(name, "api.query.integer")
	}
	return n, nil
}

// queryBool parses an optional true/false query parameter; absent is false.
func queryBool(q url.Values, name string) (bool, error) {
	switch q.Get(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, apperr.Field(name, "apiclient.query.boolean")
}

// page parses the limit and offset of a listing. The managers cap the limit.
func page(q url.Values) (limit, offset int, err error) {
	l, err := queryInt(q, "limit")
	if err != nil {
		return 0, 0, err
	}
	o, err := queryInt(q, "offset")
	if err != nil {
		return 0, 0, err
	}
	return int(min(l, 1<<20)), int(min(o, 1<<30)), nil
}

// List is the envelope of every listing: one page of items and the number of
// matching records in all pages. Items is never null.
type List[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// listOf converts a page of records with conv.
func listOf[S, T any](records []S, total int, conv func(S) T) List[T] {
	items := make([]T, 0, len(records))
	for _, s := range records {
		items = append(items, conv(s))
	}
	return List[T]{Items: items, Total: total}
}

// allOf lists records that the manager returns unpaged: the total is the count.
func allOf[S, T any](records []S, conv func(S) T) List[T] {
	return listOf(records, len(records), conv)
}

// timestamp formats an instant as RFC 3339 in UTC; the zero time is empty.
func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// date formats a calendar date (RFC 3339 full-date), e.g. a birth date.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// nonNil returns s, or an empty slice so that JSON shows [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
