package rating_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/rating"
	"github.com/tongban/tongban/internal/testkit"
)

func fieldsOf(err error) []string {
	var out []string
	for _, f := range apperr.FieldErrors(err) {
		out = append(out, f.Field+":"+f.Key)
	}
	return out
}

// The five levels: 差评 is 不满意 and 非常不满意; satisfaction counts the top three.
func TestLevels(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		l            rating.Level
		bad, content bool
	}{{1, true, false}, {2, true, false}, {3, false, true}, {4, false, true}, {5, false, true}} {
		if c.l.Bad() != c.bad || c.l.Content() != c.content || !c.l.Valid() {
			t.Errorf("level %d: bad=%v content=%v", c.l, c.l.Bad(), c.l.Content())
		}
	}
	if rating.Level(0).Valid() || rating.Level(6).Valid() || rating.Channel(8).Valid() || !rating.ChannelDefault.Valid() {
		t.Error("level or channel bounds")
	}
}

// A rating needs a level, a comment when it is bad, dimensions of its mode
// scored 1–5, and a channel a person's own device can be.
func TestRatingInputRules(t *testing.T) {
	t.Parallel()
	f := setup(t, at(2026, 3, 2, 10))
	s := f.service(t, rating.StageConclude, marketDept)
	for _, c := range []struct {
		name string
		in   rating.Input
		want []string
	}{
		{"no level", rating.Input{Channel: rating.ChannelPC}, []string{"level:rating.level.required"}},
		{"bad without comment", rating.Input{Level: rating.Dissatisfied, Comment: "  ", Channel: rating.ChannelPC},
			[]string{"comment:rating.comment.required_bad"}},
		{"a hall channel online", rating.Input{Level: rating.Satisfied, Channel: rating.ChannelHallPad}, []string{"channel:form.choice"}},
		{"on-site dimension online", rating.Input{Level: rating.Satisfied, Channel: rating.ChannelPC, Dimensions: map[string]int{"attitude": 5}},
			[]string{"dimensions:rating.dimension.unknown"}},
		{"score out of range", rating.Input{Level: rating.Satisfied, Channel: rating.ChannelPC, Dimensions: map[string]int{"efficiency": 6}},
			[]string{"dim_efficiency:rating.dimension.range"}},
		{"too long", rating.Input{Level: rating.Satisfied, Channel: rating.ChannelPC, Comment: strings.Repeat("慢", 501)},
			[]string{"comment:rating.comment.too_long"}},
	} {
		_, err := f.m.Rate(applicant(), s.ID, c.in)
		if got := fieldsOf(err); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// Nothing was stored by the refusals: the first good rating is number 1.
	r, err := f.m.Rate(applicant(), s.ID, rating.Input{Level: rating.Satisfied, Channel: rating.ChannelMobile,
		Dimensions: map[string]int{"efficiency": 4, "usability": 5}})
	if err != nil || r.Number != rating.First || !r.RealName || r.Dimensions["usability"] != 5 {
		t.Fatalf("rating = %+v, %v", r, err)
	}
}

// Each service is rated once by its applicant and followed up once; the
// follow-up replaces the first in the statistics; a third is refused, by the
// module and by the database.
func TestOncePerServicePlusOneFollowUp(t *testing.T) {
	t.Parallel()
	f := setup(t, at(2026, 3, 2, 10))
	s := f.service(t, rating.StageAccept, marketDept)

	if _, err := f.m.Rate(testkit.AsPerson(context.Background(), otherPerson, "李四"), s.ID,
		rating.Input{Level: rating.VerySatisfied, Channel: rating.ChannelPC}); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("another person rates: %v", err)
	}
	if _, err := f.m.Rate(staff(principal.Reviewer, county, marketDept), s.ID,
		rating.Input{Level: rating.VerySatisfied, Channel: rating.ChannelPC}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("staff rate: %v", err)
	}
	first, err := f.m.Rate(applicant(), s.ID, rating.Input{Level: rating.Basic, Channel: rating.ChannelPC})
	if err != nil || first.Number != rating.First {
		t.Fatalf("first = %+v, %v", first, err)
	}
	v, err := f.m.Service(applicant(), s.ID)
	if err != nil || v.Next != rating.FollowUp {
		t.Fatalf("after the first rating: next %d, %v", v.Next, err)
	}
	follow, err := f.m.Rate(applicant(), s.ID, rating.Input{Level: rating.VerySatisfied, Comment: "补充：后来很快办好了", Channel: rating.ChannelMobile})
	if err != nil || follow.Number != rating.FollowUp {
		t.Fatalf("follow-up = %+v, %v", follow, err)
	}
	if _, err := f.m.Rate(applicant(), s.ID, rating.Input{Level: rating.Satisfied, Channel: rating.ChannelPC}); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("third rating: %v", err)
	}
	// The database refuses a second rating with the same number whatever
	// the module checked.
	dup := rating.Rating{ServiceID: s.ID, Number: rating.FollowUp, Level: rating.Basic, Channel: rating.ChannelPC,
		PersonID: applicantID, RealName: true, Latest: true, CreatedAt: f.env.Clock.Now()}
	if err := f.env.Store.InsertRating(context.Background(), &dup); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("duplicate insert: %v", err)
	}
	mine, err := f.m.Mine(applicant())
	if err != nil || len(mine) != 2 || mine[0].Number != rating.FollowUp || mine[1].Latest || !mine[0].Latest {
		t.Fatalf("mine = %+v, %v", mine, err)
	}
	// Only the follow-up counts.
	st, err := f.m.Stats(context.Background(), rating.StatsFilter{RegionPrefix: county})
	if err != nil || st.Total.Total() != 1 || st.Total.ByLevel[rating.VerySatisfied] != 1 {
		t.Fatalf("stats = %+v, %v", st.Total, err)
	}
}

