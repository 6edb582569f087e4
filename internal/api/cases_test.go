package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/api"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// newClient registers a departmental business system for the department with
// slug, as the demo's county system administrator does on /admin/api-clients.
func (s *server) newClient(name, slug string, roles ...principal.Role) identity.NewAPIClient {
	s.t.Helper()
	ctx := context.Background()
	admin, err := s.app.Store.FindStaffByUsername(ctx, "admin")
	if err != nil {
		s.t.Fatal(err)
	}
	dept, err := s.app.Store.GetDepartmentBySlug(ctx, slug)
	if err != nil {
		s.t.Fatal(err)
	}
	as := principal.With(ctx, principal.Principal{Kind: principal.Staff, ID: admin.ID, Name: admin.Name, Roles: admin.Roles, Scope: admin.Scope()})
	c, err := s.app.Identity.CreateAPIClient(as, identity.APIClientInput{Name: name, DepartmentID: dept.ID, Roles: roles})
	if err != nil {
		s.t.Fatalf("create client %s: %v", name, err)
	}
	return c
}

// oauth posts form to the token endpoint.
func (s *server) oauth(form url.Values) response {
	s.t.Helper()
	req, err := http.NewRequest("POST", s.url+"/api/v1/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: raw}
}

// clientToken gets a bearer token with the client credentials grant.
func (s *server) clientToken(c identity.NewAPIClient) api.OAuthToken {
	s.t.Helper()
	r := s.oauth(url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.Secret}})
	if r.Status != http.StatusOK {
		s.t.Fatalf("token for %s: status %d %s", c.Name, r.Status, r.Body)
	}
	if r.Header.Get("Cache-Control") != "no-store" || r.Header.Get("Pragma") != "no-cache" {
		s.t.Errorf("token response may be cached: %v", r.Header)
	}
	tok := decodeAs[api.OAuthToken](s.t, r)
	if tok.AccessToken == "" || tok.TokenType != "Bearer" || tok.ExpiresIn <= 0 {
		s.t.Fatalf("token response %+v", tok)
	}
	return tok
}

