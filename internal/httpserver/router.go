// Package httpserver composes Tongban's HTTP surfaces — the web pages, the JSON
// API and the operational endpoints — into one handler: routing with the standard
// ServeMux, the middleware every request passes (request IDs, logging, metrics,
// sessions, CSRF), and the one error sink that turns an error into an HTML page,
// a form error or a JSON body, logging it once.
package httpserver

import (
	"net/http"
)

// HandlerFunc is a handler that returns its error to the sink instead of
// writing it itself.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is one registered route, kept so tests can check every route.
type Route struct {
	Method  string
	Pattern string // ServeMux pattern without the method
}

// Router registers routes on a ServeMux and remembers them.
type Router struct {
	mux    *http.ServeMux
	sink   *Sink
	routes []Route
}

// NewRouter returns an empty router whose handlers report errors to sink.
func NewRouter(sink *Sink) *Router {
	return &Router{mux: http.NewServeMux(), sink: sink}
}

// Handle registers h for method and pattern (e.g. "GET", "/me").
func (rt *Router) Handle(method, pattern string, h HandlerFunc) {
	rt.routes = append(rt.routes, Route{Method: method, Pattern: pattern})
	rt.mux.Handle(method+" "+pattern, rt.adapt(h))
}

// HandleHTTP registers a plain http.Handler (static files, metrics).
func (rt *Router) HandleHTTP(method, pattern string, h http.Handler) {
	rt.routes = append(rt.routes, Route{Method: method, Pattern: pattern})
	rt.mux.Handle(method+" "+pattern, h)
}

// Routes lists every registered route in registration order.
func (rt *Router) Routes() []Route { return append([]Route(nil), rt.routes...) }

// ServeHTTP dispatches to the registered routes; unknown paths go to the sink as
// NotFound so they get the same page or JSON as any other error.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, pattern := rt.mux.Handler(r)
	if pattern == "" {
		rt.sink.NotFound(w, r)
		return
	}
	_ = h
	setRoute(r, pattern)
	// Dispatch through the mux itself: only its ServeHTTP records the wildcard
	// values that handlers read with r.PathValue.
	rt.mux.ServeHTTP(w, r)
}

func (rt *Router) adapt(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			rt.sink.Error(w, r, err)
		}
	})
}
