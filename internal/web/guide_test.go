package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/guide"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// guideServer is the demo install behind a test server, with the app kept so
// tests can change an item's state through the catalog manager.
type guideServer struct {
	t   *testing.T
	app *app.App
	srv *httptest.Server
}

func newGuideServer(t *testing.T) *guideServer {
	t.Helper()
	a, srv := testkit.DemoServer(t)
	return &guideServer{t: t, app: a, srv: srv}
}

type fetched struct {
	status int
	header http.Header
	body   string
}

// fetch GETs a path anonymously: public pages need no sign-in.
func (s *guideServer) fetch(t *testing.T, path string) fetched {
	t.Helper()
	res, err := http.Get(s.srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return fetched{status: res.StatusCode, header: res.Header, body: string(b)}
}

// ok fetches a path that must answer 200.
func (s *guideServer) ok(t *testing.T, path string) string {
	t.Helper()
	f := s.fetch(t, path)
	if f.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200\n%.2000s", path, f.status, f.body)
	}
	return f.body
}

// published returns a demo item's published face, for its ID and elements.
func (s *guideServer) published(t *testing.T, slug string) catalog.Published {
	t.Helper()
	p, err := s.app.Items.PublishedBySlug(context.Background(), slug)
	if err != nil {
		t.Fatalf("item %s: %v", slug, err)
	}
	return p
}

// changeState suspends, cancels or resumes an item as the county's item administrator.
func (s *guideServer) changeState(t *testing.T, slug, state, reason string, from, until time.Time) {
	t.Helper()
	ctx := testkit.AsStaff(context.Background(), 1, principal.ItemAdmin, s.app.HomeRegion, 0)
	if _, err := s.app.Items.ChangeState(ctx, s.published(t, slug).ID, state, reason, from, until); err != nil {
		t.Fatalf("%s %s: %v", state, slug, err)
	}
}

// TestEveryDemoGuideRenders opens the guide page of each of the demo's 171
// published items.
func TestEveryDemoGuideRenders(t *testing.T) {
	t.Parallel()
	s := newGuideServer(t)
	items, total, err := s.app.Items.PublicItems(context.Background(), catalog.ItemFilter{RegionPrefix: s.app.HomeRegion, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if total != 171 || len(items) != 171 {
		t.Fatalf("the demo has %d published items (%d listed), want 171", total, len(items))
	}
	for _, p := range items {
		t.Run(p.Slug, func(t *testing.T) {
			t.Parallel()
			body := s.ok(t, "/guides/"+p.Slug)
			name := html.EscapeString(p.Version.Elements.Name)
			if !strings.Contains(body, "<h1>"+name+"</h1>") {
				t.Errorf("the guide lacks its name %q as the heading", p.Version.Elements.Name)
			}
			for _, m := range p.Version.Elements.Materials {
				if !strings.Contains(body, html.EscapeString(m.Name)) {
					t.Errorf("the guide lacks the material %q", m.Name)
				}
			}
		})
	}
}

func TestFoodBusinessLicenseGuide(t *testing.T) {
	t.Parallel()
	s := newGuideServer(t)
	body := html.UnescapeString(s.ok(t, "/guides/food-biz-license"))
	e := s.published(t, "food-biz-license").Version.Elements
	want := []string{
		"<h1>食品经营许可（新办）</h1>", "申请材料", "食品经营许可申请书", "营业执照", "可用电子证照免提交（营业执照）",
		"视情形提供", "委托他人代为办理的", "空白表格、示例样表", "请到窗口领取或在线办理时下载",
		"不收费", "5 个工作日", "10 个工作日", "庄浪县政务服务中心", "号窗口（商事登记）", "Ⅳ级（全程网办）",
		`href="/apply/food-biz-license"`, `href="/guides/food-biz-license/pdf"`, "只卖包装好的食品也要办许可证吗？",
	}
	if e.Fee.Charged {
		t.Fatal("the demo's food business licence is free; the test expects 不收费")
	}
	if !strings.Contains(e.Address, "窗口") {
		t.Fatalf("address %q has no window", e.Address)
	}
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("the guide lacks %q", w)
		}
	}
	for _, m := range e.Materials {
		if !strings.Contains(body, m.Name) {
			t.Errorf("the guide lacks the material %q", m.Name)
		}
	}
	if n := strings.Count(body, `<th scope="row" class="material-name">`); n != len(e.Materials) {
		t.Errorf("the materials table has %d rows, want %d", n, len(e.Materials))
	}
}

