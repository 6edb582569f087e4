package calendar

import (
	"cmp"
	"fmt"
	"time"
)

// Date is a civil date on the proleptic Gregorian calendar, with no time of
// day and no time zone. Deadlines are days, and keeping them free of time
// zones avoids off-by-one errors around midnight and daylight saving. The
// zero value is not a valid date. Dates are comparable with == and usable
// as map keys when normalised (as returned by this package's functions).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// dateLayout is the ISO 8601 calendar-date form used in the holiday files,
// in the database and on the wire.
const dateLayout = "2006-01-02"

// ParseDate parses a date in the form "2026-02-12" (ISO 8601, zero-padded).
// It rejects days that do not exist, such as "2026-02-30".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: invalid date %q: %w", s, err)
	}
	return dateOf(t), nil
}

// FromTime returns the civil date of the instant t as seen in loc. A nil loc
// means t's own location. The location matters: 2026-02-12T17:00Z is
// already 2026-02-13 in Asia/Shanghai.
func FromTime(t time.Time, loc *time.Location) Date {
	if loc != nil {
		t = t.In(loc)
	}
	return dateOf(t)
}

func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// utc returns midnight UTC of d; UTC has no daylight saving, so adding days
// to it is exact. time.Date normalises out-of-range fields.
func (d Date) utc() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// String returns the date as "2026-02-12".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// AddDays returns the date n days after d (before d if n is negative).
func (d Date) AddDays(n int) Date {
	return dateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return d.utc().Weekday()
}

// compare orders dates like cmp.Compare. Comparing the fields works for
// normalised dates, which is all this package produces.
func (d Date) compare(e Date) int {
	if c := cmp.Compare(d.Year, e.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, e.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, e.Day)
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.compare(e) < 0 }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.compare(e) > 0 }

// Equal reports whether d and e are the same day.
func (d Date) Equal(e Date) bool { return d.compare(e) == 0 }

// valid reports whether d is a normalised, existing day: normalising an
// impossible date such as February 30 or month 13 changes it.
func (d Date) valid() bool {
	return d.AddDays(0) == d
}

// AddMonths returns the same day n months later; a day that does not exist in
// the target month (31 January + 1 month) becomes that month's last day, which is
// how a period "of one month" is read.
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
	last := first.AddDate(0, 1, -1).Day()
	day := d.Day
	if day > last {
		day = last
	}
	return Date{Year: first.Year(), Month: first.Month(), Day: day}
}

// DaysSince returns the number of calendar days from e to d (negative when d is
// before e).
func (d Date) DaysSince(e Date) int {
	return int(d.utc().Sub(e.utc()).Hours() / 24)
}

// MarshalText writes yyyy-mm-dd, and nothing for the zero Date.
func (d Date) MarshalText() ([]byte, error) {
	if d == (Date{}) {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads yyyy-mm-dd; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
