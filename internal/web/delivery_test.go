package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// approvedCase takes 王建国's 食品经营许可 application to approval through the
// case module, asking for the result by method.
func approvedCase(t *testing.T, a *app.App, method string) (casework.Case, context.Context) {
	t.Helper()
	ctx := context.Background()
	item, err := a.Items.PublishedBySlug(ctx, "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	person, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber(wangJianguo))
	if err != nil {
		t.Fatal(err)
	}
	me := testkit.AsPerson(ctx, person.ID, person.Name)
	draft, err := a.Cases.SaveDraft(me, casework.Application{ItemID: item.ID, Form: testkit.Form(casework.FormDeliveryMethod, method)})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Cases.Submit(me, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ who, action, comment string }{
		{"reviewer.scjg", "accept", ""}, {"reviewer.scjg", "review", ""}, {"head.scjg", "approve", "准予许可。"},
	} {
		s, err := a.Store.FindStaffByUsername(ctx, step.who)
		if err != nil {
			t.Fatal(err)
		}
		staff := principal.With(ctx, principal.Principal{Kind: principal.Staff, ID: s.ID, Name: s.Name, Roles: s.Roles, Scope: s.Scope()})
		if c, err = a.Cases.Act(staff, c.ID, step.action, step.comment); err != nil {
			t.Fatalf("%s: %v", step.action, err)
		}
	}
	return c, me
}

func TestNoticesPage(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	c, _ := approvedCase(t, a, "online")
	citizen := signInPerson(t, newBrowser(t, srv), wangJianguo)
	page := citizen.getOK("/me/notices")
	mustContain(t, "inbox", page, `<a href="/me/notices">消息（`, " 条未读）</a>", "条未读消息", "【未读】申请已办结：准予许可",
		`<a href="/me/cases/`+strconv.FormatInt(c.ID, 10)+`">查看办件`, "全部标为已读", "办结通知书已可下载")
	wantRedirect(t, "mark all read", citizen.post("/me/notices/read", page, url.Values{}), "/me/notices")
	page = citizen.getOK("/me/notices")
	mustContain(t, "inbox after reading", page, "没有未读消息", "申请已办结：准予许可", `<a href="/me/notices">消息</a>`)
	mustNotContain(t, "inbox after reading", page, "【未读】")

	// The result document of an online delivery, for its applicant only.
	v, err := a.Deliveries.OfCase(testkit.AsPerson(context.Background(), c.PersonID, ""), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	doc := "/me/deliveries/" + strconv.FormatInt(v.ID, 10) + "/document"
	res := citizen.get(doc)
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(res.body, "%PDF-") ||
		!strings.Contains(res.header.Get("Content-Disposition"), c.Number) {
		t.Fatalf("document: %d %v %.20q", res.status, res.header, res.body)
	}
	wantStatus(t, "the reviewer's download", signIn(t, srv, "reviewer.scjg").get(doc), http.StatusNotFound)
}

func TestPickupDesk(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	c, me := approvedCase(t, a, "window")
	v, err := a.Deliveries.OfCase(me, c.ID)
	if err != nil || v.PickupCode == "" {
		t.Fatalf("delivery %+v, %v", v, err)
	}
	wantStatus(t, "a reviewer at the desk", signIn(t, srv, "reviewer.scjg").get("/staff/pickup"), http.StatusForbidden)
	clerk := signIn(t, srv, "clerk")
	desk := clerk.getOK("/staff/pickup")
	mustContain(t, "pickup desk", desk, "窗口取件", `name="code"`, "确认领取")
	wrong := "000000"
	if v.PickupCode == wrong {
		wrong = "000001"
	}
	res := clerk.post("/staff/pickup", desk, url.Values{"code": {wrong}})
	wantStatus(t, "wrong code", res, http.StatusUnprocessableEntity)
	mustContain(t, "wrong code", res.body, `class="error-summary"`, "取件码不正确或已使用", `aria-invalid="true"`)
	res = clerk.post("/staff/pickup", desk, url.Values{"code": {v.PickupCode}})
	wantStatus(t, "right code", res, http.StatusOK)
	mustContain(t, "right code", res.body, "已登记领取", c.Number, "食品经营许可证（出证办结）")
	wantStatus(t, "the code again", clerk.post("/staff/pickup", desk, url.Values{"code": {v.PickupCode}}), http.StatusUnprocessableEntity)
	if after, _ := a.Cases.Case(me, c.ID); after.State != "delivered" {
		t.Fatalf("case after pickup: %s", after.State)
	}
}

// The delivery log shows supervisors and administrators whether the SMS
// copies went out, with masked numbers; a reviewer may not read it.
func TestNotifyLogPage(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	approvedCase(t, a, "online")
	if _, err := a.Notices.Deliver(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"admin", "supervisor"} {
		page := signIn(t, srv, who).getOK("/admin/notify-log")
		mustContain(t, who, page, "短信和邮件发送记录", "<td>短信</td>", "申请已办结：准予许可", "已发送（", "****")
		mustNotContain(t, who, page, "13900000001")
	}
	mustContain(t, "workbench link", signIn(t, srv, "supervisor").getOK("/staff"), `href="/admin/notify-log"`)
	wantStatus(t, "reviewer", signIn(t, srv, "reviewer.scjg").get("/admin/notify-log"), http.StatusForbidden)
}

// The applicant has an online result mailed instead, before downloading it;
// the case page then offers staff the dispatch.
func TestChangeDeliveryMethodPage(t *testing.T) {
	t.Parallel()
	a, srv := testkit.DemoServer(t)
	c, _ := approvedCase(t, a, "online")
	citizen := signInPerson(t, newBrowser(t, srv), wangJianguo)
	caseURL := "/me/cases/" + strconv.FormatInt(c.ID, 10)
	page := citizen.getOK(caseURL)
	mustContain(t, "offer", page, "更改送达方式", `value="mail"`, `value="window"`, "下载办结通知书（PDF）")
	action := regexp.MustCompile(`action="(/me/deliveries/\d+/method)"`).FindStringSubmatch(page)
	if action == nil {
		t.Fatalf("no change form\n%s", page)
	}
	bad := citizen.post(action[1], page, url.Values{"delivery_method": {"mail"}})
	wantStatus(t, "mail without an address", bad, http.StatusUnprocessableEntity)
	wantRedirect(t, "to mail", citizen.post(action[1], page, url.Values{"delivery_method": {"mail"}, "delivery_name": {"王建国"},
		"delivery_phone": {"13900001111"}, "delivery_address": {"甘肃省平凉市庄浪县水洛镇紫荆路 88 号"}}), caseURL)
	page = citizen.getOK(caseURL)
	mustContain(t, "mailed", page, "邮寄送达", "待交寄", "紫荆路 88 号", "更改送达方式")
	mustNotContain(t, "mailed", page, "下载办结通知书（PDF）")
	staff := signIn(t, srv, "reviewer.scjg").getOK("/staff/cases/" + strconv.FormatInt(c.ID, 10))
	mustContain(t, "staff", staff, "交寄快递", "更改送达方式") // the dispatch button, and the change on the timeline
	mustNotContain(t, "staff", staff, "/method")
}
