package casework_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/testkit"
)

func TestDraftSaveResumeAndSubmit(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.m
	if _, err := m.SaveDraft(context.Background(), casework.Application{ItemID: f.marketItem}); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Fatalf("anonymous draft: %v", err)
	}
	a, err := m.SaveDraft(f.applicant, casework.Application{ItemID: f.marketItem, Form: testkit.Form("name", "王建"),
		Materials: []casework.MaterialCheck{{Name: "登记申请书"}}})
	if err != nil || a.ID == 0 || a.ItemVersion != 1 {
		t.Fatalf("first save: %+v, %v", a, err)
	}
	// An autosave from another device, which does not know the draft's id,
	// resumes the same draft.
	b, err := m.SaveDraft(f.applicant, casework.Application{ItemID: f.marketItem, Form: testkit.Form("name", "王建国", "phone", "13800000000"),
		Materials: []casework.MaterialCheck{{Name: "登记申请书", Provided: true}}})
	if err != nil || b.ID != a.ID {
		t.Fatalf("second device: %+v, %v (want draft %d)", b, err, a.ID)
	}
	got, err := m.Draft(f.applicant, f.marketItem)
	if err != nil || got.Form["name"] != "王建国" || got.Form["phone"] != "13800000000" || len(got.Materials) != 1 || !got.Materials[0].Provided {
		t.Fatalf("resumed draft: %+v, %v", got, err)
	}
	// Another citizen neither sees nor changes nor submits it.
	if _, err := m.SaveDraft(f.stranger, casework.Application{ID: a.ID, Form: testkit.Form("name", "x")}); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("stranger saving: %v", err)
	}
	if _, err := m.Draft(f.stranger, f.marketItem); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("stranger resuming: %v", err)
	}
	if _, err := m.Submit(f.stranger, a.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("stranger submitting: %v", err)
	}

	c, err := m.Submit(f.applicant, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	impl := casework.LocalImplCode("620825", f.market.ID, f.marketItem)
	if c.Number != impl+"202603020001" || len(c.Number) != casework.CaseNumberLength {
		t.Fatalf("case number %q, want %s202603020001", c.Number, impl)
	}
	if c.State != "submitted" || c.Channel != casework.ChannelOnline || c.DepartmentID != f.market.ID || c.ItemName != "食品小作坊登记" || c.Accepted() {
		t.Fatalf("case = %+v", c)
	}
	if _, err := m.Submit(f.applicant, a.ID); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("submitting twice: %v", err)
	}
	if _, err := m.SaveDraft(f.applicant, casework.Application{ID: a.ID}); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("editing a submitted application: %v", err)
	}
	if _, err := m.Draft(f.applicant, f.marketItem); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("a submitted application is still a draft: %v", err)
	}
	// The next case of the day gets the next sequence number.
	if c2 := f.submit(t, f.marketItem); c2.Number != impl+"202603020002" {
		t.Fatalf("second case number %q", c2.Number)
	}

	v, err := m.Case(f.applicant, c.ID)
	if err != nil || len(v.Events) != 1 || v.Events[0].Action != casework.EventSubmit || v.Events[0].ToState != "submitted" || v.Events[0].ActorName != "王建国" {
		t.Fatalf("timeline: %+v, %v", v.Events, err)
	}
	if len(v.Actions) != 1 || v.Actions[0].ID != "withdraw" {
		t.Fatalf("before acceptance the applicant may only withdraw: %v", v.Actions)
	}
	mine, err := m.MyCases(f.applicant)
	if err != nil || len(mine) != 2 || mine[1].ID != c.ID || mine[1].StateLabel != "待受理" || len(mine[1].Needed) != 0 {
		t.Fatalf("my cases: %+v, %v", mine, err)
	}
	if others, err := m.MyCases(f.stranger); err != nil || len(others) != 0 {
		t.Fatalf("stranger's cases: %v, %v", others, err)
	}
	inbox, total, err := m.Inbox(f.marketReviewer, casework.InboxFilter{})
	if err != nil || total != 2 || len(inbox) != 2 {
		t.Fatalf("market inbox: %d cases, %v", total, err)
	}
	entries, _, err := f.env.Store.ListAudit(context.Background(), audit.Filter{RegionPrefix: "620825", TargetKind: "case", Limit: 10})
	if err != nil || len(entries) != 2 || entries[0].Action != "case.submit" {
		t.Fatalf("audit: %+v, %v", entries, err)
	}
}

