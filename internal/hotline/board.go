package hotline

import (
	"context"
	"math"
	"slices"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Board is the supervisors' view of the hotline in a region (督办台): how
// many tickets are where, which are late or about to be, which requesters
// were unsatisfied, and which places keep complaining about the same thing.
type Board struct {
	Today        calendar.Date
	RegionPrefix string
	Counts       map[State]int
	Open         int
	// Late lists red tickets, then yellow ones (by handling or signature
	// deadline), earliest due first.
	Late    []Row
	LateCut bool
	// Unsatisfied lists the tickets of the last 90 days whose requester
	// was unsatisfied, newest first.
	Unsatisfied []Row
	// Rated and Satisfied count the verdicts of the last 90 days, for the
	// satisfaction rate (满意率: satisfied or basically satisfied).
	Rated, Satisfied int
	// Repeats are places and classes with two or more complaints or
	// reports in the last 30 days.
	Repeats []Repeat
}

// SatisfactionRate is the share of verdicts that were satisfied or basically
// satisfied, in percent; -1 without verdicts.
func (b Board) SatisfactionRate() float64 {
	if b.Rated == 0 {
		return -1
	}
	return math.Round(1000*float64(b.Satisfied)/float64(b.Rated)) / 10
}

// Board windows and bounds.
const (
	boardRecentDays = 90
	repeatDays      = 30
	repeatMin       = 2
	maxBoardRows    = 200
)

// Board returns the board of the viewer's region for supervisors and
// operators.
func (m *Manager) Board(ctx context.Context) (Board, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return Board{}, err
	}
	if !p.CanAnywhere(principal.SuperviseTickets) && !p.CanAnywhere(principal.OperateHotline) {
		return Board{}, apperr.Forbid()
	}
	if p.Scope.DepartmentID != 0 {
		return Board{}, apperr.Forbid()
	}
	region := p.Scope.RegionCode
	today, now := m.Today(), m.now()
	b := Board{Today: today, RegionPrefix: region}
	if b.Counts, err = m.store.CountTickets(ctx, TicketFilter{RegionPrefix: region}); err != nil {
		return Board{}, err
	}
	for s, n := range b.Counts {
		if s.Open() {
			b.Open += n
		}
	}
	if b.Late, b.LateCut, err = m.late(ctx, region, today); err != nil {
		return Board{}, err
	}
	since := now.AddDate(0, 0, -boardRecentDays)
	unsat, _, err := m.store.ListTickets(ctx, TicketFilter{RegionPrefix: region, Satisfaction: Unsatisfied, CreatedFrom: since, Limit: maxBoardRows})
	if err != nil {
		return Board{}, err
	}
	b.Unsatisfied = m.rows(unsat)
	for _, s := range []Satisfaction{Satisfied, Basic, Unsatisfied} {
		_, n, err := m.store.ListTickets(ctx, TicketFilter{RegionPrefix: region, Satisfaction: s, CreatedFrom: since, Limit: 1})
		if err != nil {
			return Board{}, err
		}
		b.Rated += n
		if s != Unsatisfied {
			b.Satisfied += n
		}
	}
	b.Repeats, err = m.store.RepeatedComplaints(ctx, region, now.AddDate(0, 0, -repeatDays), repeatMin)
	return b, err
}

// late lists the red and yellow tickets of a region: open tickets whose
// handling is due soon, and dispatched ones whose signature is.
func (m *Manager) late(ctx context.Context, region string, today calendar.Date) ([]Row, bool, error) {
	// A ticket can be yellow while the warning share of its limit remains;
	// no limit is longer than maxLimitDays, so nothing later can be yellow.
	horizon, _ := m.clock.Calendar.AddWorkdays(today, max(m.clock.Handle.WarnWorkdays, int(math.Ceil(m.clock.Handle.WarnShare*maxLimitDays))))
	byHandle, _, err := m.store.ListTickets(ctx, TicketFilter{RegionPrefix: region, HandleDueBy: horizon, NotMerged: true, Limit: maxBoardRows + 1})
	if err != nil {
		return nil, false, err
	}
	bySign, _, err := m.store.ListTickets(ctx, TicketFilter{RegionPrefix: region, SignDueBy: today, NotMerged: true, Limit: maxBoardRows + 1})
	if err != nil {
		return nil, false, err
	}
	seen := map[int64]bool{}
	var out []Row
	for _, r := range m.rows(append(byHandle, bySign...)) {
		if seen[r.ID] || (worst(r) != calendar.Red && worst(r) != calendar.Yellow) {
			continue
		}
		seen[r.ID] = true
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Row) int {
		if (worst(a) == calendar.Red) != (worst(b) == calendar.Red) {
			if worst(a) == calendar.Red {
				return -1
			}
			return 1
		}
		return dueOf(a).DaysSince(dueOf(b))
	})
	cut := len(out) > maxBoardRows
	if cut {
		out = out[:maxBoardRows]
	}
	return out, cut, nil
}

// worst is the worse of a row's two lights.
func worst(r Row) calendar.Light {
	switch {
	case r.Light == calendar.Red || r.SignLight == calendar.Red:
		return calendar.Red
	case r.Light == calendar.Yellow || r.SignLight == calendar.Yellow:
		return calendar.Yellow
	}
	return r.Light
}

// dueOf is the deadline that lights a row: the signature's while it waits
// to be signed and that light is the worse one.
func dueOf(r Row) calendar.Date {
	if r.SignLight != "" && worst(r) == r.SignLight {
		return r.SignDue
	}
	return r.HandleDue
}
