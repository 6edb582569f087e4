package hotline

import (
	"testing"
	"time"

	"github.com/tongban/tongban/internal/platform/calendar"
)

func date(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func testClock(t *testing.T) Clock {
	t.Helper()
	cal, err := calendar.New()
	if err != nil {
		t.Fatal(err)
	}
	return Clock{Calendar: cal, Handle: DefaultHandleThresholds, Sign: DefaultSignThresholds}
}

func TestDefaultLimitsPerCategory(t *testing.T) {
	t.Parallel()
	for _, c := range Categories {
		l := DefaultLimit(c)
		want := 5
		if c == Consult {
			want = 2
		}
		if l.HandleDays != want || l.SignDays != 1 {
			t.Errorf("%s: sign %d handle %d, want 1 and %d", c, l.SignDays, l.HandleDays, want)
		}
	}
}

func TestNearestRegionLimitWins(t *testing.T) {
	t.Parallel()
	configured := []Limit{
		{RegionCode: "620825", Category: Complaint, SignDays: 1, HandleDays: 7},
		{RegionCode: "620825101", Category: Complaint, SignDays: 2, HandleDays: 3},
		{RegionCode: "620825101", Category: Help, SignDays: 1, HandleDays: 4},
	}
	cases := []struct {
		c          Category
		region     string
		sign, hand int
	}{
		{Complaint, "620825101", 2, 3}, // the township's own
		{Complaint, "620825102", 1, 7}, // the county's
		{Complaint, "620826101", 1, 5}, // another county: built in
		{Consult, "620825101", 1, 2},   // not configured: built in
		{Help, "620825", 1, 5},         // the township's row does not reach the county
	}
	for _, c := range cases {
		l := limitFor(configured, c.c, c.region)
		if l.SignDays != c.sign || l.HandleDays != c.hand {
			t.Errorf("%s in %s: %d/%d, want %d/%d", c.c, c.region, l.SignDays, l.HandleDays, c.sign, c.hand)
		}
	}
}

// A ticket received on the working day before 劳动节 2026 (1–5 May off, 9 May
// a makeup working day) is due on the days the national notice gives.
func TestDueDatesAcrossLabourDay2026(t *testing.T) {
	t.Parallel()
	c := testClock(t)
	received := date(t, "2026-04-30") // Thursday, the last working day before the holiday
	if got := c.HandleDue(received, DefaultLimit(Complaint).HandleDays); got != date(t, "2026-05-11") {
		t.Errorf("complaint due %s, want 2026-05-11 (6, 7, 8, 9 makeup Saturday, 11 May)", got)
	}
	if got := c.HandleDue(received, DefaultLimit(Consult).HandleDays); got != date(t, "2026-05-07") {
		t.Errorf("consultation due %s, want 2026-05-07", got)
	}
	if got := c.HandleDue(received, DefaultSignDays); got != date(t, "2026-05-06") {
		t.Errorf("signature due %s, want 2026-05-06", got)
	}
}

func TestLights(t *testing.T) {
	t.Parallel()
	c := testClock(t)
	tk := Ticket{State: Handling, HandleDays: 5, HandleDue: date(t, "2026-03-09"), SignDays: 1, SignDue: date(t, "2026-03-03")}
	cases := []struct {
		today string
		want  calendar.Light
	}{
		{"2026-03-02", calendar.Green},  // received: five working days left
		{"2026-03-05", calendar.Green},  // two left
		{"2026-03-06", calendar.Yellow}, // one left (Friday; due Monday)
		{"2026-03-08", calendar.Yellow}, // Sunday: still one left
		{"2026-03-09", calendar.Yellow}, // the due day
		{"2026-03-10", calendar.Red},
	}
	for _, k := range cases {
		if got := c.Light(tk, date(t, k.today)); got != k.want {
			t.Errorf("handling light on %s: %s, want %s", k.today, got, k.want)
		}
	}
	if got := c.SignLight(tk, date(t, "2026-03-02")); got != "" {
		t.Errorf("a signed ticket has a signature light %q", got)
	}
	tk.State = Dispatched
	for today, want := range map[string]calendar.Light{"2026-03-02": calendar.Green, "2026-03-03": calendar.Yellow, "2026-03-04": calendar.Red} {
		if got := c.SignLight(tk, date(t, today)); got != want {
			t.Errorf("signature light on %s: %s, want %s", today, got, want)
		}
	}
	tk.State = Concluded
	if got := c.Light(tk, date(t, "2026-04-01")); got != "" {
		t.Errorf("a concluded ticket has a light %q", got)
	}
}

func TestUnsatisfiedReopensOnceForTheSameDepartment(t *testing.T) {
	t.Parallel()
	c := testClock(t)
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	tk := Ticket{State: Concluded, Round: 1, DepartmentID: 7, DepartmentName: "县市场监管局", HandleDays: 5,
		HandleDue: date(t, "2026-03-06"), Reply: "已处理", ConcludedAt: now}
	if !tk.settle(Unsatisfied, c, date(t, "2026-03-10"), now) {
		t.Fatal("the first unsatisfied verdict did not reopen the ticket")
	}
	if tk.State != Handling || tk.Round != 2 || tk.DepartmentID != 7 || tk.Reply != "" || tk.HandleDue != date(t, "2026-03-17") {
		t.Errorf("reopened ticket: %+v", tk)
	}
	tk.State = Concluded
	if tk.settle(Unsatisfied, c, date(t, "2026-03-18"), now) || tk.State != Closed || tk.Satisfaction != Unsatisfied {
		t.Errorf("a second unsatisfied verdict: %s %s", tk.State, tk.Satisfaction)
	}
	answered := Ticket{State: Concluded, Round: 1, HandleDays: 2}
	if !answered.settle(Unsatisfied, c, date(t, "2026-03-10"), now) || answered.State != Received {
		t.Errorf("a consultation answered at intake reopens for the operator: %s", answered.State)
	}
	happy := Ticket{State: Concluded, Round: 1}
	if happy.settle(Basic, c, date(t, "2026-03-10"), now) || happy.State != Closed {
		t.Errorf("basically satisfied: %s", happy.State)
	}
}

func TestLoopAllowsActionsOnlyFromTheirStates(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind  string
		state State
		cat   Category
		want  bool
	}{
		{ActDispatch, Received, Complaint, true},
		{ActDispatch, Dispatched, Complaint, false},
		{ActSign, Dispatched, Complaint, true},
		{ActSign, Handling, Complaint, false},
		{ActReply, Handling, Complaint, true},
		{ActReply, Dispatched, Complaint, false},
		{ActConclude, Replied, Complaint, true},
		{ActConclude, Handling, Complaint, false},
		{ActReturn, Handling, Complaint, true},
		{ActReturn, Replied, Complaint, false},
		{ActAnswer, Received, Consult, true},
		{ActAnswer, Received, Complaint, false},
		{ActUrge, Replied, Complaint, true},
		{ActUrge, Concluded, Complaint, false},
		{ActCallback, Concluded, Complaint, true},
		{ActRate, Closed, Complaint, false},
		{ActMerge, Merged, Complaint, false},
	}
	for _, c := range cases {
		if got := allowed(c.kind, Ticket{State: c.state, Category: c.cat}); got != c.want {
			t.Errorf("%s from %s (%s): %v, want %v", c.kind, c.state, c.cat, got, c.want)
		}
	}
}
