package api_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/api"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/guide"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// changeState suspends, cancels or resumes a demo item as the county's item administrator.
func (s *server) changeState(slug, state, reason string) {
	s.t.Helper()
	ctx := context.Background()
	p, err := s.app.Items.PublishedBySlug(ctx, slug)
	if err != nil {
		s.t.Fatalf("item %s: %v", slug, err)
	}
	ctx = testkit.AsStaff(ctx, 1, principal.ItemAdmin, s.app.HomeRegion, 0)
	if _, err := s.app.Items.ChangeState(ctx, p.ID, state, reason, time.Time{}, time.Time{}); err != nil {
		s.t.Fatalf("%s %s: %v", state, slug, err)
	}
}

func slugsOf(items []guide.Summary) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.Slug)
	}
	return out
}

func TestItemListing(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	all := decodeAs[api.List[guide.Summary]](t, s.must(http.StatusOK, "GET", "/api/v1/items", "", nil))
	if all.Total != 171 || len(all.Items) != 171 {
		t.Fatalf("%d items of %d, want all 171", len(all.Items), all.Total)
	}
	first := all.Items[0]
	if first.Slug != "ibiz-register" || first.Name != "个体工商户设立登记" || first.ItemTypeLabel != "行政许可" ||
		first.Department.ShortName != "县市场监管局" || first.PromisedLimit.Text != "即办" || first.Links["html"] != "/guides/ibiz-register" {
		t.Errorf("first item %+v", first)
	}

	page := decodeAs[api.List[guide.Summary]](t, s.must(http.StatusOK, "GET", "/api/v1/items?limit=20&offset=160", "", nil))
	if page.Total != 171 || len(page.Items) != 11 || page.Items[0].Slug != all.Items[160].Slug {
		t.Errorf("last page: %d items of %d", len(page.Items), page.Total)
	}

	dept, err := s.app.Regions.DepartmentBySlug(context.Background(), "market-regulation")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		query      string
		has, hasNo string
	}{
		{"topic=" + url.QueryEscape("开办企业"), "ibiz-register", "id-card-apply"},
		{"event=" + url.QueryEscape("生孩子"), "", "ibiz-register"},
		{"department_id=" + itoa(dept.ID), "food-biz-license", "id-card-apply"},
		{"service_object=organization&topic=" + url.QueryEscape("开办企业"), "ent-register", "ibiz-register"},
		{"service_object=1&topic=" + url.QueryEscape("开办企业"), "ibiz-register", ""},
	}
	for _, c := range cases {
		l := decodeAs[api.List[guide.Summary]](t, s.must(http.StatusOK, "GET", "/api/v1/items?"+c.query, "", nil))
		slugs := slugsOf(l.Items)
		if l.Total != len(l.Items) || l.Total == 0 || l.Total == 171 {
			t.Errorf("%s: %d items of %d", c.query, len(l.Items), l.Total)
		}
		if c.has != "" && !slices.Contains(slugs, c.has) {
			t.Errorf("%s: %s missing", c.query, c.has)
		}
		if c.hasNo != "" && slices.Contains(slugs, c.hasNo) {
			t.Errorf("%s: %s listed", c.query, c.hasNo)
		}
	}
	for _, q := range []string{"service_object=robots", "department_id=x", "limit=-1"} {
		r := s.must(http.StatusUnprocessableEntity, "GET", "/api/v1/items?"+q, "", nil)
		apiError(t, r)
	}
}

