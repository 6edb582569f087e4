package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestTokenRequestReadsHTTPBasic checks how the token endpoint reads a client
// credentials request, HTTP Basic (RFC 6749 §2.3.1) included. It calls the
// parser directly: httpserver's bearer middleware answers every Authorization
// header that is not "Bearer" before a handler runs.
func TestTokenRequestReadsHTTPBasic(t *testing.T) {
	t.Parallel()
	const id, secret = "tbc_abc", "tbs_a+b/c=d"
	request := func(form url.Values, user, pass string) *http.Request {
		r := httptest.NewRequest("POST", "/api/v1/oauth/token", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if user != "" {
			r.SetBasicAuth(url.QueryEscape(user), url.QueryEscape(pass))
		}
		return r
	}
	grant := url.Values{"grant_type": {"client_credentials"}}
	for name, tc := range map[string]struct {
		r          *http.Request
		id, secret string
		refusal    string
	}{
		"basic":             {r: request(grant, id, secret), id: id, secret: secret},
		"basic, id in body": {r: request(url.Values{"grant_type": {"client_credentials"}, "client_id": {id}}, id, secret), id: id, secret: secret},
		"form body":         {r: request(url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}, "", ""), id: id, secret: secret},
		"both methods":      {r: request(url.Values{"grant_type": {"client_credentials"}, "client_secret": {secret}}, id, secret), refusal: "invalid_request"},
		"two client ids":    {r: request(url.Values{"grant_type": {"client_credentials"}, "client_id": {"tbc_other"}}, id, secret), refusal: "invalid_client"},
		"no grant":          {r: request(url.Values{}, id, secret), refusal: "invalid_request"},
		"other grant":       {r: request(url.Values{"grant_type": {"authorization_code"}}, id, secret), refusal: "unsupported_grant_type"},
		"grant in query":    {r: httptest.NewRequest("POST", "/api/v1/oauth/token?grant_type=client_credentials", nil), refusal: "invalid_request"},
	} {
		gotID, gotSecret, refused := tokenRequest(tc.r)
		switch {
		case tc.refusal != "" && (refused == nil || refused.code != tc.refusal):
			t.Errorf("%s: refusal %+v, want %s", name, refused, tc.refusal)
		case tc.refusal == "" && (refused != nil || gotID != tc.id || gotSecret != tc.secret):
			t.Errorf("%s: %q %q %+v", name, gotID, gotSecret, refused)
		}
	}
}