// TestGuideOnEveryChannelIsTheSame compares the HTML, the JSON and the PDF of
// one guide: the same name, materials and promised time.
func TestGuideOnEveryChannelIsTheSame(t *testing.T) {
	t.Parallel()
	s := newGuideServer(t)
	var g guide.Guide
	if err := json.Unmarshal([]byte(s.ok(t, "/api/v1/items/ibiz-register")), &g); err != nil {
		t.Fatal(err)
	}
	e := s.published(t, "ibiz-register").Version.Elements
	if g.Name != "个体工商户设立登记" || g.Name != e.Name || len(g.Materials) != len(e.Materials) || g.PromisedLimit.Days != e.PromisedDays {
		t.Fatalf("JSON name %q, %d materials, %d days; item %q, %d, %d", g.Name, len(g.Materials), g.PromisedLimit.Days,
			e.Name, len(e.Materials), e.PromisedDays)
	}
	page := html.UnescapeString(s.ok(t, "/guides/ibiz-register"))
	if !strings.Contains(page, "<h1>"+g.Name+"</h1>") {
		t.Errorf("the page lacks the JSON's name %q", g.Name)
	}
	if n := strings.Count(page, `<th scope="row" class="material-name">`); n != len(g.Materials) {
		t.Errorf("the page lists %d materials, the JSON %d", n, len(g.Materials))
	}
	if want := "共 " + strconv.Itoa(len(g.Materials)) + " 项材料"; !strings.Contains(page, want) {
		t.Errorf("the page lacks %q", want)
	}
	if !strings.Contains(page, "<strong>"+g.PromisedLimit.Text+"</strong>") {
		t.Errorf("the page lacks the JSON's promised time %q", g.PromisedLimit.Text)
	}

	f := s.fetch(t, "/guides/ibiz-register/pdf")
	if f.status != http.StatusOK || f.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(f.body, "%PDF-") {
		t.Fatalf("PDF: status %d, type %q", f.status, f.header.Get("Content-Type"))
	}
	text := pdfText(t, []byte(f.body))
	for _, w := range []string{g.Name, g.PromisedLimit.Text, g.Materials[0].Name} {
		if !strings.Contains(text, strings.ReplaceAll(w, " ", "")) {
			t.Errorf("the PDF's text lacks %q", w)
		}
	}
}

