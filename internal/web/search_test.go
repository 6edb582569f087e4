package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/config"
	"github.com/tongban/tongban/internal/testkit"
)

// searchSite is the demo install behind httptest with the search index caught
// up, and a small cookie-keeping client for it.
type searchSite struct {
	t   *testing.T
	srv *httptest.Server
	c   *http.Client
}

func newSearchSite(t *testing.T) *searchSite {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.FastPasswordHashing = true
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{DB: testkit.NewDB(t).DB})
	if err != nil {
		t.Fatalf("app.New: %v", err)
	}
	if _, err := a.InstallDemo(ctx); err != nil {
		t.Fatalf("install demo: %v", err)
	}
	if err := a.Search.Sync(ctx); err != nil {
		t.Fatalf("search sync: %v", err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return &searchSite{t: t, srv: srv, c: newSearchClient(t)}
}

func newSearchClient(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// as returns a client of the same site signed in as a demo staff member.
func (s *searchSite) as(username string) *searchSite {
	s.t.Helper()
	u := &searchSite{t: s.t, srv: s.srv, c: newSearchClient(s.t)}
	status, _, _ := u.post("/staff/login", "", url.Values{"username": {username}, "password": {"Tongban@2026"}})
	if status != http.StatusSeeOther {
		s.t.Fatalf("sign in as %s: %d", username, status)
	}
	return u
}

func (s *searchSite) do(req *http.Request) (int, string, string) {
	s.t.Helper()
	resp, err := s.c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}

func (s *searchSite) get(path string) (int, string) {
	s.t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.srv.URL+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	status, body, _ := s.do(req)
	return status, body
}

func (s *searchSite) page(path string) string {
	s.t.Helper()
	status, body := s.get(path)
	if status != http.StatusOK {
		s.t.Fatalf("GET %s: %d\n%s", path, status, body)
	}
	return body
}

var searchCSRF = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// post sends a form with the CSRF token of the page it came from and the
// site's own Origin, as a browser would.
func (s *searchSite) post(path, from string, form url.Values) (int, string, string) {
	s.t.Helper()
	if m := searchCSRF.FindStringSubmatch(from); m != nil {
		form.Set("csrf_token", html.UnescapeString(m[1]))
	}
	req, err := http.NewRequest(http.MethodPost, s.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", s.srv.URL)
	return s.do(req)
}

func has(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}

func TestSearchPage(t *testing.T) {
	t.Parallel()
	s := newSearchSite(t)
	body := s.page("/search?q=" + url.QueryEscape("开饭店"))
	has(t, "开饭店", body, `href="/guides/food-biz-license"`, "食品经营许可（新办）", "县市场监管局", "承诺时限",
		"网上办理", `role="search"`, "实施部门", "服务对象", `href="/search?department=market-regulation&amp;q=`)
	if strings.Contains(body, "没有找到完全匹配的事项") {
		t.Error("开饭店 reported as no match")
	}
	if !strings.Contains(body, `src="/static/search.`) {
		t.Error("the search page does not load search.js")
	}

	// A facet link narrows the results and can be removed again.
	narrowed := s.page("/search?q=" + url.QueryEscape("登记") + "&department=health")
	has(t, "filtered", narrowed, "取消筛选", "清除全部筛选")
	if strings.Contains(narrowed, "县市场监管局</dd>") {
		t.Error("the department filter let another department's item through")
	}

	// Bundles lead to their page.
	has(t, "bundle", s.page("/search?q="+url.QueryEscape("新生儿出生")), `href="/bundles/bundle-newborn"`, "一件事")

	// No good answer: say so, offer guesses, never a confident wrong answer.
	miss := s.page("/search?q=" + url.QueryEscape("火星移民签证"))
	has(t, "nonsense", miss, "没有找到完全匹配的事项", "12345")
	if strings.Contains(miss, "搜索结果</h2>") {
		t.Error("a result list is shown for a query without a good match")
	}
	guess := s.page("/search?q=" + url.QueryEscape("养蜂执照"))
	has(t, "weak query", guess, "没有找到完全匹配的事项", "您是不是要找")

	empty := s.page("/search")
	has(t, "empty", empty, "用您自己的话说")

	// Every page has the header search box; other pages do not load the script.
	login := s.page("/login")
	has(t, "header", login, `<form role="search" action="/search"`, `for="site-q"`)
	if strings.Contains(login, `src="/static/search.`) {
		t.Error("search.js loaded on a page without suggestions")
	}
	has(t, "home", s.page("/"), `src="/static/search.`)

	pinyin := s.page("/search?q=kaifandian")
	has(t, "pinyin", pinyin, `href="/guides/food-biz-license"`)
}

func TestSearchAdminPages(t *testing.T) {
	t.Parallel()
	s := newSearchSite(t)
	s.page("/search?q=" + url.QueryEscape("火星移民签证"))
	s.page("/search?q=" + url.QueryEscape("火星移民签证"))

	admin := s.as("itemadmin")
	list := admin.page("/admin/search/synonyms")
	has(t, "synonyms", list, "开饭店", "食品经营许可、个体工商户设立登记", `<th scope="col">`, `action="/admin/search/synonyms"`)

	// An empty phrase is refused next to the field, with what was typed kept.
	status, body, _ := admin.post("/admin/search/synonyms", list, url.Values{"phrase": {""}, "target": {"食品经营许可"}})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("empty phrase: %d", status)
	}
	has(t, "invalid", body, "error-summary", `id="phrase-error"`, `value="食品经营许可"`)

	status, _, loc := admin.post("/admin/search/synonyms", list, url.Values{"phrase": {"卖凉皮"}, "target": {"食品经营许可"}})
	if status != http.StatusSeeOther || loc != "/admin/search/synonyms" {
		t.Fatalf("add: %d %s", status, loc)
	}
	has(t, "after add", s.page("/search?q="+url.QueryEscape("卖凉皮")), `href="/guides/food-biz-license"`)

	list = admin.page("/admin/search/synonyms")
	m := regexp.MustCompile(`action="/admin/search/synonyms/(\d+)/delete"[^>]*>.{0,200}删除“卖凉皮”`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("no delete button for 卖凉皮")
	}
	status, _, _ = admin.post("/admin/search/synonyms/"+m[1]+"/delete", list, url.Values{})
	if status != http.StatusSeeOther {
		t.Fatalf("delete: %d", status)
	}
	if strings.Contains(admin.page("/admin/search/synonyms"), "卖凉皮") {
		t.Error("deleted synonym still listed")
	}

	misses := admin.page("/admin/search/misses")
	has(t, "misses", misses, "火星移民签证", "<td>2</td>", `<th scope="col">`)

	// Only search administrators.
	for _, who := range []string{"reviewer.scjg", "clerk.nanhu"} {
		if status, _ := s.as(who).get("/admin/search/synonyms"); status != http.StatusForbidden {
			t.Errorf("%s: synonyms page %d, want 403", who, status)
		}
	}
	if status, _ := s.get("/admin/search/misses"); status != http.StatusSeeOther && status != http.StatusUnauthorized {
		t.Errorf("anonymous: misses page %d", status)
	}
}
