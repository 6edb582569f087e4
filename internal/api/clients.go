package api

import (
	"net/http"
	"net/url"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// The token endpoint of departmental business systems: OAuth 2.0 client
// credentials (RFC 6749 §4.4). Its answers, errors included, are in the
// RFC's own shape rather than the API's error body, because OAuth client
// libraries parse them; error_description is plain ASCII English as §5.2
// requires.

// OAuthToken is a successful token response (RFC 6749 §5.1).
type OAuthToken struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// OAuthError is a token error response (RFC 6749 §5.2).
type OAuthError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// grantClientCredentials is the one grant type the endpoint serves.
const grantClientCredentials = "client_credentials"

func (a *API) registerClients(rt *httpserver.Router) {
	rt.Handle("POST", "/api/v1/oauth/token", a.oauthToken)
}

// oauthToken issues a bearer token to an API client that authenticates with
// its client id and secret, in the form body or with HTTP Basic (§2.3.1).
func (a *API) oauthToken(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	id, secret, refused := tokenRequest(r)
	if refused != nil {
		return refused.write(w)
	}
	t, err := a.Identity.ClientCredentialsToken(r.Context(), id, secret)
	switch {
	case apperr.KindOf(err) == apperr.Unauthenticated:
		return errInvalidClient.write(w)
	case err != nil:
		return err
	}
	noStore(w)
	return encode(w, http.StatusOK, OAuthToken{AccessToken: t.Token, TokenType: "Bearer", ExpiresIn: int(t.ExpiresIn.Seconds())})
}

// oauthRefusal is a token error before or after client authentication.
type oauthRefusal struct {
	status            int
	code, description string
}

var errInvalidClient = &oauthRefusal{http.StatusUnauthorized, "invalid_client", "client authentication failed"}

func badTokenRequest(code, description string) *oauthRefusal {
	return &oauthRefusal{http.StatusBadRequest, code, description}
}

// tokenRequest reads a client credentials token request: the grant type from
// the form body and the client's credentials from the body or HTTP Basic,
// whose parts are form-encoded before the Basic encoding (§2.3.1).
func tokenRequest(r *http.Request) (id, secret string, refused *oauthRefusal) {
	if err := r.ParseForm(); err != nil {
		return "", "", badTokenRequest("invalid_request", "the body must be application/x-www-form-urlencoded")
	}
	form := r.PostForm
	for name, values := range form {
		if len(values) > 1 {
			return "", "", badTokenRequest("invalid_request", "parameter "+url.QueryEscape(name)+" is repeated")
		}
	}
	switch form.Get("grant_type") {
	case "":
		return "", "", badTokenRequest("invalid_request", "grant_type is missing")
	case grantClientCredentials:
	default:
		return "", "", badTokenRequest("unsupported_grant_type", "only client_credentials is supported")
	}
	id, secret = form.Get("client_id"), form.Get("client_secret")
	user, pass, basic := r.BasicAuth()
	if !basic {
		return id, secret, nil
	}
	if secret != "" {
		return "", "", badTokenRequest("invalid_request", "use one client authentication method, not two")
	}
	basicID, err1 := url.QueryUnescape(user)
	basicSecret, err2 := url.QueryUnescape(pass)
	if err1 != nil || err2 != nil || (id != "" && id != basicID) {
		return "", "", errInvalidClient
	}
	return basicID, basicSecret, nil
}

// write answers the refusal. A 401 names the Basic scheme, as §5.2 asks.
func (f *oauthRefusal) write(w http.ResponseWriter) error {
	if f.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="tongban-api", charset="UTF-8"`)
	}
	noStore(w)
	return encode(w, f.status, OAuthError{Error: f.code, ErrorDescription: f.description})
}

// noStore adds the legacy no-cache header RFC 6749 §5.1 asks for besides the
// Cache-Control: no-store that encode sets.
func noStore(w http.ResponseWriter) { w.Header().Set("Pragma", "no-cache") }
