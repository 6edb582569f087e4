package api_test

import (
	"net/http"
	"testing"

	"github.com/tongban/tongban/internal/api"
)

func TestRegions(t *testing.T) {
	t.Parallel()
	s := newServer(t)

	got := decodeAs[api.Region](t, s.must(http.StatusOK, "GET", "/api/v1/regions/620825", "", nil))
	if got != (api.Region{Code: "620825", Name: "庄浪县", Level: "county", ParentCode: "6208"}) {
		t.Errorf("region = %+v", got)
	}
	kids := decodeAs[api.List[api.Region]](t, s.must(http.StatusOK, "GET", "/api/v1/regions/620825/children", "", nil))
	found := false
	for _, k := range kids.Items {
		found = found || k.Code == "620825101" && k.Level == "township" && k.ParentCode == "620825"
	}
	if !found || kids.Total != len(kids.Items) {
		t.Errorf("children = %+v", kids)
	}
	if r := s.call("GET", "/api/v1/regions/999999", "", nil); r.Status != http.StatusNotFound {
		t.Errorf("unknown region: status %d", r.Status)
	} else {
		apiError(t, r)
	}
	r := s.must(http.StatusOK, "GET", "/api/v1/regions/620825101001/children", "", nil)
	if string(r.Body) != "{\"items\":[],\"total\":0}\n" {
		t.Errorf("no children: %s", r.Body)
	}
}

func TestDepartmentsAndHalls(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	admin := s.staffToken("admin")
	clerk := s.staffToken("clerk.nanhu")

	// Listings default to the viewer's own region.
	ds := decodeAs[api.List[api.Department]](t, s.must(http.StatusOK, "GET", "/api/v1/departments", admin, nil))
	if ds.Total == 0 {
		t.Fatal("no departments")
	}
	// A department-bound reviewer sees their own department only.
	own := decodeAs[api.List[api.Department]](t, s.must(http.StatusOK, "GET", "/api/v1/departments", s.staffToken("reviewer.scjg"), nil))
	if own.Total != 1 || own.Items[0].Slug != "market-regulation" {
		t.Errorf("reviewer's departments = %+v", own)
	}

	in := map[string]any{"slug": "nanhu-service", "name": "南湖镇便民服务中心", "kind": "government_department", "region_code": "620825101"}
	d := decodeAs[api.Department](t, s.must(http.StatusCreated, "POST", "/api/v1/departments", admin, in))
	if d.ID == 0 || !d.Active || d.ShortName != "南湖镇便民服务中心" || d.RegionCode != "620825101" {
		t.Errorf("created = %+v", d)
	}
	if r := s.call("POST", "/api/v1/departments", clerk, in); r.Status != http.StatusForbidden {
		t.Errorf("clerk creates a department: status %d", r.Status)
	}
	path := "/api/v1/departments/" + itoa(d.ID)
	if got := decodeAs[api.Department](t, s.must(http.StatusOK, "GET", path, clerk, nil)); got.ID != d.ID {
		t.Errorf("clerk reads the department: %+v", got)
	}

	// A replacement must say whether the department stays active.
	in["name"] = "南湖镇为民服务中心"
	r := s.call("PUT", path, admin, in)
	if r.Status != http.StatusUnprocessableEntity || apiError(t, r).Error.Fields["active"] == "" {
		t.Errorf("PUT without active: status %d, body %s", r.Status, r.Body)
	}
	in["active"] = false
	d = decodeAs[api.Department](t, s.must(http.StatusOK, "PUT", path, admin, in))
	if d.Name != "南湖镇为民服务中心" || d.Active {
		t.Errorf("updated = %+v", d)
	}
	in["kind"] = "ministry"
	if r := s.call("PUT", path, admin, in); r.Status != http.StatusUnprocessableEntity || apiError(t, r).Error.Fields["kind"] == "" {
		t.Errorf("bad kind: status %d, body %s", r.Status, r.Body)
	}

	// Halls and windows.
	h := decodeAs[api.Hall](t, s.must(http.StatusCreated, "POST", "/api/v1/halls", admin,
		map[string]string{"region_code": "620825101", "name": "南湖镇便民服务中心", "hours": "周一至周五"}))
	hallPath := "/api/v1/halls/" + itoa(h.ID)
	w := decodeAs[api.Window](t, s.must(http.StatusCreated, "POST", hallPath+"/windows", admin,
		map[string]any{"number": 1, "name": "综合窗口", "comprehensive": true, "department_ids": []int64{d.ID}}))
	if w.ID == 0 || w.HallID != h.ID || !w.Active || len(w.DepartmentIDs) != 1 {
		t.Errorf("window = %+v", w)
	}
	if r := s.call("POST", hallPath+"/windows", admin, map[string]any{"number": 0, "name": ""}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("bad window: status %d", r.Status)
	}
	w = decodeAs[api.Window](t, s.must(http.StatusOK, "PUT", "/api/v1/windows/"+itoa(w.ID), admin,
		map[string]any{"hall_id": h.ID, "number": 2, "name": "二号窗口", "active": true}))
	if w.Number != 2 || w.Name != "二号窗口" || w.DepartmentIDs == nil || len(w.DepartmentIDs) != 0 {
		t.Errorf("updated window = %+v", w)
	}
	if r := s.call("PUT", "/api/v1/windows/"+itoa(w.ID), clerk,
		map[string]any{"hall_id": h.ID, "number": 3, "name": "三号窗口", "active": true}); r.Status != http.StatusForbidden {
		t.Errorf("clerk updates a window: status %d", r.Status)
	}
	detail := decodeAs[api.HallDetail](t, s.must(http.StatusOK, "GET", hallPath, clerk, nil))
	if detail.ID != h.ID || len(detail.Windows) != 1 || detail.Windows[0].Name != "二号窗口" {
		t.Errorf("hall = %+v", detail)
	}
	halls := decodeAs[api.List[api.Hall]](t, s.must(http.StatusOK, "GET", "/api/v1/halls", clerk, nil))
	if halls.Total != 1 || halls.Items[0].ID != h.ID {
		t.Errorf("clerk's halls = %+v", halls)
	}
	county := decodeAs[api.List[api.Hall]](t, s.must(http.StatusOK, "GET", "/api/v1/halls", admin, nil))
	if county.Total != 2 {
		t.Errorf("county halls = %d", county.Total)
	}
}