func TestWindowRegistrationReachesTheResponsibleDepartment(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.m
	reg := casework.Registration{PersonID: applicantID, ItemID: f.healthItem, Form: testkit.Form("name", "王建国"),
		Materials: []casework.MaterialCheck{{Name: "登记申请书", Provided: true}}}
	if _, err := m.RegisterAtWindow(f.marketReviewer, reg); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a reviewer registering at a window: %v", err)
	}
	if _, err := m.RegisterAtWindow(f.applicant, reg); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a citizen registering at a window: %v", err)
	}
	elsewhere := testkitStaffElsewhere()
	if _, err := m.RegisterAtWindow(elsewhere, reg); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a clerk of another county: %v", err)
	}
	if _, err := m.RegisterAtWindow(f.clerk, casework.Registration{ItemID: f.healthItem}); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("no applicant: %v", err)
	}

	// The clerk of 南湖镇's hall registers a 县卫健局 item (无差别受理).
	c, err := m.RegisterAtWindow(f.clerk, reg)
	if err != nil {
		t.Fatal(err)
	}
	if c.Channel != casework.ChannelWindow || c.RegisteredBy != 704 || c.ReceivedRegion != "620825101" ||
		c.DepartmentID != f.health.ID || c.RegionCode != "620825" || c.PersonID != applicantID || c.State != "submitted" {
		t.Fatalf("registered case = %+v", c)
	}
	inbox, _, err := m.Inbox(f.healthReviewer, casework.InboxFilter{})
	if err != nil || len(inbox) != 1 || inbox[0].ID != c.ID {
		t.Fatalf("health inbox: %+v, %v", inbox, err)
	}
	if other, _, err := m.Inbox(f.marketReviewer, casework.InboxFilter{}); err != nil || len(other) != 0 {
		t.Fatalf("market inbox has %d cases, %v", len(other), err)
	}
	v, err := m.Case(f.clerk, c.ID)
	if err != nil || len(v.Events) != 1 || v.Events[0].Action != casework.EventRegister || v.Events[0].ActorID != 704 {
		t.Fatalf("clerk's view: %+v, %v", v.Events, err)
	}
	// The applicant sees it among their cases, and the department accepts it.
	if mine, err := m.MyCases(f.applicant); err != nil || len(mine) != 1 || mine[0].ID != c.ID {
		t.Fatalf("my cases: %+v, %v", mine, err)
	}
	if c, err = m.Act(f.healthReviewer, c.ID, casework.ActionAccept, ""); err != nil || c.State != "accepted" {
		t.Fatalf("accept: %+v, %v", c, err)
	}
}

func TestAnotherDepartmentCannotSeeOrAct(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.m
	c := f.submit(t, f.marketItem)
	inbox, total, err := m.Inbox(f.healthReviewer, casework.InboxFilter{IncludeClosed: true})
	if err != nil || total != 0 || len(inbox) != 0 {
		t.Fatalf("县卫健局 inbox shows %d cases of 县市场监督管理局, %v", total, err)
	}
	if _, err := m.Case(f.healthReviewer, c.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("县卫健局 reviewer reading the case: %v", err)
	}
	for _, action := range []string{casework.ActionAccept, "refuse", casework.ActionSupplement} {
		if _, err := m.Act(f.healthReviewer, c.ID, action, "理由"); apperr.KindOf(err) != apperr.Forbidden {
			t.Fatalf("县卫健局 reviewer taking %s: %v", action, err)
		}
	}
	if _, err := m.Case(f.stranger, c.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("another citizen reading the case: %v", err)
	}
	if _, err := m.Act(f.stranger, c.ID, casework.ActionResubmit, ""); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("another citizen acting: %v", err)
	}
	if _, err := m.Case(context.Background(), c.ID); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Fatalf("anonymous reading: %v", err)
	}
	if _, err := m.Overdue(f.healthReviewer, "620825", mustDate(t, "2026-12-31")); err != nil {
		t.Fatal(err)
	}
	v, err := m.Case(f.marketReviewer, c.ID)
	if err != nil || v.State != "submitted" || len(v.Events) != 1 {
		t.Fatalf("the case changed: %+v, %v", v.Case, err)
	}
}

