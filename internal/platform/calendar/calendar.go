package calendar

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// holidayFS holds the national notices; embedding them means a deployment
// can never run with a missing or stale calendar file on disk.
//
//go:embed holidays/*.json
var holidayFS embed.FS

// day is the status of a listed day.
type day struct {
	off  bool
	name string
}

// national is the parsed embedded data.
type national struct {
	days      map[Date]day
	published map[int]bool
}

// loadNational parses the embedded files once per process; they cannot
// change at run time, and every Calendar starts from the same data.
var loadNational = sync.OnceValues(parseNational)

// yearFile is the holiday-cn JSON format (schema.json upstream).
type yearFile struct {
	Year   int      `json:"year"`
	Papers []string `json:"papers"`
	Days   []struct {
		Name     string `json:"name"`
		Date     string `json:"date"`
		IsOffDay *bool  `json:"isOffDay"`
	} `json:"days"`
}

func parseNational() (*national, error) {
	n := &national{days: make(map[Date]day), published: make(map[int]bool)}
	files, err := fs.Glob(holidayFS, "holidays/*.json")
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	if len(files) == 0 {
		return nil, errors.New("calendar: no embedded holiday files")
	}
	for _, name := range files {
		if err := parseYear(n, name); err != nil {
			return nil, err
		}
	}
	return n, nil
}

func parseYear(n *national, name string) error {
	year, err := strconv.Atoi(strings.TrimSuffix(path.Base(name), ".json"))
	if err != nil {
		return fmt.Errorf("calendar: %s: file name is not YYYY.json", name)
	}
	b, err := holidayFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	var f yearFile
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("calendar: %s: %w", name, err)
	}
	// A mismatch means a file was renamed or mis-copied; its days would be
	// credited to the wrong year's publication status.
	if f.Year != year {
		return fmt.Errorf("calendar: %s: year field is %d", name, f.Year)
	}
	n.published[year] = len(f.Days) > 0
	for _, e := range f.Days {
		d, err := ParseDate(e.Date)
		if err != nil {
			return fmt.Errorf("calendar: %s: %w", name, err)
		}
		if e.IsOffDay == nil {
			return fmt.Errorf("calendar: %s: %s has no isOffDay", name, e.Date)
		}
		// A notice may list the last days of the previous year, so the same
		// date could in principle appear in two files; they must agree.
		if old, dup := n.days[d]; dup && old.off != *e.IsOffDay {
			return fmt.Errorf("calendar: %s: %s listed twice with different status", name, e.Date)
		}
		n.days[d] = day{off: *e.IsOffDay, name: e.Name}
	}
	return nil
}

// Override is a local adjustment made by an administrator, for example a
// provincial holiday or a makeup working day the national notice does not
// have. An override wins over the national notice for its date.
type Override struct {
	Date   Date
	OffDay bool   // true: a rest day; false: a working day
	Name   string // shown to users, e.g. "古尔邦节"
}

// Calendar answers working-day questions. It is safe for concurrent use: its
// days are an immutable table swapped whole when an administrator changes the
// local overrides, so a computation in progress never sees half a change. The
// zero value treats every year as unpublished (Monday–Friday are working days,
// every result is provisional).
type Calendar struct {
	t atomic.Pointer[table]
}

// table is one immutable state of a calendar.
type table struct {
	days      map[Date]day
	published map[int]bool
}

// New builds a calendar from every embedded national notice plus the given
// overrides. It fails if the embedded data is malformed, if an override has
// an invalid date, or if two overrides for the same date disagree.
func New(overrides ...Override) (*Calendar, error) {
	c := &Calendar{}
	if err := c.SetOverrides(overrides...); err != nil {
		return nil, err
	}
	return c, nil
}

// SetOverrides replaces the local overrides with the given ones. Deadlines
// computed afterwards use them; on an error the calendar is unchanged.
func (c *Calendar) SetOverrides(overrides ...Override) error {
	n, err := loadNational()
	if err != nil {
		return err
	}
	t := &table{days: maps.Clone(n.days), published: n.published}
	seen := make(map[Date]Override, len(overrides))
	for _, o := range overrides {
		if !o.Date.valid() {
			return fmt.Errorf("calendar: override has invalid date %v", o.Date)
		}
		if prev, dup := seen[o.Date]; dup && prev.OffDay != o.OffDay {
			return fmt.Errorf("calendar: conflicting overrides for %s", o.Date)
		}
		seen[o.Date] = o
		t.days[o.Date] = day{off: o.OffDay, name: o.Name}
	}
	c.t.Store(t)
	return nil
}

// current is the calendar's table; an empty one for the zero value.
func (c *Calendar) current() *table {
	if t := c.t.Load(); t != nil {
		return t
	}
	return &table{}
}

// National lists the days the national notice of year names (holidays and
// makeup working days), in date order, so administrators see them next to
// their local overrides. It is empty for a year whose notice is unpublished.
func National(year int) []Override {
	n, err := loadNational()
	if err != nil {
		return nil
	}
	var out []Override
	for d, e := range n.days {
		if d.Year == year {
			out = append(out, Override{Date: d, OffDay: e.off, Name: e.name})
		}
	}
	slices.SortFunc(out, func(a, b Override) int { return a.Date.compare(b.Date) })
	return out
}

