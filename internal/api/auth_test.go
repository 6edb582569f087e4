package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/api"
	"github.com/tongban/tongban/internal/demo"
	"github.com/tongban/tongban/internal/platform/principal"
)

func TestRegisterPerson(t *testing.T) {
	t.Parallel()
	s := newServer(t)

	got := s.register("张北京", "11010519491231002X", "13800000011", "620825101")
	p := got.Person
	if p.ID == 0 || p.Name != "张北京" || p.RegionCode != "620825101" || p.Gender != "female" || p.BirthDate != "1949-12-31" {
		t.Errorf("person = %+v", p)
	}
	if p.IDNumberMasked != "110105********002X" || p.PhoneMasked != "138****0011" {
		t.Errorf("masked = %q, %q", p.IDNumberMasked, p.PhoneMasked)
	}
	if !strings.HasSuffix(p.CreatedAt, "Z") {
		t.Errorf("created_at %q is not RFC 3339 UTC", p.CreatedAt)
	}
	// The token is a bearer token that works at once.
	me := decodeAs[api.Me](t, s.must(http.StatusOK, "GET", "/api/v1/me", got.Token, nil))
	if me.Kind != api.AccountPerson || me.Person == nil || me.Person.ID != p.ID || me.Staff != nil {
		t.Errorf("me = %+v", me)
	}

	r := s.call("POST", "/api/v1/persons", "", registration("张北京", "110105194912310021", "13800000012", "620825101"))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad check digit: status %d, body %s", r.Status, r.Body)
	}
	e := apiError(t, r)
	if e.Error.Code != "invalid" || !strings.Contains(e.Error.Fields["id_number"], "校验码") {
		t.Errorf("bad check digit: %s", r.Body)
	}

	// The same ID number twice is refused on its field.
	r = s.call("POST", "/api/v1/persons", "", registration("张北京", "11010519491231002X", "13800000013", "620825101"))
	if e := apiError(t, r); r.Status != http.StatusUnprocessableEntity || e.Error.Fields["id_number"] == "" {
		t.Errorf("duplicate: status %d, body %s", r.Status, r.Body)
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	s := newServer(t)

	r := s.must(http.StatusCreated, "POST", "/api/v1/tokens", "", map[string]string{"username": "clerk.nanhu", "password": demo.Password})
	staff := decodeAs[api.Token](t, r)
	if staff.Kind != api.AccountStaff || staff.Token == "" {
		t.Errorf("staff token = %+v", staff)
	}
	me := decodeAs[api.Me](t, s.must(http.StatusOK, "GET", "/api/v1/me", staff.Token, nil))
	if me.Kind != api.AccountStaff || me.Staff == nil || me.Person != nil {
		t.Fatalf("staff me = %s", r.Body)
	}
	if st := me.Staff; st.Username != "clerk.nanhu" || st.Name != "孙南湖" || st.RegionCode != "620825101" ||
		st.DepartmentID != 0 || len(st.Roles) != 1 || st.Roles[0] != principal.WindowClerk {
		t.Errorf("staff me = %+v", st)
	}

	// A citizen signs in by ID number or by phone number.
	for _, login := range []string{wangIDNumber, wangPhone} {
		r := s.must(http.StatusCreated, "POST", "/api/v1/tokens", "", map[string]string{"login": login, "password": demo.Password})
		tok := decodeAs[api.Token](t, r)
		if tok.Kind != api.AccountPerson {
			t.Errorf("citizen token kind %q", tok.Kind)
		}
		me := decodeAs[api.Me](t, s.must(http.StatusOK, "GET", "/api/v1/me", tok.Token, nil))
		if me.Person == nil || me.Person.Name != wangName || me.Person.IDNumberMasked != "620825********0118" {
			t.Errorf("citizen me = %+v", me.Person)
		}
	}

	for name, body := range map[string]map[string]string{
		"wrong password": {"username": "admin", "password": "wrong-Password1"},
		"unknown user":   {"username": "nobody", "password": demo.Password},
		"both logins":    {"username": "admin", "login": wangPhone, "password": demo.Password},
	} {
		r := s.call("POST", "/api/v1/tokens", "", body)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", name, r.Status)
		}
		apiError(t, r)
	}

	// Signing out ends the token.
	s.must(http.StatusNoContent, "DELETE", "/api/v1/tokens/current", staff.Token, nil)
	if r := s.call("GET", "/api/v1/me", staff.Token, nil); r.Status != http.StatusUnauthorized {
		t.Errorf("after sign-out: status %d", r.Status)
	}
	if r := s.call("DELETE", "/api/v1/tokens/current", "", nil); r.Status != http.StatusUnauthorized {
		t.Errorf("anonymous sign-out: status %d", r.Status)
	}
	if r := s.call("GET", "/api/v1/me", "", nil); r.Status != http.StatusUnauthorized {
		t.Errorf("anonymous me: status %d", r.Status)
	}
	if r := s.call("GET", "/api/v1/me", "not-a-token", nil); r.Status != http.StatusUnauthorized {
		t.Errorf("bogus token: status %d", r.Status)
	}
}

