package casework_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// 容缺受理: the clock starts with materials owed; approval waits for them.
func TestAcceptWithPendingMaterials(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.m
	c := f.submit(t, f.marketItem)
	_, err := m.Decide(f.marketReviewer, c.ID, casework.Decision{Action: casework.ActionAcceptPending})
	if e := apperr.As(err); e == nil || len(e.Fields) != 2 {
		t.Fatalf("容缺受理 without the list and date: %v", err)
	}
	far := mustDate(t, "2026-05-01")
	if _, err := m.Decide(f.marketReviewer, c.ID, casework.Decision{Action: casework.ActionAcceptPending,
		Pending: []string{"营业场所平面图"}, PendingBy: far}); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("a promise two months away: %v", err)
	}
	c, err = m.Decide(f.marketReviewer, c.ID, casework.Decision{Action: casework.ActionAcceptPending,
		Pending: []string{"营业场所平面图"}, PendingBy: mustDate(t, "2026-03-09")})
	if err != nil || c.State != "accepted" || c.Clock.Accepted.String() != "2026-03-02" || !c.Pending.Outstanding() {
		t.Fatalf("容缺受理: %+v, %v", c, err)
	}
	if c, err = m.Act(f.marketReviewer, c.ID, "review", "审查通过"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Act(f.marketHead, c.ID, casework.ActionApprove, "准予"); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("approval with materials owed: %v", err)
	}
	if _, err := m.ProvidePending(f.stranger, c.ID, []casework.MaterialCheck{{Name: "营业场所平面图", Provided: true}}, ""); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("a stranger providing: %v", err)
	}
	if c, err = m.ProvidePending(f.applicant, c.ID, []casework.MaterialCheck{{Name: "营业场所平面图", Provided: true, FileID: 7}}, "已补齐"); err != nil || c.Pending.Outstanding() {
		t.Fatalf("provided: %+v, %v", c.Pending, err)
	}
	if c, err = m.Act(f.marketHead, c.ID, casework.ActionApprove, "准予"); err != nil || c.State != "concluded" || c.Conclusion != casework.ConclusionLicense {
		t.Fatalf("approval after the materials came: %+v, %v", c, err)
	}
	v, err := m.Case(f.applicant, c.ID)
	if err != nil || !strings.Contains(eventsOf(v), casework.EventPendingProvided) {
		t.Fatalf("timeline: %v, %v", eventsOf(v), err)
	}
	if len(v.Application.Materials) == 0 || v.Application.Materials[len(v.Application.Materials)-1].FileID != 7 {
		t.Fatalf("the owed material is not on the application: %+v", v.Application.Materials)
	}
}

func eventsOf(v casework.CaseView) string {
	var s []string
	for _, e := range v.Events {
		s = append(s, e.Action)
	}
	return strings.Join(s, ",")
}

// 告知承诺制 needs the applicant's signed commitment and decides on the spot.
func TestApproveOnCommitment(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.m
	c := f.submit(t, f.marketItem)
	if _, err := m.Act(f.marketHead, c.ID, casework.ActionCommitment, ""); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("no commitment signed: %v", err)
	}
	a, err := m.SaveDraft(f.applicant, casework.Application{ItemID: f.marketItem, Form: testkit.Form(casework.FieldCommitment, "yes")})
	if err != nil {
		t.Fatal(err)
	}
	c, err = m.Submit(f.applicant, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c, err = m.Act(f.marketHead, c.ID, casework.ActionCommitment, "按承诺准予"); err != nil || c.State != "concluded" ||
		c.Clock.Accepted.String() != "2026-03-02" || c.Conclusion == "" {
		t.Fatalf("approved on commitment: %+v, %v", c, err)
	}
}

// A special procedure stops the clock like a supplement does.
func TestSpecialProcedurePausesTheClock(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.m
	c := f.submit(t, f.marketItem)
	c, err := m.Act(f.marketReviewer, c.ID, casework.ActionAccept, "")
	if err != nil || c.Due.String() != "2026-03-16" {
		t.Fatalf("accept: %v %v", c.Due, err)
	}
	f.advanceTo(t, "2026-03-04")
	if _, err := m.Decide(f.marketReviewer, c.ID, casework.Decision{Action: casework.ActionStartSpecial, Comment: "需现场核查"}); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("a special procedure without its name: %v", err)
	}
	if c, err = m.Decide(f.marketReviewer, c.ID, casework.Decision{Action: casework.ActionStartSpecial, Comment: "需现场核查", Procedure: "现场核查"}); err != nil || !c.Paused() {
		t.Fatalf("special: %+v %v", c, err)
	}
	f.advanceTo(t, "2026-03-09")
	if c, err = m.Act(f.marketReviewer, c.ID, casework.ActionEndSpecial, "核查完毕"); err != nil || c.Paused() || c.State != "accepted" || c.Due.String() != "2026-03-19" {
		t.Fatalf("after the special procedure: state %s due %s, %v", c.State, c.Due, err)
	}
}

// A case sent to the wrong department is transferred with its number and clock.
func TestTransferBetweenDepartments(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.m
	c := f.submit(t, f.marketItem)
	if _, err := m.Transfer(f.healthReviewer, c.ID, f.health.ID, "不是本部门"); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("another department transferring: %v", err)
	}
	if _, err := m.Transfer(f.marketReviewer, c.ID, f.health.ID, ""); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("a transfer without a reason: %v", err)
	}
	moved, err := m.Transfer(f.marketReviewer, c.ID, f.health.ID, "属卫健部门职责")
	if err != nil || moved.DepartmentID != f.health.ID || moved.Number != c.Number {
		t.Fatalf("transfer: %+v, %v", moved, err)
	}
	if _, err := m.Case(f.marketReviewer, c.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("the old department still sees it: %v", err)
	}
	inbox, _, err := m.Inbox(f.healthReviewer, casework.InboxFilter{})
	if err != nil || len(inbox) != 1 || inbox[0].ID != c.ID {
		t.Fatalf("the new department's inbox: %v, %v", inbox, err)
	}
}

// 收受分离: a hall elsewhere in the province receives an item whose 通办范围
// is the province; the case goes to the responsible department.
func TestReceivedElsewhereInsideTheHandleRange(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	e := elements("个体工商户变更登记")
	e.HandleRange = "2" // 全省
	it, err := f.env.Items.InstallPublished(ctx, "ibiz-change-province", 0, f.market.ID, e)
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := testkit.AsStaff(ctx, 799, principal.WindowClerk, "620826", 0) // 静宁县
	c, err := f.m.RegisterAtWindow(elsewhere, casework.Registration{PersonID: applicantID, ItemID: it.ID, Form: testkit.Form()})
	if err != nil || c.ReceivedRegion != "620826" || c.RegionCode != "620825" || c.DepartmentID != f.market.ID {
		t.Fatalf("received in 静宁县: %+v, %v", c, err)
	}
	outside := testkit.AsStaff(ctx, 798, principal.WindowClerk, "610102", 0) // 西安, another province
	if _, err := f.m.RegisterAtWindow(outside, casework.Registration{PersonID: applicantID, ItemID: it.ID, Form: testkit.Form()}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a hall outside the range: %v", err)
	}
}