// A bad rating opens a task in the responsible department, due 5 working
// days after the day of the rating on the calendar: rated on Friday
// 2025-09-26, the count runs through the 调休 Sunday and over the National
// Day holiday to 2025-10-10 (domain.md §8.2's worked example).
func TestBadRatingOpensTaskDueAcrossHoliday(t *testing.T) {
	t.Parallel()
	f := setup(t, at(2025, 9, 26, 16))
	s := f.service(t, rating.StageConclude, marketDept)
	task := f.bad(t, s)
	if task.State != rating.StateVerifying || task.Due != date(2025, 10, 10) || task.Clock.Opened != date(2025, 9, 26) ||
		task.Clock.Workdays != rating.DefaultWorkdays || task.DepartmentID != marketDept || !task.RealName ||
		task.StaffName != "周审核" || task.Comment == "" {
		t.Fatalf("task = %+v", task)
	}
	// A good rating opens nothing.
	good := f.service(t, rating.StageAccept, marketDept)
	if _, err := f.m.Rate(applicant(), good.ID, rating.Input{Level: rating.Satisfied, Channel: rating.ChannelPC}); err != nil {
		t.Fatal(err)
	}
	rows, total, err := f.m.Tasks(staff(principal.Reviewer, county, marketDept), rating.TaskQuery{})
	if err != nil || total != 1 || len(rows) != 1 {
		t.Fatalf("inbox = %d %v", total, err)
	}
	// The applicant sees the task's state beside their rating.
	v, err := f.m.Service(applicant(), s.ID)
	if err != nil || len(v.Tasks) != 1 || v.Tasks[v.Ratings[0].ID].State != rating.StateVerifying {
		t.Fatalf("applicant's view = %+v, %v", v, err)
	}
}

// The deadline is configurable: 3 working days from 2026-02-12 end on
// 2026-02-24 over the Spring Festival (domain.md §8.2).
func TestConfiguredWorkdays(t *testing.T) {
	t.Parallel()
	f := setup(t, at(2026, 2, 12, 9))
	m := rating.NewManager(rating.Deps{Tx: f.env.DB.DB, Store: f.env.Store, Cases: cases{}, Places: places{}, Calendar: f.cal,
		Location: chinaTime, Now: f.env.Clock.Now, Workdays: 3})
	s, err := m.Record(context.Background(), rating.Service{Stage: rating.StageSubmit, Mode: rating.Online, CaseID: 88,
		CaseNumber: "TB88", CaseEventID: nextEvent.Add(1), PersonID: applicantID, ItemID: 5, ItemName: "食品经营许可",
		RegionCode: county, DepartmentID: healthDept})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Rate(applicant(), s.ID, rating.Input{Level: rating.Dissatisfied, Comment: "材料清单不清楚", Channel: rating.ChannelPC}); err != nil {
		t.Fatal(err)
	}
	rows, _, err := m.Tasks(staff(principal.Reviewer, county, healthDept), rating.TaskQuery{})
	if err != nil || len(rows) != 1 || rows[0].Due != date(2026, 2, 24) || rows[0].Clock.Workdays != 3 {
		t.Fatalf("tasks = %+v, %v", rows, err)
	}
}

