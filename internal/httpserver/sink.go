package httpserver

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/platform/reqinfo"
)

// Status maps an error kind to its HTTP status. This is the only place that does.
func Status(k apperr.Kind) int {
	switch k {
	case apperr.Invalid:
		return http.StatusUnprocessableEntity
	case apperr.Unauthenticated:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.TooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// ErrorPage renders an HTML error page; the web surface provides it.
type ErrorPage func(w http.ResponseWriter, r *http.Request, status int, message string)

// Sink is the one place errors become responses. It logs each error once — the
// internal cause included, never shown to the user — and answers in the user's
// language: JSON under /api/, HTML elsewhere.
type Sink struct {
	Log     *slog.Logger
	Catalog *i18n.Catalog
	Page    ErrorPage
}

// IsAPI reports whether a request is for the JSON API.
func IsAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/open311/")
}

// Error answers a request that failed with err.
func (s *Sink) Error(w http.ResponseWriter, r *http.Request, err error) {
	info := reqinfo.From(r.Context())
	e := apperr.As(err)
	if e == nil {
		e = apperr.Wrap(apperr.Internal, "error.internal", err)
	}
	status := Status(e.Kind)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.Log.Log(r.Context(), level, "request failed", "request_id", info.ID, "method", r.Method,
		"path", r.URL.Path, "status", status, "kind", e.Kind.String(), "key", e.Key, "err", err.Error())

	if e.Kind == apperr.Internal {
		e = &apperr.Error{Kind: apperr.Internal, Key: "error.internal"} // never show the cause
	}
	if e.Kind == apperr.Unauthenticated && !IsAPI(r) && r.Method == http.MethodGet {
		http.Redirect(w, r, loginURL(r), http.StatusSeeOther)
		return
	}
	msg := s.Catalog.T(info.Lang, e.Key, e.Args...)
	if IsAPI(r) {
		s.JSON(w, r, status, e)
		return
	}
	s.Page(w, r, status, msg)
}

func loginURL(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/staff") || strings.HasPrefix(r.URL.Path, "/admin") {
		return "/staff/login?next=" + r.URL.Path
	}
	return "/login?next=" + r.URL.Path
}

// APIError is the JSON body of every API error.
type APIError struct {
	Error struct {
		Code      string            `json:"code"`
		Message   string            `json:"message"`
		Fields    map[string]string `json:"fields,omitempty"`
		RequestID string            `json:"request_id,omitempty"`
	} `json:"error"`
}

// JSON writes err as the API's error body.
func (s *Sink) JSON(w http.ResponseWriter, r *http.Request, status int, e *apperr.Error) {
	lang := reqinfo.From(r.Context()).Lang
	var body APIError
	body.Error.Code = e.Kind.String()
	body.Error.Message = s.Catalog.T(lang, e.Key, e.Args...)
	body.Error.RequestID = reqinfo.From(r.Context()).ID
	if len(e.Fields) > 0 {
		body.Error.Fields = map[string]string{}
		for _, f := range e.Fields {
			if _, seen := body.Error.Fields[f.Field]; !seen {
				body.Error.Fields[f.Field] = s.Catalog.T(lang, f.Key, f.Args...)
			}
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// NotFound answers an unknown path.
func (s *Sink) NotFound(w http.ResponseWriter, r *http.Request) {
	s.Error(w, r, apperr.New(apperr.NotFound, "error.not_found_page"))
}

var forbiddenCrossOrigin = apperr.New(apperr.Forbidden, "auth.csrf")
