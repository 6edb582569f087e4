package casework

import (
	"github.com/tongban/tongban/internal/platform/calendar"
)

// Limit units of statutory and promised limits.
const (
	UnitWorkdays     = "工作日"
	UnitCalendarDays = "日"
	UnitMonths       = "月"
)

// Clock is a case's time limit: counted from acceptance, paused while the
// applicant supplements materials or a special procedure (hearing, expert review,
// inspection…) runs, and extended by the paused working days.
type Clock struct {
	Accepted calendar.Date
	Limit    int
	Unit     string
	Pauses   []calendar.Span // closed pauses
	// OpenPause is the start of a pause still running, or the zero Date.
	OpenPause calendar.Date
}

// Due computes the due date and whether it is provisional (it falls in, or was
// counted through, a year whose holiday notice is not yet published).
//
//   - 工作日: the day of acceptance is not counted; n working days on, plus the
//     working days inside every pause (行政许可法 art. 82; 民法典 art. 201).
//   - 日 (calendar days): acceptance + n days; a period ending on a rest day
//     ends on the next working day (民法典 art. 203); pauses extend it by their
//     calendar length.
//   - 月: the same day n months later, then as calendar days.
//
// While a pause is open, the due date is computed as if it ended today, which is
// what the supervision light must show.
func (c Clock) Due(cal *calendar.Calendar, today calendar.Date) (calendar.Date, bool) {
	pauses := append([]calendar.Span(nil), c.Pauses...)
	if c.OpenPause != (calendar.Date{}) {
		pauses = append(pauses, calendar.Span{From: c.OpenPause, To: today})
	}
	switch c.Unit {
	case UnitCalendarDays, UnitMonths:
		days := c.Limit
		if c.Unit == UnitMonths {
			end := c.Accepted.AddMonths(c.Limit)
			days = end.DaysSince(c.Accepted)
		}
		for _, p := range pauses {
			if p.To.After(p.From) {
				days += p.To.DaysSince(p.From)
			}
		}
		return cal.AddCalendarDays(c.Accepted, days)
	default:
		return cal.Due(calendar.Deadline{Start: c.Accepted, Workdays: c.Limit, Paused: pauses})
	}
}

// Light is a supervision light (电子监察): every open case is green, yellow or
// red, and the light always carries a word as well as a colour. The rule is
// the calendar's, shared with every other deadline of the platform.
type Light = calendar.Light

// The lights.
const (
	Green  = calendar.Green  // 正常
	Yellow = calendar.Yellow // 预警
	Red    = calendar.Red    // 超期
)

// Thresholds decide when a case turns yellow: when at most WarnWorkdays working
// days remain, or when at most WarnShare of its limit remains.
type Thresholds = calendar.Thresholds

// DefaultThresholds: yellow with two working days or a fifth of the time left.
var DefaultThresholds = calendar.DefaultThresholds

// LightFor returns the light of an open case on a day: red after the due date,
// yellow near it, green otherwise. A paused case keeps the light it had: the
// clock is stopped, so it cannot get later.
func LightFor(cal *calendar.Calendar, c Clock, today calendar.Date, th Thresholds) Light {
	due, _ := c.Due(cal, today)
	limit := 0
	if c.Unit == UnitWorkdays {
		limit = c.Limit
	}
	return cal.Light(due, today, limit, th)
}
