package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/testkit"
)

var (
	statCount = regexp.MustCompile(`data-stat="count">(\d+)<`)
	statBad   = regexp.MustCompile(`data-stat="bad">(\d+)<`)
	taskLink  = regexp.MustCompile(`<a href="/staff/rectifications/(\d+)">#`)
)

// stat reads a number of the public statistics page.
func stat(t *testing.T, page string, re *regexp.Regexp) int {
	t.Helper()
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no %s on the statistics page", re)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// rateLink finds the rating link of a stage on the case page's panel.
func rateLink(t *testing.T, page, stage string) string {
	t.Helper()
	re := regexp.MustCompile(`<strong>` + stage + `</strong>(?s:.*?)<a class="button[^"]*" href="(/me/services/\d+/rate)"`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no rating link for %s:\n%s", stage, page)
	}
	return m[1]
}

// A citizen rates the conclusion of their case 非常不满意; the department's
// inbox has the task with its due date and light; it is verified, rectified,
// fed back, called back and closed; the citizen sees the answer on the case
// page and in their notices; the public statistics and the supervisor's
// report count it.
func TestRatingAndRectificationPages(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	c, _ := approvedCase(t, a, "online")
	casePath := "/me/cases/" + strconv.FormatInt(c.ID, 10)
	anon := newBrowser(t, srv)
	before := anon.getOK("/ratings/stats")
	count0, bad0 := stat(t, before, statCount), stat(t, before, statBad)

	citizen := signInPerson(t, newBrowser(t, srv), wangJianguo)
	page := citizen.getOK(casePath)
	mustContain(t, "case page", page, "服务评价（好差评）", "<strong>申请提交</strong>", "<strong>受理</strong>", "<strong>办结</strong>",
		"庄浪县市场监督管理局 · 吴局长")
	rate := rateLink(t, page, "办结")
	form := citizen.getOK(rate)
	mustContain(t, "rating form", form, "评价本次服务", `name="level"`, "非常不满意", "办事效率", "平台操作性",
		"评价渠道：PC端", `name="channel" value="1"`)

	res := citizen.post(rate, form, url.Values{"level": {"1"}, "comment": {""}, "channel": {"1"}, "dim_efficiency": {"2"}})
	wantStatus(t, "bad rating without a comment", res, http.StatusUnprocessableEntity)
	mustContain(t, "refused rating", res.body, `class="error-summary"`, `id="comment-error"`, "请写明不满意的原因",
		`id="level-1" name="level" value="1" checked`, `<option value="2" selected>`)
	res = citizen.post(rate, form, url.Values{"level": {"1"}, "comment": {"审批拖了很久，电话也没人接"}, "channel": {"1"}})
	wantRedirect(t, "rating", res, casePath)
	page = citizen.getOK(casePath)
	mustContain(t, "case page after rating", page, "首次评价：<strong>非常不满意</strong>", "审批拖了很久，电话也没人接",
		"部门处理中（待核实）", "追评")
	// The acceptance: rated, followed up (which replaces it in the
	// statistics), and no third time.
	accept := rateLink(t, page, "受理")
	wantRedirect(t, "rating the acceptance", citizen.post(accept, page, url.Values{"level": {"5"}, "channel": {"1"}}), casePath)
	page = citizen.getOK(casePath)
	wantRedirect(t, "follow-up", citizen.post(accept, page, url.Values{"level": {"4"}, "channel": {"1"}, "comment": {"后来办得很顺利"}}), casePath)
	wantStatus(t, "a third rating", citizen.get(accept), http.StatusConflict)

	reviewer := signIn(t, srv, "reviewer.scjg")
	mustContain(t, "workbench", reviewer.getOK("/staff"), `href="/staff/rectifications"`)
	inbox := reviewer.getOK("/staff/rectifications")
	mustContain(t, "inbox", inbox, c.Number, "非常不满意", "待核实", "正常")
	m := taskLink.FindStringSubmatch(inbox)
	if m == nil {
		t.Fatalf("no task in the inbox:\n%s", inbox)
	}
	taskPath := "/staff/rectifications/" + m[1]
	task := reviewer.getOK(taskPath)
	mustContain(t, "task page", task, "审批拖了很久，电话也没人接", "王建国 139****0001", `id="act-verify"`, `id="act-appeal"`, "整改期限")
	mustNotContain(t, "task page", task, "13900000001")

	res = reviewer.post(taskPath, task, url.Values{"action": {"verify"}, "text": {""}})
	wantStatus(t, "verify without words", res, http.StatusUnprocessableEntity)
	mustContain(t, "refused step", res.body, `id="text-verify-error"`, "请填写核实情况")
	for _, step := range []url.Values{
		{"action": {"verify"}, "text": {"经核实，审批环节等待材料流转超时"}},
		{"action": {"rectify"}, "resolution": {"rectified"}, "text": {"已优化流转环节，指定专人接听咨询电话"}},
		{"action": {"feedback"}, "text": {"您反映的问题已整改：已指定专人接听电话，感谢监督。"}},
		{"action": {"callback"}, "reached": {"yes"}, "satisfied": {"yes"}, "text": {"电话回访，表示满意"}},
		{"action": {"close"}, "text": {""}},
	} {
		wantRedirect(t, step.Get("action"), reviewer.submit(taskPath, taskPath, step), taskPath)
	}
	task = reviewer.getOK(taskPath)
	mustContain(t, "closed task", task, "已办结", "已接通，评价人满意", "按期办结", "反馈评价人")
	mustNotContain(t, "closed task", task, `id="act-`)

	page = citizen.getOK(casePath)
	mustContain(t, "case page after the answer", page, "部门已反馈（已办结）", "整改", "您反映的问题已整改：已指定专人接听电话，感谢监督。")
	mustContain(t, "notices", citizen.getOK("/me/notices"), "您的评价已有整改反馈")
	mustContain(t, "my ratings", citizen.getOK("/me/ratings"), c.Number, "非常不满意", "非常满意", "追评")

	after := anon.getOK("/ratings/stats")
	// The conclusion's rating (非常不满意) and the acceptance's follow-up (满意).
	if got, bad := stat(t, after, statCount), stat(t, after, statBad); got != count0+2 || bad != bad0+1 {
		t.Fatalf("statistics: %d ratings %d bad, before %d %d", got, bad, count0, bad0)
	}
	mustContain(t, "statistics", after, "庄浪县市场监督管理局", "食品经营许可", "50.0%", "2.50")

	super := signIn(t, srv, "supervisor")
	report := super.getOK("/staff/ratings/report")
	mustContain(t, "report", report, "差评整改率", "实名差评回访率", "庄浪县市场监督管理局", "100.0%")
	xlsx := super.get("/staff/ratings/report.xlsx")
	if xlsx.status != http.StatusOK || !strings.HasPrefix(xlsx.body, "PK") ||
		!strings.Contains(xlsx.header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %v", xlsx.status, xlsx.header)
	}
	wantStatus(t, "the reviewer's report", reviewer.get("/staff/ratings/report"), http.StatusForbidden)
	wantStatus(t, "the citizen's task page", citizen.get(taskPath), http.StatusNotFound)
}

// At the window: the clerk who registered a case asks the applicant to rate
// the visit; the pad shows the on-site dimensions and thanks them after.
func TestWindowVisitPad(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	ctx := context.Background()
	wang, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber(wangJianguo))
	if err != nil {
		t.Fatal(err)
	}
	item, err := a.Store.GetItemBySlug(ctx, "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Cases.RegisterAtWindow(asDemoStaff(t, a, "clerk"), casework.Registration{PersonID: wang.ID, ItemID: item.ID,
		Form: testkit.Form("phone", "13900001111")})
	if err != nil {
		t.Fatal(err)
	}
	clerk := signIn(t, srv, "clerk")
	casePage := "/staff/cases/" + strconv.FormatInt(c.ID, 10)
	page := clerk.getOK(casePage)
	mustContain(t, "the clerk's case page", page, "请办事人评价", "1号窗口（无差别全科综合）", "庄浪县政务服务中心")
	res := clerk.submit(casePage, casePage+"/visits", url.Values{"window": {""}})
	wantRedirect(t, "open a visit", res, "/staff/visits/")
	visit := res.location
	linkPage := clerk.getOK(visit)
	mustContain(t, "the clerk's visit page", linkPage, "尚未评价", "生成评价二维码")
	made := clerk.post(visit, linkPage, url.Values{})
	wantStatus(t, "make the link", made, http.StatusOK)
	m := regexp.MustCompile(`id="pad-link">https?://[^/]+(/rate/[A-Za-z0-9_-]+)</a>`).FindStringSubmatch(made.body)
	if m == nil {
		t.Fatalf("no rating link\n%s", made.body)
	}
	pad := m[1]
	mustContain(t, "the link page", made.body, `src="`+pad+`/qr.png"`, "办事人看不到您的工作台")
	wantStatus(t, "another clerk's visit", signIn(t, srv, "clerk.nanhu").get(visit), http.StatusNotFound)

	// The pad opens the link with no one signed in.
	padBrowser := newBrowser(t, srv)
	form := padBrowser.getOK(pad)
	mustContain(t, "pad", form, "窗口服务", "服务态度", "服务水平", "评价渠道：政务大厅平板电脑", "钱窗口")
	mustNotContain(t, "pad", form, "平台操作性", `href="/staff"`, `href="/staff/cases`)
	qr := padBrowser.get(pad + "/qr.png")
	if qr.status != http.StatusOK || !strings.HasPrefix(qr.body, "\x89PNG") {
		t.Fatalf("QR: %d", qr.status)
	}
	wantRedirect(t, "pad rating", padBrowser.post(pad, "", url.Values{"level": {"5"}, "channel": {"4"}, "dim_attitude": {"5"}}), pad)
	mustContain(t, "pad after rating", padBrowser.getOK(pad), "感谢您的评价", "非常满意")
	mustContain(t, "the clerk sees it rated", clerk.getOK(visit), "办事人已评价")
	wantStatus(t, "a made-up link", padBrowser.get("/rate/AAAAAAAAAAAAAAAAAAAAAAAA"), http.StatusNotFound)

	// The applicant sees the visit and its rating on their case page.
	citizen := signInPerson(t, newBrowser(t, srv), wangJianguo)
	mustContain(t, "the applicant's case page", citizen.getOK("/me/cases/"+strconv.FormatInt(c.ID, 10)),
		"<strong>窗口服务</strong>", "政务大厅平板电脑", "非常满意")
}
