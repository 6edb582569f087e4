// Package demo installs the 甘肃省平凉市庄浪县 demonstration county: its divisions,
// departments, the county government service hall with its ten comprehensive
// windows, the fictional citizens and enterprises of the reference catalog, and
// one staff account per role. Everything goes through the modules' managers, so
// the demo obeys the same rules as real data.
package demo

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/region/divisions"
)

//go:embed data/*.json
var dataFS embed.FS

// HomeRegion is the demo county: 庄浪县.
const HomeRegion = "620825"

// Password is every demo account's password, printed at start.
const Password = "Tongban@2026"

// Account is a demo login printed for the person trying Tongban.
type Account struct {
	Kind     string // person or staff
	Login    string // ID number or username
	Name     string
	Role     string // staff role, or the person's phone
	Scope    string
	Password string
}

type departmentRecord struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	ShortName  string  `json:"short_name"`
	Kind       string  `json:"kind"`
	RegionCode string  `json:"region_code"`
	Phone      *string `json:"phone"`
	HallWindow *string `json:"hall_window"`
	Note       *string `json:"note"`
}

type personRecord struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	IDNumber     string `json:"id_number"`
	Phone        string `json:"phone"`
	TownshipCode string `json:"township_code"`
}

type enterpriseRecord struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	CreditCode    string  `json:"unified_social_credit_code"`
	LegalRep      string  `json:"legal_representative"`
	OwnerPersonID *string `json:"owner_person_id"`
	Profile       struct {
		TownshipCode string `json:"township_code"`
		RegionCode   string `json:"region_code"`
	} `json:"profile"`
}

// hallWindows are the county hall's ten comprehensive windows, in window order.
var hallWindows = []string{"无差别全科综合", "商事登记", "投资项目审批", "不动产登记", "税务服务", "公安综合", "民政司法", "社保医保", "公积金", "水电气暖民生综合"}

// staffAccounts is one account per role, scoped to the county, a township or a
// department, so every kind of scope can be tried.
var staffAccounts = []struct {
	username, name, region, department string
	role                               principal.Role
}{
	{"admin", "赵管理", HomeRegion, "", principal.SystemAdmin},
	{"clerk", "钱窗口", HomeRegion, "service-center", principal.WindowClerk},
	{"clerk.nanhu", "孙南湖", "620825101", "", principal.WindowClerk},
	{"clerk.zhudian", "李朱店", "620825102", "", principal.WindowClerk},
	{"reviewer.scjg", "周审核", HomeRegion, "market-regulation", principal.Reviewer},
	{"head.scjg", "吴局长", HomeRegion, "market-regulation", principal.DeptHead},
	{"reviewer.wjj", "郑卫健", HomeRegion, "health", principal.Reviewer},
	{"reviewer.gas", "马燃气", HomeRegion, "gas-supply", principal.Reviewer},
	{"head.gas", "杨经理", HomeRegion, "gas-supply", principal.DeptHead},
	{"itemadmin", "王事项", HomeRegion, "", principal.ItemAdmin},
	{"dataadmin", "冯数据", HomeRegion, "data-bureau", principal.DataAdmin},
	{"supervisor", "陈监督", HomeRegion, "", principal.Supervisor},
	{"operator", "何话务", HomeRegion, "", principal.HotlineOperator},
}

func load[T any](name string) ([]T, error) {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return nil, err
	}
	var out []T
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("demo %s: %w", name, err)
	}
	return out, nil
}

// Install loads the demo county into an empty install and returns the accounts
// to print. It is not idempotent; the caller runs it once, on first start.
func Install(ctx context.Context, regions *region.Manager, ids *identity.Manager) ([]Account, error) {
	// 甘肃省 → 平凉市 with all its county-level units → 庄浪县 with its townships.
	if err := regions.InstallDivisions(ctx, HomeRegion[:4], divisions.County); err != nil {
		return nil, fmt.Errorf("divisions: %w", err)
	}
	if err := regions.InstallDivisions(ctx, HomeRegion, 0); err != nil {
		return nil, fmt.Errorf("divisions: %w", err)
	}
	depts, err := installDepartments(ctx, regions)
	if err != nil {
		return nil, err
	}
	persons, accounts, err := installPeople(ctx, ids)
	if err != nil {
		return nil, err
	}
	if err := installEnterprises(ctx, ids, persons); err != nil {
		return nil, err
	}
	for _, s := range staffAccounts {
		in := identity.StaffInput{Username: s.username, Name: s.name, RegionCode: s.region, Roles: []principal.Role{s.role}, Password: Password}
		scope := s.region
		if s.department != "" {
			d, ok := depts[s.department]
			if !ok {
				return nil, fmt.Errorf("demo staff %s: no department %s", s.username, s.department)
			}
			in.DepartmentID = d.ID
			scope += " " + d.ShortName
		}
		if _, err := ids.InstallStaff(ctx, in); err != nil {
			return nil, fmt.Errorf("demo staff %s: %w", s.username, err)
		}
		accounts = append(accounts, Account{Kind: "staff", Login: s.username, Name: s.name, Role: string(s.role), Scope: scope, Password: Password})
	}
	return accounts, nil
}