func TestAcceptSupplementResubmitAndConclude(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.m
	c := f.submit(t, f.marketItem)

	// Accepted on Monday 2026-03-02; 10 promised working days → 2026-03-16.
	c, err := m.Act(f.marketReviewer, c.ID, casework.ActionAccept, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.State != "accepted" || c.Clock.Accepted.String() != "2026-03-02" || c.Due.String() != "2026-03-16" || c.Provisional {
		t.Fatalf("accepted case: state %s accepted %s due %s", c.State, c.Clock.Accepted, c.Due)
	}

	// Wednesday 03-04: a one-time supplement notice stops the clock.
	f.advanceTo(t, "2026-03-04")
	if _, err := m.Act(f.marketReviewer, c.ID, casework.ActionSupplement, " "); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("a supplement notice without its list: %v", err)
	}
	if c, err = m.Act(f.marketReviewer, c.ID, casework.ActionSupplement, "请补充：营业场所平面图"); err != nil {
		t.Fatal(err)
	}
	if c.State != "supplement" || !c.Paused() || c.Clock.OpenPause.String() != "2026-03-04" {
		t.Fatalf("supplement: %+v", c)
	}
	mine, err := m.MyCases(f.applicant)
	if err != nil || len(mine) != 1 || len(mine[0].Needed) != 1 || mine[0].Needed[0].ID != casework.ActionResubmit || mine[0].Notice != "请补充：营业场所平面图" {
		t.Fatalf("what the applicant must do: %+v, %v", mine, err)
	}
	if _, err := m.Act(f.marketReviewer, c.ID, casework.ActionResubmit, ""); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a reviewer resubmitting for the applicant: %v", err)
	}

	// Monday 03-09 the applicant resubmits: 03-05, 03-06 and 03-09 were paused,
	// so the due date moves three working days, to 03-19.
	f.advanceTo(t, "2026-03-09")
	if c, err = m.Act(f.applicant, c.ID, casework.ActionResubmit, "已补充平面图"); err != nil {
		t.Fatal(err)
	}
	if c.State != "submitted" || c.Paused() || len(c.Clock.Pauses) != 1 || c.Due.String() != "2026-03-19" {
		t.Fatalf("after resubmission: state %s pauses %v due %s", c.State, c.Clock.Pauses, c.Due)
	}
	// Re-acceptance continues the clock rather than restarting it.
	if c, err = m.Act(f.marketReviewer, c.ID, casework.ActionAccept, ""); err != nil || c.Clock.Accepted.String() != "2026-03-02" || c.Due.String() != "2026-03-19" {
		t.Fatalf("re-accepted: accepted %s due %s, %v", c.Clock.Accepted, c.Due, err)
	}
	// The stored case is what Act returned.
	if v, err := m.Case(f.marketReviewer, c.ID); err != nil || v.Due.String() != "2026-03-19" || len(v.Clock.Pauses) != 1 ||
		v.Clock.Pauses[0].From.String() != "2026-03-04" || v.Clock.Pauses[0].To.String() != "2026-03-09" {
		t.Fatalf("stored case: %+v, %v", v.Case, err)
	}

	if c, err = m.Act(f.marketReviewer, c.ID, "review", "材料齐全"); err != nil || c.State != "deciding" {
		t.Fatalf("review: %+v, %v", c, err)
	}
	if _, err := m.Act(f.marketReviewer, c.ID, "approve", "准予"); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a reviewer deciding: %v", err)
	}
	if _, err := m.Act(f.marketHead, c.ID, casework.ActionAccept, ""); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("accepting a case under decision: %v", err)
	}
	if _, err := m.Act(f.marketHead, c.ID, "fly", ""); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("an unknown action: %v", err)
	}
	if c, err = m.Act(f.marketHead, c.ID, "approve", "准予许可"); err != nil || c.State != "concluded" || c.Closed {
		t.Fatalf("approve: %+v, %v", c, err)
	}
	if c, err = m.Act(f.marketReviewer, c.ID, "deliver", ""); err != nil || c.State != "delivered" || !c.Closed || c.ClosedAt.IsZero() {
		t.Fatalf("deliver: %+v, %v", c, err)
	}
	if _, err := m.Act(f.marketReviewer, c.ID, "deliver", ""); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("acting on a closed case: %v", err)
	}
	if inbox, _, err := m.Inbox(f.marketReviewer, casework.InboxFilter{}); err != nil || len(inbox) != 0 {
		t.Fatalf("a closed case stays in the inbox: %d, %v", len(inbox), err)
	}
	v, err := m.Case(f.applicant, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, e := range v.Events {
		steps = append(steps, e.Action)
	}
	want := []string{"submit", "accept", "request_supplement", "resubmit", "accept", "review", "approve", "deliver"}
	if !slices.Equal(steps, want) {
		t.Fatalf("timeline %v, want %v", steps, want)
	}
	if v.Events[2].Comment != "请补充：营业场所平面图" || v.Events[1].Detail["due"] != "2026-03-16" || v.Events[3].Detail["due"] != "2026-03-19" {
		t.Fatalf("timeline details: %+v", v.Events)
	}
	entries, total, err := f.env.Store.ListAudit(context.Background(), audit.Filter{RegionPrefix: "620825", TargetKind: "case", Limit: 20})
	if err != nil || total != len(want) || !strings.HasPrefix(entries[0].Action, "case.deliver") {
		t.Fatalf("audit: %d entries, %+v, %v", total, entries, err)
	}
}

