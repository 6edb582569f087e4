package hotline

import (
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
)

// Limit is the time allowed for a category in a region subtree, in working
// days: to sign for a dispatched ticket, and to handle it from intake.
type Limit struct {
	RegionCode string
	Category   Category
	SignDays   int
	HandleDays int
}

// Built-in limits (domain.md §5, county practice): sign within 1 working day;
// answer a consultation within 2 working days and anything else within 5.
const (
	DefaultSignDays    = 1
	DefaultConsultDays = 2
	DefaultHandleDays  = 5
)

// maxLimitDays bounds a configured limit; longer ones are typing errors.
const maxLimitDays = 60

// DefaultLimit is the built-in limit of a category.
func DefaultLimit(c Category) Limit {
	l := Limit{Category: c, SignDays: DefaultSignDays, HandleDays: DefaultHandleDays}
	if c == Consult {
		l.HandleDays = DefaultConsultDays
	}
	return l
}

// limitFor picks the limit of the nearest region (the longest code that is a
// prefix of regionCode) configured for the category, or the built-in one.
func limitFor(configured []Limit, c Category, regionCode string) Limit {
	best := DefaultLimit(c)
	bestLen := -1
	for _, l := range configured {
		if l.Category == c && strings.HasPrefix(regionCode, l.RegionCode) && len(l.RegionCode) > bestLen {
			best, bestLen = l, len(l.RegionCode)
		}
	}
	return best
}

func (l Limit) validate() error {
	var fs []apperr.FieldError
	if !l.Category.Valid() {
		fs = append(fs, apperr.FieldError{Field: "category", Key: "form.choice"})
	}
	if l.SignDays < 1 || l.SignDays > maxLimitDays {
		fs = append(fs, apperr.FieldError{Field: "sign_days." + string(l.Category), Key: "hotline.limit.days", Args: []any{maxLimitDays}})
	}
	if l.HandleDays < 1 || l.HandleDays > maxLimitDays {
		fs = append(fs, apperr.FieldError{Field: "handle_days." + string(l.Category), Key: "hotline.limit.days", Args: []any{maxLimitDays}})
	}
	if l.RegionCode == "" {
		fs = append(fs, apperr.FieldError{Field: "region_code", Key: "form.required"})
	}
	return apperr.Fields(fs)
}

// Thresholds of the hotline's lights. Its limits are short, so the case
// thresholds (yellow with two days left) would light every ticket yellow at
// once: a ticket turns yellow with one working day left, and a signature on
// its due day.
var (
	DefaultHandleThresholds = calendar.Thresholds{WarnWorkdays: 1, WarnShare: 0.2}
	DefaultSignThresholds   = calendar.Thresholds{WarnWorkdays: 0}
)

// Clock computes a ticket's due dates and lights on the platform calendar.
type Clock struct {
	Calendar *calendar.Calendar
	Handle   calendar.Thresholds
	Sign     calendar.Thresholds
}

// HandleDue is the due date of a handling that starts on start: days working
// days later, the day of start not counted (民法典 art. 201).
func (c Clock) HandleDue(start calendar.Date, days int) calendar.Date {
	due, _ := c.Calendar.AddWorkdays(start, days)
	return due
}

// Light is the handling light of a ticket on today, or "" when its loop has
// no running deadline (concluded, closed, merged).
func (c Clock) Light(t Ticket, today calendar.Date) calendar.Light {
	if !t.State.Open() || t.HandleDue == (calendar.Date{}) {
		return ""
	}
	return c.Calendar.Light(t.HandleDue, today, t.HandleDays, c.Handle)
}

// SignLight is the light of the signature deadline of a ticket waiting to
// be signed, or "".
func (c Clock) SignLight(t Ticket, today calendar.Date) calendar.Light {
	if t.State != Dispatched || t.SignDue == (calendar.Date{}) {
		return ""
	}
	return c.Calendar.Light(t.SignDue, today, t.SignDays, c.Sign)
}
