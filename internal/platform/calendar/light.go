package calendar

// Light is a deadline light (电子监察): every open record with a deadline is
// green, yellow or red, and screens always show a word with the colour.
// Cases, 12345 tickets and rectification tasks share it, so one rule decides
// when anything turns yellow or red.
type Light string

// The lights.
const (
	Green  Light = "green"  // 正常
	Yellow Light = "yellow" // 预警
	Red    Light = "red"    // 超期
)

// Thresholds decide when a deadline turns yellow: when at most WarnWorkdays
// working days remain, or when at most WarnShare of its limit remains.
type Thresholds struct {
	WarnWorkdays int
	WarnShare    float64
}

// DefaultThresholds: yellow with two working days or a fifth of the time left.
var DefaultThresholds = Thresholds{WarnWorkdays: 2, WarnShare: 0.2}

// Light returns the light of a deadline due on due, seen on today: red after
// the due date, yellow near it, green otherwise. limitWorkdays is the whole
// limit in working days, for the share rule; 0 when the limit is not counted
// in working days, which leaves only the WarnWorkdays rule.
func (c *Calendar) Light(due, today Date, limitWorkdays int, th Thresholds) Light {
	if today.After(due) {
		return Red
	}
	left := c.WorkdaysBetween(today, due)
	if left <= th.WarnWorkdays {
		return Yellow
	}
	if limitWorkdays > 0 && float64(left) <= th.WarnShare*float64(limitWorkdays) {
		return Yellow
	}
	return Green
}
