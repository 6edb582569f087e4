package region_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/region/divisions"
	"github.com/tongban/tongban/internal/testkit"
)

func TestInstalledDivisions(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	path, err := e.Regions.Path(ctx, "620825101")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range path {
		names = append(names, r.Name)
	}
	if len(names) != 4 || names[0] != "甘肃省" || names[1] != "平凉市" || names[2] != "庄浪县" || names[3] != "南湖镇" {
		t.Fatalf("path = %v", names)
	}
	towns, err := e.Regions.Children(ctx, "620825")
	if err != nil || len(towns) != 19 {
		t.Fatalf("庄浪县 has %d townships, %v; want 19", len(towns), err)
	}
	counties, err := e.Regions.Children(ctx, "6208")
	if err != nil || len(counties) != 7 {
		t.Fatalf("平凉市 has %d county-level units, %v; want 7", len(counties), err)
	}
}

func TestAddVillage(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	admin := testkit.AsStaff(ctx, 1, principal.SystemAdmin, "620825", 0)
	v, err := e.Regions.AddVillage(admin, "620825101", "620825101201", "示例村委会")
	if err != nil || v.Level != divisions.Village || v.ParentCode != "620825101" {
		t.Fatalf("AddVillage = %+v, %v", v, err)
	}
	bad := map[string]string{"62082510120": "code", "620825102201": "code", "620825101700": "code"}
	for code, field := range bad {
		_, err := e.Regions.AddVillage(admin, "620825101", code, "村")
		if fe := apperr.FieldErrors(err); len(fe) == 0 || fe[0].Field != field {
			t.Errorf("village code %s: %v, want an error on %s", code, err, field)
		}
	}
	if _, err := e.Regions.AddVillage(admin, "620825", "620825000201", "村"); apperr.KindOf(err) != apperr.Invalid {
		t.Errorf("a village directly under a county: %v", err)
	}
	town := testkit.AsStaff(ctx, 2, principal.SystemAdmin, "620825102", 0)
	if _, err := e.Regions.AddVillage(town, "620825101", "620825101202", "村"); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("朱店镇 admin adding to 南湖镇: %v", err)
	}
	clerk := testkit.AsStaff(ctx, 3, principal.WindowClerk, "620825101", 0)
	if _, err := e.Regions.AddVillage(clerk, "620825101", "620825101203", "村"); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("a clerk adding a village: %v", err)
	}
}

func TestDepartmentsHallsAndWindowsStayInScope(t *testing.T) {
	t.Parallel()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	county := testkit.AsStaff(ctx, 1, principal.SystemAdmin, "620825", 0)
	town := testkit.AsStaff(ctx, 2, principal.SystemAdmin, "620825101", 0)
	d, err := e.Regions.SaveDepartment(county, region.Department{Slug: "market-regulation", Name: "庄浪县市场监督管理局", Kind: region.KindGovernment, RegionCode: "620825"})
	if err != nil || d.ShortName != d.Name || !d.Active {
		t.Fatalf("SaveDepartment = %+v, %v", d, err)
	}
	if _, err := e.Regions.SaveDepartment(town, region.Department{Slug: "x", Name: "县某局", Kind: region.KindGovernment, RegionCode: "620825"}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a township admin creating a county department: %v", err)
	}
	if _, err := e.Regions.SaveDepartment(county, region.Department{Slug: "market-regulation", Name: "另一个局", Kind: region.KindGovernment, RegionCode: "620825"}); len(apperr.FieldErrors(err)) == 0 {
		t.Fatalf("a taken slug: %v, want a field error", err)
	}
	townHall, err := e.Regions.SaveHall(town, region.Hall{RegionCode: "620825101", Name: "南湖镇便民服务中心"})
	if err != nil {
		t.Fatal(err)
	}
	// A township hall's window cannot serve a department of another township.
	other, err := e.Regions.SaveDepartment(county, region.Department{Slug: "zhudian-station", Name: "朱店镇农技站", Kind: region.KindInstitution, RegionCode: "620825102"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Regions.SaveWindow(town, region.Window{HallID: townHall.ID, Number: 1, Name: "综合窗口", DepartmentIDs: []int64{other.ID}}); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("window serving another township's department: %v", err)
	}
	w, err := e.Regions.SaveWindow(town, region.Window{HallID: townHall.ID, Number: 1, Name: "综合窗口", DepartmentIDs: []int64{d.ID}})
	if err != nil {
		t.Fatalf("window serving the county department: %v", err)
	}
	_, ws, err := e.Regions.Hall(town, townHall.ID)
	if err != nil || len(ws) != 1 || ws[0].ID != w.ID || len(ws[0].DepartmentIDs) != 1 {
		t.Fatalf("hall windows = %+v, %v", ws, err)
	}
}