// IsWorkday reports whether d is a working day (domain.md §8.2): a listed day
// (override or national notice) is a rest day if it is marked off and a
// working day otherwise (调休 makeup day); any other day is a working day
// from Monday to Friday.
func (c *Calendar) IsWorkday(d Date) bool {
	if e, ok := c.current().days[d]; ok {
		return !e.off
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// DayName returns the name of a listed day (a holiday, a makeup working day
// or an override), and false for an ordinary day.
func (c *Calendar) DayName(d Date) (string, bool) {
	e, ok := c.current().days[d]
	return e.name, ok
}

// Published reports whether the national notice for year is embedded and
// lists at least one day. It is false for a placeholder file with no days
// (2027 at the time of writing) and for years with no file. Overrides do
// not make a year published: they are local additions, not the notice.
func (c *Calendar) Published(year int) bool {
	return c.current().published[year]
}

// AddWorkdays returns the date on which n working days counted from start
// are complete. The day of start is not counted; counting begins the next
// day (民法典 art. 201), so with n = 1 the result is the first working day
// after start. n <= 0 returns start. provisional is true if any day
// examined (start+1 … due) lies in a year that is not Published.
func (c *Calendar) AddWorkdays(start Date, n int) (due Date, provisional bool) {
	d := start
	for k := 0; k < n; {
		d = d.AddDays(1)
		provisional = provisional || !c.Published(d.Year)
		if c.IsWorkday(d) {
			k++
		}
	}
	return d, provisional
}

// WorkdaysBetween returns the number of working days in the half-open range
// (from, to]: from itself is not counted, to is. It is 0 if to is not after
// from. This is the amount by which a pause from `from` to `to` extends a
// working-day deadline.
func (c *Calendar) WorkdaysBetween(from, to Date) int {
	n, _ := c.workdaysBetween(from, to)
	return n
}

// workdaysBetween is WorkdaysBetween that also reports whether any day
// examined lies in an unpublished year.
func (c *Calendar) workdaysBetween(from, to Date) (n int, provisional bool) {
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		provisional = provisional || !c.Published(d.Year)
		if c.IsWorkday(d) {
			n++
		}
	}
	return n, provisional
}

// AddCalendarDays returns the end of a period of n calendar days (日) counted
// from start: start+n, because the day of start is not counted (民法典 art.
// 201). If that day is not a working day the period ends on the next working
// day instead (art. 203). provisional is true if the end day or any day
// skipped after it lies in a year that is not Published.
func (c *Calendar) AddCalendarDays(start Date, n int) (due Date, provisional bool) {
	d := start.AddDays(n)
	provisional = !c.Published(d.Year)
	for !c.IsWorkday(d) {
		d = d.AddDays(1)
		provisional = provisional || !c.Published(d.Year)
	}
	return d, provisional
}

// Span is a closed pause of a deadline's clock (特别程序, 补正, 挂起): the
// clock stopped on From and restarted on To.
type Span struct {
	From, To Date
}

// Deadline is a working-day limit with the pauses it has had so far.
type Deadline struct {
	Start    Date   // the day of the triggering act (受理); not counted
	Workdays int    // the statutory limit, e.g. 20
	Paused   []Span // closed pauses; an open pause has no due date yet
}

// Due returns the due date of d and whether it is provisional.
//
// The rule: due = AddWorkdays(Start, Workdays+P), where P is the number of
// working days the clock was paused. A pause Span{From, To} excuses the
// working days in (From, To], exactly as WorkdaysBetween counts them: the
// day the clock stops still counts as a running day, and counting resumes
// the day after To, because the day of an act (here the resumption) is not
// counted (民法典 art. 201). Before summing, each span is clipped so that no
// day up to Start is excused, empty or reversed spans are ignored, and
// overlapping spans are merged so that no day is excused twice.
//
// Adding P at the end gives the same date as skipping each paused day while
// counting, provided every pause began while the clock was still running
// (From before the due date); the caller must not record a pause after the
// limit has already run out.
//
// provisional is true if any day examined, in the count or in a pause, lies
// in a year whose national notice is not published.
func (c *Calendar) Due(d Deadline) (Date, bool) {
	paused, provisional := 0, false
	for _, s := range mergeSpans(d.Start, d.Paused) {
		n, p := c.workdaysBetween(s.From, s.To)
		paused += n
		provisional = provisional || p
	}
	due, p := c.AddWorkdays(d.Start, d.Workdays+paused)
	return due, provisional || p
}

// mergeSpans clips spans to start, drops empty ones and merges overlapping
// or touching ones; the result is sorted and disjoint as half-open ranges.
func mergeSpans(start Date, spans []Span) []Span {
	var out []Span
	for _, s := range spans {
		if s.From.Before(start) {
			s.From = start
		}
		if !s.To.After(s.From) {
			continue
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Span) int { return a.From.compare(b.From) })
	merged := out[:0]
	for _, s := range out {
		if k := len(merged) - 1; k >= 0 && !s.From.After(merged[k].To) {
			if s.To.After(merged[k].To) {
				merged[k].To = s.To
			}
			continue
		}
		merged = append(merged, s)
	}
	return merged
}
