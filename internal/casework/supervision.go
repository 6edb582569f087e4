package casework

import (
	"context"
	"slices"
	"sort"
	"strconv"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// SupervisionFilter selects the open cases of a supervision board. The manager
// sets it from the principal's scope before the store sees it.
type SupervisionFilter struct {
	RegionPrefix string
	DepartmentID int64 // 0 = every department of the region subtree
}

// SupervisionGroup counts open cases that share everything their light depends
// on (the clock) and every row of the board they count in, so that the store
// aggregates and the module only classifies a few groups.
type SupervisionGroup struct {
	DepartmentID   int64
	DepartmentName string
	Channel        string
	RegisteredBy   int64  // the window clerk; 0 online
	ClerkName      string // "" when the clerk's account is unknown
	ReceivedRegion string // where a window registration was received
	ReceivedName   string
	Clock          Clock // OpenPause is not filled: see Paused
	Paused         bool
	Count          int
}

// SupervisionStore is what the supervision board needs from the database.
type SupervisionStore interface {
	// SupervisionGroups counts the open cases of the filter in groups.
	SupervisionGroups(ctx context.Context, f SupervisionFilter) ([]SupervisionGroup, error)
	// DueCases lists open, accepted cases whose clock runs and whose due date
	// is on or before dueBy, earliest due first, at most limit.
	DueCases(ctx context.Context, f SupervisionFilter, dueBy calendar.Date, limit int) ([]Case, error)
	// WaitingCases lists open cases whose clock has not started and is not
	// paused, longest unchanged first, at most limit.
	WaitingCases(ctx context.Context, f SupervisionFilter, limit int) ([]Case, error)
}

// BoardFilter narrows a supervision board.
type BoardFilter struct {
	RegionPrefix string // "" = the viewer's own region
	DepartmentID int64  // 0 = every department the viewer may see
}

// Cards are the counts of one row of the board. Every open case is counted in
// Open and in exactly one of Waiting, Paused, Green, Yellow and Red.
type Cards struct {
	Open    int
	Waiting int // not accepted yet: the clock has not started
	Paused  int // the clock is stopped (supplement, special procedure): never red
	Green   int // 正常
	Yellow  int // yellow cards, 预警
	Red     int // red cards, 超期
}

// DepartmentCards is the row of a responsible department.
type DepartmentCards struct {
	DepartmentID int64
	Name         string
	Cards
}

// HallCards is the row of the place where window registrations were received.
// Staff accounts are not assigned to numbered windows, so window registrations
// are counted per receiving region's hall and per registering clerk.
type HallCards struct {
	RegionCode string
	Name       string
	Cards
}

// ClerkCards is the row of a window clerk: the cases they registered.
type ClerkCards struct {
	StaffID    int64
	Name       string // "" when the account is unknown
	HallRegion string
	Cards
}

// OverdueCase is an entry of the overdue list: a red or yellow case.
type OverdueCase struct {
	Case
	Light          Light
	DepartmentName string
	// Days is the working days past the due date for a red case, and the
	// working days left for a yellow one. A case due on Friday is red on
	// Saturday with 0 working days overdue.
	Days int
}

// Board is the supervision board (电子监察) of a region subtree on a day.
type Board struct {
	Today        calendar.Date
	RegionPrefix string
	DepartmentID int64
	Thresholds   Thresholds
	Total        Cards
	Online       Cards // cases submitted online
	Departments  []DepartmentCards
	Halls        []HallCards
	Clerks       []ClerkCards
	// Overdue lists red cases, then yellow ones, each by due date.
	Overdue []OverdueCase
	// OverdueCut says the list stopped at MaxOverdue entries; the cards still
	// count every case.
	OverdueCut bool
}

// MaxOverdue bounds the overdue list of a board.
const MaxOverdue = 500

// Supervision returns the board of a region subtree ("" = the viewer's own).
func (m *Manager) Supervision(ctx context.Context, regionPrefix string) (Board, error) {
	return m.SupervisionOf(ctx, BoardFilter{RegionPrefix: regionPrefix})
}

// SupervisionOf returns the supervision board for staff who handle or
// supervise cases, within their scope: a supervisor of the county sees every
// department, department staff only their own department, a township's staff
// their township. The lights are those of the module's clock (m.Today), the
// same the case pages show.
func (m *Manager) SupervisionOf(ctx context.Context, f BoardFilter) (Board, error) {
	sf, err := supervisionScope(ctx, f)
	if err != nil {
		return Board{}, err
	}
	return m.board(ctx, sf, MaxOverdue)
}

// supervisionScope authorizes a board and turns its filter into the store's.
func supervisionScope(ctx context.Context, f BoardFilter) (SupervisionFilter, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return SupervisionFilter{}, err
	}
	if p.Scope.RegionCode == "" || !slices.ContainsFunc(handlerRoles, p.Has) {
		return SupervisionFilter{}, apperr.Forbid()
	}
	prefix := f.RegionPrefix
	if prefix == "" {
		prefix = p.Scope.RegionCode
	}
	if !digitsOnly(prefix) {
		return SupervisionFilter{}, apperr.Field("region", "region.unknown")
	}
	if !p.Scope.Covers(principal.Scope{RegionCode: prefix}) {
		return SupervisionFilter{}, apperr.Forbid()
	}
	dept := f.DepartmentID
	if p.Scope.DepartmentID != 0 {
		if dept != 0 && dept != p.Scope.DepartmentID {
			return SupervisionFilter{}, apperr.Forbid()
		}
		dept = p.Scope.DepartmentID
	}
	return SupervisionFilter{RegionPrefix: prefix, DepartmentID: dept}, nil
}