// wangAppliesForFoodLicense submits 王建国's 食品经营许可 application, which
// lands in 县市场监督管理局's inbox.
func (s *server) wangAppliesForFoodLicense() int64 {
	s.t.Helper()
	ctx := context.Background()
	wang, err := s.app.Store.FindPersonByIDNumber(ctx, identity.IDNumber(wangIDNumber))
	if err != nil {
		s.t.Fatal(err)
	}
	item, err := s.app.Store.GetItemBySlug(ctx, "food-biz-license")
	if err != nil {
		s.t.Fatal(err)
	}
	me := testkit.AsPerson(ctx, wang.ID, wang.Name)
	d, err := s.app.Cases.SaveDraft(me, casework.Application{ItemID: item.ID, Form: testkit.Form("phone", wangPhone, "note", wangIDNumber)})
	if err != nil {
		s.t.Fatal(err)
	}
	c, err := s.app.Cases.Submit(me, d.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	return c.ID
}

func inbox(t *testing.T, s *server, token string) api.List[api.Case] {
	t.Helper()
	return decodeAs[api.List[api.Case]](t, s.must(http.StatusOK, "GET", "/api/v1/cases", token, nil))
}

func caseIDs(l api.List[api.Case]) []int64 {
	var ids []int64
	for _, c := range l.Items {
		ids = append(ids, c.ID)
	}
	return ids
}

// mustNotLeak fails if a response carries the applicant's name, ID or phone.
func mustNotLeak(t *testing.T, what string, r response) {
	t.Helper()
	for _, secret := range []string{wangIDNumber, wangPhone, wangName} {
		if strings.Contains(string(r.Body), secret) {
			t.Errorf("%s reveals %q: %s", what, secret, r.Body)
		}
	}
}

func TestCasesDepartmentSystemAcceptsOverAPI(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	market := s.newClient("市场监管审批系统", "market-regulation", principal.Reviewer, principal.WindowClerk)
	health := s.newClient("卫健业务系统", "health", principal.Reviewer, principal.DeptHead)
	caseID := s.wangAppliesForFoodLicense()
	path := "/api/v1/cases/" + itoa(caseID)

	tok := s.clientToken(market).AccessToken
	box := inbox(t, s, tok)
	if !slices.Contains(caseIDs(box), caseID) || box.Total < 1 {
		t.Fatalf("the market system's inbox %v lacks case %d", caseIDs(box), caseID)
	}
	submitted := decodeAs[api.List[api.Case]](t, s.must(http.StatusOK, "GET", "/api/v1/cases?state=submitted&limit=5", tok, nil))
	if !slices.Contains(caseIDs(submitted), caseID) {
		t.Errorf("state=submitted omits the case: %v", caseIDs(submitted))
	}
	if accepted := decodeAs[api.List[api.Case]](t, s.must(http.StatusOK, "GET", "/api/v1/cases?state=accepted", tok, nil)); slices.Contains(caseIDs(accepted), caseID) {
		t.Errorf("state=accepted lists the submitted case")
	}
	s.must(http.StatusUnprocessableEntity, "GET", "/api/v1/cases?include_closed=maybe", tok, nil)

	r := s.must(http.StatusOK, "GET", path, tok, nil)
	mustNotLeak(t, "case detail", r)
	v := decodeAs[api.CaseView](t, r)
	if !strings.HasPrefix(v.Item.Name, "食品经营许可") || v.State != "submitted" || v.PersonID == 0 || v.Channel != "online" || v.AcceptedOn != "" || v.Light != "" {
		t.Errorf("case before acceptance: %+v", v.Case)
	}
	if len(v.Events) != 1 || v.Events[0].Action != "submit" || v.Events[0].ActorKind != "person" || v.Events[0].ActorName != "" {
		t.Errorf("timeline before acceptance: %+v", v.Events)
	}
	if !slices.ContainsFunc(v.Actions, func(a api.CaseAction) bool { return a.ID == "accept" && a.To == "accepted" }) {
		t.Errorf("the system may not accept: %+v", v.Actions)
	}

	// The health department's system and reviewer see nothing of it.
	htok := s.clientToken(health).AccessToken
	wjj := s.staffToken("reviewer.wjj")
	for who, other := range map[string]string{"health system": htok, "reviewer.wjj": wjj} {
		if slices.Contains(caseIDs(inbox(t, s, other)), caseID) {
			t.Errorf("%s's inbox lists the market case", who)
		}
		if r := s.call("GET", path, other, nil); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
			t.Errorf("%s reads the case: %d %s", who, r.Status, r.Body)
		}
		if r := s.call("POST", path+"/actions", other, map[string]string{"action": "accept"}); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
			t.Errorf("%s accepts the case: %d %s", who, r.Status, r.Body)
		}
	}

	// Bad requests are refused before anything changes.
	s.must(http.StatusUnprocessableEntity, "POST", path+"/actions", tok, map[string]string{"action": "no-such-action"})
	s.must(http.StatusUnprocessableEntity, "POST", path+"/actions", tok, map[string]string{"action": "refuse"}) // reasons required
	s.must(http.StatusUnprocessableEntity, "POST", path+"/actions", tok, `{"action": "accept", "extra": 1}`)
	s.must(http.StatusNotFound, "GET", "/api/v1/cases/999999", tok, nil)

	r = s.must(http.StatusOK, "POST", path+"/actions", tok, map[string]string{"action": "accept", "comment": "材料齐全，予以受理"})
	mustNotLeak(t, "accepted case", r)
	v = decodeAs[api.CaseView](t, r)
	if v.State != "accepted" || v.AcceptedOn == "" || v.DueOn == "" || v.Light == "" || v.Paused || v.Closed {
		t.Errorf("accepted case: %+v", v.Case)
	}
	last := v.Events[len(v.Events)-1]
	if last.Action != "accept" || last.ActorKind != "staff" || last.ActorName != "市场监管审批系统" || last.Comment != "材料齐全，予以受理" {
		t.Errorf("the timeline does not name the system: %+v", last)
	}
	if !slices.ContainsFunc(v.Actions, func(a api.CaseAction) bool { return a.ID == "review" }) {
		t.Errorf("next actions %+v lack review", v.Actions)
	}
	s.must(http.StatusConflict, "POST", path+"/actions", tok, map[string]string{"action": "accept"})

	// The department's own reviewer sees the system's work, and the audit
	// trail names the system.
	seen := decodeAs[api.CaseView](t, s.must(http.StatusOK, "GET", path, s.staffToken("reviewer.scjg"), nil))
	if seen.State != "accepted" {
		t.Errorf("reviewer.scjg sees state %s", seen.State)
	}
	trail := s.must(http.StatusOK, "GET", "/api/v1/audit?action=case.accept", s.staffToken("admin"), nil)
	var entries struct {
		Items []struct {
			ActorName string `json:"actor_name"`
			TargetID  string `json:"target_id"`
		} `json:"items"`
	}
	if err := json.Unmarshal(trail.Body, &entries); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(entries.Items, func(e struct {
		ActorName string `json:"actor_name"`
		TargetID  string `json:"target_id"`
	}) bool {
		return e.ActorName == "市场监管审批系统" && e.TargetID == itoa(caseID)
	}) {
		t.Errorf("no audit entry of the system's acceptance: %s", trail.Body)
	}
}

