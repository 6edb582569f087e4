package httpserver

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/tongban/tongban/internal/platform/i18n"
)

// Options configure the server.
type Options struct {
	Log           *slog.Logger
	Catalog       *i18n.Catalog
	Auth          Authenticator
	Ready         func(ctx context.Context) error // nil error = ready to serve
	SecureCookies bool
}

// Server is the composed HTTP surface.
type Server struct {
	Router  *Router
	Sink    *Sink
	Metrics *Metrics
	opts    Options
}

// New builds a server with the operational routes; the web and API surfaces add
// theirs to Router.
func New(opts Options) *Server {
	sink := &Sink{Log: opts.Log, Catalog: opts.Catalog, Page: plainErrorPage}
	s := &Server{Router: NewRouter(sink), Sink: sink, Metrics: NewMetrics(), opts: opts}
	s.Router.Handle("GET", "/healthz", func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, err := w.Write([]byte("ok\n"))
		return err
	})
	s.Router.Handle("GET", "/readyz", func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if opts.Ready != nil {
			if err := opts.Ready(r.Context()); err != nil {
				opts.Log.Warn("not ready", "err", err)
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = w.Write([]byte("not ready\n"))
				return nil
			}
		}
		_, err := w.Write([]byte("ready\n"))
		return err
	})
	s.Router.HandleHTTP("GET", "/metrics", s.Metrics)
	return s
}

// Handler is the whole surface with its middleware, outermost first: request
// bookkeeping, security headers, cross-origin protection, sessions.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.Router
	h = withAuth(h, s.opts.Auth, s.Sink, s.opts.SecureCookies)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Sink.Error(w, r, forbiddenCrossOrigin)
	}))
	h = cop.Handler(h)
	h = securityHeaders(h)
	return withRequest(h, s.opts.Log, s.Sink, s.Metrics)
}

func plainErrorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, message)
}
