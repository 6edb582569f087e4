package app_test

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/delivery"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// decidedCase takes a citizen's application for 食品经营许可 through the real
// case module to approval by 县市场监管局's head, with the form values given.
func decidedCase(t *testing.T, a *app.App, form map[string]string) (casework.Case, context.Context) {
	t.Helper()
	ctx := context.Background()
	item, err := a.Items.PublishedBySlug(ctx, "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	person, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber("620825196302140118"))
	if err != nil {
		t.Fatal(err)
	}
	me := testkit.AsPerson(ctx, person.ID, person.Name)
	filled := testkit.Form()
	for k, v := range form {
		filled[k] = v
	}
	draft, err := a.Cases.SaveDraft(me, casework.Application{ItemID: item.ID, Form: filled})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Cases.Submit(me, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ who, action, comment string }{
		{"reviewer.scjg", "accept", ""}, {"reviewer.scjg", "review", ""}, {"head.scjg", "approve", "材料齐全，准予许可。"},
	} {
		if c, err = a.Cases.Act(staffOf(t, a, step.who), c.ID, step.action, step.comment); err != nil {
			t.Fatalf("%s: %v", step.action, err)
		}
	}
	return c, me
}

func staffOf(t *testing.T, a *app.App, username string) context.Context {
	t.Helper()
	s, err := a.Store.FindStaffByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return principal.With(context.Background(), principal.Principal{Kind: principal.Staff, ID: s.ID, Name: s.Name, Roles: s.Roles, Scope: s.Scope()})
}

// timelineOf lists a case's timeline actions.
func timelineOf(t *testing.T, a *app.App, ctx context.Context, id int64) []string {
	t.Helper()
	v, err := a.Cases.Case(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range v.Events {
		out = append(out, e.Action)
	}
	return out
}

// Approving a case opens the delivery the applicant chose and tells them; the
// pickup at a window delivers the case.
func TestApprovalOpensADeliveryAndNotifies(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	c, me := decidedCase(t, a, map[string]string{"name": "示例小吃店", casework.FormDeliveryMethod: "window"})
	if c.State != "concluded" {
		t.Fatalf("state after approval = %s", c.State)
	}
	v, err := a.Deliveries.OfCase(me, c.ID)
	if err != nil || v.Method != delivery.Window || len(v.PickupCode) != 6 || v.ResultName != "食品经营许可证" ||
		v.ResultType != "出证办结" || v.Opinion != "材料齐全，准予许可。" || v.DepartmentName == "" || v.ApplicantName == "" {
		t.Fatalf("delivery = %+v, %v", v, err)
	}
	in, err := a.Notices.Inbox(me)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, n := range in.Notices {
		titles = append(titles, n.Title)
		if n.Link != "/me/cases/"+strconv.FormatInt(c.ID, 10) || strings.Contains(n.Body, v.PickupCode) {
			t.Errorf("notice %+v", n)
		}
	}
	for _, want := range []string{"申请已提交", "申请已受理", "申请已办结：准予许可", "办理结果可到窗口领取"} {
		if !slices.Contains(titles, want) {
			t.Errorf("inbox %q lacks %q", titles, want)
		}
	}
	admin := staffOf(t, a, "admin")
	log, err := a.Notices.DeliveryLog(admin, 50)
	if err != nil || len(log) == 0 || !strings.Contains(log[0].MaskedAddress, "****") {
		t.Fatalf("SMS copies = %+v, %v", log, err)
	}

	got, err := a.Deliveries.Collect(staffOf(t, a, "clerk"), v.PickupCode)
	if err != nil || got.Status != delivery.StatusCompleted {
		t.Fatalf("collect = %+v, %v", got, err)
	}
	tl := timelineOf(t, a, me, c.ID)
	for _, want := range []string{"approve", "delivery.pickup", "delivery.collected", casework.EventDelivered} {
		if !slices.Contains(tl, want) {
			t.Errorf("timeline %v lacks %s", tl, want)
		}
	}
	if after, _ := a.Cases.Case(me, c.ID); after.State != "delivered" || !after.Closed {
		t.Fatalf("case after pickup: %s closed=%v", after.State, after.Closed)
	}
	if in, _ := a.Notices.Inbox(me); in.Notices[0].Title != "办理结果已送达" {
		t.Fatalf("latest notice = %+v", in.Notices[0])
	}
}

// An online result is the 办结通知书 PDF; downloading it delivers the case.
func TestOnlineResultDownload(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	c, me := decidedCase(t, a, map[string]string{"name": "示例小吃店"})
	v, err := a.Deliveries.OfCase(me, c.ID)
	if err != nil || v.Method != delivery.Online || !v.CanDownload {
		t.Fatalf("delivery = %+v, %v", v, err)
	}
	if _, _, err := a.Deliveries.Download(staffOf(t, a, "head.scjg"), v.ID); err == nil {
		t.Fatal("staff downloaded the applicant's result")
	}
	pdf, _, err := a.Deliveries.Download(me, v.ID)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("download: %.20q, %v", pdf, err)
	}
	if after, _ := a.Cases.Case(me, c.ID); after.State != "delivered" {
		t.Fatalf("case after download: %s", after.State)
	}
	if tl := timelineOf(t, a, me, c.ID); !slices.Contains(tl, "delivery.ready") || !slices.Contains(tl, "delivery.downloaded") {
		t.Fatalf("timeline %v", tl)
	}
}

// Mail goes to the address on the form and is handed to the courier by the
// department; mail without an address falls back to pickup at a window.
func TestMailResult(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	c, me := decidedCase(t, a, map[string]string{"name": "示例小吃店", casework.FormDeliveryMethod: "mail",
		casework.FormDeliveryName: "王建国", casework.FormDeliveryPhone: "13900000001", casework.FormDeliveryAddress: "庄浪县水洛镇紫荆路 88 号"})
	v, err := a.Deliveries.OfCase(me, c.ID)
	if err != nil || v.Method != delivery.Mail || v.Status != delivery.StatusPending || v.Address != "庄浪县水洛镇紫荆路 88 号" {
		t.Fatalf("delivery = %+v, %v", v, err)
	}
	if _, err := a.Deliveries.Dispatch(staffOf(t, a, "reviewer.wjj"), v.ID); err == nil {
		t.Fatal("县卫健局 dispatched 县市场监管局's mail")
	}
	d, err := a.Deliveries.Dispatch(staffOf(t, a, "reviewer.scjg"), v.ID)
	if err != nil || !strings.HasPrefix(d.TrackingNo, "SB") {
		t.Fatalf("dispatch = %+v, %v", d, err)
	}
	if n, err := a.Deliveries.Refresh(context.Background()); err != nil || n != 1 {
		t.Fatalf("refresh recorded %d scans, %v", n, err)
	}
	if tl := timelineOf(t, a, me, c.ID); !slices.Contains(tl, "delivery.shipped") || !slices.Contains(tl, "delivery.scan") {
		t.Fatalf("timeline %v", tl)
	}

	// The form asks for the addressee when the result is to be mailed, so
	// mail without an address is refused at submission, not guessed at later.
	draft, err := a.Cases.SaveDraft(me, casework.Application{ItemID: c.ItemID, Form: testkit.Form(casework.FormDeliveryMethod, "mail")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Cases.Submit(me, draft.ID)
	if e := apperr.As(err); e == nil || len(e.Fields) != 3 {
		t.Fatalf("mail without an address: %v", err)
	}
}
