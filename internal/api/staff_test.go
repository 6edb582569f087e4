package api_test

import (
	"net/http"
	"testing"

	"github.com/tongban/tongban/internal/api"
	"github.com/tongban/tongban/internal/demo"
	"github.com/tongban/tongban/internal/platform/principal"
)

type listOfStaff = api.List[api.Staff]

func TestStaffAccounts(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	admin := s.staffToken("admin")

	l := decodeAs[listOfStaff](t, s.must(http.StatusOK, "GET", "/api/v1/staff", admin, nil))
	if l.Total < 10 {
		t.Errorf("staff total %d", l.Total)
	}
	l = decodeAs[listOfStaff](t, s.must(http.StatusOK, "GET", "/api/v1/staff?region=620825101", admin, nil))
	if l.Total != 1 || l.Items[0].Username != "clerk.nanhu" {
		t.Errorf("南湖镇 staff = %+v", l)
	}

	in := map[string]any{"username": "clerk.new", "name": "刘新人", "region_code": "620825101",
		"roles": []string{"window_clerk"}, "password": demo.Password}
	st := decodeAs[api.Staff](t, s.must(http.StatusCreated, "POST", "/api/v1/staff", admin, in))
	if st.ID == 0 || st.Username != "clerk.new" || !st.Active || len(st.Roles) != 1 || st.Roles[0] != principal.WindowClerk {
		t.Errorf("created = %+v", st)
	}
	if r := s.call("POST", "/api/v1/staff", admin, in); r.Status != http.StatusUnprocessableEntity || apiError(t, r).Error.Fields["username"] == "" {
		t.Errorf("duplicate username: status %d, body %s", r.Status, r.Body)
	}
	path := "/api/v1/staff/" + itoa(st.ID)
	got := decodeAs[api.Staff](t, s.must(http.StatusOK, "GET", path, admin, nil))
	if got.ID != st.ID || got.Name != "刘新人" {
		t.Errorf("get = %+v", got)
	}

	got = decodeAs[api.Staff](t, s.must(http.StatusOK, "PUT", path+"/roles", admin,
		map[string]any{"roles": []string{"window_clerk", "dept_reviewer"}}))
	if len(got.Roles) != 2 {
		t.Errorf("roles = %v", got.Roles)
	}
	for _, c := range []struct {
		token string
		path  string
		roles []string
		want  int
	}{
		{admin, path, []string{"king"}, http.StatusUnprocessableEntity},
		{admin, path, []string{}, http.StatusUnprocessableEntity},
		{admin, "/api/v1/staff/" + s.staffID(admin, "admin"), []string{"supervisor"}, http.StatusForbidden}, // not one's own
		{s.staffToken("supervisor"), path, []string{"system_admin"}, http.StatusForbidden},
		{"", path, []string{"system_admin"}, http.StatusUnauthorized},
	} {
		if r := s.call("PUT", c.path+"/roles", c.token, map[string]any{"roles": c.roles}); r.Status != c.want {
			t.Errorf("roles %v on %s: status %d, want %d; body %s", c.roles, c.path, r.Status, c.want, r.Body)
		}
	}

	in["username"] = "clerk.other"
	if r := s.call("POST", "/api/v1/staff", s.staffToken("supervisor"), in); r.Status != http.StatusForbidden {
		t.Errorf("supervisor creates staff: status %d", r.Status)
	}
	if r := s.call("POST", "/api/v1/staff", "", in); r.Status != http.StatusUnauthorized {
		t.Errorf("anonymous creates staff: status %d", r.Status)
	}
}
