package casework_test

import (
	"context"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/testkit"
)

// elements is an element set that passes every blocking quality rule: 10
// promised working days.
func elements(name string) catalog.Elements {
	return catalog.Elements{
		Name: name, ItemType: "01", UseLevel: 4, ServiceObjects: []int{1}, LegalBasis: []string{"《食品安全法》第三十六条"},
		AcceptConditions: "从事食品生产加工的小作坊，有固定的生产场所。", StatutoryDays: 20, StatutoryUnit: "工作日", PromisedDays: 10,
		OnlineDepth: []int{1, 2, 3, 4}, InHall: true, HallWindow: "综合受理", Address: "庄浪县政务服务中心 2 号窗口", Hours: "工作日 8:30–12:00",
		ConsultPhone: "0933-6621234", ComplaintPhone: "12345",
		Materials: []catalog.Material{{Name: "登记申请书", Required: catalog.MaterialRequired, Form: "原件", Copies: 1, Source: "申请人自备", BlankForm: true, SampleForm: true}},
		Process:   []catalog.Step{{Step: "受理", Days: 1}, {Step: "审查", Days: 5}, {Step: "决定", Days: 4}},
		Result:    catalog.Result{Name: "登记证", Type: "出证办结"},
		FAQ:       []catalog.QA{{Q: "需要多久？", A: "10 个工作日。"}},
	}
}

var shanghai = time.FixedZone("CST", 8*3600)

// fixture is a county with two departments, one published item each, and a
// casework Manager whose clock starts on Monday 2026-03-02, 09:00 in Shanghai.
type fixture struct {
	env        *testkit.Env
	m          *casework.Manager
	market     region.Department
	health     region.Department
	marketItem int64 // 食品小作坊登记, 县市场监督管理局
	healthItem int64 // 公共场所卫生许可, 县卫健局

	applicant      context.Context // 王建国
	stranger       context.Context // another citizen
	marketReviewer context.Context
	marketHead     context.Context
	healthReviewer context.Context
	clerk          context.Context // window clerk of 南湖镇's hall
	supervisor     context.Context
}

const applicantID = 9001

func setup(t *testing.T) fixture {
	t.Helper()
	e := testkit.NewEnv(t)
	ctx := context.Background()
	market, err := e.Regions.InstallDepartment(ctx, region.Department{Slug: "market-regulation", Name: "庄浪县市场监督管理局", ShortName: "县市场监管局", Kind: region.KindGovernment, RegionCode: "620825"})
	if err != nil {
		t.Fatal(err)
	}
	health, err := e.Regions.InstallDepartment(ctx, region.Department{Slug: "health", Name: "庄浪县卫生健康局", ShortName: "县卫健局", Kind: region.KindGovernment, RegionCode: "620825"})
	if err != nil {
		t.Fatal(err)
	}
	mi, err := e.Items.InstallPublished(ctx, "food-workshop", 0, market.ID, elements("食品小作坊登记"))
	if err != nil {
		t.Fatal(err)
	}
	hi, err := e.Items.InstallPublished(ctx, "public-place-hygiene", 0, health.ID, elements("公共场所卫生许可"))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := calendar.New()
	if err != nil {
		t.Fatal(err)
	}
	m := casework.NewManager(casework.Deps{
		Tx: e.DB.DB, Store: e.Store, Items: app.CatalogItems{Catalog: e.Items}, Audit: e.Store, Calendar: cal,
		Numbers: casework.NewNumberer(e.Store, shanghai), Now: e.Clock.Now, Location: shanghai,
		Departments: departments{e},
	})
	return fixture{env: e, m: m, market: market, health: health, marketItem: mi.ID, healthItem: hi.ID,
		applicant:      testkit.AsPerson(ctx, applicantID, "王建国"),
		stranger:       testkit.AsPerson(ctx, 9002, "李四"),
		marketReviewer: testkit.AsStaff(ctx, 701, principal.Reviewer, "620825", market.ID),
		marketHead:     testkit.AsStaff(ctx, 702, principal.DeptHead, "620825", market.ID),
		healthReviewer: testkit.AsStaff(ctx, 703, principal.Reviewer, "620825", health.ID),
		clerk:          testkit.AsStaff(ctx, 704, principal.WindowClerk, "620825101", 0),
		supervisor:     testkit.AsStaff(ctx, 705, principal.Supervisor, "620825", 0),
	}
}

// submit files an application of the applicant for item and returns its case.
func (f fixture) submit(t *testing.T, item int64) casework.Case {
	t.Helper()
	a, err := f.m.SaveDraft(f.applicant, casework.Application{ItemID: item, Form: testkit.Form("name", "王建国")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.m.Submit(f.applicant, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// advanceTo moves the clock to 09:00 Shanghai time on day.
func (f fixture) advanceTo(t *testing.T, day string) {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02 15:04", day+" 09:00", shanghai)
	if err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(d.Sub(f.env.Clock.Now()))
}

func mustDate(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// testkitStaffElsewhere is a window clerk of 静宁县 (620826).
func testkitStaffElsewhere() context.Context {
	return testkit.AsStaff(context.Background(), 799, principal.WindowClerk, "620826", 0)
}

// departments resolves transfer targets from the test's store, as app does.
type departments struct{ e *testkit.Env }

func (d departments) DepartmentRegion(ctx context.Context, id int64) (string, string, error) {
	dept, err := d.e.Store.GetDepartment(ctx, id)
	return dept.RegionCode, dept.Name, err
}