func TestItemGuide(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	g := decodeAs[guide.Guide](t, s.must(http.StatusOK, "GET", "/api/v1/items/food-biz-license", "", nil))
	p, err := s.app.Items.PublishedBySlug(context.Background(), "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	e := p.Version.Elements
	if g.Name != e.Name || len(g.Materials) != len(e.Materials) || g.PromisedLimit.Days != e.PromisedDays ||
		g.PromisedLimit.Text != "5 个工作日" || g.StatutoryLimit.Text != "10 个工作日" || g.Fees.Text != "不收费" ||
		g.Online.LevelLabel != "Ⅳ级（全程网办）" || !g.CanApplyOnline || g.Links["apply"] != "/apply/food-biz-license" ||
		g.Version != 1 || g.CurrentVersion != 1 || g.Suspension != nil {
		t.Errorf("guide %+v", g)
	}
	if m := g.Materials[1]; m.Name != "营业执照" || m.LicenseName != "营业执照" || m.LicenseNote != "可用电子证照免提交（营业执照）" {
		t.Errorf("second material %+v", m)
	}
	raw := string(s.must(http.StatusOK, "GET", "/api/v1/items/food-biz-license", "", nil).Body)
	for _, field := range []string{`"accept_conditions":`, `"promised_limit":`, `"requirement_label":"必需"`, `"suspension":null`} {
		if !strings.Contains(raw, field) {
			t.Errorf("the JSON lacks %s", field)
		}
	}

	vs := decodeAs[api.List[guide.VersionRef]](t, s.must(http.StatusOK, "GET", "/api/v1/items/food-biz-license/versions", "", nil))
	if vs.Total != 1 || !vs.Items[0].Current || vs.Items[0].Version != 1 {
		t.Errorf("versions %+v", vs)
	}
	v1 := decodeAs[guide.Guide](t, s.must(http.StatusOK, "GET", "/api/v1/items/food-biz-license/versions/1", "", nil))
	if v1.Name != g.Name || v1.Version != 1 {
		t.Errorf("version 1: %q v%d", v1.Name, v1.Version)
	}
	for _, path := range []string{"/api/v1/items/no-such-item", "/api/v1/items/food-biz-license/versions/2",
		"/api/v1/items/food-biz-license/versions/x", "/api/v1/items/no-such-item/versions"} {
		apiError(t, s.must(http.StatusNotFound, "GET", path, "", nil))
	}
}

func TestCancelledAndSuspendedItemsInTheAPI(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	s.changeState("ibiz-register", catalog.StateCancelled, "并入一件事")
	s.changeState("food-biz-license", catalog.StateSuspended, "系统升级")
	for _, path := range []string{"/api/v1/items/ibiz-register", "/api/v1/items/ibiz-register/versions", "/api/v1/items/ibiz-register/versions/1"} {
		apiError(t, s.must(http.StatusNotFound, "GET", path, "", nil))
	}
	l := decodeAs[api.List[guide.Summary]](t, s.must(http.StatusOK, "GET", "/api/v1/items", "", nil))
	if l.Total != 170 || slices.Contains(slugsOf(l.Items), "ibiz-register") {
		t.Errorf("after cancelling one item: %d listed", l.Total)
	}
	i := slices.IndexFunc(l.Items, func(it guide.Summary) bool { return it.Slug == "food-biz-license" })
	if i < 0 || l.Items[i].State != catalog.StateSuspended || l.Items[i].CanApplyOnline {
		t.Errorf("suspended item in the list: %+v", l.Items[max(i, 0)])
	}
	g := decodeAs[guide.Guide](t, s.must(http.StatusOK, "GET", "/api/v1/items/food-biz-license", "", nil))
	if g.Suspension == nil || g.Suspension.Reason != "系统升级" || g.CanApplyOnline || g.Links["apply"] != "" {
		t.Errorf("suspended guide: %+v, can apply %v", g.Suspension, g.CanApplyOnline)
	}
}

func TestBundlesAndLicenseTypes(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	bs := decodeAs[api.List[guide.BundleSummary]](t, s.must(http.StatusOK, "GET", "/api/v1/bundles", "", nil))
	if bs.Total != 15 {
		t.Errorf("%d bundles, want 15", bs.Total)
	}
	b := decodeAs[guide.BundleGuide](t, s.must(http.StatusOK, "GET", "/api/v1/bundles/bundle-open-restaurant", "", nil))
	if b.Name != "我要开餐馆" || len(b.Items) == 0 || len(b.Questions) == 0 || len(b.MergedMaterials) == 0 {
		t.Fatalf("bundle %+v", b)
	}
	i := slices.IndexFunc(b.Items, func(it guide.BundleItem) bool { return it.Slug == "food-biz-license" })
	if i < 0 || !b.Items[i].Public || b.Items[i].Link != "/guides/food-biz-license" || b.Items[i].Name != "食品经营许可（新办）" {
		t.Errorf("the restaurant bundle's food licence: %+v", b.Items)
	}
	for _, q := range b.Questions {
		if len(q.Options) == 0 {
			t.Errorf("question %s has no options", q.ID)
		}
	}
	apiError(t, s.must(http.StatusNotFound, "GET", "/api/v1/bundles/no-such-bundle", "", nil))

	ts := decodeAs[api.List[guide.LicenseType]](t, s.must(http.StatusOK, "GET", "/api/v1/license-types", "", nil))
	if ts.Total != 61 {
		t.Errorf("%d license types, want 61", ts.Total)
	}
	j := slices.IndexFunc(ts.Items, func(lt guide.LicenseType) bool { return lt.Slug == "business-license" })
	if j < 0 || ts.Items[j].Name != "营业执照" || ts.Items[j].Issuer != "庄浪县市场监督管理局" {
		t.Errorf("business licence type: %+v", ts.Items[max(j, 0)])
	}
}
