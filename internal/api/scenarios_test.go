package api_test

import (
	"net/http"
	"testing"
)

// TestScopes is the API's authorization table: principal × route → status.
// The rules live in the modules; this checks that the API reaches them.
func TestScopes(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	// A person registered in 朱店镇 (620825102), outside clerk.nanhu's 南湖镇.
	zhudian := s.register("赵朱店", "11010519491231002X", "13800000011", "620825102")
	person := "/api/v1/people/" + itoa(zhudian.Person.ID)

	tokens := map[string]string{
		"anonymous":     "",
		"citizen":       zhudian.Token,
		"clerk.nanhu":   s.staffToken("clerk.nanhu"),
		"clerk.zhudian": s.staffToken("clerk.zhudian"),
		"reviewer.scjg": s.staffToken("reviewer.scjg"),
		"supervisor":    s.staffToken("supervisor"),
		"admin":         s.staffToken("admin"),
	}
	admin := tokens["admin"]
	nanhuStaff := s.staffID(admin, "clerk.nanhu")
	zhudianStaff := s.staffID(admin, "clerk.zhudian")

	cases := []struct {
		who, path string
		want      int
	}{
		{"anonymous", "/api/v1/people", http.StatusUnauthorized},
		{"anonymous", person, http.StatusUnauthorized},
		{"anonymous", "/api/v1/organizations", http.StatusUnauthorized},
		{"anonymous", "/api/v1/staff", http.StatusUnauthorized},
		{"anonymous", "/api/v1/staff/" + nanhuStaff, http.StatusUnauthorized},
		{"anonymous", "/api/v1/departments", http.StatusUnauthorized},
		{"anonymous", "/api/v1/halls", http.StatusUnauthorized},
		{"anonymous", "/api/v1/audit", http.StatusUnauthorized},
		{"anonymous", "/api/v1/regions/620825", http.StatusOK},
		{"anonymous", "/api/v1/regions/620825/children", http.StatusOK},

		{"citizen", "/api/v1/people", http.StatusForbidden},
		{"citizen", person, http.StatusForbidden},
		{"citizen", "/api/v1/staff", http.StatusForbidden},
		{"citizen", "/api/v1/departments", http.StatusForbidden},
		{"citizen", "/api/v1/audit", http.StatusForbidden},

		{"clerk.nanhu", "/api/v1/people", http.StatusOK},
		{"clerk.nanhu", "/api/v1/people?region=620825101", http.StatusOK},
		{"clerk.nanhu", "/api/v1/people?region=620825102", http.StatusForbidden},
		{"clerk.nanhu", "/api/v1/people?region=620825", http.StatusForbidden},
		{"clerk.nanhu", person, http.StatusForbidden},
		{"clerk.nanhu", "/api/v1/staff?region=620825102", http.StatusForbidden},
		{"clerk.nanhu", "/api/v1/staff/" + zhudianStaff, http.StatusForbidden},
		{"clerk.nanhu", "/api/v1/audit", http.StatusForbidden},
		{"clerk.nanhu", "/api/v1/halls?region=620825", http.StatusForbidden},
		{"clerk.nanhu", "/api/v1/departments", http.StatusOK},

		{"clerk.zhudian", person, http.StatusOK},
		{"clerk.zhudian", "/api/v1/people?region=620825102", http.StatusOK},

		{"reviewer.scjg", "/api/v1/people", http.StatusOK},
		{"reviewer.scjg", "/api/v1/staff", http.StatusForbidden},
		{"reviewer.scjg", "/api/v1/departments", http.StatusOK},

		{"supervisor", "/api/v1/people", http.StatusOK},
		{"supervisor", "/api/v1/staff", http.StatusOK},
		{"supervisor", "/api/v1/audit", http.StatusOK},

		{"admin", "/api/v1/people?region=620825102", http.StatusOK},
		{"admin", person, http.StatusOK},
		{"admin", "/api/v1/staff?region=620825102", http.StatusOK},
		{"admin", "/api/v1/staff/" + zhudianStaff, http.StatusOK},
		{"admin", "/api/v1/audit", http.StatusOK},
		{"admin", "/api/v1/people/999999", http.StatusNotFound},
		{"admin", "/api/v1/people/abc", http.StatusNotFound},
	}
	for _, c := range cases {
		r := s.call("GET", c.path, tokens[c.who], nil)
		if r.Status != c.want {
			t.Errorf("%s GET %s: status %d, want %d; body %s", c.who, c.path, r.Status, c.want, r.Body)
			continue
		}
		if r.Status >= 400 {
			apiError(t, r)
		}
	}
}

// staffID finds a staff account by username through the admin's listing.
func (s *server) staffID(adminToken, username string) string {
	s.t.Helper()
	r := s.must(http.StatusOK, "GET", "/api/v1/staff?limit=200", adminToken, nil)
	for _, st := range decodeAs[listOfStaff](s.t, r).Items {
		if st.Username == username {
			return itoa(st.ID)
		}
	}
	s.t.Fatalf("no staff account %s", username)
	return ""
}
