package calendar

import (
	"slices"
	"strconv"
	"testing"
)

func mustNew(t *testing.T, o ...Override) *Calendar {
	t.Helper()
	c, err := New(o...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEmbeddedData(t *testing.T) {
	t.Parallel()
	n, err := loadNational()
	if err != nil {
		t.Fatal(err)
	}
	// Off / makeup counts from domain.md §8.3.
	tests := []struct {
		year          int
		off, makeup   int
		wantPublished bool
	}{
		{2024, 28, 8, true},
		{2025, 28, 5, true},
		{2026, 33, 6, true},
		{2027, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.year), func(t *testing.T) {
			t.Parallel()
			off, makeup := 0, 0
			for d, e := range n.days {
				if d.Year != tt.year {
					continue
				}
				if e.off {
					off++
				} else {
					makeup++
				}
			}
			if off != tt.off || makeup != tt.makeup {
				t.Errorf("%d: %d off, %d makeup; want %d, %d", tt.year, off, makeup, tt.off, tt.makeup)
			}
			if got := n.published[tt.year]; got != tt.wantPublished {
				t.Errorf("published[%d] = %v, want %v", tt.year, got, tt.wantPublished)
			}
		})
	}
}

func TestPublished(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	tests := []struct {
		year int
		want bool
	}{
		{2006, false}, // no file, although 2007.json lists 2006-12-30/31
		{2007, true},
		{2025, true},
		{2026, true},
		{2027, false}, // placeholder file with no days
		{2028, false}, // no file
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.year), func(t *testing.T) {
			t.Parallel()
			if got := c.Published(tt.year); got != tt.want {
				t.Errorf("Published(%d) = %v, want %v", tt.year, got, tt.want)
			}
		})
	}
}

func TestIsWorkday(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	tests := []struct {
		date string
		want bool
		why  string
	}{
		{"2025-09-26", true, "ordinary Friday"},
		{"2025-09-27", false, "ordinary Saturday"},
		{"2025-09-28", true, "makeup Sunday (国庆 调休)"},
		{"2025-10-01", false, "国庆节"},
		{"2025-10-08", false, "国庆节 on a Wednesday"},
		{"2025-10-11", true, "makeup Saturday"},
		{"2026-01-01", false, "元旦"},
		{"2026-01-04", true, "makeup Sunday (元旦 调休)"},
		{"2026-02-14", true, "makeup Saturday (春节 调休)"},
		{"2026-02-23", false, "春节 on a Monday"},
		{"2026-02-24", true, "first working day after 春节"},
		{"2022-12-31", false, "listed in 2023.json"},
		{"2027-01-01", true, "unpublished year: Friday by the weekday rule"},
		{"2027-01-02", false, "unpublished year: Saturday"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			t.Parallel()
			if got := c.IsWorkday(mustDate(t, tt.date)); got != tt.want {
				t.Errorf("IsWorkday(%s) = %v, want %v (%s)", tt.date, got, tt.want, tt.why)
			}
		})
	}
}

func TestAddWorkdays(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	tests := []struct {
		name            string
		start           string
		n               int
		want            string
		wantProvisional bool
	}{
		// The three worked examples of domain.md §8.2.
		{"§8.2 国庆", "2025-09-26", 5, "2025-10-10", false},
		{"§8.2 春节", "2026-02-12", 3, "2026-02-24", false},
		{"§8.2 year end", "2025-12-31", 20, "2026-01-29", false},
		// A makeup Sunday is counted: from Saturday, the first working day
		// is the next day, Sunday 2025-09-28.
		{"makeup Sunday counted", "2025-09-27", 1, "2025-09-28", false},
		{"start day not counted", "2026-03-02", 1, "2026-03-03", false},
		{"zero days", "2026-03-02", 0, "2026-03-02", false},
		{"negative days", "2026-03-02", -3, "2026-03-02", false},
		{"typical 20 days", "2026-03-02", 20, "2026-03-30", false},
		{"published year only", "2026-12-01", 5, "2026-12-08", false},
		// Runs into 2027, whose notice is not published: weekday rule and
		// provisional (2027-01-01 is counted as an ordinary Friday).
		{"provisional 2027", "2026-12-30", 5, "2027-01-06", true},
		{"provisional start", "2027-03-01", 1, "2027-03-02", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, prov := c.AddWorkdays(mustDate(t, tt.start), tt.n)
			if got.String() != tt.want || prov != tt.wantProvisional {
				t.Errorf("AddWorkdays(%s, %d) = %s, %v; want %s, %v", tt.start, tt.n, got, prov, tt.want, tt.wantProvisional)
			}
		})
	}
}