func TestMyOrganizations(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	fresh := s.register("李新", "11010519491231002X", "13800000011", "620825101")

	// A list is never null, even when empty.
	r := s.must(http.StatusOK, "GET", "/api/v1/me/organizations", fresh.Token, nil)
	if !strings.Contains(string(r.Body), `"items":[]`) {
		t.Errorf("empty list: %s", r.Body)
	}

	r = s.must(http.StatusCreated, "POST", "/api/v1/me/organizations", fresh.Token,
		map[string]string{"credit_code": "91350100M000100Y43", "name": "庄浪县示例商贸有限公司", "legal_rep": "李新"})
	o := decodeAs[api.Organization](t, r)
	if o.ID == 0 || o.CreditCode != "91350100M000100Y43" || o.RegionCode != "620825101" || o.MemberRole != "legal_rep" {
		t.Errorf("organization = %+v", o)
	}
	l := decodeAs[api.List[api.Organization]](t, s.must(http.StatusOK, "GET", "/api/v1/me/organizations", fresh.Token, nil))
	if l.Total != 1 || len(l.Items) != 1 || l.Items[0].ID != o.ID {
		t.Errorf("my organizations = %+v", l)
	}

	r = s.call("POST", "/api/v1/me/organizations", fresh.Token,
		map[string]string{"credit_code": "91350100M000100Y44", "name": "另一家公司", "legal_rep": "李新"})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad credit code: status %d, body %s", r.Status, r.Body)
	}
	if e := apiError(t, r); e.Error.Fields["credit_code"] == "" {
		t.Errorf("bad credit code: %s", r.Body)
	}

	// Staff have no organizations of their own.
	if r := s.call("GET", "/api/v1/me/organizations", s.staffToken("admin"), nil); r.Status != http.StatusForbidden {
		t.Errorf("staff: status %d", r.Status)
	}
}

func TestMalformedBody(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	admin := s.staffToken("admin")
	for name, body := range map[string]string{
		"truncated":     `{"login":`,
		"not an object": `["admin"]`,
		"unknown field": `{"username":"admin","password":"x","remember":true}`,
		"trailing data": `{"username":"admin","password":"x"} {}`,
		"empty":         ``,
		"too large":     `{"username":"` + strings.Repeat("a", 1<<20) + `"}`,
	} {
		r := s.call("POST", "/api/v1/tokens", "", body)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d", name, r.Status)
			continue
		}
		if e := apiError(t, r); e.Error.Code != "invalid" || e.Error.Message != "请求格式不正确。" {
			t.Errorf("%s: %s", name, r.Body)
		}
	}
	// The same holds behind authentication.
	r := s.call("PUT", "/api/v1/staff/1/roles", admin, `{"roles":"system_admin"}`)
	if e := apiError(t, r); r.Status != http.StatusUnprocessableEntity || e.Error.Message != "请求格式不正确。" {
		t.Errorf("roles not a list: status %d, body %s", r.Status, r.Body)
	}
	// A query parameter that is not a count is reported on its name.
	r = s.call("GET", "/api/v1/people?limit=ten", admin, nil)
	if e := apiError(t, r); r.Status != http.StatusUnprocessableEntity || e.Error.Fields["limit"] == "" {
		t.Errorf("bad limit: status %d, body %s", r.Status, r.Body)
	}
}
