package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/tongban/tongban/internal/api"
	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/demo"
	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/testkit"
)

// Demo records the tests lean on (see internal/demo).
const (
	wangIDNumber = "620825196302140118" // 王建国, lives in 620825001 水洛街道
	wangPhone    = "13900000001"
	wangName     = "王建国"
)

// server is a demo install behind a real HTTP server, on a fresh database.
type server struct {
	t   *testing.T
	app *app.App
	url string
}

func newServer(t *testing.T) *server {
	t.Helper()
	a, srv := testkit.DemoServer(t)
	return &server{t: t, app: a, url: srv.URL}
}

// response is what a call got back.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// call sends a request with an optional bearer token. body is sent as is when
// it is a string (to test malformed input) and as JSON otherwise.
func (s *server) call(method, path, token string, body any) response {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			s.t.Fatalf("marshal: %v", err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatalf("request: %v", err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatalf("read: %v", err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: raw}
}

// must is call that fails the test unless the status is want.
func (s *server) must(want int, method, path, token string, body any) response {
	s.t.Helper()
	r := s.call(method, path, token, body)
	if r.Status != want {
		s.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// decodeAs parses a response body as T, failing on unknown fields so the tests
// notice a field the typed response structs do not declare.
func decodeAs[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %T: %v; body %s", v, err, r.Body)
	}
	return v
}

// apiError parses an error body and checks it is shaped as the API promises.
func apiError(t *testing.T, r response) httpserver.APIError {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("error Content-Type %q", ct)
	}
	e := decodeAs[httpserver.APIError](t, r)
	if e.Error.Code == "" || e.Error.Message == "" || e.Error.RequestID == "" {
		t.Errorf("incomplete error body: %s", r.Body)
	}
	return e
}

// staffToken signs a demo staff member in and returns a bearer token.
func (s *server) staffToken(username string) string {
	s.t.Helper()
	r := s.must(http.StatusCreated, "POST", "/api/v1/tokens", "", map[string]string{"username": username, "password": demo.Password})
	return decodeAs[api.Token](s.t, r).Token
}

// personToken signs a citizen in by ID or phone number.
func (s *server) personToken(login string) string {
	s.t.Helper()
	r := s.must(http.StatusCreated, "POST", "/api/v1/tokens", "", map[string]string{"login": login, "password": demo.Password})
	return decodeAs[api.Token](s.t, r).Token
}

// register creates a citizen over the API and returns the answer.
func (s *server) register(name, idNumber, phone, region string) api.Registered {
	s.t.Helper()
	r := s.must(http.StatusCreated, "POST", "/api/v1/persons", "", registration(name, idNumber, phone, region))
	return decodeAs[api.Registered](s.t, r)
}

func registration(name, idNumber, phone, region string) map[string]string {
	return map[string]string{"name": name, "id_number": idNumber, "phone": phone, "region_code": region,
		"password": demo.Password, "password_confirm": demo.Password}
}

// personID finds a demo person by name through the admin's people listing.
func (s *server) personID(adminToken, name string) int64 {
	s.t.Helper()
	r := s.must(http.StatusOK, "GET", "/api/v1/people?name="+url.QueryEscape(name), adminToken, nil)
	l := decodeAs[api.List[api.Person]](s.t, r)
	if len(l.Items) != 1 {
		s.t.Fatalf("people named %s: %d", name, len(l.Items))
	}
	return l.Items[0].ID
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
