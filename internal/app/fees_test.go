package app_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// A card's fixed 工本费 is due on application: submitting opens the order of
// the item's amount at once, and approving asks for no fee and opens no second
// order.
func TestFixedFeeIsDueOnSubmission(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	ctx := context.Background()
	item, err := a.Items.PublishedBySlug(ctx, "temp-id-card")
	if err != nil {
		t.Fatal(err)
	}
	wang, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber("620825196302140118"))
	if err != nil {
		t.Fatal(err)
	}
	me := testkit.AsPerson(ctx, wang.ID, wang.Name)
	d, err := a.Cases.SaveDraft(me, casework.Application{ItemID: item.ID, Form: testkit.Form()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Cases.Submit(me, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	orders, err := a.Payments.OrdersForCase(me, c.Number)
	if err != nil || len(orders) != 1 || orders[0].Total != 1000 || orders[0].State != payment.Created {
		t.Fatalf("orders after submission: %+v, %v", orders, err)
	}

	staff := testkit.AsStaff(ctx, 9301, principal.Reviewer, "620825", item.DepartmentID)
	head := testkit.AsStaff(ctx, 9302, principal.DeptHead, "620825", item.DepartmentID)
	for _, step := range []struct {
		who context.Context
		d   casework.Decision
	}{{staff, casework.Decision{Action: casework.ActionAccept}}, {staff, casework.Decision{Action: "review", Comment: "符合条件"}},
		{head, casework.Decision{Action: casework.ActionApprove, Comment: "准予"}}} {
		if c, err = a.Cases.Decide(step.who, c.ID, step.d); err != nil {
			t.Fatalf("%s: %v", step.d.Action, err)
		}
	}
	if orders, err = a.Payments.OrdersForCase(me, c.Number); err != nil || len(orders) != 1 {
		t.Fatalf("orders after approval: %+v, %v", orders, err)
	}
}