// The light of a task follows case supervision: green with time left,
// yellow with two working days or less, red after the due date.
func TestTaskLights(t *testing.T) {
	t.Parallel()
	f := setup(t, at(2026, 3, 2, 10)) // Monday; due Monday 2026-03-09
	task := f.bad(t, f.service(t, rating.StageConclude, marketDept))
	if task.Due != date(2026, 3, 9) {
		t.Fatalf("due %s", task.Due)
	}
	reviewer := staff(principal.Reviewer, county, marketDept)
	for _, c := range []struct {
		days int
		want rating.Light
	}{{0, rating.Green}, {2, rating.Green}, {5, rating.Yellow}, {7, rating.Yellow}, {8, rating.Red}} {
		f.env.Clock = testkit.NewClock(at(2026, 3, 2+c.days, 10))
		m := rating.NewManager(rating.Deps{Tx: f.env.DB.DB, Store: f.env.Store, Calendar: f.cal, Location: chinaTime,
			Now: f.env.Clock.Now, Light: f.light})
		rows, _, err := m.Tasks(reviewer, rating.TaskQuery{})
		if err != nil || len(rows) != 1 || rows[0].Light != c.want {
			t.Errorf("day +%d: %+v %v, want %s", c.days, rows, err, c.want)
		}
	}
}

// The process: verify, rectify (or explain), feed back — the rater is told —
// call back (a call that does not reach the rater is recorded and may be
// repeated), close. Only the responsible department's staff act; the task's
// steps keep every word.
func TestRectificationProcess(t *testing.T) {
	t.Parallel()
	f := setup(t, at(2026, 3, 2, 10))
	task := f.bad(t, f.service(t, rating.StageConclude, marketDept))
	reviewer := staff(principal.Reviewer, county, marketDept)
	other := staff(principal.Reviewer, county, healthDept)
	super := staff(principal.Supervisor, county, 0)
	clerk := staff(principal.WindowClerk, county, 0)

	act := func(ctx context.Context, s rating.Step) (rating.Task, error) { return f.m.Act(ctx, task.ID, s) }
	if _, err := act(other, rating.Step{Action: rating.ActVerify, Text: "x"}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("another department verifies: %v", err)
	}
	if _, err := act(super, rating.Step{Action: rating.ActVerify, Text: "x"}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a supervisor verifies: %v", err)
	}
	if _, err := f.m.Task(clerk, task.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a clerk opens the task: %v", err)
	}
	if _, err := f.m.Task(applicant(), task.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("the rater opens the task: %v", err)
	}
	if _, err := act(reviewer, rating.Step{Action: rating.ActFeedback, Text: "x"}); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("feedback before verifying: %v", err)
	}
	if got := fieldsOf(func() error { _, err := act(reviewer, rating.Step{Action: rating.ActVerify}); return err }()); !slices.Equal(got,
		[]string{"text:rating.step.text_required.verify"}) {
		t.Fatalf("verify without words: %v", got)
	}
	v, err := f.m.Task(reviewer, task.ID)
	if err != nil || !slices.Equal(v.Actions, []string{rating.ActVerify, rating.ActAppeal}) {
		t.Fatalf("actions = %v, %v", v.Actions, err)
	}
	steps := []rating.Step{
		{Action: rating.ActVerify, Text: "经核实，窗口人员答复不及时"},
		{Action: rating.ActRectify, Resolution: rating.ResolutionRectified, Text: "已对窗口人员批评教育，增设咨询引导岗"},
	}
	for _, s := range steps {
		if _, err := act(reviewer, s); err != nil {
			t.Fatalf("%s: %v", s.Action, err)
		}
	}
	if _, err := act(reviewer, rating.Step{Action: rating.ActRectify, Text: "再次"}); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("rectify twice: %v", err)
	}
	if f.notices.count() != 0 {
		t.Fatal("the rater was told before the feedback")
	}
	got, err := act(reviewer, rating.Step{Action: rating.ActFeedback, Text: "您反映的问题已整改，感谢监督"})
	if err != nil || got.State != rating.StateFedBack || got.FedBackAt.IsZero() || f.notices.count() != 1 {
		t.Fatalf("feedback: %+v, %v (notices %d)", got, err, f.notices.count())
	}
	// A call that does not get through stays to be called again, or closed.
	if got, err = act(reviewer, rating.Step{Action: rating.ActCallback, Reached: false}); err != nil ||
		got.State != rating.StateFedBack || got.CallbackAttempts != 1 || !got.CalledBackAt.IsZero() {
		t.Fatalf("unreached callback: %+v, %v", got, err)
	}
	if got, err = act(reviewer, rating.Step{Action: rating.ActCallback, Reached: true, Satisfied: true, Text: "电话回访，群众表示满意"}); err != nil ||
		got.State != rating.StateCalledBack || !got.CallbackReached || !got.CallbackSatisfied || got.CallbackAttempts != 2 {
		t.Fatalf("callback: %+v, %v", got, err)
	}
	if got, err = act(reviewer, rating.Step{Action: rating.ActClose, Text: "整改完毕"}); err != nil || got.State != rating.StateClosed ||
		got.ClosedOn != date(2026, 3, 2) {
		t.Fatalf("close: %+v, %v", got, err)
	}
	v, err = f.m.Task(super, task.ID)
	if err != nil || len(v.Actions) != 0 || v.Light != "" {
		t.Fatalf("closed task to the supervisor: %+v, %v", v, err)
	}
	var kinds []string
	for _, s := range v.Steps {
		kinds = append(kinds, s.Action)
	}
	if want := []string{"open", "verify", "rectify", "feedback", "callback", "callback", "close"}; !slices.Equal(kinds, want) {
		t.Fatalf("steps = %v, want %v", kinds, want)
	}
	// The rater sees the feedback beside their rating.
	cr, err := f.m.OfCase(applicant(), 77)
	if err != nil || len(cr.Services) != 1 {
		t.Fatalf("applicant's case ratings: %+v, %v", cr, err)
	}
	ans := cr.Services[0].Tasks[cr.Services[0].Ratings[0].ID]
	if ans.Feedback != "您反映的问题已整改，感谢监督" || ans.State != rating.StateClosed {
		t.Fatalf("answer = %+v", ans)
	}
}

