package hotline_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// complaint is a call about expired bread sold in 南湖镇.
func complaint() hotline.Intake {
	return hotline.Intake{Category: hotline.Complaint, ClassCode: "0101", Title: "超市出售过期面包",
		Content: "南湖镇街道某超市货架上的面包已过保质期三天。", CallerName: "张秀兰", CallerPhone: "139-0000-7777",
		RegionCode: nanhu, Village: "南湖村", Address: "南湖镇街道 12 号"}
}

func act(t *testing.T, ctx context.Context, m *hotline.Manager, id int64, a hotline.Action) hotline.Ticket {
	t.Helper()
	tk, err := m.Act(ctx, id, a)
	if err != nil {
		t.Fatalf("%s: %v", a.Kind, err)
	}
	return tk
}

func wantKind(t *testing.T, err error, k apperr.Kind, what string) {
	t.Helper()
	if apperr.KindOf(err) != k {
		t.Fatalf("%s: got %v, want %v", what, err, k)
	}
}

func TestComplaintLoopWithSecondHandling(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.m
	tk, err := m.RecordCall(f.operator, complaint())
	if err != nil {
		t.Fatal(err)
	}
	if tk.State != hotline.Received || tk.Number == "" || tk.HandleDays != 5 || tk.SignDays != 1 || tk.ClassName != "市场监管/食品安全" {
		t.Fatalf("recorded: %+v", tk)
	}
	if tk.CallerPhone != "13900007777" {
		t.Errorf("the phone was not normalized: %q", tk.CallerPhone)
	}
	s, err := m.Suggest(f.operator, tk.ID)
	if err != nil || !s.Found || s.Department.ID != f.marketID || s.Rule.Name != "南湖镇市场类投诉举报" {
		t.Fatalf("suggestion: %+v %v", s, err)
	}
	tk = act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActDispatch, ByRule: true})
	if tk.State != hotline.Dispatched || tk.DepartmentID != f.marketID || tk.RuleID != s.Rule.ID || tk.SignDue == tk.ReceivedOn {
		t.Fatalf("dispatched: %+v", tk)
	}
	// Another department neither sees nor signs it.
	_, err = m.Act(f.health, tk.ID, hotline.Action{Kind: hotline.ActSign})
	wantKind(t, err, apperr.Forbidden, "health signs market's ticket")
	// The operator does not sign for a department.
	_, err = m.Act(f.operator, tk.ID, hotline.Action{Kind: hotline.ActSign})
	wantKind(t, err, apperr.Forbidden, "operator signs")
	act(t, f.market, m, tk.ID, hotline.Action{Kind: hotline.ActSign})
	_, err = m.Act(f.market, tk.ID, hotline.Action{Kind: hotline.ActReply})
	wantKind(t, err, apperr.Invalid, "a reply without words")
	act(t, f.supervisor, m, tk.ID, hotline.Action{Kind: hotline.ActUrge, Text: "请尽快核查"})
	tk = act(t, f.market, m, tk.ID, hotline.Action{Kind: hotline.ActReply, Text: "已责令下架并立案调查。"})
	if tk.State != hotline.Replied || tk.Urges != 1 {
		t.Fatalf("replied: %+v", tk)
	}
	tk = act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActConclude})
	_, err = m.Act(f.operator, tk.ID, hotline.Action{Kind: hotline.ActCallback, Reached: true})
	wantKind(t, err, apperr.Invalid, "a reached callback without a verdict")
	tk = act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActCallback, Reached: false, Text: "无人接听"})
	if tk.State != hotline.Concluded {
		t.Fatalf("an unreached callback changed the state to %s", tk.State)
	}
	tk = act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActCallback, Reached: true, Satisfaction: hotline.Unsatisfied, Text: "仍在销售"})
	if tk.State != hotline.Handling || tk.Round != 2 || tk.DepartmentID != f.marketID || tk.Reply != "" {
		t.Fatalf("after an unsatisfied callback: %+v", tk)
	}
	if want := m.Clock().HandleDue(m.Today(), 5); tk.HandleDue != want {
		t.Errorf("second handling due %s, want %s", tk.HandleDue, want)
	}
	act(t, f.marketHead, m, tk.ID, hotline.Action{Kind: hotline.ActReply, Text: "已没收过期食品并处罚款。"})
	act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActConclude})
	tk = act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActCallback, Reached: true, Satisfaction: hotline.Satisfied})
	if tk.State != hotline.Closed || tk.Satisfaction != hotline.Satisfied {
		t.Fatalf("closed: %+v", tk)
	}
	v, err := m.Ticket(f.operator, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range v.Events {
		kinds = append(kinds, e.Kind)
	}
	want := []string{"intake", "dispatch", "sign", "urge", "reply", "conclude", "callback", "callback", "reopen", "reply", "conclude", "callback"}
	if len(kinds) != len(want) {
		t.Fatalf("events %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("events %v, want %v", kinds, want)
		}
	}
	if !v.Masked || v.CallerPhone != "139****7777" || v.CallerName == "张秀兰" {
		t.Errorf("the operator's view shows %q %q", v.CallerName, v.CallerPhone)
	}
}

