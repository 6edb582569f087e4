package rating_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/rating"
	"github.com/tongban/tongban/internal/testkit"
)

const (
	county      = "620825"
	nanhu       = "620825101"
	marketDept  = 11 // 县市场监管局
	healthDept  = 12 // 县卫健局
	applicantID = 9001
	otherPerson = 9002
	clerkID     = 501
)

// chinaTime is where the module counts days, as the app wires it.
var chinaTime = time.FixedZone("CST", 8*3600)

// notices records what the module asks to tell raters.
type notices struct {
	mu   sync.Mutex
	sent []rating.Task
}

func (n *notices) RatingAnswered(_ context.Context, t rating.Task) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.sent = append(n.sent, t)
	return nil
}

func (n *notices) count() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return len(n.sent)
}

// cases answers case facts from a fixed table.
type cases map[int64]rating.CaseFacts

func (c cases) CaseFacts(_ context.Context, id int64) (rating.CaseFacts, error) {
	return c[id], nil
}

// places has one hall in the county with two windows.
type places struct{}

func (places) HallOf(_ context.Context, region string) (rating.Place, []rating.Place, bool, error) {
	if region != county {
		return rating.Place{}, nil, false, nil
	}
	hall := rating.Place{HallID: 1, HallName: "庄浪县政务服务中心", HallRegion: county}
	w1, w2 := hall, hall
	w1.WindowID, w1.WindowName = 10, "1号窗口（无差别全科综合）"
	w2.WindowID, w2.WindowName = 11, "2号窗口（商事登记）"
	return hall, []rating.Place{w1, w2}, true, nil
}

type fixture struct {
	env     *testkit.Env
	m       *rating.Manager
	notices *notices
	cal     *calendar.Calendar
	light   rating.LightFunc
}

// setup wires the module over a fresh database with the real calendar and
// case supervision's light rule, the clock at start (China's time).
func setup(t *testing.T, start time.Time) fixture {
	t.Helper()
	env := testkit.NewEnv(t)
	env.Clock = testkit.NewClock(start)
	cal, err := calendar.New()
	if err != nil {
		t.Fatal(err)
	}
	light := func(c rating.Clock, today calendar.Date) rating.Light {
		clock := casework.Clock{Accepted: c.Opened, Limit: c.Workdays, Unit: casework.UnitWorkdays, Pauses: c.Pauses, OpenPause: c.OpenPause}
		return rating.Light(casework.LightFor(cal, clock, today, casework.DefaultThresholds))
	}
	n := &notices{}
	facts := cases{77: {ID: 77, Number: "TB620825CASE77", ItemID: 5, ItemName: "食品经营许可", RegionCode: county,
		DepartmentID: marketDept, DepartmentName: "庄浪县市场监督管理局", PersonID: applicantID}}
	m := rating.NewManager(rating.Deps{Tx: env.DB.DB, Store: env.Store, Cases: facts, Places: places{}, Notifier: n,
		Audit: env.Store, Calendar: cal, Light: light, Location: chinaTime, Now: env.Clock.Now})
	return fixture{env: env, m: m, notices: n, cal: cal, light: light}
}

var nextEvent atomic.Int64

// service records a rateable service of the applicant's case 77.
func (f fixture) service(t *testing.T, stage rating.Stage, dept int64) rating.Service {
	t.Helper()
	s, err := f.m.Record(context.Background(), rating.Service{Stage: stage, Mode: rating.Online, CaseID: 77,
		CaseNumber: "TB620825CASE77", CaseEventID: nextEvent.Add(1), PersonID: applicantID, ItemID: 5, ItemName: "食品经营许可",
		RegionCode: county, DepartmentID: dept, DepartmentName: "庄浪县市场监督管理局", StaffID: 301, StaffName: "周审核"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func applicant() context.Context {
	return testkit.AsPerson(context.Background(), applicantID, "王建国")
}

func staff(role principal.Role, region string, dept int64) context.Context {
	return testkit.AsStaff(context.Background(), 300, role, region, dept)
}

// bad rates a service 非常不满意 and returns the task it opened.
func (f fixture) bad(t *testing.T, s rating.Service) rating.Task {
	t.Helper()
	if _, err := f.m.Rate(applicant(), s.ID, rating.Input{Level: rating.VeryDissatisfied, Comment: "等了很久，窗口无人答复",
		Channel: rating.ChannelPC}); err != nil {
		t.Fatal(err)
	}
	rs, _, err := f.m.Tasks(staff(principal.Reviewer, county, s.DepartmentID), rating.TaskQuery{IncludeClosed: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.ServiceID == s.ID {
			return r.Task
		}
	}
	t.Fatalf("no task for service %d among %d", s.ID, len(rs))
	return rating.Task{}
}

// at is a time in China.
func at(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, chinaTime) }

func date(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }
