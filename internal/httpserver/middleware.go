package httpserver

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/platform/reqinfo"
)

// Cookie names used across the surfaces.
const (
	SessionCookie = "tongban_session"
	LangCookie    = "tongban_lang"
	ModeCookie    = "tongban_mode"
)

// MaxBodyBytes caps every request body: enough for a 10 MiB spreadsheet or
// material upload with its multipart overhead.
const MaxBodyBytes = 12 << 20

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withRequest gives every request an ID (kept from a trusted proxy's
// X-Request-ID when well-formed), its client address and language, logs it once
// when done — path only, never the query, which may hold personal data — and
// turns a panic into a 500 through the sink.
func withRequest(next http.Handler, log *slog.Logger, sink *Sink, metrics *Metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if !requestIDPattern.MatchString(id) {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		ip, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			ip = r.RemoteAddr
		}
		lang := i18n.Chinese
		if c, err := r.Cookie(LangCookie); err == nil {
			lang = i18n.Lang(c.Value)
		} else if IsAPI(r) {
			// API clients have no cookie; pages stay Chinese-first whatever the
			// browser says, and switch only when the user asks.
			lang = i18n.Lang(r.Header.Get("Accept-Language"))
		}
		route := new(string)
		ctx := context.WithValue(reqinfo.With(r.Context(), reqinfo.Info{ID: id, IP: ip, UserAgent: r.UserAgent(), Lang: lang}), routeKey{}, route)
		r = r.WithContext(ctx)
		w.Header().Set("X-Request-ID", id)
		sw := &statusWriter{ResponseWriter: w}
		// No request body may exceed MaxBodyBytes: the CSRF check reads form
		// bodies before any handler can apply its own, smaller limit.
		r.Body = http.MaxBytesReader(sw, r.Body, MaxBodyBytes)
		defer func() {
			if p := recover(); p != nil {
				sink.Error(sw, r, apperr.Wrap(apperr.Internal, "error.internal", fmt.Errorf("panic: %v", p)))
			}
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			d := time.Since(start)
			metrics.observe(r.Method, *route, sw.status, d)
			log.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("request_id", id), slog.String("method", r.Method),
				slog.String("path", r.URL.Path), slog.Int("status", sw.status), slog.Duration("duration", d))
		}()
		next.ServeHTTP(sw, r)
	})
}

// securityHeaders sets the headers every response should carry.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

// routeKey holds a *string in which the router records the matched pattern, so
// the outermost middleware can label metrics by route rather than by raw path.
type routeKey struct{}

func setRoute(r *http.Request, pattern string) {
	if p, ok := r.Context().Value(routeKey{}).(*string); ok {
		*p = pattern
	}
}
