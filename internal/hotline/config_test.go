package hotline_test

import (
	"context"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// A ticket recorded on 30 April 2026, the working day before 劳动节 (1–5 May
// off, Saturday 9 May worked), is due when the national notice says.
func TestTicketBeforeLabourDayIsDueByTheCalendar(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	eve := time.Date(2026, 4, 30, 2, 30, 0, 0, time.UTC) // 10:30 in China
	m := newManager(t, f.env, func() time.Time { return eve })
	tk, err := m.RecordCall(f.operator, complaint())
	if err != nil {
		t.Fatal(err)
	}
	if tk.ReceivedOn.String() != "2026-04-30" || tk.HandleDue.String() != "2026-05-11" {
		t.Errorf("complaint received %s due %s, want 2026-04-30 and 2026-05-11", tk.ReceivedOn, tk.HandleDue)
	}
	consult := complaint()
	consult.Category, consult.ClassCode = hotline.Consult, "08"
	c, err := m.RecordCall(f.operator, consult)
	if err != nil {
		t.Fatal(err)
	}
	if c.HandleDue.String() != "2026-05-07" {
		t.Errorf("consultation due %s, want 2026-05-07", c.HandleDue)
	}
	tk, err = m.Act(f.operator, tk.ID, hotline.Action{Kind: hotline.ActDispatch, ByRule: true})
	if err != nil {
		t.Fatal(err)
	}
	if tk.SignDue.String() != "2026-05-06" {
		t.Errorf("signature due %s, want 2026-05-06, the first working day after the holiday", tk.SignDue)
	}
}

func TestLimitsAreConfigurablePerRegion(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := testkit.AsStaff(context.Background(), 1, principal.SystemAdmin, "620825", 0)
	err := f.m.SaveLimits(f.operator, nanhu, []hotline.Limit{{Category: hotline.Complaint, SignDays: 1, HandleDays: 3}})
	if apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("an operator sets limits: %v", err)
	}
	err = f.m.SaveLimits(admin, nanhu, []hotline.Limit{{Category: hotline.Complaint, SignDays: 0, HandleDays: 99}})
	if fe := apperr.FieldErrors(err); len(fe) != 2 {
		t.Fatalf("limits out of range: %v", err)
	}
	if err := f.m.SaveLimits(admin, nanhu, []hotline.Limit{{Category: hotline.Complaint, SignDays: 2, HandleDays: 3}}); err != nil {
		t.Fatal(err)
	}
	ls, err := f.m.Limits(admin, nanhu)
	if err != nil || len(ls) != len(hotline.Categories) {
		t.Fatalf("limits: %v %v", ls, err)
	}
	tk, err := f.m.RecordCall(f.operator, complaint())
	if err != nil {
		t.Fatal(err)
	}
	// Monday 2 March 2026 + 3 working days.
	if tk.HandleDays != 3 || tk.SignDays != 2 || tk.HandleDue.String() != "2026-03-05" {
		t.Errorf("a 南湖镇 complaint: %d/%d due %s", tk.SignDays, tk.HandleDays, tk.HandleDue)
	}
	elsewhere := complaint()
	elsewhere.RegionCode = "620825102"
	tk, err = f.m.RecordCall(f.operator, elsewhere)
	if err != nil || tk.HandleDays != 5 {
		t.Errorf("a 朱店镇 complaint keeps the default: %d %v", tk.HandleDays, err)
	}
}

func TestRulesAreCheckedWhenSaved(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := testkit.AsStaff(context.Background(), 1, principal.SystemAdmin, "620825", 0)
	_, err := f.m.SaveRule(admin, hotline.Rule{Name: "坏规则", Expression: `category == "投诉" &&& x`, DepartmentID: f.marketID, Priority: 5})
	fe := apperr.FieldErrors(err)
	if len(fe) != 1 || fe[0].Field != "expression" || fe[0].Key != "hotline.rule.compile" || fe[0].Args[0] != 1 {
		t.Fatalf("a rule that does not parse: %v", err)
	}
	_, err = f.m.SaveRule(f.operator, hotline.Rule{Name: "x", Expression: "true", DepartmentID: f.marketID})
	if apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("an operator saves a rule: %v", err)
	}
	r, err := f.m.SaveRule(admin, hotline.Rule{Name: "全部到卫健", Expression: `text.contains("面包")`, DepartmentID: f.healthID, Priority: 1, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := f.m.RecordCall(f.operator, complaint())
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.m.Suggest(f.operator, tk.ID)
	if err != nil || s.Rule.ID != r.ID || s.Department.ID != f.healthID {
		t.Fatalf("the new rule with the first priority: %+v %v", s, err)
	}
	r.Active = false
	if _, err := f.m.SaveRule(admin, r); err != nil {
		t.Fatal(err)
	}
	if s, _ = f.m.Suggest(f.operator, tk.ID); s.Department.ID != f.marketID {
		t.Errorf("a deactivated rule still dispatches: %+v", s)
	}
	rules, err := f.m.Rules(admin)
	if err != nil || len(rules) != 3 || rules[0].ID != r.ID || rules[0].DepartmentName != "县卫健局" {
		t.Errorf("rules in order: %+v %v", rules, err)
	}
}

func TestBoardShowsLateUnsatisfiedAndRepeated(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var ids []int64
	for range 3 {
		tk, err := f.m.RecordCall(f.operator, complaint())
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	for _, id := range ids[:2] {
		if _, err := f.m.Act(f.operator, id, hotline.Action{Kind: hotline.ActDispatch, ByRule: true}); err != nil {
			t.Fatal(err)
		}
	}
	// Two working days later the signatures are overdue and the handling
	// deadline (Monday 9 March) is near.
	f.env.Clock.Advance(4 * 24 * time.Hour) // Friday 6 March
	b, err := f.m.Board(f.supervisor)
	if err != nil {
		t.Fatal(err)
	}
	if b.Open != 3 || b.Counts[hotline.Dispatched] != 2 || b.Counts[hotline.Received] != 1 {
		t.Errorf("counts: open %d %v", b.Open, b.Counts)
	}
	if len(b.Late) != 3 || b.Late[0].SignLight != "red" {
		t.Errorf("late: %+v", b.Late)
	}
	if len(b.Repeats) != 1 || b.Repeats[0].Count != 3 || b.Repeats[0].RegionCode != nanhu || b.Repeats[0].ClassCode != "0101" {
		t.Errorf("repeats: %+v", b.Repeats)
	}
	if b.SatisfactionRate() != -1 {
		t.Errorf("satisfaction without verdicts: %v", b.SatisfactionRate())
	}
	if _, err := f.m.Board(f.market); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("a department reads the board: %v", err)
	}
	if _, err := f.m.Board(f.operator); err != nil {
		t.Errorf("the operator reads the board: %v", err)
	}
}

func TestOpen311KeysAndPublicRequests(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	admin := testkit.AsStaff(context.Background(), 1, principal.SystemAdmin, "620825", 0)
	k, plain, err := f.m.IssueKey(admin, "城市服务App")
	if err != nil {
		t.Fatal(err)
	}
	if k.Hash == plain || len(plain) < 30 || k.Prefix != plain[:len(k.Prefix)] {
		t.Fatalf("key %q stored as %+v", plain, k)
	}
	in := hotline.Intake{Category: hotline.Complaint, ClassCode: "0101", Title: "食品安全", Content: "面包过期", RegionCode: nanhu, Address: "南湖镇"}
	anon := context.Background()
	if _, err := f.m.FileByAPI(anon, "tb311_wrong", in); err != hotline.ErrBadKey {
		t.Fatalf("a wrong key: %v", err)
	}
	tk, err := f.m.FileByAPI(anon, plain, in)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Channel != hotline.Open311 || tk.APIKeyID != k.ID || tk.Number == "" {
		t.Fatalf("filed by API: %+v", tk)
	}
	if _, err := f.m.RecordCall(f.operator, complaint()); err != nil { // a call: never public
		t.Fatal(err)
	}
	open := true
	pub, err := f.m.PublicRequests(anon, hotline.PublicFilter{Open: &open, Limit: 10})
	if err != nil || len(pub) != 1 || pub[0].ID != tk.ID || pub[0].CallerPhone != "" {
		t.Fatalf("public requests: %+v %v", pub, err)
	}
	if err := f.m.RevokeKey(admin, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.m.FileByAPI(anon, plain, in); err != hotline.ErrBadKey {
		t.Fatalf("a revoked key: %v", err)
	}
	if err := f.m.RevokeKey(admin, k.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("revoking twice: %v", err)
	}
}
