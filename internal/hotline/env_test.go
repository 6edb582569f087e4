package hotline_test

import (
	"context"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/testkit"
)

// Nanhu is 南湖镇, where the test rules route market complaints to 县市场监管局.
const nanhu = "620825101"

// fixture is 庄浪县 with two departments, a small classification tree, the
// dispatch rules of the demo's shape, and the people the tests act as.
type fixture struct {
	env                        *testkit.Env
	m                          *hotline.Manager
	operator, supervisor       context.Context
	market, marketHead, health context.Context // staff of 县市场监管局 and of 县卫健局
	clerk                      context.Context // a window clerk of 南湖镇: no hotline role
	marketID, healthID         int64
}

// departments adapts the region store to the hotline, as app does.
type departments struct{ env *testkit.Env }

func (d departments) Department(ctx context.Context, id int64) (hotline.Department, error) {
	r, err := d.env.Store.GetDepartment(ctx, id)
	return hotline.Department{ID: r.ID, Name: r.ShortName, RegionCode: r.RegionCode, Active: r.Active}, err
}

func (d departments) Departments(ctx context.Context, prefix string) ([]hotline.Department, error) {
	rs, err := d.env.Store.ListDepartments(ctx, region.DepartmentFilter{RegionPrefix: prefix, ActiveOnly: true})
	var out []hotline.Department
	for _, r := range rs {
		out = append(out, hotline.Department{ID: r.ID, Name: r.ShortName, RegionCode: r.RegionCode, Active: r.Active})
	}
	return out, err
}

type places struct{ env *testkit.Env }

func (p places) PlaceName(ctx context.Context, code string) (string, error) {
	r, err := p.env.Regions.Get(ctx, code)
	return r.Name, err
}

// items knows one published item, which is all the articles link to here.
type items struct{}

func (items) ItemName(_ context.Context, slug string) (string, error) {
	if slug == "id-card-reissue" {
		return "居民身份证补领", nil
	}
	return "", apperr.NotFoundf("item")
}

// newManager wires a hotline manager over the env's database with a clock.
func newManager(t *testing.T, env *testkit.Env, now func() time.Time) *hotline.Manager {
	t.Helper()
	cal, err := calendar.New()
	if err != nil {
		t.Fatal(err)
	}
	return hotline.NewManager(hotline.Deps{Tx: env.DB.DB, Store: env.Store, Departments: departments{env}, Places: places{env},
		Items: items{}, Audit: env.Store, Calendar: cal, Now: now, Location: time.FixedZone("CST", 8*3600), HomeRegion: "620825"})
}

var testClasses = []hotline.Class{
	{Code: "01", Name: "市场监管"}, {Code: "0101", ParentCode: "01", Name: "食品安全"},
	{Code: "05", Name: "教育卫生"}, {Code: "0502", ParentCode: "05", Name: "医疗卫生"},
	{Code: "08", Name: "政务服务"}, {Code: "99", Name: "其他"},
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	env := testkit.NewEnv(t)
	ctx := context.Background()
	f := fixture{env: env, m: newManager(t, env, env.Clock.Now)}
	for slug, name := range map[string]string{"market-regulation": "县市场监管局", "health": "县卫健局"} {
		d, err := env.Regions.InstallDepartment(ctx, region.Department{Slug: slug, Name: "庄浪" + name, ShortName: name,
			Kind: region.KindGovernment, RegionCode: "620825"})
		if err != nil {
			t.Fatal(err)
		}
		if slug == "health" {
			f.healthID = d.ID
		} else {
			f.marketID = d.ID
		}
	}
	for _, c := range testClasses {
		c.Active = true
		if err := f.m.InstallClass(ctx, "620825", c); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range []hotline.Rule{
		{Name: "南湖镇市场类投诉举报", Priority: 10, DepartmentID: f.marketID,
			Expression: `township == "620825101" && category in ["投诉", "举报"] && classification.startsWith("01")`},
		{Name: "医疗卫生", Priority: 30, DepartmentID: f.healthID, Expression: `classification == "0502"`},
	} {
		r.Active = true
		if err := f.m.InstallRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.m.InstallArticle(ctx, hotline.Article{Title: "身份证丢了怎么补办", Keywords: "身份证 补领",
		Body: "可申请补领，见办事指南。", Items: []hotline.ItemRef{{Slug: "id-card-reissue", Name: "居民身份证补领"}}}); err != nil {
		t.Fatal(err)
	}
	f.operator = testkit.AsStaff(ctx, 901, principal.HotlineOperator, "620825", 0)
	f.supervisor = testkit.AsStaff(ctx, 902, principal.Supervisor, "620825", 0)
	f.market = testkit.AsStaff(ctx, 903, principal.Reviewer, "620825", f.marketID)
	f.marketHead = testkit.AsStaff(ctx, 904, principal.DeptHead, "620825", f.marketID)
	f.health = testkit.AsStaff(ctx, 905, principal.Reviewer, "620825", f.healthID)
	f.clerk = testkit.AsStaff(ctx, 906, principal.WindowClerk, nanhu, 0)
	return f
}
