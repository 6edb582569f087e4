package region

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// CalendarOverride is a region's local adjustment of the national holiday
// calendar, kept with who made it: a provincial holiday, or a makeup working
// day the national notice does not list.
type CalendarOverride struct {
	RegionCode string
	Date       calendar.Date
	OffDay     bool
	Name       string
	CreatedBy  string
	CreatedAt  time.Time
}

// CalendarStore is the persistence of calendar overrides.
type CalendarStore interface {
	ListCalendarOverrides(ctx context.Context, regionCode string) ([]CalendarOverride, error)
	PutCalendarOverride(ctx context.Context, o CalendarOverride) error
	DeleteCalendarOverride(ctx context.Context, regionCode string, d calendar.Date) error
}

// LocalCalendar is the install's working-day calendar with its home region's
// overrides. Deadlines computed after a change use it at once; due dates
// already given to applicants stay as they were promised.
type LocalCalendar struct {
	tx    Tx
	store CalendarStore
	audit audit.Writer
	cal   *calendar.Calendar
	home  string
	now   func() time.Time
}

// Audit actions of calendar changes.
const (
	AuditCalendarSet    = "calendar.set"
	AuditCalendarRemove = "calendar.remove"
)

// NewLocalCalendar wires the overrides of home into cal.
func NewLocalCalendar(tx Tx, store CalendarStore, aw audit.Writer, cal *calendar.Calendar, home string, now func() time.Time) *LocalCalendar {
	return &LocalCalendar{tx: tx, store: store, audit: aw, cal: cal, home: home, now: now}
}

// Load applies the stored overrides to the calendar; app calls it at start.
func (l *LocalCalendar) Load(ctx context.Context) error {
	os, err := l.store.ListCalendarOverrides(ctx, l.home)
	if err != nil {
		return err
	}
	return l.apply(os)
}

func (l *LocalCalendar) apply(os []CalendarOverride) error {
	out := make([]calendar.Override, len(os))
	for i, o := range os {
		out[i] = calendar.Override{Date: o.Date, OffDay: o.OffDay, Name: o.Name}
	}
	return l.cal.SetOverrides(out...)
}

// Overrides lists the home region's overrides for any staff member: the
// calendar counts every deadline of the install, a township's included.
func (l *LocalCalendar) Overrides(ctx context.Context) ([]CalendarOverride, error) {
	if _, err := principal.AuthorizeOwn(ctx, principal.ViewRegions); err != nil {
		return nil, err
	}
	return l.store.ListCalendarOverrides(ctx, l.home)
}

// ThisYear is the current year in China, the year the page opens on.
func (l *LocalCalendar) ThisYear() int { return l.now().In(china).Year() }

// china is the time zone working days are counted in.
var china = time.FixedZone("CST", 8*3600)

// Calendar is the calendar the overrides adjust, for showing the year.
func (l *LocalCalendar) Calendar() *calendar.Calendar { return l.cal }

// SetOverride adds or replaces the override of one date. Only an
// administrator whose scope covers the whole install may change its calendar:
// a township's holiday would otherwise move the county's deadlines.
func (l *LocalCalendar) SetOverride(ctx context.Context, day string, offDay bool, name string) (CalendarOverride, error) {
	p, err := principal.Authorize(ctx, principal.ManageRegions, principal.Scope{RegionCode: l.home})
	if err != nil {
		return CalendarOverride{}, err
	}
	name = strings.TrimSpace(name)
	var fs []apperr.FieldError
	d, derr := calendar.ParseDate(strings.TrimSpace(day))
	if derr != nil {
		fs = append(fs, apperr.FieldError{Field: "date", Key: "form.date"})
	}
	switch {
	case name == "":
		fs = append(fs, apperr.FieldError{Field: "name", Key: "form.required"})
	case utf8.RuneCountInString(name) > 40:
		fs = append(fs, apperr.FieldError{Field: "name", Key: "calendar.name_long"})
	}
	if err := apperr.Fields(fs); err != nil {
		return CalendarOverride{}, err
	}
	o := CalendarOverride{RegionCode: l.home, Date: d, OffDay: offDay, Name: name, CreatedBy: p.Name, CreatedAt: l.now()}
	kind := "workday"
	if offDay {
		kind = "off"
	}
	return o, l.change(ctx, func(ctx context.Context) error {
		if err := l.store.PutCalendarOverride(ctx, o); err != nil {
			return err
		}
		return l.audit.AppendAudit(ctx, audit.New(ctx, o.CreatedAt, AuditCalendarSet, "calendar", d.String(), l.home, kind+" "+name))
	})
}

// RemoveOverride deletes the override of one date, giving the day back to
// the national notice.
func (l *LocalCalendar) RemoveOverride(ctx context.Context, day string) error {
	if _, err := principal.Authorize(ctx, principal.ManageRegions, principal.Scope{RegionCode: l.home}); err != nil {
		return err
	}
	d, err := calendar.ParseDate(day)
	if err != nil {
		return apperr.NotFoundf("calendar override")
	}
	return l.change(ctx, func(ctx context.Context) error {
		if err := l.store.DeleteCalendarOverride(ctx, l.home, d); err != nil {
			return err
		}
		return l.audit.AppendAudit(ctx, audit.New(ctx, l.now(), AuditCalendarRemove, "calendar", d.String(), l.home, ""))
	})
}

// change stores a change, then applies the stored overrides once it has
// committed, so the calendar never shows a change that was rolled back.
func (l *LocalCalendar) change(ctx context.Context, fn func(ctx context.Context) error) error {
	if err := l.tx.InTx(ctx, fn); err != nil {
		return err
	}
	return l.Load(ctx)
}
