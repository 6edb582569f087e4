package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/api"
)

// fullNumber matches an unmasked 18-character ID number or 11-digit mobile
// number anywhere in a body.
var fullNumber = regexp.MustCompile(`[0-9]{17}[0-9X]|1[3-9][0-9]{9}`)

func TestPeopleAreMasked(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	admin := s.staffToken("admin")

	r := s.must(http.StatusOK, "GET", "/api/v1/people?limit=200", admin, nil)
	l := decodeAs[api.List[api.Person]](t, r)
	if l.Total < 30 || len(l.Items) != l.Total {
		t.Fatalf("people: total %d, items %d", l.Total, len(l.Items))
	}
	if m := fullNumber.Find(r.Body); m != nil || strings.Contains(string(r.Body), wangIDNumber) {
		t.Errorf("listing shows a full number %q", m)
	}
	id := s.personID(admin, wangName)
	r = s.must(http.StatusOK, "GET", "/api/v1/people/"+itoa(id), admin, nil)
	p := decodeAs[api.Person](t, r)
	if p.IDNumberMasked != "620825********0118" || p.PhoneMasked != "139****0001" || p.Gender != "male" || p.BirthDate != "1963-02-14" {
		t.Errorf("person = %+v", p)
	}
	if m := fullNumber.Find(r.Body); m != nil {
		t.Errorf("person shows a full number %q", m)
	}

	// Paging and the name filter.
	l = decodeAs[api.List[api.Person]](t, s.must(http.StatusOK, "GET", "/api/v1/people?limit=5&offset=5", admin, nil))
	if len(l.Items) != 5 || l.Total < 30 {
		t.Errorf("page: %d items of %d", len(l.Items), l.Total)
	}
	l = decodeAs[api.List[api.Person]](t, s.must(http.StatusOK, "GET", "/api/v1/people?name=%E6%97%A0%E6%AD%A4%E4%BA%BA", admin, nil))
	if l.Total != 0 || l.Items == nil {
		t.Errorf("no match: %+v", l)
	}
}

func TestRevealIsAudited(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	admin := s.staffToken("admin")
	supervisor := s.staffToken("supervisor")
	id := s.personID(admin, wangName)
	path := "/api/v1/people/" + itoa(id) + "/reveal"

	got := decodeAs[api.Revealed](t, s.must(http.StatusOK, "POST", path, admin, map[string]string{"field": "id_number"}))
	if got.Field != "id_number" || got.Value != wangIDNumber {
		t.Errorf("reveal id_number = %+v", got)
	}
	got = decodeAs[api.Revealed](t, s.must(http.StatusOK, "POST", path, admin, map[string]string{"field": "phone"}))
	if got.Value != wangPhone {
		t.Errorf("reveal phone = %+v", got)
	}

	r := s.must(http.StatusOK, "GET", "/api/v1/audit?action=personal.reveal&target_kind=person&target_id="+itoa(id), supervisor, nil)
	l := decodeAs[api.List[api.AuditEntry]](t, r)
	if l.Total != 2 || len(l.Items) != 2 {
		t.Fatalf("reveal entries: %s", r.Body)
	}
	e := l.Items[1] // newest first: the ID number was revealed first
	if e.Action != "personal.reveal" || e.TargetID != itoa(id) || e.ActorKind != "staff" || e.ActorName != "赵管理" ||
		e.Detail != "id_number" || e.RegionCode != "620825001" || e.RequestID == "" || !strings.HasSuffix(e.At, "Z") {
		t.Errorf("audit entry = %+v", e)
	}
	if m := fullNumber.Find(r.Body); m != nil {
		t.Errorf("audit trail shows a full number %q", m)
	}

	// Who may not reveal: a supervisor (no such permission), a clerk of
	// another township, an unknown field.
	for _, c := range []struct {
		token, field string
		want         int
	}{
		{supervisor, "id_number", http.StatusForbidden},
		{s.staffToken("clerk.nanhu"), "id_number", http.StatusForbidden},
		{admin, "password", http.StatusUnprocessableEntity},
		{"", "phone", http.StatusUnauthorized},
	} {
		if r := s.call("POST", path, c.token, map[string]string{"field": c.field}); r.Status != c.want {
			t.Errorf("reveal %s: status %d, want %d", c.field, r.Status, c.want)
		}
	}
	// Refusals are not reveals.
	l = decodeAs[api.List[api.AuditEntry]](t, s.must(http.StatusOK, "GET", "/api/v1/audit?action=personal.reveal", admin, nil))
	if l.Total != 2 {
		t.Errorf("reveal entries after refusals: %d", l.Total)
	}
}

func TestOrganizationsListing(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	admin := s.staffToken("admin")
	l := decodeAs[api.List[api.Organization]](t, s.must(http.StatusOK, "GET", "/api/v1/organizations", admin, nil))
	if l.Total == 0 || len(l.Items) == 0 {
		t.Fatalf("organizations: %+v", l)
	}
	for _, o := range l.Items {
		if !strings.HasPrefix(o.RegionCode, "620825") || o.CreditCode == "" {
			t.Errorf("organization = %+v", o)
		}
	}
	if r := s.call("GET", "/api/v1/organizations?region=620825102", s.staffToken("clerk.nanhu"), nil); r.Status != http.StatusForbidden {
		t.Errorf("clerk of another township: status %d", r.Status)
	}
}