// digitsOnly keeps LIKE wildcards out of a region prefix.
func digitsOnly(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// board counts the groups into rows and loads the overdue list.
func (m *Manager) board(ctx context.Context, sf SupervisionFilter, limit int) (Board, error) {
	groups, err := m.store.SupervisionGroups(ctx, sf)
	if err != nil {
		return Board{}, err
	}
	today := m.today()
	b := Board{Today: today, RegionPrefix: sf.RegionPrefix, DepartmentID: sf.DepartmentID, Thresholds: m.th}
	t := newTally()
	var dueBy calendar.Date // the latest due date of a yellow or red group
	for _, g := range groups {
		st := m.status(g.Clock, g.Paused, today)
		if st == statusYellow || st == statusRed {
			if due, _ := g.Clock.Due(m.cal, today); due.After(dueBy) {
				dueBy = due
			}
		}
		t.count(&b, g, st)
	}
	t.rows(&b)
	if dueBy == (calendar.Date{}) {
		return b, nil
	}
	cs, err := m.store.DueCases(ctx, sf, dueBy, limit+1)
	if err != nil {
		return b, err
	}
	if len(cs) > limit {
		cs, b.OverdueCut = cs[:limit], true
	}
	for _, c := range cs {
		if e, ok := m.overdueEntry(c, today); ok {
			if d := t.depts[c.DepartmentID]; d != nil { // nil: opened since the count
				e.DepartmentName = d.Name
			}
			b.Overdue = append(b.Overdue, e)
		}
	}
	sortOverdue(b.Overdue)
	return b, nil
}

// tally collects the board's rows while the groups are counted.
type tally struct {
	depts  map[int64]*DepartmentCards
	halls  map[string]*HallCards
	clerks map[int64]*ClerkCards
}

func newTally() tally {
	return tally{depts: map[int64]*DepartmentCards{}, halls: map[string]*HallCards{}, clerks: map[int64]*ClerkCards{}}
}

// count adds a group to the total and to every row it belongs to.
func (t tally) count(b *Board, g SupervisionGroup, st status) {
	b.Total.add(st, g.Count)
	d := t.depts[g.DepartmentID]
	if d == nil {
		d = &DepartmentCards{DepartmentID: g.DepartmentID, Name: g.DepartmentName}
		t.depts[g.DepartmentID] = d
	}
	d.add(st, g.Count)
	if g.Channel != ChannelWindow {
		b.Online.add(st, g.Count)
		return
	}
	h := t.halls[g.ReceivedRegion]
	if h == nil {
		h = &HallCards{RegionCode: g.ReceivedRegion, Name: g.ReceivedName}
		t.halls[g.ReceivedRegion] = h
	}
	h.add(st, g.Count)
	c := t.clerks[g.RegisteredBy]
	if c == nil {
		c = &ClerkCards{StaffID: g.RegisteredBy, Name: g.ClerkName, HallRegion: g.ReceivedRegion}
		t.clerks[g.RegisteredBy] = c
	}
	c.add(st, g.Count)
}

// rows puts the tallied rows on the board, worst first.
func (t tally) rows(b *Board) {
	b.Departments = sortedRows(t.depts, func(r *DepartmentCards) (Cards, string) {
		return r.Cards, r.Name + "\x00" + strconv.FormatInt(r.DepartmentID, 10)
	})
	b.Halls = sortedRows(t.halls, func(r *HallCards) (Cards, string) { return r.Cards, r.RegionCode })
	b.Clerks = sortedRows(t.clerks, func(r *ClerkCards) (Cards, string) {
		return r.Cards, r.Name + "\x00" + strconv.FormatInt(r.StaffID, 10)
	})
}

// overdueEntry is a case's entry in the overdue list, if it is red or yellow.
func (m *Manager) overdueEntry(c Case, today calendar.Date) (OverdueCase, bool) {
	l := LightFor(m.cal, c.Clock, today, m.th)
	due, _ := c.Clock.Due(m.cal, today)
	switch l {
	case Red:
		return OverdueCase{Case: c, Light: Red, Days: m.cal.WorkdaysBetween(due, today)}, true
	case Yellow:
		return OverdueCase{Case: c, Light: Yellow, Days: m.cal.WorkdaysBetween(today, due)}, true
	}
	return OverdueCase{}, false
}

// sortOverdue puts red before yellow, each by due date.
func sortOverdue(es []OverdueCase) {
	sort.SliceStable(es, func(i, j int) bool {
		if (es[i].Light == Red) != (es[j].Light == Red) {
			return es[i].Light == Red
		}
		return es[i].Due.Before(es[j].Due)
	})
}

// status is where an open case counts on the board.
type status int

const (
	statusWaiting status = iota
	statusPaused
	statusGreen
	statusYellow
	statusRed
)

func (m *Manager) status(c Clock, paused bool, today calendar.Date) status {
	switch {
	case c.Accepted == (calendar.Date{}):
		return statusWaiting
	case paused:
		return statusPaused
	}
	switch LightFor(m.cal, c, today, m.th) {
	case Red:
		return statusRed
	case Yellow:
		return statusYellow
	}
	return statusGreen
}

func (c *Cards) add(st status, n int) {
	c.Open += n
	switch st {
	case statusWaiting:
		c.Waiting += n
	case statusPaused:
		c.Paused += n
	case statusGreen:
		c.Green += n
	case statusYellow:
		c.Yellow += n
	case statusRed:
		c.Red += n
	}
}

// sortedRows orders rows worst first: most red cards, then most yellow, then
// by name (then id, so equal names keep one order), so the rows that need
// attention lead.
func sortedRows[K comparable, R any](rows map[K]*R, key func(*R) (Cards, string)) []R {
	out := make([]*R, 0, len(rows))
	for _, r := range rows {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, an := key(out[i])
		b, bn := key(out[j])
		if a.Red != b.Red {
			return a.Red > b.Red
		}
		if a.Yellow != b.Yellow {
			return a.Yellow > b.Yellow
		}
		return an < bn
	})
	vals := make([]R, len(out))
	for i, r := range out {
		vals[i] = *r
	}
	return vals
}

