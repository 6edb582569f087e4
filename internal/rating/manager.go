package rating

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/calendar"
)

// Deps are what a Manager is built from.
type Deps struct {
	Tx       Tx
	Store    Store
	Cases    Cases
	Places   Places
	Notifier Notifier
	Audit    audit.Writer
	Calendar *calendar.Calendar
	Light    LightFunc
	// Location is where days are counted (Asia/Shanghai).
	Location *time.Location
	Now      func() time.Time
	// Workdays a department has to rectify a bad rating; 0 = DefaultWorkdays.
	Workdays int
}

// Manager is the rating module's use cases.
type Manager struct {
	tx       Tx
	store    Store
	cases    Cases
	places   Places
	notifier Notifier
	audit    audit.Writer
	cal      *calendar.Calendar
	light    LightFunc
	loc      *time.Location
	now      func() time.Time
	workdays int
}

// NewManager wires a Manager.
func NewManager(d Deps) *Manager {
	if d.Workdays <= 0 {
		d.Workdays = DefaultWorkdays
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Manager{tx: d.Tx, store: d.Store, cases: d.Cases, places: d.Places, notifier: d.Notifier, audit: d.Audit,
		cal: d.Calendar, light: d.Light, loc: d.Location, now: d.Now, workdays: d.Workdays}
}

// Workdays is the time a department has to rectify a bad rating.
func (m *Manager) Workdays() int { return m.workdays }

// Today is the current day where days are counted.
func (m *Manager) Today() calendar.Date { return calendar.FromTime(m.now(), m.loc) }

// Record stores a rateable service of a case, in the caller's transaction.
// It authorizes nothing: the composition root calls it when casework reports
// a submission, an acceptance or a conclusion, which casework authorized.
func (m *Manager) Record(ctx context.Context, s Service) (Service, error) {
	if s.CaseID == 0 || s.PersonID == 0 || s.RegionCode == "" || s.Stage == "" || (s.Mode != Online && s.Mode != Onsite) {
		return s, apperr.New(apperr.Invalid, "rating.service.incomplete")
	}
	if s.At.IsZero() {
		s.At = m.now()
	}
	return s, m.store.InsertService(ctx, &s)
}

// startOf is the first instant of a day where days are counted.
func (m *Manager) startOf(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, m.loc)
}

// window turns a period into [from, until) instants, defaulting to this
// year up to today, and refuses a reversed one.
func (m *Manager) window(p *Period) (time.Time, time.Time, error) {
	today := m.Today()
	if p.To == (calendar.Date{}) {
		p.To = today
	}
	if p.From == (calendar.Date{}) {
		p.From = calendar.Date{Year: p.To.Year, Month: time.January, Day: 1}
	}
	if p.From.After(p.To) {
		return time.Time{}, time.Time{}, apperr.Field("from", "rating.period.reversed")
	}
	return m.startOf(p.From), m.startOf(p.To.AddDays(1)), nil
}

// digitsOnly keeps LIKE wildcards out of a region prefix.
func digitsOnly(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// auditTask writes an audit entry for a staff action on a task.
func (m *Manager) auditTask(ctx context.Context, action string, t Task) error {
	if m.audit == nil {
		return nil
	}
	return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), "rating."+action, "rectification",
		strconv.FormatInt(t.ID, 10), t.RegionCode, t.CaseNumber))
}
