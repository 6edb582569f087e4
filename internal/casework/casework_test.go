package casework

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

func date(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func newCalendar(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCaseNumbers(t *testing.T) {
	t.Parallel()
	impl := "12441500196720244T3442199806003"
	n, err := FormatCaseNumber(impl, time.Date(2022, 6, 23, 10, 0, 0, 0, time.UTC), 68)
	if err != nil || n != "12441500196720244T3442199806003202206230068" {
		t.Fatalf("FormatCaseNumber = %q, %v (the real example of domain §1.3)", n, err)
	}
	gotImpl, day, seq, err := ParseCaseNumber(n)
	if err != nil || gotImpl != impl || day.Format("2006-01-02") != "2022-06-23" || seq != 68 {
		t.Fatalf("ParseCaseNumber = %q %v %d %v", gotImpl, day, seq, err)
	}
	for _, bad := range []int{0, 10000} {
		if _, err := FormatCaseNumber(impl, time.Now(), bad); err == nil {
			t.Errorf("sequence %d accepted", bad)
		}
	}
	if _, err := FormatCaseNumber("short", time.Now(), 1); err == nil {
		t.Error("a short implementation code was accepted")
	}
	local := LocalImplCode("620825", 7, 123)
	if len(local) != ImplCodeLength || !IsLocalImplCode(local) || IsLocalImplCode(impl) {
		t.Fatalf("local code %q (len %d)", local, len(local))
	}
	if !strings.HasPrefix(local, "TB620825000000000007L") {
		t.Fatalf("local code %q does not carry region and department", local)
	}
}

// The three worked examples of domain reference §8.2, through a case clock.
func TestDueDatesWorkedExamples(t *testing.T) {
	t.Parallel()
	cal := newCalendar(t)
	cases := []struct {
		accepted string
		n        int
		want     string
	}{
		{"2025-09-26", 5, "2025-10-10"},
		{"2026-02-12", 3, "2026-02-24"},
		{"2025-12-31", 20, "2026-01-29"},
	}
	for _, c := range cases {
		due, prov := Clock{Accepted: date(t, c.accepted), Limit: c.n, Unit: UnitWorkdays}.Due(cal, date(t, c.accepted))
		if due.String() != c.want || prov {
			t.Errorf("accepted %s + %d working days = %s (provisional %v), want %s", c.accepted, c.n, due, prov, c.want)
		}
	}
}

func TestPauseAndResume(t *testing.T) {
	t.Parallel()
	cal := newCalendar(t)
	// Accepted Monday 2026-03-02, 10 working days → 2026-03-16.
	c := Clock{Accepted: date(t, "2026-03-02"), Limit: 10, Unit: UnitWorkdays}
	if due, _ := c.Due(cal, date(t, "2026-03-02")); due.String() != "2026-03-16" {
		t.Fatalf("unpaused due = %s", due)
	}
	// A supplement notice on Wed 03-04, answered Mon 03-09: paused working days
	// 03-05, 03-06, 03-09 = 3, so the due date moves 3 working days later.
	c.OpenPause = date(t, "2026-03-04")
	if due, _ := c.Due(cal, date(t, "2026-03-06")); due.String() != "2026-03-18" {
		t.Fatalf("while paused (2 working days so far) due = %s, want 2026-03-18", due)
	}
	c.OpenPause = calendar.Date{}
	c.Pauses = []calendar.Span{{From: date(t, "2026-03-04"), To: date(t, "2026-03-09")}}
	if due, _ := c.Due(cal, date(t, "2026-03-20")); due.String() != "2026-03-19" {
		t.Fatalf("after resume due = %s, want 2026-03-19", due)
	}
}

func TestProvisionalYearAndCalendarDays(t *testing.T) {
	t.Parallel()
	cal := newCalendar(t)
	// 2027's notice is not published: a deadline counted into it is provisional.
	due, prov := Clock{Accepted: date(t, "2026-12-28"), Limit: 10, Unit: UnitWorkdays}.Due(cal, date(t, "2026-12-28"))
	if !prov {
		t.Fatalf("due %s in an unpublished year is not provisional", due)
	}
	// 60 calendar days (身份证法) from 2025-08-04 end on 2025-10-03, in the
	// National Day holiday, so the period ends on the next working day.
	due, _ = Clock{Accepted: date(t, "2025-08-04"), Limit: 60, Unit: UnitCalendarDays}.Due(cal, date(t, "2025-08-04"))
	if due.String() != "2025-10-09" {
		t.Fatalf("60 calendar days = %s, want 2025-10-09", due)
	}
	// Three months from 2026-01-31 end on the last day of April.
	due, _ = Clock{Accepted: date(t, "2026-01-31"), Limit: 3, Unit: UnitMonths}.Due(cal, date(t, "2026-01-31"))
	if due.String() != "2026-04-30" {
		t.Fatalf("3 months = %s, want 2026-04-30", due)
	}
}

func TestLights(t *testing.T) {
	t.Parallel()
	cal := newCalendar(t)
	c := Clock{Accepted: date(t, "2026-03-02"), Limit: 10, Unit: UnitWorkdays} // due 2026-03-16
	cases := map[string]Light{"2026-03-03": Green, "2026-03-12": Yellow, "2026-03-16": Yellow, "2026-03-17": Red}
	for day, want := range cases {
		if got := LightFor(cal, c, date(t, day), DefaultThresholds); got != want {
			t.Errorf("on %s: %s, want %s", day, got, want)
		}
	}
}

func TestDefaultWorkflowIsValid(t *testing.T) {
	t.Parallel()
	w := DefaultWorkflow(10)
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	clerk := principal.Principal{Kind: principal.Staff, Roles: []principal.Role{principal.WindowClerk}}
	ids := func(as []Action) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	if got := strings.Join(ids(w.Allowed("submitted", clerk, false)), ","); got != "precheck,accept,accept_pending,refuse,request_supplement" {
		t.Fatalf("clerk's actions on a submitted case: %s", got)
	}
	if got := ids(w.Allowed("deciding", clerk, false)); len(got) != 0 {
		t.Fatalf("a clerk may decide: %v", got)
	}
	if got := ids(w.Allowed("supplement", principal.Principal{Kind: principal.Person}, true)); strings.Join(got, ",") != "resubmit,withdraw" {
		t.Fatalf("applicant's actions in supplement: %v", got)
	}
}

func TestValidateFindsEveryProblem(t *testing.T) {
	t.Parallel()
	w := Workflow{
		Initial: "start",
		States: []State{
			{ID: "start", StepDays: days(1)},
			{ID: "middle"}, // no deadline
			{ID: "island", StepDays: days(1)},
			{ID: "end", Terminal: true},
			{ID: "stuck", StepDays: days(1)},
		},
		Actions: []Action{
			{ID: "go", From: []string{"start"}, To: "middle", Roles: []principal.Role{principal.Reviewer}},
			{ID: "finish", From: []string{"middle"}, To: "end", Roles: []principal.Role{"janitor"}},
			{ID: "after", From: []string{"end"}, To: "stuck", Roles: []principal.Role{principal.Reviewer}},
			{ID: "nowhere", From: []string{"start"}, To: "limbo"},
			{ID: "from-island", From: []string{"island"}, To: "end", Roles: []principal.Role{principal.Reviewer}},
		},
	}
	err := w.Validate()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	all := strings.Join(ve.Problems, "\n")
	for _, want := range []string{
		"state middle has no step deadline", "unknown role janitor", "terminal state end has action after",
		"unknown state limbo", "action nowhere names no role", "state island cannot be reached", "state stuck is not terminal but no action leaves it",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("missing problem %q in:\n%s", want, all)
		}
	}
}