// pdfText extracts a PDF's text with poppler's pdftotext, whitespace removed
// (the layout breaks lines and spaces CJK runs).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text")
	}
	in := filepath.Join(t.TempDir(), "guide.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

func TestCancelledItemIsGoneFromEveryChannel(t *testing.T) {
	t.Parallel()
	s := newGuideServer(t)
	const slug = "ibiz-register"
	s.ok(t, "/guides/"+slug)
	s.changeState(t, slug, catalog.StateCancelled, "并入个体工商户登记一件事", time.Time{}, time.Time{})
	for _, path := range []string{
		"/guides/" + slug, "/guides/" + slug + "/pdf", "/guides/" + slug + "/versions/1",
		"/api/v1/items/" + slug, "/api/v1/items/" + slug + "/versions", "/api/v1/items/" + slug + "/versions/1",
	} {
		if f := s.fetch(t, path); f.status != http.StatusNotFound {
			t.Errorf("GET %s after cancelling: status %d, want 404", path, f.status)
		}
	}
	if body := s.ok(t, "/items?topic="+url.QueryEscape("开办企业")); strings.Contains(body, "/guides/"+slug+`"`) {
		t.Error("the cancelled item is still listed")
	}
	var l struct{ Total int }
	if err := json.Unmarshal([]byte(s.ok(t, "/api/v1/items")), &l); err != nil || l.Total != 170 {
		t.Errorf("the API lists %d items after one of 171 was cancelled (%v)", l.Total, err)
	}
	if body := s.ok(t, "/bundles/bundle-open-restaurant"); strings.Contains(body, `href="/guides/`+slug+`"`) {
		t.Error("a bundle links to the cancelled item's guide")
	}
}

func TestSuspendedItemShowsTheNotice(t *testing.T) {
	t.Parallel()
	s := newGuideServer(t)
	const slug = "food-biz-license"
	from := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	s.changeState(t, slug, catalog.StateSuspended, "系统升级改造", from, from.AddDate(0, 0, 14))
	body := html.UnescapeString(s.ok(t, "/guides/"+slug))
	for _, w := range []string{"本事项暂停办理", "系统升级改造", "2026-07-01", "2026-07-15", "本事项暂停办理期间不能申请。"} {
		if !strings.Contains(body, w) {
			t.Errorf("the suspended guide lacks %q", w)
		}
	}
	if strings.Contains(body, `href="/apply/`+slug+`"`) {
		t.Error("a suspended item offers online application")
	}
	var g guide.Guide
	if err := json.Unmarshal([]byte(s.ok(t, "/api/v1/items/"+slug)), &g); err != nil {
		t.Fatal(err)
	}
	if g.Suspension == nil || g.Suspension.Reason != "系统升级改造" || g.CanApplyOnline {
		t.Errorf("JSON suspension %+v, can apply %v", g.Suspension, g.CanApplyOnline)
	}
	if list := s.ok(t, "/items?topic="+url.QueryEscape("开办企业")); !strings.Contains(list, "暂停办理") {
		t.Error("the list does not mark the suspended item")
	}
	f := s.fetch(t, "/guides/"+slug+"/pdf")
	if text := pdfText(t, []byte(f.body)); !strings.Contains(text, "系统升级改造") {
		t.Error("the PDF lacks the suspension notice")
	}
}

func TestCatalogNavigation(t *testing.T) {
	t.Parallel()
	s := newGuideServer(t)
	dept, err := s.app.Regions.DepartmentBySlug(context.Background(), "market-regulation")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path    string
		want    []string
		notWant []string
	}{
		{"/items", []string{"<h1>办事事项</h1>", "按主题", "按部门", "按服务对象", "共 171 个事项", `rel="next"`}, nil},
		{"/items?topic=" + url.QueryEscape("开办企业"), []string{`href="/guides/ibiz-register"`, `aria-current="true"`},
			[]string{`href="/guides/id-card-apply"`}},
		{"/items?event=" + url.QueryEscape("生孩子"), []string{"“生孩子”相关事项"}, []string{`href="/guides/ibiz-register"`}},
		{"/items?service_object=organization&topic=" + url.QueryEscape("开办企业"), []string{`href="/guides/ent-register"`},
			[]string{`href="/guides/ibiz-register"`}},
		{"/items?service_object=person&topic=" + url.QueryEscape("开办企业"), []string{`href="/guides/ibiz-register"`}, nil},
		{"/departments/" + strconv.FormatInt(dept.ID, 10) + "/items", []string{"庄浪县市场监督管理局的办事事项", `href="/guides/food-biz-license"`},
			[]string{`href="/guides/id-card-apply"`}},
		{"/items?page=9", []string{"第 9 页，共 9 页", `rel="prev"`}, []string{`rel="next"`}},
		{"/bundles", []string{"我要开餐馆", `href="/bundles/bundle-open-restaurant"`}, nil},
		{"/bundles/bundle-open-restaurant", []string{"<h1>我要开餐馆</h1>", `href="/guides/food-biz-license"`, "需要回答的问题", "只需提交一次的材料"}, nil},
		{"/", []string{`href="/items?event=%e7%94%9f%e5%ad%a9%e5%ad%90"`}, nil},
	}
	for _, c := range cases {
		body := s.ok(t, c.path)
		for _, w := range c.want {
			if !strings.Contains(body, w) && !strings.Contains(html.UnescapeString(body), w) {
				t.Errorf("GET %s lacks %s", c.path, w)
			}
		}
		for _, w := range c.notWant {
			if strings.Contains(body, w) {
				t.Errorf("GET %s has %s", c.path, w)
			}
		}
	}
	for path, want := range map[string]int{
		"/guides/no-such-item":                  http.StatusNotFound,
		"/guides/food-biz-license/versions/9":   http.StatusNotFound,
		"/guides/food-biz-license/versions/abc": http.StatusNotFound,
		"/guides/food-biz-license/versions/1":   http.StatusOK,
		"/departments/999999/items":             http.StatusNotFound,
		"/departments/abc/items":                http.StatusNotFound,
		"/bundles/no-such-bundle":               http.StatusNotFound,
		"/items?service_object=robots":          http.StatusUnprocessableEntity,
		"/items?department=x":                   http.StatusUnprocessableEntity,
		"/items?topic=" + url.QueryEscape("没有"): http.StatusOK,
	} {
		if f := s.fetch(t, path); f.status != want {
			t.Errorf("GET %s: status %d, want %d", path, f.status, want)
		}
	}
}
