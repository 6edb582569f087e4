package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/testkit"
)

// newSearchSite is the demo install behind httptest with the search index
// caught up, and an anonymous browser of it.
func newSearchSite(t *testing.T) (*httptest.Server, *browser) {
	t.Helper()
	_, srv := testkit.DemoServer(t, testkit.WithSearchSynced())
	return srv, newBrowser(t, srv)
}

func TestSearchPage(t *testing.T) {
	t.Parallel()
	_, s := newSearchSite(t)
	body := s.getOK("/search?q=" + url.QueryEscape("开饭店"))
	mustContain(t, "开饭店", body, `href="/guides/food-biz-license"`, "食品经营许可（新办）", "县市场监管局", "承诺时限",
		"网上办理", `role="search"`, "实施部门", "服务对象", `href="/search?department=market-regulation&amp;q=`)
	if strings.Contains(body, "没有找到完全匹配的事项") {
		t.Error("开饭店 reported as no match")
	}
	if !strings.Contains(body, `src="/static/search.`) {
		t.Error("the search page does not load search.js")
	}

	// A facet link narrows the results and can be removed again.
	narrowed := s.getOK("/search?q=" + url.QueryEscape("登记") + "&department=health")
	mustContain(t, "filtered", narrowed, "取消筛选", "清除全部筛选")
	if strings.Contains(narrowed, "县市场监管局</dd>") {
		t.Error("the department filter let another department's item through")
	}

	// Bundles lead to their page.
	mustContain(t, "bundle", s.getOK("/search?q="+url.QueryEscape("新生儿出生")), `href="/bundles/bundle-newborn"`, "一件事")

	// No good answer: say so, offer guesses, never a confident wrong answer.
	miss := s.getOK("/search?q=" + url.QueryEscape("火星移民签证"))
	mustContain(t, "nonsense", miss, "没有找到完全匹配的事项", "12345")
	if strings.Contains(miss, "搜索结果</h2>") {
		t.Error("a result list is shown for a query without a good match")
	}
	guess := s.getOK("/search?q=" + url.QueryEscape("养蜂执照"))
	mustContain(t, "weak query", guess, "没有找到完全匹配的事项", "您是不是要找")

	empty := s.getOK("/search")
	mustContain(t, "empty", empty, "用您自己的话说")

	// Every page has the header search box; other pages do not load the script.
	login := s.getOK("/login")
	mustContain(t, "header", login, `<form role="search" action="/search"`, `for="site-q"`)
	if strings.Contains(login, `src="/static/search.`) {
		t.Error("search.js loaded on a page without suggestions")
	}
	mustContain(t, "home", s.getOK("/"), `src="/static/search.`)

	pinyin := s.getOK("/search?q=kaifandian")
	mustContain(t, "pinyin", pinyin, `href="/guides/food-biz-license"`)
}

func TestSearchAdminPages(t *testing.T) {
	t.Parallel()
	srv, s := newSearchSite(t)
	s.getOK("/search?q=" + url.QueryEscape("火星移民签证"))
	s.getOK("/search?q=" + url.QueryEscape("火星移民签证"))

	admin := signIn(t, srv, "itemadmin")
	list := admin.getOK("/admin/search/synonyms")
	mustContain(t, "synonyms", list, "开饭店", "食品经营许可、个体工商户设立登记", `<th scope="col">`, `action="/admin/search/synonyms"`)

	// An empty phrase is refused next to the field, with what was typed kept.
	res := admin.post("/admin/search/synonyms", list, url.Values{"phrase": {""}, "target": {"食品经营许可"}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("empty phrase: %d", res.status)
	}
	mustContain(t, "invalid", res.body, "error-summary", `id="phrase-error"`, `value="食品经营许可"`)

	res = admin.post("/admin/search/synonyms", list, url.Values{"phrase": {"卖凉皮"}, "target": {"食品经营许可"}})
	if res.status != http.StatusSeeOther || res.location != "/admin/search/synonyms" {
		t.Fatalf("add: %d %s", res.status, res.location)
	}
	mustContain(t, "after add", s.getOK("/search?q="+url.QueryEscape("卖凉皮")), `href="/guides/food-biz-license"`)

	list = admin.getOK("/admin/search/synonyms")
	m := regexp.MustCompile(`action="/admin/search/synonyms/(\d+)/delete"[^>]*>.{0,200}删除“卖凉皮”`).FindStringSubmatch(list)
	if m == nil {
		t.Fatal("no delete button for 卖凉皮")
	}
	res = admin.post("/admin/search/synonyms/"+m[1]+"/delete", list, url.Values{})
	if res.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.status)
	}
	if strings.Contains(admin.getOK("/admin/search/synonyms"), "卖凉皮") {
		t.Error("deleted synonym still listed")
	}

	misses := admin.getOK("/admin/search/misses")
	mustContain(t, "misses", misses, "火星移民签证", "<td>2</td>", `<th scope="col">`)

	// Only search administrators.
	for _, who := range []string{"reviewer.scjg", "clerk.nanhu"} {
		if status := signIn(t, srv, who).get("/admin/search/synonyms").status; status != http.StatusForbidden {
			t.Errorf("%s: synonyms page %d, want 403", who, status)
		}
	}
	if status := s.get("/admin/search/misses").status; status != http.StatusSeeOther && status != http.StatusUnauthorized {
		t.Errorf("anonymous: misses page %d", status)
	}
}
