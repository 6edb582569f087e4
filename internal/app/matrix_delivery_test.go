package app_test

import (
	"context"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/delivery"
	"github.com/tongban/tongban/internal/testkit"
)

// matrixDeliveries prepares what the notice and delivery rows of the matrix
// act on: 王建国's notice of his submission, an online delivery opened for the
// fixture case (opening authorizes nothing and leaves the case as it is), and
// a mail delivery of a second case, waiting for dispatch.
func matrixDeliveries(t *testing.T, a *app.App, me context.Context, c casework.Case, itemID int64) (notice, online, mail int64) {
	t.Helper()
	in, err := a.Notices.Inbox(me)
	if err != nil || len(in.Notices) == 0 {
		t.Fatalf("王建国's inbox: %+v, %v", in, err)
	}
	draft, err := a.Cases.SaveDraft(me, casework.Application{ItemID: itemID, Form: testkit.Form("phone", "13900001111")})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := a.Cases.Submit(me, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	open := func(c casework.Case, m delivery.Method) int64 {
		n := delivery.New{CaseID: c.ID, CaseNumber: c.Number, ItemName: c.ItemName, RegionCode: c.RegionCode,
			DepartmentID: c.DepartmentID, PersonID: c.PersonID, OrgID: c.OrgID, ApplicantName: "王建国", Method: m,
			ResultName: "食品经营许可证", ResultType: delivery.ResultCertificate}
		if m == delivery.Mail {
			n.Recipient, n.Address, n.Phone = "王建国", "庄浪县水洛镇紫荆路 88 号", "13900001111"
		}
		d, err := a.Deliveries.Open(context.Background(), n)
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	return in.Notices[0].ID, open(c, delivery.Online), open(c2, delivery.Mail)
}