func TestSupervisionLights(t *testing.T) {
	t.Parallel()
	f := setup(t)
	m := f.m
	c := f.submit(t, f.marketItem)
	f.submit(t, f.healthItem) // never accepted: no clock, no light
	if _, err := m.Act(f.marketReviewer, c.ID, casework.ActionAccept, ""); err != nil {
		t.Fatal(err)
	}
	// Due 2026-03-16.
	for day, want := range map[string]casework.Light{"2026-03-03": casework.Green, "2026-03-13": casework.Yellow, "2026-03-17": casework.Red} {
		got, err := m.Overdue(f.supervisor, "620825", mustDate(t, day))
		if err != nil || len(got) != 1 || got[0].ID != c.ID || got[0].Light != want {
			t.Fatalf("on %s: %+v, %v (want %s)", day, got, err, want)
		}
	}
	if got, err := m.Overdue(f.healthReviewer, "", mustDate(t, "2026-03-17")); err != nil || len(got) != 0 {
		t.Fatalf("县卫健局 sees %d 县市场监督管理局 cases, %v", len(got), err)
	}
	if _, err := m.Overdue(f.clerk, "620825", mustDate(t, "2026-03-17")); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a township clerk supervising the county: %v", err)
	}
	if _, err := m.Overdue(f.applicant, "620825", mustDate(t, "2026-03-17")); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a citizen supervising: %v", err)
	}
}

// Concurrent submissions each get their own case number, on either engine.
func TestConcurrentSubmissionsGetDistinctNumbers(t *testing.T) {
	t.Parallel()
	f := setup(t)
	const n = 40
	ids := make([]int64, n)
	for i := range ids {
		a, err := f.m.SaveDraft(testkit.AsPerson(context.Background(), int64(10000+i), "申请人"), casework.Application{ItemID: f.marketItem, Form: testkit.Form()})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = a.ID
	}
	numbers := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := f.m.Submit(testkit.AsPerson(context.Background(), int64(10000+i), "申请人"), ids[i])
			numbers[i], errs[i] = c.Number, err
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, num := range numbers {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if seen[num] {
			t.Fatalf("case number %s issued twice", num)
		}
		seen[num] = true
	}
	if _, total, err := f.m.Inbox(f.marketReviewer, casework.InboxFilter{}); err != nil || total != n {
		t.Fatalf("inbox holds %d cases, %v", total, err)
	}
}