func TestReturnAndRedispatch(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.m
	tk, err := m.RecordCall(f.operator, complaint())
	if err != nil {
		t.Fatal(err)
	}
	act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActDispatch, DepartmentID: f.healthID})
	_, err = m.Act(f.health, tk.ID, hotline.Action{Kind: hotline.ActReturn})
	wantKind(t, err, apperr.Invalid, "a return without a reason")
	tk = act(t, f.health, m, tk.ID, hotline.Action{Kind: hotline.ActReturn, Text: "不属于本部门职责"})
	if tk.State != hotline.Received || tk.DepartmentID != 0 || tk.Returns != 1 {
		t.Fatalf("returned: %+v", tk)
	}
	// The department that returned it no longer sees it.
	_, err = m.Ticket(f.health, tk.ID)
	wantKind(t, err, apperr.Forbidden, "health views a returned ticket")
	act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActDispatch, DepartmentID: f.healthID})
	_, err = m.Act(f.operator, tk.ID, hotline.Action{Kind: hotline.ActRedispatch, DepartmentID: f.marketID})
	wantKind(t, err, apperr.Invalid, "a re-dispatch without a reason")
	_, err = m.Act(f.operator, tk.ID, hotline.Action{Kind: hotline.ActRedispatch, DepartmentID: f.healthID, Text: "重派"})
	wantKind(t, err, apperr.Invalid, "a re-dispatch to the same department")
	tk = act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActRedispatch, DepartmentID: f.marketID, Text: "食品安全归市场监管"})
	if tk.State != hotline.Dispatched || tk.DepartmentID != f.marketID {
		t.Fatalf("re-dispatched: %+v", tk)
	}
	if _, err := m.Ticket(f.market, tk.ID); err != nil {
		t.Errorf("market cannot see its ticket: %v", err)
	}
	// A department of another county cannot take the ticket.
	_, err = m.Act(f.operator, tk.ID, hotline.Action{Kind: hotline.ActRedispatch, DepartmentID: 999999, Text: "x"})
	wantKind(t, err, apperr.Invalid, "re-dispatch to an unknown department")
}

