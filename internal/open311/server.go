package open311

import (
	"encoding/json"
	"encoding/xml"
	"log/slog"
	"net/http"
	"strings"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/platform/reqinfo"
	"github.com/tongban/tongban/internal/region"
)

// Deps are what the endpoint uses.
type Deps struct {
	Hotline *hotline.Manager
	Regions *region.Manager
	Catalog *i18n.Catalog
	Log     *slog.Logger
}

// Server is the GeoReport v2 endpoint.
type Server struct{ Deps }

// New returns the endpoint.
func New(d Deps) *Server { return &Server{Deps: d} }

// Prefix is where the endpoint lives.
const Prefix = "/open311/v2/"

// Register adds the GeoReport v2 routes. Each resource is served in both
// formats: as services.json and services.xml, and as services/{code}.json.
func (s *Server) Register(rt *httpserver.Router) {
	for _, f := range []string{"json", "xml"} {
		rt.Handle("GET", Prefix+"services."+f, s.handle(f, s.services))
		rt.Handle("GET", Prefix+"requests."+f, s.handle(f, s.requests))
		rt.Handle("POST", Prefix+"requests."+f, s.handle(f, s.create))
	}
	rt.Handle("GET", Prefix+"services/{file}", s.handle("", s.definition))
	rt.Handle("GET", Prefix+"requests/{file}", s.handle("", s.request))
}

// call is one request to the endpoint: the format asked for and, for a
// single resource, its identifier.
type call struct {
	r      *http.Request
	format string
	id     string
}

// answer is a document in both forms; JSON and XML differ in their roots.
type answer struct {
	status   int
	json     any
	xml      any
	problems []apiError
}

// problem is an error the endpoint reports in the specification's form.
func problem(status int, description string) answer {
	return answer{status: status, problems: []apiError{{Code: status, Description: description}}}
}

type endpoint func(c call) (answer, error)

// handle adapts an endpoint to the router: it finds the format (from the
// route, or from the file name of a single resource), runs the endpoint and
// writes its answer or its errors. Unexpected failures are logged and
// reported as a 500 in the same form.
func (s *Server) handle(format string, fn endpoint) httpserver.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		c := call{r: r, format: format}
		if format == "" {
			var ok bool
			if c.id, c.format, ok = strings.Cut(r.PathValue("file"), "."); !ok || (c.format != "json" && c.format != "xml") || c.id == "" {
				s.write(w, "json", problem(http.StatusNotFound, s.t(r, "error.not_found_page")))
				return nil
			}
		}
		a, err := s.checkJurisdiction(c)
		if err == nil && a.problems == nil {
			a, err = fn(c)
		}
		if err != nil {
			a = s.fromError(r, err)
		}
		s.write(w, c.format, a)
		return nil
	}
}

// checkJurisdiction refuses a jurisdiction_id other than the home region.
// Without one the request is for the only jurisdiction served here.
func (s *Server) checkJurisdiction(c call) (answer, error) {
	if err := c.r.ParseForm(); err != nil {
		return problem(http.StatusBadRequest, s.t(c.r, "open311.bad_request")), nil
	}
	j := strings.TrimSpace(c.r.Form.Get("jurisdiction_id"))
	if j != "" && j != s.Hotline.HomeRegion() {
		return problem(http.StatusNotFound, s.t(c.r, "open311.jurisdiction", j)), nil
	}
	return answer{}, nil
}

// fromError turns a manager's error into the specification's errors: each
// field problem becomes an error of its own, as a 400.
func (s *Server) fromError(r *http.Request, err error) answer {
	e := apperr.As(err)
	if e == nil || e.Kind == apperr.Internal {
		s.Log.Error("open311 request failed", "request_id", reqinfo.From(r.Context()).ID, "path", r.URL.Path, "err", err)
		return problem(http.StatusInternalServerError, s.t(r, "error.internal"))
	}
	status := httpserver.Status(e.Kind)
	if e.Kind == apperr.Invalid {
		status = http.StatusBadRequest // the specification's code for a bad request
	}
	if len(e.Fields) == 0 {
		return problem(status, s.t(r, e.Key, e.Args...))
	}
	a := answer{status: status}
	for _, f := range e.Fields {
		a.problems = append(a.problems, apiError{Code: status, Description: fieldName(f.Field) + ": " + s.t(r, f.Key, f.Args...)})
	}
	return a
}

// fieldName names a ticket field by the request parameter that fills it.
func fieldName(f string) string {
	switch f {
	case "content":
		return "description"
	case "region_code":
		return "attribute[township]"
	case "category":
		return "attribute[category]"
	case "village":
		return "attribute[village]"
	case "class_code":
		return "service_code"
	case "caller_phone":
		return "phone"
	case "caller_name":
		return "first_name"
	case "lat":
		return "lat"
	case "address":
		return "address_string"
	}
	return f
}

// t translates a message key into the request's language.
func (s *Server) t(r *http.Request, key string, args ...any) string {
	return s.Catalog.T(reqinfo.From(r.Context()).Lang, key, args...)
}

// write sends an answer in the format asked for. Answers carry no personal
// data, but they change with every ticket, so caches must ask again.
func (s *Server) write(w http.ResponseWriter, format string, a answer) {
	body, doc := a.json, a.xml
	if a.problems != nil {
		body, doc = a.problems, errorList{Errors: a.problems}
	}
	if a.status == 0 {
		a.status = http.StatusOK
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	if format == "xml" {
		h.Set("Content-Type", "text/xml; charset=utf-8")
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(xml.Header))
		enc := xml.NewEncoder(w)
		enc.Indent("", "  ")
		if err := enc.Encode(doc); err != nil {
			s.Log.Error("open311 xml", "err", err)
		}
		return
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(a.status)
	if err := json.NewEncoder(w).Encode(body); err != nil {
		s.Log.Error("open311 json", "err", err)
	}
}