// A department appeals once, with reasons; the clock stops during the
// review. Upheld: the rating leaves the statistics and the task closes.
// Rejected: back to rectification, the clock running again with the
// review's days added, and no second appeal.
func TestAppealAndReview(t *testing.T) {
	t.Parallel()
	f := setup(t, at(2026, 3, 2, 10)) // due 2026-03-09
	reviewer := staff(principal.Reviewer, county, marketDept)
	head := staff(principal.DeptHead, county, marketDept)
	super := staff(principal.Supervisor, county, 0)
	upheld := f.bad(t, f.service(t, rating.StageConclude, marketDept))
	rejected := f.bad(t, f.service(t, rating.StageAccept, marketDept))

	if got := fieldsOf(func() error {
		_, err := f.m.Act(head, upheld.ID, rating.Step{Action: rating.ActAppeal})
		return err
	}()); !slices.Equal(got, []string{"text:rating.step.text_required.appeal"}) {
		t.Fatalf("appeal without reasons: %v", got)
	}
	for _, id := range []int64{upheld.ID, rejected.ID} {
		got, err := f.m.Act(head, id, rating.Step{Action: rating.ActAppeal, Text: "评价内容与本事项无关，系误评"})
		if err != nil || got.State != rating.StateAppealed || got.Clock.OpenPause != date(2026, 3, 2) {
			t.Fatalf("appeal: %+v, %v", got, err)
		}
	}
	if _, err := f.m.Act(reviewer, upheld.ID, rating.Step{Action: rating.ActUphold, Text: "x"}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("the department reviews its own appeal: %v", err)
	}
	// Three working days later the supervisor decides.
	f.env.Clock.Advance(72 * time.Hour) // Thursday 2026-03-05
	got, err := f.m.Act(super, upheld.ID, rating.Step{Action: rating.ActUphold, Text: "经调查，评价人评价的是其他事项"})
	if err != nil || got.State != rating.StateClosed || got.ReviewOutcome != rating.ReviewUpheld {
		t.Fatalf("uphold: %+v, %v", got, err)
	}
	got, err = f.m.Act(super, rejected.ID, rating.Step{Action: rating.ActReject, Text: "评价属实，应予整改"})
	if err != nil || got.State != rating.StateRectifying || got.ReviewOutcome != rating.ReviewRejected || got.Clock.Paused() ||
		got.Due != date(2026, 3, 12) {
		t.Fatalf("reject: %+v (due %s), %v", got, got.Due, err)
	}
	v, err := f.m.Task(head, rejected.ID)
	if err != nil || slices.Contains(v.Actions, rating.ActAppeal) || !slices.Contains(v.Actions, rating.ActRectify) {
		t.Fatalf("after rejection: %v, %v", v.Actions, err)
	}
	// The upheld rating counts nowhere; the rejected one still does.
	st, err := f.m.Stats(context.Background(), rating.StatsFilter{RegionPrefix: county})
	if err != nil || st.Total.Total() != 1 {
		t.Fatalf("stats after review: %+v, %v", st.Total, err)
	}
	rep, err := f.m.Report(super, rating.ReportFilter{})
	if err != nil || rep.Total.Bad != 1 || rep.Total.Excluded != 1 {
		t.Fatalf("report after review: %+v, %v", rep.Total, err)
	}
}

