package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/testkit"
)

var (
	itemSlug       = regexp.MustCompile(`<code class="item-slug">([^<]+)</code>`)
	hiddenDeptID   = regexp.MustCompile(`name="department_id" value="(\d+)"`)
	itemPathPrefix = "/staff/catalog/items/"
)

// TestCatalogClaimToPublish follows one item from a basic entry to a public
// guide: claim, a draft that breaks rules, a refused submit, a fix, a return
// with a comment, a resubmit and the approval that publishes version 1.
func TestCatalogClaimToPublish(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, srv := testkit.DemoServer(t)
	reviewer := signIn(t, srv, "reviewer.scjg")
	mustContain(t, "workbench", reviewer.getOK("/staff"), `href="/staff/catalog"`, "事项管理")

	list := reviewer.getOK("/staff/catalog")
	mustContain(t, "items list", list, "实施清单事项", "食品经营许可", "县市场监管局", "在用", "认领率与要素完整度", `<th scope="col">`)
	mustNotContain(t, "items list of a department", list, "护士执业注册", `id="pending-title"`)

	entries := reviewer.getOK("/staff/catalog/entries")
	mustContain(t, "entries", entries, "食品小作坊登记", "特种设备使用登记", "未认领", "认领 食品小作坊登记")
	mustNotContain(t, "entries of the department's line", entries, "护士执业注册")
	entryID := catalogEntryID(t, entries, "食品小作坊登记")
	dept := hiddenDeptID.FindStringSubmatch(entries)
	if dept == nil {
		t.Fatal("entries: no hidden department_id in the claim form")
	}
	res := reviewer.post("/staff/catalog/entries/"+entryID+"/claim", entries, url.Values{"department_id": {dept[1]}})
	wantRedirect(t, "claim", res, itemPathPrefix)
	itemPath := res.location
	itemID, _ := strconv.ParseInt(strings.TrimPrefix(itemPath, itemPathPrefix), 10, 64)

	page := reviewer.getOK(itemPath)
	mustContain(t, "claimed item", page, "<h1>食品小作坊登记</h1>", "编辑中", "尚未发布", "缺少必填要素。", "必须整改", "保存草稿",
		`<label for="accept_conditions">受理条件</label>`, `name="materials.0.name"`, `name="process.2.days"`, `name="faq.0.q"`)
	again := reviewer.post("/staff/catalog/entries/"+entryID+"/claim", reviewer.getOK("/staff/catalog/entries?line="), url.Values{"department_id": {dept[1]}})
	wantStatus(t, "claim twice", again, http.StatusConflict)
	mustContain(t, "claim twice", again.body, "本部门已认领该事项。")

	// A draft that breaks rules is saved all the same, with its findings.
	bad := draftForm("食品小作坊登记")
	bad.Set("promised_days", "0")
	bad.Set("result.name", "食品小作坊许可证")
	bad.Set("result.type", "其他")
	res = reviewer.post(itemPath, page, bad)
	wantStatus(t, "save a breaking draft", res, http.StatusOK)
	mustContain(t, "findings after save", res.body, "草稿已保存", "承诺时限为即办（0 个工作日）的应为即办件，否则应为承诺件。",
		"审批结果“食品小作坊许可证”的结果类型应为“出证办结”。", "即办件与承诺时限一致", "审批结果类型", "必须整改", "建议",
		`value="食品小作坊许可证"`)
	stored, err := a.Items.Versions(ctx, itemID)
	if err != nil || len(stored) != 0 {
		t.Fatalf("versions after a save: %v, %v", stored, err)
	}

	res = reviewer.post(itemPath+"/submit", page, url.Values{})
	wantStatus(t, "submit with blocking findings", res, http.StatusUnprocessableEntity)
	mustContain(t, "refused submit", res.body, "质检发现必须整改的问题，整改后才能提交或发布。", "承诺时限为即办")

	// A number that is not one is shown again next to its field.
	typo := draftForm("食品小作坊登记")
	typo.Set("promised_days", "十")
	res = reviewer.post(itemPath, page, typo)
	wantStatus(t, "a promise that is not a number", res, http.StatusUnprocessableEntity)
	mustContain(t, "number error", res.body, `<a href="#promised_days">`, `id="promised_days-error"`, `value="十"`)

	// Fixed: only the phones are missing, which is advice.
	res = reviewer.post(itemPath, page, draftForm("食品小作坊登记"))
	wantStatus(t, "save the fixed draft", res, http.StatusOK)
	mustContain(t, "advice only", res.body, "咨询电话和投诉电话都应填写。", "只有建议整改的问题")
	mustNotContain(t, "advice only", res.body, `<span class="tag warn">必须整改</span>`)
	wantRedirect(t, "submit", reviewer.post(itemPath+"/submit", page, url.Values{}), itemPath+"?notice=submitted")
	page = reviewer.getOK(itemPath)
	mustContain(t, "submitted", page, "待审核", "当前不能修改", " disabled>")
	mustNotContain(t, "submitted", page, ">保存草稿</button>")

	// The item administrator returns it with a comment.
	admin := signIn(t, srv, "itemadmin")
	mustContain(t, "admin list", admin.getOK("/staff/catalog"), `id="pending-title"`, "食品小作坊登记")
	review := admin.getOK(itemPath)
	mustContain(t, "review page", review, "通过并发布", "退回", `<label for="comment">退回意见</label>`)
	res = admin.post(itemPath+"/return", review, url.Values{"comment": {" "}})
	wantStatus(t, "return without a comment", res, http.StatusUnprocessableEntity)
	mustContain(t, "return without a comment", res.body, `id="comment-error">退回时请写明修改意见。`, `<a href="#comment">`)
	wantRedirect(t, "return", admin.post(itemPath+"/return", review, url.Values{"comment": {"请补充咨询电话和投诉电话。"}}), itemPath)

	// The clerk reads the comment, fixes and resubmits.
	page = reviewer.getOK(itemPath)
	mustContain(t, "returned", page, "已退回", "退回意见", "请补充咨询电话和投诉电话。")
	fixed := draftForm("食品小作坊登记")
	fixed.Set("consult_phone", "0933-6621234")
	fixed.Set("complaint_phone", "0933-12345")
	wantRedirect(t, "save a clean draft", reviewer.post(itemPath, page, fixed), itemPath+"?notice=saved")
	mustContain(t, "clean draft", reviewer.getOK(itemPath+"?notice=saved"), "草稿已保存，质检未发现问题。", "质检未发现问题。")
	wantRedirect(t, "resubmit", reviewer.post(itemPath+"/submit", page, url.Values{}), itemPath)
	wantStatus(t, "the clerk approves", reviewer.post(itemPath+"/approve", page, url.Values{}), http.StatusForbidden)

	review = admin.getOK(itemPath)
	wantRedirect(t, "approve", admin.post(itemPath+"/approve", review, url.Values{}), itemPath+"?notice=approved")
	page = admin.getOK(itemPath)
	mustContain(t, "published", page, "v1", "在用", "现行", "首次发布", "审核通过并发布", "退回", "请补充咨询电话和投诉电话。", "/guides/")
	m := itemSlug.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the item page shows no slug")
	}
	pub, err := a.Items.PublishedBySlug(ctx, m[1])
	if err != nil {
		t.Fatalf("PublishedBySlug(%s): %v", m[1], err)
	}
	if pub.ID != itemID || pub.Version.Version != 1 || pub.Version.Elements.ConsultPhone != "0933-6621234" || len(pub.Version.Elements.Process) != 3 {
		t.Errorf("published: id %d v%d elements %+v", pub.ID, pub.Version.Version, pub.Version.Elements)
	}
	if _, err := a.Items.Published(ctx, itemID); err != nil {
		t.Errorf("Published: %v", err)
	}

	// A change after publishing shows in the diff of draft against v1, and the
	// quality report counts its finding for the department.
	page = reviewer.getOK(itemPath)
	changed := draftForm("食品小作坊登记")
	changed.Set("hours", "工作日 上午 9:00–12:00")
	res = reviewer.post(itemPath, page, changed)
	wantStatus(t, "save after publishing", res, http.StatusOK)
	diff := reviewer.getOK(itemPath + "/diff?from=1&to=0")
	mustContain(t, "diff", diff, "版本对比：食品小作坊登记", "办理时间", "<ins>工作日 上午 9:00–12:00</ins>", "咨询电话", "<del>0933-6621234</del>", "删除", "修改")
	mustContain(t, "draft diff link", reviewer.getOK(itemPath), "/diff?from=1&amp;to=0")

	quality := admin.getOK("/staff/catalog/quality")
	mustContain(t, "quality", quality, "事项质检", "按部门和规则统计", "县市场监管局", "咨询与投诉电话", "食品小作坊登记",
		`href="`+itemPath+`"`, "质检规则设置", `<label for="rule">`)
	mustContain(t, "department quality", reviewer.getOK("/staff/catalog/quality"), "食品小作坊登记", "咨询与投诉电话")
	mustNotContain(t, "department quality", reviewer.getOK("/staff/catalog/quality"), `action="/staff/catalog/quality/rules"`)

	// The administrator makes the phones rule silent for the county.
	wantRedirect(t, "set rule", admin.post("/staff/catalog/quality/rules", quality,
		url.Values{"region": {"620825"}, "rule": {"phones"}, "enabled": {"off"}, "blocking": {"off"}}), "/staff/catalog/quality")
	after := reviewer.getOK(itemPath)
	mustNotContain(t, "rule disabled", after, "咨询电话和投诉电话都应填写。")
	wantStatus(t, "clerk sets a rule", reviewer.post("/staff/catalog/quality/rules", quality,
		url.Values{"region": {"620825"}, "rule": {"phones"}, "enabled": {"on"}, "blocking": {"on"}}), http.StatusForbidden)
	res = admin.post("/staff/catalog/quality/rules", quality, url.Values{"region": {"620825"}, "rule": {"nonsense"}, "enabled": {"on"}})
	wantStatus(t, "unknown rule", res, http.StatusUnprocessableEntity)
	mustContain(t, "unknown rule", res.body, `id="rule-error"`)

	// Suspension needs a reason; with one, the page says so.
	page = admin.getOK(itemPath)
	res = admin.post(itemPath+"/state", page, url.Values{"state": {"suspended"}, "reason": {""}})
	wantStatus(t, "suspend without a reason", res, http.StatusUnprocessableEntity)
	mustContain(t, "suspend without a reason", res.body, `id="reason-error">请填写原因。`)
	res = admin.post(itemPath+"/state", page, url.Values{"state": {"suspended"}, "reason": {"场所整改"}, "from": {"2026-08-01"}, "until": {"2026-07-01"}})
	wantStatus(t, "suspension ending before it starts", res, http.StatusUnprocessableEntity)
	mustContain(t, "suspension dates", res.body, `id="until-error"`)
	wantRedirect(t, "suspend", admin.post(itemPath+"/state", page, url.Values{"state": {"suspended"}, "reason": {"场所整改"},
		"from": {"2026-07-01"}, "until": {"2026-08-01"}}), itemPath)
	mustContain(t, "suspended", admin.getOK(itemPath), "暂停（场所整改，2026-07-01 – 2026-08-01）")
}