func TestMergedDuplicatesFollowTheirMainTicket(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.m
	main, err := m.RecordCall(f.operator, complaint())
	if err != nil {
		t.Fatal(err)
	}
	dup, err := m.RecordCall(f.operator, complaint())
	if err != nil {
		t.Fatal(err)
	}
	third, err := m.RecordCall(f.operator, complaint())
	if err != nil {
		t.Fatal(err)
	}
	act(t, f.operator, m, third.ID, hotline.Action{Kind: hotline.ActMerge, MainNumber: dup.Number})
	_, err = m.Act(f.operator, dup.ID, hotline.Action{Kind: hotline.ActMerge, MainNumber: dup.Number})
	wantKind(t, err, apperr.Invalid, "a ticket merged into itself")
	act(t, f.operator, m, dup.ID, hotline.Action{Kind: hotline.ActMerge, MainNumber: main.Number, Text: "同一超市"})
	_, err = m.Act(f.operator, dup.ID, hotline.Action{Kind: hotline.ActDispatch, DepartmentID: f.marketID})
	wantKind(t, err, apperr.Conflict, "dispatching a merged ticket")
	v, err := m.Ticket(f.operator, main.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Duplicates) != 2 {
		t.Fatalf("main ticket has %d duplicates, want 2 (the third moved with the second)", len(v.Duplicates))
	}
	act(t, f.operator, m, main.ID, hotline.Action{Kind: hotline.ActDispatch, ByRule: true})
	dv, err := m.Ticket(f.operator, third.ID)
	if err != nil {
		t.Fatal(err)
	}
	if dv.Main == nil || dv.Main.ID != main.ID || dv.Main.State != hotline.Dispatched {
		t.Fatalf("the duplicate does not follow its main ticket: %+v", dv.Main)
	}
	if dv.Can[hotline.ActDispatch] || dv.Can[hotline.ActMerge] {
		t.Errorf("a merged ticket offers actions: %v", dv.Can)
	}
}

func TestConsultationAnsweredAtIntake(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.m
	arts, _, err := m.Articles(f.operator, hotline.ArticleFilter{Query: "身份证 补领"})
	if err != nil || len(arts) != 1 || len(arts[0].Items) != 1 || arts[0].Items[0].Slug != "id-card-reissue" {
		t.Fatalf("knowledge base search: %+v %v", arts, err)
	}
	in := hotline.Intake{Category: hotline.Consult, ClassCode: "08", Title: "身份证丢了怎么办", Content: "身份证丢失，问如何补办。",
		CallerName: "李明", CallerPhone: "13900008888", RegionCode: "620825", Answer: arts[0].Body, ArticleID: arts[0].ID}
	tk, err := m.RecordCall(f.operator, in)
	if err != nil {
		t.Fatal(err)
	}
	if tk.State != hotline.Concluded || tk.Reply == "" || tk.ArticleID != arts[0].ID || tk.HandleDays != 2 {
		t.Fatalf("answered at intake: %+v", tk)
	}
	bad := complaint()
	bad.Answer = "直接答复"
	_, err = m.RecordCall(f.operator, bad)
	if fe := apperr.FieldErrors(err); len(fe) != 1 || fe[0].Field != "answer" {
		t.Errorf("a complaint answered at intake: %v", err)
	}
	// Unsatisfied with an answer nobody else gave, it comes back to the operator.
	tk = act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActCallback, Reached: true, Satisfaction: hotline.Unsatisfied})
	if tk.State != hotline.Received || tk.Round != 2 {
		t.Errorf("after an unsatisfied answer: %s round %d", tk.State, tk.Round)
	}
}

func TestIntakeIsCheckedAndScoped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.m
	_, err := m.RecordCall(f.operator, hotline.Intake{Category: "gossip", ClassCode: "77", RegionCode: "620826101", CallerPhone: "12ab"})
	fields := map[string]bool{}
	for _, fe := range apperr.FieldErrors(err) {
		fields[fe.Field] = true
	}
	for _, want := range []string{"category", "class_code", "title", "content", "caller_name", "caller_phone", "region_code"} {
		if !fields[want] {
			t.Errorf("no problem reported on %s: %v", want, err)
		}
	}
	_, err = m.RecordCall(f.clerk, complaint())
	wantKind(t, err, apperr.Forbidden, "a window clerk records a call")
	_, err = m.RecordCall(context.Background(), complaint())
	wantKind(t, err, apperr.Unauthenticated, "nobody records a call")
	other := testkit.AsStaff(context.Background(), 907, principal.HotlineOperator, "620826", 0)
	_, err = m.RecordCall(other, complaint())
	wantKind(t, err, apperr.Forbidden, "another county's operator")
	township := testkit.AsStaff(context.Background(), 908, principal.HotlineOperator, "620825102", 0)
	_, err = m.RecordCall(township, complaint())
	wantKind(t, err, apperr.Forbidden, "朱店镇's operator records a call about 南湖镇")

	tk, err := m.RecordCall(f.operator, complaint())
	if err != nil {
		t.Fatal(err)
	}
	// Before dispatch no department sees the ticket; a citizen is told it does not exist.
	_, err = m.Ticket(f.market, tk.ID)
	wantKind(t, err, apperr.Forbidden, "market views an undispatched ticket")
	_, err = m.Ticket(f.clerk, tk.ID)
	wantKind(t, err, apperr.Forbidden, "a clerk views a ticket")
	_, err = m.Ticket(testkit.AsPerson(context.Background(), 1, "王建国"), tk.ID)
	wantKind(t, err, apperr.NotFound, "a citizen views a call")
	if _, err := m.Ticket(f.supervisor, tk.ID); err != nil {
		t.Errorf("the supervisor cannot see the ticket: %v", err)
	}
	_, err = m.Act(f.supervisor, tk.ID, hotline.Action{Kind: hotline.ActDispatch, DepartmentID: f.marketID})
	wantKind(t, err, apperr.Forbidden, "a supervisor dispatches")
}