func installDepartments(ctx context.Context, regions *region.Manager) (map[string]region.Department, error) {
	recs, err := load[departmentRecord]("departments.json")
	if err != nil {
		return nil, err
	}
	bySlug := map[string]region.Department{}
	byWindow := map[string][]int64{}
	for _, r := range recs {
		d := region.Department{Slug: r.ID, Name: r.Name, ShortName: r.ShortName, Kind: r.Kind, RegionCode: r.RegionCode}
		if r.Phone != nil {
			d.Phone = *r.Phone
		}
		if r.Note != nil {
			d.Note = *r.Note
		}
		d, err := regions.InstallDepartment(ctx, d)
		if err != nil {
			return nil, fmt.Errorf("demo department %s: %w", r.ID, err)
		}
		bySlug[r.ID] = d
		if r.HallWindow != nil {
			byWindow[*r.HallWindow] = append(byWindow[*r.HallWindow], d.ID)
		}
	}
	var windows []region.Window
	for i, name := range hallWindows {
		ids := byWindow[name]
		if name == "无差别全科综合" {
			// The all-round window accepts any item of any department in the hall
			// (无差别受理), so it serves them all.
			ids = nil
			for _, r := range recs {
				if r.HallWindow != nil {
					ids = append(ids, bySlug[r.ID].ID)
				}
			}
		}
		windows = append(windows, region.Window{Number: i + 1, Name: name, Comprehensive: true, DepartmentIDs: ids})
	}
	hall := region.Hall{RegionCode: HomeRegion, Name: "庄浪县政务服务中心", Address: "甘肃省平凉市庄浪县水洛街道（示例地址）",
		Hours: "周一至周五 8:30–12:00，14:30–18:00（法定节假日除外）", Phone: "12345"}
	if _, err := regions.InstallHall(ctx, hall, windows); err != nil {
		return nil, fmt.Errorf("demo hall: %w", err)
	}
	return bySlug, nil
}

func installPeople(ctx context.Context, ids *identity.Manager) (map[string]identity.Person, []Account, error) {
	recs, err := load[personRecord]("people.json")
	if err != nil {
		return nil, nil, err
	}
	out := map[string]identity.Person{}
	var accounts []Account
	for i, r := range recs {
		p, err := ids.InstallPerson(ctx, identity.Registration{Name: r.Name, IDNumber: r.IDNumber, Phone: r.Phone,
			RegionCode: r.TownshipCode, Password: Password, PasswordConfirm: Password})
		if err != nil {
			return nil, nil, fmt.Errorf("demo person %s: %w", r.ID, err)
		}
		out[r.ID] = p
		if i < 3 { // print a few; all thirty share the password
			accounts = append(accounts, Account{Kind: "person", Login: r.IDNumber, Name: r.Name, Role: r.Phone, Scope: r.TownshipCode, Password: Password})
		}
	}
	return out, accounts, nil
}

func installEnterprises(ctx context.Context, ids *identity.Manager, persons map[string]identity.Person) error {
	recs, err := load[enterpriseRecord]("enterprises.json")
	if err != nil {
		return err
	}
	for _, r := range recs {
		regionCode := r.Profile.TownshipCode
		if regionCode == "" {
			regionCode = r.Profile.RegionCode
		}
		var owner int64
		if r.OwnerPersonID != nil {
			owner = persons[*r.OwnerPersonID].ID
		}
		if _, err := ids.InstallOrganization(ctx, identity.OrgRegistration{CreditCode: r.CreditCode, Name: r.Name, LegalRep: r.LegalRep, RegionCode: regionCode}, owner); err != nil {
			return fmt.Errorf("demo enterprise %s: %w", r.ID, err)
		}
	}
	return nil
}
