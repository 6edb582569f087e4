package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/config"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// supervisionDemo is the demo county on a clock the test moves, starting on
// Monday 2026-03-02, 09:00 in China.
func supervisionDemo(t *testing.T) (*app.App, *httptest.Server, *testkit.Clock) {
	t.Helper()
	ctx := context.Background()
	clock := testkit.NewClock(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.FastPasswordHashing = true
	a, err := app.New(ctx, cfg, slog.New(slog.DiscardHandler), app.Options{DB: testkit.NewDB(t).DB, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.InstallDemo(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return a, srv, clock
}

// asDemoStaff acts as a demo staff account in module calls.
func asDemoStaff(t *testing.T, a *app.App, username string) context.Context {
	t.Helper()
	st, err := a.Store.FindStaffByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return principal.With(context.Background(), principal.Principal{Kind: principal.Staff, ID: st.ID, Name: st.Name, Roles: st.Roles,
		Scope: principal.Scope{RegionCode: st.RegionCode, DepartmentID: st.DepartmentID}})
}

func TestSupervisionPage(t *testing.T) {
	t.Parallel()
	a, srv, clock := supervisionDemo(t)
	ctx := context.Background()
	item := func(slug string) int64 {
		it, err := a.Store.GetItemBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		return it.ID
	}
	wang, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber(wangJianguo))
	if err != nil {
		t.Fatal(err)
	}
	// Monday: 王建国 applies online for 食品经营许可 (5 working days), accepted
	// at once, due Monday 03-09.
	me := testkit.AsPerson(ctx, wang.ID, wang.Name)
	draft, err := a.Cases.SaveDraft(me, casework.Application{ItemID: item("food-biz-license"), Form: testkit.Form("phone", "13900001111")})
	if err != nil {
		t.Fatal(err)
	}
	market, err := a.Cases.Submit(me, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Cases.Act(asDemoStaff(t, a, "reviewer.scjg"), market.ID, casework.ActionAccept, ""); err != nil {
		t.Fatal(err)
	}
	// Wednesday: 孙南湖 registers 公共场所卫生许可 at 南湖镇's window; 县卫健局
	// accepts it, due Wednesday 03-11.
	clock.Advance(48 * time.Hour)
	health, err := a.Cases.RegisterAtWindow(asDemoStaff(t, a, "clerk.nanhu"), casework.Registration{PersonID: wang.ID,
		ItemID: item("public-place-health-license"), Form: testkit.Form("phone", "13900001111")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Cases.Act(asDemoStaff(t, a, "reviewer.wjj"), health.ID, casework.ActionAccept, ""); err != nil {
		t.Fatal(err)
	}
	// Wednesday 03-11: the market case is two working days late, the health
	// case due today.
	clock.Advance(7 * 24 * time.Hour)

	supervisor := signIn(t, srv, "supervisor")
	page := supervisor.getOK("/staff/supervision")
	mustContain(t, "supervision board", page, "电子监察", "统计日期 2026-03-11", "县市场监管局", "县卫健局", "1 张红牌", "1 张黄牌",
		"孙南湖", "南湖镇", "网上申请", `href="/staff/cases/`+strconv.FormatInt(market.ID, 10)+`"`, market.Number, health.Number,
		`class="light light-red">超期`, "超期 2 个工作日", `class="light light-yellow">预警`, "今天到期",
		`href="/staff/supervision/overdue.xlsx"`, `<select id="department_id" name="department_id">`)

	// Filtered to 县卫健局, the market case is gone.
	dept, err := a.Store.GetDepartmentBySlug(ctx, "health")
	if err != nil {
		t.Fatal(err)
	}
	filtered := supervisor.getOK("/staff/supervision?department_id=" + strconv.FormatInt(dept.ID, 10))
	mustContain(t, "filtered board", filtered, health.Number, `href="/staff/supervision/overdue.xlsx?department_id=`)
	mustNotContain(t, "filtered board", filtered, market.Number)
	wantStatus(t, "a malformed department", supervisor.get("/staff/supervision?department_id=x"), http.StatusNotFound)

	// The export lists the same cases, red first, with working days as numbers.
	res := supervisor.get("/staff/supervision/overdue.xlsx")
	wantStatus(t, "export", res, http.StatusOK)
	book, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("超期预警办件")
	if err != nil || len(rows) != 3 {
		t.Fatalf("export rows: %v, %v", rows, err)
	}
	if rows[0][0] != "办件编号" || rows[1][0] != market.Number || rows[1][5] != "超期" || rows[1][6] != "2" ||
		rows[2][0] != health.Number || rows[2][5] != "预警" {
		t.Errorf("export: %v", rows)
	}

	// A department's reviewer sees their own department only; staff who do
	// not handle cases are refused.
	wjj := signIn(t, srv, "reviewer.wjj").getOK("/staff/supervision")
	mustContain(t, "县卫健局's board", wjj, health.Number)
	mustNotContain(t, "县卫健局's board", wjj, market.Number, `<select id="department_id"`)
	wantStatus(t, "item administrator", signIn(t, srv, "itemadmin").get("/staff/supervision"), http.StatusForbidden)
	wantStatus(t, "item administrator export", signIn(t, srv, "itemadmin").get("/staff/supervision/overdue.xlsx"), http.StatusForbidden)
	wantRedirect(t, "anonymous", newBrowser(t, srv).get("/staff/supervision"), "/staff/login")

	// Reminders in the staff inbox and on the workbench.
	scjg := signIn(t, srv, "reviewer.scjg")
	for _, path := range []string{"/staff", "/staff/cases"} {
		body := scjg.getOK(path)
		mustContain(t, path, body, "办件提醒", `class="light light-red">超期`, market.Number, "超期 2 个工作日（承诺办结日期 2026-03-09）", `href="/staff/supervision"`)
		mustNotContain(t, path, body, health.Number)
	}
	mustNotContain(t, "item administrator's workbench", signIn(t, srv, "itemadmin").getOK("/staff"), "办件提醒")
}