// ReminderKind says why a case is in a staff member's reminders.
type ReminderKind string

// Reminder kinds.
const (
	RemindOverdue ReminderKind = "overdue"  // red: past its due date
	RemindDueSoon ReminderKind = "due_soon" // yellow: near its due date
	RemindWaiting ReminderKind = "waiting"  // not accepted within its step's working days
)

// Reminder is a case that needs the attention of the staff who handle it.
type Reminder struct {
	Case
	Kind ReminderKind
	// Days is the working days past the due date (overdue), left before it
	// (due soon), or waited for acceptance (waiting).
	Days int
}

// MaxReminders bounds the reminders shown in the staff inbox; the
// supervision board lists everything.
const MaxReminders = 20

// waitingScan bounds the unaccepted cases examined for waiting reminders.
const waitingScan = 200

// Reminders returns the signed-in handling staff member's reminders in their
// own scope: red cases, then yellow ones, each by due date, then cases waiting
// for acceptance longer than their state's step allows, longest waiting
// first; at most MaxReminders.
func (m *Manager) Reminders(ctx context.Context) ([]Reminder, error) {
	sf, err := supervisionScope(ctx, BoardFilter{})
	if err != nil {
		return nil, err
	}
	b, err := m.board(ctx, sf, MaxReminders)
	if err != nil {
		return nil, err
	}
	out := make([]Reminder, 0, len(b.Overdue))
	for _, e := range b.Overdue {
		kind := RemindDueSoon
		if e.Light == Red {
			kind = RemindOverdue
		}
		out = append(out, Reminder{Case: e.Case, Kind: kind, Days: e.Days})
	}
	if len(out) >= MaxReminders {
		return out[:MaxReminders], nil
	}
	waiting, err := m.store.WaitingCases(ctx, sf, waitingScan)
	if err != nil {
		return nil, err
	}
	for _, c := range waiting {
		if days, late := m.waitedTooLong(c, b.Today); late {
			out = append(out, Reminder{Case: c, Kind: RemindWaiting, Days: days})
		}
		if len(out) == MaxReminders {
			break
		}
	}
	return out, nil
}

// waitedTooLong reports, for a case not yet accepted that waits for staff
// (submitted, pre-checked — not the applicant's supplement time), the working
// days since it last changed state and whether that is more than the state's
// step allows.
func (m *Manager) waitedTooLong(c Case, today calendar.Date) (int, bool) {
	wf := m.workflowFor(c)
	i := slices.IndexFunc(wf.States, func(s State) bool { return s.ID == c.State })
	if i < 0 || wf.States[i].Terminal || wf.States[i].StepDays == nil || !staffActsIn(wf, c.State) {
		return 0, false
	}
	waited := m.cal.WorkdaysBetween(calendar.FromTime(c.UpdatedAt, m.loc), today)
	return waited, waited > *wf.States[i].StepDays
}

// staffActsIn reports whether staff take the next step from a state.
func staffActsIn(wf Workflow, state string) bool {
	return slices.ContainsFunc(wf.Actions, func(a Action) bool { return !a.ByApplicant && slices.Contains(a.From, state) })
}
