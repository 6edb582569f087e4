package rating

import (
	"github.com/tongban/tongban/internal/platform/calendar"
)

// DefaultWorkdays is the time a department has to rectify a bad rating when
// the install sets none: 5 working days, as the local rules that name one
// most often say (domain.md §4).
const DefaultWorkdays = 5

// Clock is a task's deadline: Workdays working days counted from Opened (the
// day of the rating, which is not counted), stopped while an appeal waits
// for its review — the department is not late while a supervisor decides.
type Clock struct {
	Opened   calendar.Date
	Workdays int
	Pauses   []calendar.Span // closed pauses
	// OpenPause is the day an appeal still under review was made, or zero.
	OpenPause calendar.Date
}

// Paused reports whether the clock is stopped.
func (c Clock) Paused() bool { return c.OpenPause != (calendar.Date{}) }

// Due is the due date and whether it is provisional (it lies in, or was
// counted through, a year whose holiday notice is not yet published). While
// an appeal waits, it is computed as if the review came today.
func (c Clock) Due(cal *calendar.Calendar, today calendar.Date) (calendar.Date, bool) {
	pauses := append([]calendar.Span(nil), c.Pauses...)
	if c.Paused() {
		pauses = append(pauses, calendar.Span{From: c.OpenPause, To: today})
	}
	return cal.Due(calendar.Deadline{Start: c.Opened, Workdays: c.Workdays, Paused: pauses})
}

// Light is a task's light: the words and colours of case supervision.
type Light string

// The lights.
const (
	Green  Light = "green"  // 正常
	Yellow Light = "yellow" // 预警
	Red    Light = "red"    // 超期
)

// LightFunc returns the light of an open task's clock on a day. The
// composition root plugs in case supervision's rule, so that a task and a
// case with the same time left show the same light.
type LightFunc func(c Clock, today calendar.Date) Light