func TestRevealIsAudited(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.m
	tk, err := m.RecordCall(f.operator, complaint())
	if err != nil {
		t.Fatal(err)
	}
	phone, err := m.Reveal(f.operator, tk.ID, "phone")
	if err != nil || phone != "13900007777" {
		t.Fatalf("reveal: %q %v", phone, err)
	}
	_, err = m.Reveal(f.supervisor, tk.ID, "phone")
	wantKind(t, err, apperr.Forbidden, "a supervisor reveals")
	admin := testkit.AsStaff(context.Background(), 1, principal.SystemAdmin, "620825", 0)
	entries, _, err := f.env.Store.ListAudit(admin, auditFilter(tk.ID))
	if err != nil || len(entries) != 1 || entries[0].Detail != "caller_phone" {
		t.Fatalf("audit of the reveal: %+v %v", entries, err)
	}
}

func TestCitizenFilesOnlineAndRatesTheAnswer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := f.m
	me := testkit.AsPerson(context.Background(), 42, "王建国")
	in := complaint()
	in.Channel = hotline.Mobile
	tk, err := m.FileOnline(me, in)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Channel != hotline.Mobile || tk.PersonID != 42 {
		t.Fatalf("filed online: %+v", tk)
	}
	rows, err := m.MyTickets(me)
	if err != nil || len(rows) != 1 || rows[0].ID != tk.ID {
		t.Fatalf("my tickets: %+v %v", rows, err)
	}
	_, err = m.Ticket(testkit.AsPerson(context.Background(), 43, "李四"), tk.ID)
	wantKind(t, err, apperr.NotFound, "another citizen's ticket")
	act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActDispatch, ByRule: true})
	act(t, f.market, m, tk.ID, hotline.Action{Kind: hotline.ActSign})
	act(t, f.market, m, tk.ID, hotline.Action{Kind: hotline.ActReply, Text: "已处理"})
	_, err = m.Act(me, tk.ID, hotline.Action{Kind: hotline.ActRate, Satisfaction: hotline.Satisfied})
	wantKind(t, err, apperr.Conflict, "rating before the conclusion")
	act(t, f.operator, m, tk.ID, hotline.Action{Kind: hotline.ActConclude})
	v, err := m.Ticket(me, tk.ID)
	if err != nil || !v.Can[hotline.ActRate] || v.Masked || v.CallerPhone != "13900007777" {
		t.Fatalf("the requester's view: %+v %v", v.Can, err)
	}
	tk = act(t, me, m, tk.ID, hotline.Action{Kind: hotline.ActRate, Satisfaction: hotline.Unsatisfied, Text: "没解决"})
	if tk.State != hotline.Handling || tk.Round != 2 {
		t.Errorf("after an unsatisfied rating: %s round %d", tk.State, tk.Round)
	}
}

func auditFilter(ticketID int64) audit.Filter {
	return audit.Filter{RegionPrefix: "620825", Action: hotline.AuditReveal, TargetKind: "ticket", TargetID: strconv.FormatInt(ticketID, 10), Limit: 10}
}
