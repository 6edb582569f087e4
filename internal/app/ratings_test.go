package app_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/tongban/tongban/internal/rating"
	"github.com/tongban/tongban/internal/testkit"
)

// Every rateable case event becomes a service of the applicant, attributed
// to the case's item and department and the staff member who acted; a bad
// rating's task takes the case calendar and supervision's light, and the
// department's feedback reaches the applicant's inbox.
func TestCaseEventsBecomeRateableServices(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	c, me := decidedCase(t, a, map[string]string{"name": "示例小吃店"})
	cr, err := a.Ratings.OfCase(me, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range cr.Services {
		got = append(got, string(s.Stage)+":"+s.StaffName)
		if s.ItemName != c.ItemName || s.DepartmentName != "庄浪县市场监督管理局" || s.Mode != rating.Online || s.Next != rating.First {
			t.Errorf("service %+v", s.Service)
		}
	}
	if want := []string{"submit:", "accept:周审核", "conclude:吴局长"}; !slices.Equal(got, want) {
		t.Fatalf("services %v, want %v", got, want)
	}
	// Staff see no services on the case; the county clerk, who may invite
	// the applicant at the hall, sees the hall's windows.
	if cr, err := a.Ratings.OfCase(staffOf(t, a, "reviewer.scjg"), c.ID); err != nil || len(cr.Services) != 0 || cr.CanInvite {
		t.Fatalf("reviewer's panel %+v, %v", cr, err)
	}
	if cr, err := a.Ratings.OfCase(staffOf(t, a, "clerk"), c.ID); err != nil || !cr.CanInvite || len(cr.Windows) != 10 {
		t.Fatalf("clerk's panel %+v, %v", cr, err)
	}

	conclusion := cr.Services[2]
	if _, err := a.Ratings.Rate(me, conclusion.ID, rating.Input{Level: rating.Dissatisfied, Comment: "结果通知不清楚",
		Channel: rating.ChannelPC}); err != nil {
		t.Fatal(err)
	}
	reviewer := staffOf(t, a, "reviewer.scjg")
	rows, _, err := a.Ratings.Tasks(reviewer, rating.TaskQuery{})
	if err != nil || len(rows) != 1 || rows[0].Light != rating.Green || rows[0].Clock.Workdays != a.Config.RatingWorkdays {
		t.Fatalf("tasks %+v, %v", rows, err)
	}
	due, _ := a.Calendar.AddWorkdays(rows[0].Clock.Opened, a.Config.RatingWorkdays)
	if rows[0].Due != due {
		t.Fatalf("due %s, the calendar says %s", rows[0].Due, due)
	}
	for _, s := range []rating.Step{{Action: rating.ActVerify, Text: "核实"}, {Action: rating.ActRectify, Resolution: rating.ResolutionExplained,
		Text: "已说明"}, {Action: rating.ActFeedback, Text: "通知书格式已改进，感谢您的意见"}} {
		if _, err := a.Ratings.Act(reviewer, rows[0].ID, s); err != nil {
			t.Fatal(err)
		}
	}
	in, err := a.Notices.Inbox(me)
	if err != nil || len(in.Notices) == 0 || in.Notices[0].Title != "您的评价已有整改反馈" ||
		in.Notices[0].Link != "/me/cases/"+strconv.FormatInt(c.ID, 10) {
		t.Fatalf("latest notice %+v, %v", in.Notices, err)
	}
}
