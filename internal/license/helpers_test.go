package license_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/store"
	"github.com/tongban/tongban/internal/testkit"
)

const (
	county      = "620825"
	otherCounty = "620826" // 静宁县, a neighbour
	enterprise  = "91620825TB00010121"
	orgID       = 7001
	personID    = 9001
)

// departments adapts the store to license.Departments, as app does.
type departments struct{ st *store.Store }

func (d departments) LicenseDepartment(ctx context.Context, id int64) (license.Department, error) {
	r, err := d.st.GetDepartment(ctx, id)
	return license.Department{ID: r.ID, Slug: r.Slug, Name: r.Name, RegionCode: r.RegionCode, CreditCode: r.CreditCode}, err
}

func (d departments) LicenseDepartmentBySlug(ctx context.Context, slug string) (license.Department, error) {
	r, err := d.st.GetDepartmentBySlug(ctx, slug)
	return license.Department{ID: r.ID, Slug: r.Slug, Name: r.Name, RegionCode: r.RegionCode, CreditCode: r.CreditCode}, err
}

// cases stands in for casework's case lookup, which this package reaches
// only through license.Cases; app's tests use the real one.
type cases map[int64]license.CaseFacts

func (c cases) LicenseCase(_ context.Context, id int64) (license.CaseFacts, error) {
	f, ok := c[id]
	if !ok {
		return f, apperr.NotFoundf("case")
	}
	return f, nil
}

type fixture struct {
	env    *testkit.Env
	m      *license.Manager
	market region.Department // 庄浪县市场监管局, issues 营业执照
	health region.Department // 庄浪县卫健局
	away   region.Department // 静宁县市场监管局
	cases  cases
}

func setup(t testing.TB) fixture {
	t.Helper()
	env := testkit.NewEnv(t)
	ctx := context.Background()
	f := fixture{env: env, cases: cases{}}
	var err error
	install := func(slug, name, regionCode string) region.Department {
		d, err := env.Regions.InstallDepartment(ctx, region.Department{Slug: slug, Name: name, Kind: region.KindGovernment, RegionCode: regionCode})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	f.market = install("market-regulation", "庄浪县市场监督管理局", county)
	f.health = install("health", "庄浪县卫生健康局", county)
	f.away = install("jingning-market", "静宁县市场监督管理局", otherCounty)
	f.m = license.NewManager(license.Deps{Tx: env.DB.DB, Store: env.Store, Departments: departments{env.Store},
		Cases: f.cases, Audit: env.Store, Now: env.Clock.Now})
	for _, ty := range []license.Type{
		{Slug: "business-license", Name: "营业执照", HolderType: license.HolderOrganization, IssuingDept: "market-regulation",
			IssuingLevel: 4, Validity: "长期", KeyFields: []string{"统一社会信用代码", "名称", "类型", "法定代表人（负责人、经营者）", "住所（经营场所）", "登记机关", "登记日期"}},
		{Slug: "food-business-license", Name: "食品经营许可证", HolderType: license.HolderOrganization, IssuingDept: "market-regulation",
			IssuingLevel: 4, Validity: "5年", KeyFields: []string{"经营者名称", "统一社会信用代码", "主体业态", "许可证编号", "有效期", "发证机关", "签发日期"}},
		{Slug: "employment-card", Name: "就业创业证", HolderType: license.HolderPerson, IssuingDept: "health",
			IssuingLevel: 4, Validity: "长期", KeyFields: []string{"姓名", "公民身份号码", "证书编号", "发证机构", "发证日期"}},
	} {
		if err = f.m.InstallType(ctx, ty); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.m.EnsureKeys(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

// issueBusiness issues a 营业执照 to the test enterprise.
func (f fixture) issueBusiness(t testing.TB) license.License {
	t.Helper()
	l, err := f.m.Issue(context.Background(), license.IssueRequest{TypeSlug: "business-license", HolderName: "庄浪县示例果业开发有限公司",
		HolderCodeType: license.HolderCodeCreditCode, HolderCode: enterprise, HolderOrgID: orgID,
		Data: map[string]string{license.SourceHolderRep: "柳卫东", license.SourceHolderAddress: "甘肃省平凉市庄浪县南湖镇示例路1号",
			"form:类型": "有限责任公司"}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// asRep is a person acting for the test enterprise.
func asRep(ctx context.Context) context.Context {
	return principal.With(ctx, principal.Principal{Kind: principal.Person, ID: personID, Name: "柳卫东", OrgID: orgID})
}

// asStaff is a staff member of a department.
func asStaff(ctx context.Context, role principal.Role, d region.Department) context.Context {
	return testkit.AsStaff(ctx, 500+d.ID, role, d.RegionCode, d.ID)
}

func wantKind(t testing.TB, err error, k apperr.Kind) {
	t.Helper()
	if apperr.KindOf(err) != k {
		t.Fatalf("error %v, want kind %v", err, k)
	}
}