func TestWorkdaysBetween(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-03-05", "2026-03-09", 2}, // (Thu, Mon]: Fri, Mon
		{"2026-03-05", "2026-03-05", 0},
		{"2026-03-09", "2026-03-05", 0}, // reversed
		{"2026-03-06", "2026-03-08", 0}, // (Fri, Sun]: weekend only
		{"2025-09-30", "2025-10-09", 1}, // only 10-09 after the holiday
		{"2025-09-26", "2025-09-28", 1}, // makeup Sunday counts
		{"2025-09-26", "2025-10-10", 5}, // consistent with AddWorkdays
	}
	for _, tt := range tests {
		t.Run(tt.from+"_"+tt.to, func(t *testing.T) {
			t.Parallel()
			if got := c.WorkdaysBetween(mustDate(t, tt.from), mustDate(t, tt.to)); got != tt.want {
				t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestAddCalendarDays(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	tests := []struct {
		name            string
		start           string
		n               int
		want            string
		wantProvisional bool
	}{
		{"ends on a working day", "2026-12-01", 10, "2026-12-11", false},
		// 2025-09-24 + 7 = 2025-10-01 国庆节; 10-01…10-08 are off, so the
		// period ends on the next working day (民法典 art. 203).
		{"ends on 国庆 holiday", "2025-09-24", 7, "2025-10-09", false},
		// 2026-02-10 + 5 = 02-15, inside 春节 (02-15…02-23 off).
		{"ends in 春节", "2026-02-10", 5, "2026-02-24", false},
		{"ends on a Saturday", "2026-03-02", 5, "2026-03-09", false},
		{"ends on a makeup Sunday", "2025-09-21", 7, "2025-09-28", false},
		{"ends in unpublished 2027", "2026-12-20", 14, "2027-01-04", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, prov := c.AddCalendarDays(mustDate(t, tt.start), tt.n)
			if got.String() != tt.want || prov != tt.wantProvisional {
				t.Errorf("AddCalendarDays(%s, %d) = %s, %v; want %s, %v", tt.start, tt.n, got, prov, tt.want, tt.wantProvisional)
			}
		})
	}
}

func TestOverrides(t *testing.T) {
	t.Parallel()
	local := mustNew(t,
		// A local holiday on an ordinary Tuesday.
		Override{Date: mustDate(t, "2026-03-03"), OffDay: true, Name: "地方节日"},
		// A local makeup Saturday.
		Override{Date: mustDate(t, "2026-03-07"), OffDay: false, Name: "地方调休"},
		// Overriding the national notice: 国庆 2025-10-08 made a working day.
		Override{Date: mustDate(t, "2025-10-08"), OffDay: false, Name: "本地上班"},
	)
	national := mustNew(t)
	tests := []struct {
		date                    string
		wantLocal, wantNational bool
	}{
		{"2026-03-03", false, true},
		{"2026-03-07", true, false},
		{"2025-10-08", true, false},
		{"2026-03-04", true, true}, // untouched
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			t.Parallel()
			d := mustDate(t, tt.date)
			if got := local.IsWorkday(d); got != tt.wantLocal {
				t.Errorf("with overrides IsWorkday(%s) = %v, want %v", d, got, tt.wantLocal)
			}
			// Overrides must not leak into other calendars (shared data).
			if got := national.IsWorkday(d); got != tt.wantNational {
				t.Errorf("national IsWorkday(%s) = %v, want %v", d, got, tt.wantNational)
			}
		})
	}
	// The workday turned off is skipped when counting.
	if got, _ := local.AddWorkdays(mustDate(t, "2026-03-02"), 1); got.String() != "2026-03-04" {
		t.Errorf("AddWorkdays over the local holiday = %s, want 2026-03-04", got)
	}
	if name, ok := local.DayName(mustDate(t, "2026-03-03")); !ok || name != "地方节日" {
		t.Errorf("DayName = %q, %v", name, ok)
	}
	// Overrides do not publish a year.
	withFuture := mustNew(t, Override{Date: mustDate(t, "2027-10-01"), OffDay: true, Name: "国庆节"})
	if withFuture.Published(2027) {
		t.Error("an override made 2027 published")
	}
}

func TestNewRejectsBadOverrides(t *testing.T) {
	t.Parallel()
	d := mustDate(t, "2026-03-03")
	tests := []struct {
		name string
		o    []Override
	}{
		{"zero date", []Override{{OffDay: true}}},
		{"impossible date", []Override{{Date: Date{2026, 2, 30}, OffDay: true}}},
		{"conflict", []Override{{Date: d, OffDay: true}, {Date: d, OffDay: false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := New(tt.o...); err == nil {
				t.Error("New succeeded, want error")
			}
		})
	}
}

// An administrator's change replaces the overrides of a calendar in use: the
// next computation sees the new day, a rejected change leaves the old ones.
func TestSetOverridesReplaces(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	tue := mustDate(t, "2026-03-03") // an ordinary Tuesday
	if due, _ := c.AddWorkdays(mustDate(t, "2026-03-02"), 1); due != tue {
		t.Fatalf("before: due %v, want %v", due, tue)
	}
	if err := c.SetOverrides(Override{Date: tue, OffDay: true, Name: "地方节日"}); err != nil {
		t.Fatal(err)
	}
	if due, _ := c.AddWorkdays(mustDate(t, "2026-03-02"), 1); due != mustDate(t, "2026-03-04") {
		t.Errorf("with the local holiday: due %v, want 2026-03-04", due)
	}
	if err := c.SetOverrides(Override{Date: tue, OffDay: true}, Override{Date: tue, OffDay: false}); err == nil {
		t.Fatal("conflicting overrides accepted")
	}
	if c.IsWorkday(tue) {
		t.Error("a rejected change replaced the overrides")
	}
	if err := c.SetOverrides(); err != nil {
		t.Fatal(err)
	}
	if !c.IsWorkday(tue) {
		t.Error("removing every override left the local holiday")
	}
	days := National(2026)
	i := slices.IndexFunc(days, func(o Override) bool { return o.Date == mustDate(t, "2026-02-17") })
	if i < 0 || !days[i].OffDay || days[i].Name != "春节" {
		t.Errorf("National(2026) does not list 2026-02-17 as 春节: %v", days)
	}
	if len(National(1990)) != 0 {
		t.Error("National lists days of a year without a notice")
	}
}

func TestDayName(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	tests := []struct {
		date   string
		want   string
		wantOK bool
	}{
		{"2026-02-17", "春节", true},
		{"2026-01-04", "元旦", true}, // makeup day carries the holiday's name
		{"2026-03-03", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			t.Parallel()
			got, ok := c.DayName(mustDate(t, tt.date))
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("DayName(%s) = %q, %v; want %q, %v", tt.date, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestDue(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	start := mustDate(t, "2026-03-02") // Monday; 20 working days -> 2026-03-30
	span := func(from, to string) Span { return Span{From: mustDate(t, from), To: mustDate(t, to)} }
	tests := []struct {
		name            string
		d               Deadline
		want            string
		wantProvisional bool
	}{
		{"no pause", Deadline{Start: start, Workdays: 20}, "2026-03-30", false},
		// Paused Thu 03-05, resumed Mon 03-09: (03-05, 03-09] holds two
		// working days (Fri 03-06, Mon 03-09), so the due date moves by
		// exactly two working days, Mon 03-30 -> Wed 04-01.
		{"pause of 2 working days", Deadline{Start: start, Workdays: 20, Paused: []Span{span("2026-03-05", "2026-03-09")}}, "2026-04-01", false},
		{"pause over a weekend only", Deadline{Start: start, Workdays: 20, Paused: []Span{span("2026-03-06", "2026-03-08")}}, "2026-03-30", false},
		{"two pauses add up", Deadline{Start: start, Workdays: 20, Paused: []Span{span("2026-03-16", "2026-03-17"), span("2026-03-05", "2026-03-09")}}, "2026-04-02", false},
		{"overlapping pauses not double counted", Deadline{Start: start, Workdays: 20, Paused: []Span{span("2026-03-05", "2026-03-09"), span("2026-03-04", "2026-03-06")}}, "2026-04-02", false},
		{"reversed span ignored", Deadline{Start: start, Workdays: 20, Paused: []Span{span("2026-03-09", "2026-03-05")}}, "2026-03-30", false},
		{"span before start clipped", Deadline{Start: start, Workdays: 20, Paused: []Span{span("2026-02-25", "2026-03-03")}}, "2026-03-31", false},
		{"§8.2 example as deadline", Deadline{Start: mustDate(t, "2026-02-12"), Workdays: 3}, "2026-02-24", false},
		{"December, all published", Deadline{Start: mustDate(t, "2026-12-01"), Workdays: 20}, "2026-12-29", false},
		// The 5 paused working days (12-03, 04, 07, 08, 09) push the due
		// date past 12-31 into unpublished 2027: 12-30, 12-31, 01-01 (an
		// ordinary Friday by the weekday rule), 01-04, 01-05.
		{"pause pushes into 2027", Deadline{Start: mustDate(t, "2026-12-01"), Workdays: 20, Paused: []Span{span("2026-12-02", "2026-12-09")}}, "2027-01-05", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, prov := c.Due(tt.d)
			if got.String() != tt.want || prov != tt.wantProvisional {
				t.Errorf("Due = %s, %v; want %s, %v", got, prov, tt.want, tt.wantProvisional)
			}
		})
	}
}

// TestDueExtendsByPausedWorkdays checks the pause rule against the
// independent primitives: the extension equals WorkdaysBetween of the span.
func TestDueExtendsByPausedWorkdays(t *testing.T) {
	t.Parallel()
	c := mustNew(t)
	start := mustDate(t, "2026-03-02")
	pause := Span{From: mustDate(t, "2026-03-05"), To: mustDate(t, "2026-03-09")}
	if n := c.WorkdaysBetween(pause.From, pause.To); n != 2 {
		t.Fatalf("pause holds %d working days, want 2", n)
	}
	plain, _ := c.Due(Deadline{Start: start, Workdays: 20})
	paused, _ := c.Due(Deadline{Start: start, Workdays: 20, Paused: []Span{pause}})
	if n := c.WorkdaysBetween(plain, paused); n != 2 {
		t.Errorf("pause moved due date %s -> %s, %d working days; want 2", plain, paused, n)
	}
	if !c.IsWorkday(paused) {
		t.Errorf("due date %s is not a working day", paused)
	}
}
