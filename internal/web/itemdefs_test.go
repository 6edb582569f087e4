package web_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/testkit"
)

// demoItemPath is the staff path of a demo item's definitions.
func demoItemPath(t *testing.T, slug, what string) (*httptest.Server, string) {
	t.Helper()
	a, srv := testkit.DemoServer(t)
	it, err := a.Store.GetItemBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return srv, "/staff/items/" + strconv.FormatInt(it.ID, 10) + "/" + what
}

func TestItemFormEditor(t *testing.T) {
	t.Parallel()
	srv, path := demoItemPath(t, "food-biz-license", "form")
	wantStatus(t, "reviewer", signIn(t, srv, "reviewer.scjg").get(path), http.StatusForbidden)

	admin := signIn(t, srv, "itemadmin")
	page := admin.getOK(path)
	mustContain(t, "default form", page, "尚未定制表单", `name="fields.1.name" value="phone"`, `<label for="preview-phone">联系电话`,
		"「结果领取方式」选择「邮寄送达」时填写", `>online=在线下载`)

	// Every problem is listed and the rows come back as typed.
	bad := url.Values{
		"fields.0.name": {"Bad Name"}, "fields.0.label": {""}, "fields.0.type": {"text"},
		"fields.1.name": {"kind"}, "fields.1.label": {"类别"}, "fields.1.type": {"select"}, "fields.1.max_len": {"十"},
		"fields.2.name": {""}, "fields.2.label": {""}, "fields.2.type": {"text"},
	}
	res := admin.post(path, page, bad)
	wantStatus(t, "bad form", res, http.StatusUnprocessableEntity)
	mustContain(t, "bad form", res.body, `class="error-summary"`, `value="Bad Name"`, `href="#fields.0.name"`, `href="#fields.0.label"`,
		`href="#fields.1.options"`, `href="#fields.1.max_len"`, "请填写数字", "至少需要一个选项", `value="十"`)

	good := url.Values{
		"fields.0.name": {"phone"}, "fields.0.label": {"联系电话"}, "fields.0.type": {"phone"}, "fields.0.required": {"on"},
		"fields.1.name": {"shop"}, "fields.1.label": {"店铺类型"}, "fields.1.type": {"radio"}, "fields.1.options": {"food=餐饮\nretail=零售"},
		"fields.2.name": {"seats"}, "fields.2.label": {"座位数"}, "fields.2.type": {"number"}, "fields.2.min": {"0"},
		"fields.2.show_if": {"shop=food"},
		"fields.3.name":    {"gone"}, "fields.3.label": {"删掉我"}, "fields.3.type": {"text"}, "fields.3.remove": {"on"},
	}
	wantRedirect(t, "save", admin.post(path, page, good), path+"?saved=1")
	page = admin.getOK(path + "?saved=1")
	mustContain(t, "saved form", page, "表单已保存", "第 1 版", `value="seats"`, `<label for="preview-seats">座位数`,
		"「店铺类型」选择「餐饮」时填写")
	if strings.Contains(page, "删掉我") {
		t.Error("a removed row was saved")
	}
}

func TestItemWorkflowEditor(t *testing.T) {
	t.Parallel()
	srv, path := demoItemPath(t, "food-biz-license", "workflow")
	wantStatus(t, "reviewer", signIn(t, srv, "reviewer.scjg").get(path), http.StatusForbidden)

	admin := signIn(t, srv, "itemadmin")
	page := admin.getOK(path)
	mustContain(t, "default workflow", page, "使用默认办理流程", "此定义检查通过", "<td>待受理</td>", "尚无保存的版本",
		"&#34;initial&#34;: &#34;submitted&#34;")

	// Text that is not JSON comes back as typed.
	res := admin.post(path, page, url.Values{"definition": {`{"name": "x",`}})
	wantStatus(t, "not JSON", res, http.StatusUnprocessableEntity)
	mustContain(t, "not JSON", res.body, "不是有效的 JSON", `{&#34;name&#34;: &#34;x&#34;,</textarea>`)

	// A broken definition is saved as a draft, its problems listed; it cannot be put in force.
	broken := `{"name": "broken", "initial": "start", "states": [{"id": "start", "label": "开始"}, {"id": "end", "label": "结束", "terminal": true}],
		"actions": [{"id": "finish", "label": "办结", "from": ["start"], "to": "end", "roles": ["wizard"]}]}`
	wantRedirect(t, "save broken draft", admin.post(path, page, url.Values{"definition": {broken}}), path+"?saved=1")
	page = admin.getOK(path + "?saved=1")
	mustContain(t, "broken draft", page, "草稿已保存", "第 1 版草稿", "此定义有 3 个问题", "状态“start”没有环节时限",
		"角色“wizard”不存在", "没有编号为“accept”的受理操作", "启用第 1 版")
	res = admin.post(path+"/activate", page, url.Values{"version": {"1"}})
	wantStatus(t, "activate broken", res, http.StatusUnprocessableEntity)
	mustContain(t, "activate broken", html.UnescapeString(res.body), "第 1 版未能启用", "角色“wizard”不存在")
	if n := strings.Count(res.body, `<a href="#definition">`); n != 3 {
		t.Errorf("activate broken: %d problems in the summary, want all 3", n)
	}

	// Fixed, it goes into force.
	fixed := strings.NewReplacer(`"label": "开始"}`, `"label": "开始", "step_days": 1}`, `"wizard"`, `"dept_reviewer"`,
		`"id": "finish"`, `"id": "accept"`).Replace(broken)
	wantRedirect(t, "save fixed", admin.post(path, page, url.Values{"definition": {fixed}}), path+"?saved=1")
	page = admin.getOK(path)
	mustContain(t, "fixed draft", page, "此定义检查通过", "<td>部门审核人员</td>")
	wantRedirect(t, "activate", admin.post(path+"/activate", page, url.Values{"version": {"1"}}), path+"?activated=1")
	page = admin.getOK(path + "?activated=1")
	mustContain(t, "active", page, "第 1 版已启用", "新办件按第 1 版流程办理", "<td>使用中</td>")
}
