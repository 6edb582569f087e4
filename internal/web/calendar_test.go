package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

func TestCalendarAdjustments(t *testing.T) {
	t.Parallel()
	srv := newDemoServer(t)
	admin := signIn(t, srv, "admin")

	page := admin.getOK("/admin/calendar?year=2026")
	mustContain(t, "2026", page, "工作日历", "2026 年国家节假日安排", "2026-02-17（周二）", "春节", "该年没有本地调整。", "添加本地调整")
	mustContain(t, "the console links it", admin.getOK("/admin"), `href="/admin/calendar"`)
	mustContain(t, "2027 is unpublished", admin.getOK("/admin/calendar?year=2027"), "2027 年的节假日通知尚未发布")

	bad := admin.post("/admin/calendar", page, url.Values{"date": {"2026-02-30"}, "kind": {"workday"}, "name": {""}})
	wantStatus(t, "bad date", bad, http.StatusUnprocessableEntity)
	mustContain(t, "bad date", bad.body, `<a href="#date">`, "请按“年-月-日”填写日期", `<a href="#name">`, `value="workday" checked`)

	wantRedirect(t, "set", admin.post("/admin/calendar", page, url.Values{"date": {"2026-12-01"}, "kind": {"off"}, "name": {"地方节日"}}),
		"/admin/calendar?year=2026")
	page = admin.getOK("/admin/calendar?year=2026")
	mustContain(t, "listed", page, "2026-12-01（周二）", "地方节日", "赵管理", `action="/admin/calendar/2026-12-01/delete"`)

	// A township clerk sees the calendar the county counts with, but may not change it.
	clerk := signIn(t, srv, "clerk.nanhu")
	seen := clerk.getOK("/admin/calendar?year=2026")
	mustContain(t, "clerk", seen, "地方节日")
	mustNotContain(t, "clerk", seen, "添加本地调整", `/delete"`)
	wantStatus(t, "clerk sets", clerk.post("/admin/calendar", seen, url.Values{"date": {"2026-12-02"}, "kind": {"off"}, "name": {"x"}}), http.StatusForbidden)

	wantRedirect(t, "remove", admin.post("/admin/calendar/2026-12-01/delete", page, url.Values{}), "/admin/calendar?year=2026")
	mustNotContain(t, "removed", admin.getOK("/admin/calendar?year=2026"), "地方节日")
	mustContain(t, "audit", admin.getOK("/admin/audit"), "设置工作日历本地调整", "删除工作日历本地调整")
}