func TestCatalogForbidden(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, srv := testkit.DemoServer(t)
	food, err := a.Items.PublishedBySlug(ctx, "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	market, err := a.Regions.DepartmentBySlug(ctx, "market-regulation")
	if err != nil {
		t.Fatal(err)
	}
	itemPath := itemPathPrefix + strconv.FormatInt(food.ID, 10)

	health := signIn(t, srv, "reviewer.wjj")
	wantStatus(t, "health reads a market item", health.get(itemPath), http.StatusForbidden)
	wantStatus(t, "health diffs a market item", health.get(itemPath+"/diff?from=1&to=0"), http.StatusForbidden)
	entries := health.getOK("/staff/catalog/entries?line=")
	entryID := catalogEntryID(t, entries, "食品小作坊登记")
	wantStatus(t, "health claims for market regulation", health.post("/staff/catalog/entries/"+entryID+"/claim", entries,
		url.Values{"department_id": {strconv.FormatInt(market.ID, 10)}}), http.StatusForbidden)
	mustNotContain(t, "health list", health.getOK("/staff/catalog"), "食品经营许可")

	clerk := signIn(t, srv, "clerk.nanhu")
	page := clerk.getOK("/staff")
	wantStatus(t, "clerk submits", clerk.post(itemPath+"/submit", page, url.Values{}), http.StatusForbidden)
	wantStatus(t, "clerk saves", clerk.post(itemPath, page, draftForm("食品经营许可")), http.StatusForbidden)
	wantStatus(t, "clerk approves", clerk.post(itemPath+"/approve", page, url.Values{}), http.StatusForbidden)
	mustNotContain(t, "clerk entries", clerk.getOK("/staff/catalog/entries"), "/claim\"")

	reviewer := signIn(t, srv, "reviewer.scjg")
	page = reviewer.getOK(itemPath)
	mustContain(t, "published demo item", page, "食品经营许可", "v1", "在用")
	mustNotContain(t, "published demo item", page, "通过并发布", "变更状态")
	wantStatus(t, "reviewer suspends", reviewer.post(itemPath+"/state", page, url.Values{"state": {"suspended"}, "reason": {"x"}}), http.StatusForbidden)
	wantStatus(t, "reviewer submits with nothing to submit", reviewer.post(itemPath+"/submit", page, url.Values{}), http.StatusConflict)

	wantRedirect(t, "anonymous", newBrowser(t, srv).get("/staff/catalog"), "/staff/login")
	wantStatus(t, "no such item", reviewer.get(itemPathPrefix+"999999"), http.StatusNotFound)
	wantStatus(t, "bad item id", reviewer.get(itemPathPrefix+"abc"), http.StatusNotFound)
}

func TestCatalogEnglish(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, srv := testkit.DemoServer(t)
	food, err := a.Items.PublishedBySlug(ctx, "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	admin := signIn(t, srv, "itemadmin")
	u, _ := url.Parse(srv.URL)
	admin.c.Jar.SetCookies(u, []*http.Cookie{{Name: httpserver.LangCookie, Value: "en", Path: "/"}})
	mustContain(t, "english list", admin.getOK("/staff/catalog"), "Service items", "Implementation items", "In use", "Claim rate")
	mustContain(t, "english entries", admin.getOK("/staff/catalog/entries"), "Basic entries", "Not claimed", "Claim 食品小作坊登记")
	item := admin.getOK(itemPathPrefix + strconv.FormatInt(food.ID, 10))
	mustContain(t, "english item", item, "Quality check", "Save draft", "Suspend, cancel or resume", "Published versions")
	mustContain(t, "english quality", admin.getOK("/staff/catalog/quality"), "Quality report", "Rule settings")
	for _, body := range []string{item} {
		mustNotContain(t, "english item", body, "catalog.ui.", "quality.rule.")
	}
}

// TestCatalogMessageKeys checks that every key the catalog pages name is in the
// catalogue with an English text, including those built from data.
func TestCatalogMessageKeys(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"pages_catalog.go", "pages_catalog_item.go"}
	for _, name := range []string{"list", "entries", "item", "diff", "quality"} {
		files = append(files, filepath.Join("templates", "catalog_"+name+".html"))
	}
	key := regexp.MustCompile(`\.T "([a-z_.]+)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if !cat.Has(m[1]) {
				t.Errorf("%s: message key %q is not in the catalogue", f, m[1])
			}
		}
	}
	for _, prefix := range []string{"catalog.ui.status.", "catalog.ui.state."} {
		for _, s := range []string{"editing", "submitted", "returned", "active", "suspended", "cancelled", "unpublished"} {
			if prefix == "catalog.ui.status." && (s == "active" || s == "suspended" || s == "cancelled" || s == "unpublished") ||
				prefix == "catalog.ui.state." && (s == "editing" || s == "submitted" || s == "returned") {
				continue
			}
			if !cat.Has(prefix + s) {
				t.Errorf("no message %s%s", prefix, s)
			}
		}
	}
	for _, act := range []string{"claim", "save", "submit", "return", "approve", "suspend", "cancel", "resume", "import"} {
		if !cat.Has("catalog.ui.action." + act) {
			t.Errorf("no message for the trail action %s", act)
		}
	}
	for _, k := range cat.Missing(i18n.English) {
		if strings.HasPrefix(k, "catalog.") {
			t.Errorf("message %s has no English text", k)
		}
	}
}