func TestCasesClientTokenErrorsAndRevocation(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	c := s.newClient("市场监管审批系统", "market-regulation", principal.Reviewer)
	tok := s.clientToken(c).AccessToken
	s.must(http.StatusOK, "GET", "/api/v1/cases", tok, nil)
	me := decodeAs[api.Me](t, s.must(http.StatusOK, "GET", "/api/v1/me", tok, nil))
	if me.Staff == nil || me.Staff.Name != c.Name || me.Staff.DepartmentID != c.DepartmentID {
		t.Errorf("/me for the system: %+v", me.Staff)
	}

	for name, tc := range map[string]struct {
		form   url.Values
		status int
		code   string
	}{
		"wrong secret":   {url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.Secret + "x"}}, 401, "invalid_client"},
		"unknown client": {url.Values{"grant_type": {"client_credentials"}, "client_id": {"tbc_unknown"}, "client_secret": {c.Secret}}, 401, "invalid_client"},
		"no credentials": {url.Values{"grant_type": {"client_credentials"}}, 401, "invalid_client"},
		"password grant": {url.Values{"grant_type": {"password"}, "username": {"admin"}, "password": {"x"}}, 400, "unsupported_grant_type"},
		"no grant type":  {url.Values{"client_id": {c.ClientID}, "client_secret": {c.Secret}}, 400, "invalid_request"},
		"repeated id":    {url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID, c.ClientID}, "client_secret": {c.Secret}}, 400, "invalid_request"},
	} {
		r := s.oauth(tc.form)
		e := decodeAs[api.OAuthError](t, r)
		if r.Status != tc.status || e.Error != tc.code {
			t.Errorf("%s: %d %+v, want %d %s", name, r.Status, e, tc.status, tc.code)
		}
		if tc.status == 401 && !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Basic ") {
			t.Errorf("%s: WWW-Authenticate %q", name, r.Header.Get("WWW-Authenticate"))
		}
	}

	admin, err := s.app.Store.FindStaffByUsername(context.Background(), "admin")
	if err != nil {
		t.Fatal(err)
	}
	as := principal.With(context.Background(), principal.Principal{Kind: principal.Staff, ID: admin.ID, Name: admin.Name, Roles: admin.Roles, Scope: admin.Scope()})
	if _, err := s.app.Identity.RevokeAPIClient(as, c.ID); err != nil {
		t.Fatal(err)
	}
	if e := apiError(t, s.must(http.StatusUnauthorized, "GET", "/api/v1/cases", tok, nil)); e.Error.Code != "unauthenticated" {
		t.Errorf("revoked client's token: %+v", e)
	}
	r := s.oauth(url.Values{"grant_type": {"client_credentials"}, "client_id": {c.ClientID}, "client_secret": {c.Secret}})
	if e := decodeAs[api.OAuthError](t, r); r.Status != http.StatusUnauthorized || e.Error != "invalid_client" {
		t.Errorf("token for a revoked client: %d %s", r.Status, r.Body)
	}
}
