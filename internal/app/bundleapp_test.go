package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// 我要开餐馆 as an individual business that needs gas: one application, one
// set of materials, three cases handled in parallel by two departments, a
// supplement that pauses one clock, a fee paid through the sandbox gateway,
// and the bundle concluded when the last case is; the applicant sees one
// timeline.
func TestOpenRestaurantBundle(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	ctx := context.Background()
	wang, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber("620825196302140118"))
	if err != nil {
		t.Fatal(err)
	}
	me := testkit.AsPerson(ctx, wang.ID, wang.Name)
	b, err := a.Bundles.Bundle(ctx, "bundle-open-restaurant")
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]string{"entity_type": "individual", "use_gas": "yes", "new_meter": "no", "sewer": "no", "online": "yes"}
	sel := b.Select(answers)
	var items []casework.PublishedItem
	for _, slug := range sel.ItemSlugs {
		pub, err := a.Items.PublishedBySlug(ctx, slug)
		if err != nil {
			t.Fatalf("%s: %v", slug, err)
		}
		it, err := a.Cases.Item(ctx, pub.ID)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	if got := strings.Join(sel.ItemSlugs, ","); got != "ibiz-register,food-biz-license,gas-connect" {
		t.Fatalf("selected %s", got)
	}
	lines := casework.MergeMaterials(items, sel.ExtraMaterials)
	ids := 0
	var business *casework.BundleMaterial
	for i, l := range lines {
		if l.LicenseTypeID == "resident-id-card" {
			ids++
		}
		if l.LicenseTypeID == "business-license" {
			business = &lines[i]
		}
	}
	if ids != 1 || business == nil || business.ProducedBy != "个体工商户设立登记" {
		t.Fatalf("merged materials: %d ID-card lines, business licence %+v", ids, business)
	}
	if !containsLine(lines, "网络经营场所（第三方平台店铺）信息") {
		t.Fatalf("the answer 外卖 adds no material: %+v", lines)
	}

	// Each line that must be uploaded is uploaded once.
	var held []casework.MaterialCheck
	for _, l := range lines {
		if l.Requirement != casework.MaterialRequired || l.ProducedBy != "" {
			continue
		}
		f, err := a.Uploads.Put(me, l.Name+".pdf", strings.NewReader("%PDF-1.4\n"+l.Name+"\n%%EOF\n"))
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, casework.MaterialCheck{Name: l.Name, Provided: true, FileID: f.ID, FileName: f.Name, SHA256: f.SHA256, Trust: casework.TrustUploaded})
	}
	draft := casework.BundleApplication{BundleSlug: b.Slug, BundleName: b.Name, Answers: answers, Extra: sel.ExtraMaterials,
		Form: map[string]string{"contact_name": "王建国", "phone": "13900001111", "delivery_method": "online"}}
	for _, it := range items {
		draft.ItemIDs = append(draft.ItemIDs, it.ItemID)
	}
	d, err := a.Cases.SaveBundleDraft(me, draft)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Cases.SubmitBundle(me, d.ID); err == nil {
		t.Fatal("submitted without materials")
	}
	draft.Materials = held
	if d, err = a.Cases.SaveBundleDraft(me, draft); err != nil {
		t.Fatal(err)
	}
	ba, cases, err := a.Cases.SubmitBundle(me, d.ID)
	if err != nil || len(cases) != 3 {
		t.Fatalf("submit: %d cases, %v", len(cases), err)
	}
	byItem := map[string]casework.Case{}
	for _, c := range cases {
		byItem[c.ItemName] = c
		if c.BundleApplicationID != ba.ID {
			t.Fatalf("case %s not linked to the bundle", c.Number)
		}
	}

	market, err := a.Store.GetDepartmentBySlug(ctx, "market-regulation")
	if err != nil {
		t.Fatal(err)
	}
	gas, err := a.Store.GetDepartmentBySlug(ctx, "gas-supply")
	if err != nil {
		t.Fatal(err)
	}
	mReviewer := testkit.AsStaff(ctx, 9101, principal.Reviewer, "620825", market.ID)
	mHead := testkit.AsStaff(ctx, 9102, principal.DeptHead, "620825", market.ID)
	gReviewer := testkit.AsStaff(ctx, 9103, principal.Reviewer, "620825", gas.ID)
	gHead := testkit.AsStaff(ctx, 9104, principal.DeptHead, "620825", gas.ID)

	// The gas company sees only its own case of the bundle.
	inbox, _, err := a.Cases.Inbox(gReviewer, casework.InboxFilter{})
	if err != nil || len(inbox) != 1 || inbox[0].ItemName != "用气报装" {
		t.Fatalf("gas inbox: %+v, %v", inbox, err)
	}

	food := byItem["食品经营许可（新办）"]
	act := func(who context.Context, c casework.Case, d casework.Decision) casework.Case {
		t.Helper()
		out, err := a.Cases.Decide(who, c.ID, d)
		if err != nil {
			t.Fatalf("%s on %s: %v", d.Action, c.ItemName, err)
		}
		return out
	}
	// The food licence needs a supplement: its clock pauses, the others run.
	food = act(mReviewer, food, casework.Decision{Action: casework.ActionAccept})
	food = act(mReviewer, food, casework.Decision{Action: casework.ActionSupplement, Comment: "请补充经营布局平面图"})
	if !food.Paused() {
		t.Fatal("the supplement did not pause the clock")
	}
	food = act(me, food, casework.Decision{Action: casework.ActionResubmit, Comment: "已补充"})
	for _, c := range []casework.Case{byItem["个体工商户设立登记"], food} {
		c = act(mReviewer, c, casework.Decision{Action: casework.ActionAccept})
		c = act(mReviewer, c, casework.Decision{Action: "review", Comment: "符合条件"})
		c = act(mHead, c, casework.Decision{Action: casework.ActionApprove, Comment: "准予"})
		if err := a.Cases.MarkDelivered(ctx, c.ID, "online"); err != nil {
			t.Fatal(err)
		}
	}
	g := byItem["用气报装"]
	g = act(gReviewer, g, casework.Decision{Action: casework.ActionAccept})
	g = act(gReviewer, g, casework.Decision{Action: "review", Comment: "具备通气条件"})
	if _, err := a.Cases.Decide(gHead, g.ID, casework.Decision{Action: casework.ActionApprove, Comment: "准予"}); err == nil {
		t.Fatal("approved a charging item without fixing the fee")
	}
	g = act(gHead, g, casework.Decision{Action: casework.ActionApprove, Comment: "准予", FeeFen: 128000})

	// The fee: an order of 1280.00 yuan, paid through the sandbox gateway.
	orders, err := a.Payments.OrdersForCase(me, g.Number)
	if err != nil || len(orders) != 1 || orders[0].Total != 128000 || orders[0].State != payment.Created {
		t.Fatalf("orders: %+v, %v", orders, err)
	}
	if _, err := a.Payments.Pay(me, orders[0].No); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Sandbox.Confirm(ctx, orders[0].No); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Sandbox.Deliver(ctx, a.Payments); err != nil {
		t.Fatal(err)
	}
	if o, err := a.Payments.Order(me, orders[0].No); err != nil || o.State != payment.Paid {
		t.Fatalf("after the callback: %+v, %v", o, err)
	}

	if _, err := a.Cases.MyBundle(testkit.AsPerson(ctx, wang.ID+1, "李四"), ba.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("another person's view of the bundle: %v", err)
	}
	v, err := a.Cases.MyBundle(me, ba.ID)
	if err != nil || v.Concluded {
		t.Fatalf("bundle before the last delivery: concluded=%v, %v", v.Concluded, err)
	}
	if err := a.Cases.MarkDelivered(ctx, g.ID, "online"); err != nil {
		t.Fatal(err)
	}
	v, err = a.Cases.MyBundle(me, ba.ID)
	if err != nil || !v.Concluded {
		t.Fatalf("bundle after every case: concluded=%v, %v", v.Concluded, err)
	}
	seen := map[string]bool{}
	var actions []string
	for _, e := range v.Timeline {
		seen[e.ItemName] = true
		actions = append(actions, e.Action)
	}
	all := strings.Join(actions, ",")
	if len(seen) != 3 || !strings.Contains(all, "request_supplement") || !strings.Contains(all, "payment.paid") || !strings.Contains(all, "delivered") {
		t.Fatalf("one timeline: items %v, actions %s", seen, all)
	}
	for i := 1; i < len(v.Timeline); i++ {
		if v.Timeline[i].At.Before(v.Timeline[i-1].At) {
			t.Fatal("the timeline is not in time order")
		}
	}
}

func containsLine(lines []casework.BundleMaterial, name string) bool {
	for _, l := range lines {
		if l.Name == name {
			return true
		}
	}
	return false
}