// 差评整改率 = fed back ÷ bad; 实名差评回访率 = called back (reached) ÷
// real-name bad; satisfaction = levels 3–5 ÷ all; a rate over nothing is
// undefined, not 0%.
func TestRatesByDefinition(t *testing.T) {
	t.Parallel()
	c := rating.TaskCounts{Bad: 4, FedBack: 3, RealName: 2, CalledBack: 1}
	if r, ok := c.RectifyRate(); !ok || r != 0.75 {
		t.Errorf("rectify rate %v %v", r, ok)
	}
	if r, ok := c.CallbackRate(); !ok || r != 0.5 {
		t.Errorf("callback rate %v %v", r, ok)
	}
	if _, ok := (rating.TaskCounts{}).RectifyRate(); ok {
		t.Error("a rate over no bad ratings is defined")
	}
	var counts rating.Counts
	counts.Add(rating.VerySatisfied, 2)
	counts.Add(rating.Basic, 1)
	counts.Add(rating.VeryDissatisfied, 1)
	if s, ok := counts.Satisfaction(); !ok || s != 0.75 {
		t.Errorf("satisfaction %v", s)
	}
	if a, ok := counts.Average(); !ok || a != 3.5 || counts.Bad() != 1 || counts.Total() != 4 {
		t.Errorf("average %v, bad %d, total %d", a, counts.Bad(), counts.Total())
	}

	// The same rates from stored tasks: three bad ratings, two fed back, one
	// of them called back; one in another department the county head of
	// market regulation does not see.
	f := setup(t, at(2026, 3, 2, 10))
	reviewer := staff(principal.Reviewer, county, marketDept)
	var tasks []rating.Task
	for range 3 {
		tasks = append(tasks, f.bad(t, f.service(t, rating.StageConclude, marketDept)))
	}
	f.bad(t, f.service(t, rating.StageConclude, healthDept))
	for i, tk := range tasks[:2] {
		for _, s := range []rating.Step{{Action: rating.ActVerify, Text: "核实"}, {Action: rating.ActRectify, Resolution: rating.ResolutionExplained, Text: "说明"},
			{Action: rating.ActFeedback, Text: "反馈"}} {
			if _, err := f.m.Act(reviewer, tk.ID, s); err != nil {
				t.Fatal(err)
			}
		}
		if i == 0 {
			if _, err := f.m.Act(reviewer, tk.ID, rating.Step{Action: rating.ActCallback, Reached: true, Text: "已回访"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	rep, err := f.m.Report(staff(principal.DeptHead, county, marketDept), rating.ReportFilter{})
	if err != nil || len(rep.Departments) != 1 {
		t.Fatalf("report: %+v, %v", rep, err)
	}
	d := rep.Departments[0]
	rr, _ := d.RectifyRate()
	cr, _ := d.CallbackRate()
	if d.DepartmentID != marketDept || d.Bad != 3 || d.FedBack != 2 || d.RealName != 3 || d.CalledBack != 1 || d.Open != 3 ||
		rr != 2.0/3 || cr != 1.0/3 {
		t.Fatalf("department row = %+v", d)
	}
	if _, err := f.m.Report(staff(principal.DeptHead, county, marketDept), rating.ReportFilter{DepartmentID: healthDept}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a head reads another department's report: %v", err)
	}
	if _, err := f.m.Report(reviewer, rating.ReportFilter{}); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a reviewer reads the report: %v", err)
	}
	all, err := f.m.Report(staff(principal.Supervisor, county, 0), rating.ReportFilter{})
	if err != nil || len(all.Departments) != 2 || all.Total.Bad != 4 {
		t.Fatalf("the supervisor's report: %+v, %v", all.Total, err)
	}
	// The period is by the day of the rating: next month has none.
	next, err := f.m.Report(staff(principal.Supervisor, county, 0), rating.ReportFilter{Period: rating.Period{From: date(2026, 4, 1), To: date(2026, 4, 30)}})
	if err != nil || len(next.Departments) != 0 {
		t.Fatalf("April: %+v, %v", next, err)
	}
	if _, err := f.m.Stats(context.Background(), rating.StatsFilter{RegionPrefix: county,
		Period: rating.Period{From: date(2026, 4, 1), To: date(2026, 3, 1)}}); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("reversed period: %v", err)
	}
}

// A window clerk opens a visit of the case's applicant and the applicant
// rates it once on the pad: on site, channel 4, attributed to the clerk and
// the window; another clerk's visit does not exist for them.
func TestWindowVisitRatedOnThePad(t *testing.T) {
	t.Parallel()
	f := setup(t, at(2026, 3, 2, 10))
	clerk := testkit.AsStaff(context.Background(), clerkID, principal.WindowClerk, county, 0)
	away := testkit.AsStaff(context.Background(), clerkID+1, principal.WindowClerk, "620825102", 0)
	if _, err := f.m.OpenVisit(away, 77, 0); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a clerk of another township: %v", err)
	}
	if _, err := f.m.OpenVisit(clerk, 77, 99); !slices.Equal(fieldsOf(err), []string{"window:form.choice"}) {
		t.Fatalf("a window of no hall of the clerk: %v", err)
	}
	cr, err := f.m.OfCase(clerk, 77)
	if err != nil || !cr.CanInvite || len(cr.Windows) != 2 {
		t.Fatalf("clerk's panel: %+v, %v", cr, err)
	}
	s, err := f.m.OpenVisit(clerk, 77, 11)
	if err != nil || s.Stage != rating.StageVisit || s.Mode != rating.Onsite || s.WindowName != "2号窗口（商事登记）" ||
		s.HallName == "" || s.StaffID != clerkID || s.PersonID != applicantID {
		t.Fatalf("visit = %+v, %v", s, err)
	}
	if _, err := f.m.Visit(testkit.AsStaff(context.Background(), clerkID+2, principal.WindowClerk, county, 0), s.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("another clerk's pad: %v", err)
	}
	// The pad rates through a one-time link, with no one's session: the
	// applicant never holds the clerk's.
	if _, err := f.m.PadLink(testkit.AsStaff(context.Background(), clerkID+2, principal.WindowClerk, county, 0), s.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("another clerk's link: %v", err)
	}
	old, err := f.m.PadLink(clerk, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	token, err := f.m.PadLink(clerk, s.ID)
	if err != nil || token == old || len(token) < 20 {
		t.Fatalf("fresh link %q (old %q), %v", token, old, err)
	}
	anyone := context.Background()
	if _, err := f.m.PadVisit(anyone, old); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("a replaced link still opens: %v", err)
	}
	if _, err := f.m.RatePad(anyone, token, rating.Input{Level: rating.Satisfied, Channel: rating.ChannelPC}); !slices.Equal(fieldsOf(err), []string{"channel:form.choice"}) {
		t.Fatalf("PC channel on the pad: %v", err)
	}
	r, err := f.m.RatePad(anyone, token, rating.Input{Level: rating.Dissatisfied, Comment: "态度生硬", Channel: rating.ChannelHallPad,
		Dimensions: map[string]int{"attitude": 1, "competence": 3}})
	if err != nil || r.PersonID != applicantID || !r.RealName || r.Channel != rating.ChannelHallPad {
		t.Fatalf("pad rating = %+v, %v", r, err)
	}
	if _, err := f.m.RatePad(anyone, token, rating.Input{Level: rating.Satisfied, Channel: rating.ChannelHallPad}); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("rated twice on the pad: %v", err)
	}
	// The bad rating's task names the window and the clerk.
	rows, _, err := f.m.Tasks(staff(principal.Reviewer, county, marketDept), rating.TaskQuery{})
	if err != nil || len(rows) != 1 || rows[0].WindowName != "2号窗口（商事登记）" || rows[0].Stage != rating.StageVisit {
		t.Fatalf("task of the visit: %+v, %v", rows, err)
	}
	// The link closes after its time.
	f.env.Clock.Advance(rating.PadLinkTTL)
	if _, err := f.m.PadVisit(anyone, token); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("an expired link still opens: %v", err)
	}
	// The applicant may follow it up from their own device.
	if r, err := f.m.Rate(applicant(), s.ID, rating.Input{Level: rating.Satisfied, Channel: rating.ChannelMobile}); err != nil || r.Number != rating.FollowUp {
		t.Fatalf("follow-up of the visit: %+v, %v", r, err)
	}
}
