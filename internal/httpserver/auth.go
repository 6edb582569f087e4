package httpserver

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Authenticator resolves session tokens; identity.Manager implements it.
type Authenticator interface {
	Authenticate(ctx context.Context, token, kind string) (identity.Authenticated, error)
}

// SessionInfo is the current request's session as the surfaces need it.
type SessionInfo struct {
	Token string // the raw token, to log out or switch the acting organization
	CSRF  string // the synchronizer token forms must echo
	Kind  string // identity.SessionWeb or identity.SessionAPI
}

type sessionKey struct{}

// Session returns the session of the request in ctx, if any.
func Session(ctx context.Context) (SessionInfo, bool) {
	s, ok := ctx.Value(sessionKey{}).(SessionInfo)
	return s, ok
}

// PrincipalOf turns an authenticated session into the principal of a request.
func PrincipalOf(a identity.Authenticated, via string) principal.Principal {
	switch {
	case a.Staff != nil:
		return principal.Principal{Kind: principal.Staff, ID: a.Staff.ID, Name: a.Staff.Name, Roles: a.Staff.Roles,
			Scope: a.Staff.Scope(), SessionID: a.Session.TokenHash, Via: via}
	case a.Person != nil:
		return principal.Principal{Kind: principal.Person, ID: a.Person.ID, Name: a.Person.Name, OrgID: a.Session.OrgID,
			SessionID: a.Session.TokenHash, Via: via}
	}
	return principal.Principal{Kind: principal.Anonymous}
}

// withAuth resolves the bearer token or session cookie into a principal. A bad
// bearer token is an error (an API client must know); a stale cookie is simply
// dropped and the visitor continues signed out.
func withAuth(next http.Handler, auth Authenticator, sink *Sink, secure bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		// The token endpoint reads client credentials from HTTP Basic itself
		// (RFC 6749 §2.3.1); every other Authorization header is a bearer token.
		basicToToken := r.URL.Path == "/api/v1/oauth/token" && strings.HasPrefix(r.Header.Get("Authorization"), "Basic ")
		if h := r.Header.Get("Authorization"); h != "" && !basicToToken {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				sink.Error(w, r, apperr.New(apperr.Unauthenticated, "auth.required"))
				return
			}
			a, err := auth.Authenticate(ctx, strings.TrimSpace(token), identity.SessionAPI)
			if err != nil {
				sink.Error(w, r, err)
				return
			}
			ctx = principal.With(ctx, PrincipalOf(a, identity.SessionAPI))
			ctx = context.WithValue(ctx, sessionKey{}, SessionInfo{Token: token, Kind: identity.SessionAPI})
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			a, err := auth.Authenticate(ctx, c.Value, identity.SessionWeb)
			if err != nil {
				if apperr.KindOf(err) != apperr.Unauthenticated {
					sink.Error(w, r, err)
					return
				}
				ClearSessionCookie(w, secure)
			} else {
				ctx = principal.With(ctx, PrincipalOf(a, identity.SessionWeb))
				ctx = context.WithValue(ctx, sessionKey{}, SessionInfo{Token: c.Value, CSRF: a.Session.CSRFToken, Kind: identity.SessionWeb})
				if !safeMethod(r.Method) && !validCSRF(r, a.Session.CSRFToken) {
					sink.Error(w, r.WithContext(ctx), apperr.New(apperr.Forbidden, "auth.csrf"))
					return
				}
			}
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// validCSRF checks the synchronizer token of a cookie-authenticated request:
// from the X-CSRF-Token header (scripts) or the csrf_token form field.
func validCSRF(r *http.Request, want string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf_token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// SetSessionCookie starts a browser session.
func SetSessionCookie(w http.ResponseWriter, token string, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// ClearSessionCookie ends a browser session on the client.
func ClearSessionCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// SetPreferenceCookie remembers a display preference on this device for a year.
func SetPreferenceCookie(w http.ResponseWriter, name, value string, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}
