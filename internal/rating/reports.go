package rating

import (
	"context"
	"sort"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Stats are the public satisfaction statistics of a period and region, open
// to everyone (no personal data: counts by department and item only).
func (m *Manager) Stats(ctx context.Context, f StatsFilter) (Stats, error) {
	if !digitsOnly(f.RegionPrefix) {
		return Stats{}, apperr.Field("region", "region.unknown")
	}
	from, until, err := m.window(&f.Period)
	if err != nil {
		return Stats{}, err
	}
	counts, err := m.store.LevelCounts(ctx, f.RegionPrefix, from, until)
	if err != nil {
		return Stats{}, err
	}
	s := Stats{Period: f.Period, RegionPrefix: f.RegionPrefix}
	fold(&s, counts)
	return s, nil
}

// maxOverdueScan bounds the open tasks a report classifies by light; past it
// the overdue counts would be a guess, so the report says nothing rather
// than something wrong (see Report).
const maxOverdueScan = 5000

// Report is the rectification report of a period for those who read rating
// reports, within their scope: a supervisor of the county sees every
// department, a department head their own.
func (m *Manager) Report(ctx context.Context, f ReportFilter) (Report, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return Report{}, err
	}
	if f.RegionPrefix == "" {
		f.RegionPrefix = p.Scope.RegionCode
	}
	if !digitsOnly(f.RegionPrefix) {
		return Report{}, apperr.Field("region", "region.unknown")
	}
	if p.Scope.DepartmentID != 0 {
		if f.DepartmentID != 0 && f.DepartmentID != p.Scope.DepartmentID {
			return Report{}, apperr.Forbid()
		}
		f.DepartmentID = p.Scope.DepartmentID
	}
	if _, err := principal.Authorize(ctx, principal.ViewRatingReports,
		principal.Scope{RegionCode: f.RegionPrefix, DepartmentID: f.DepartmentID}); err != nil {
		return Report{}, err
	}
	from, until, err := m.window(&f.Period)
	if err != nil {
		return Report{}, err
	}
	rows, err := m.store.TaskCounts(ctx, CountFilter{RegionPrefix: f.RegionPrefix, DepartmentID: f.DepartmentID, From: from, Until: until})
	if err != nil {
		return Report{}, err
	}
	r := Report{ReportFilter: f, Today: m.Today()}
	if err := m.countOverdue(ctx, f, rows); err != nil {
		return Report{}, err
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Bad != rows[j].Bad {
			return rows[i].Bad > rows[j].Bad
		}
		return rows[i].DepartmentID < rows[j].DepartmentID
	})
	r.Departments = rows
	for _, c := range rows {
		r.Total.Bad += c.Bad
		r.Total.FedBack += c.FedBack
		r.Total.RealName += c.RealName
		r.Total.CalledBack += c.CalledBack
		r.Total.Open += c.Open
		r.Total.Overdue += c.Overdue
		r.Total.Excluded += c.Excluded
	}
	return r, nil
}

// countOverdue fills the overdue count of each department's row: its open
// tasks of the period that are red today, by the same rule as the inbox.
func (m *Manager) countOverdue(ctx context.Context, f ReportFilter, rows []TaskCounts) error {
	if m.light == nil {
		return nil
	}
	open, _, err := m.store.ListTasks(ctx, TaskFilter{RegionPrefix: f.RegionPrefix, DepartmentID: f.DepartmentID,
		OpenOnly: true, Limit: maxOverdueScan})
	if err != nil {
		return err
	}
	today := m.Today()
	for _, t := range open {
		// A task opens on the day of its rating, so its Opened is the
		// rating's day in the period's terms.
		d := t.Clock.Opened
		if d.Before(f.From) || d.After(f.To) || m.light(t.Clock, today) != Red {
			continue
		}
		for i := range rows {
			if rows[i].DepartmentID == t.DepartmentID {
				rows[i].Overdue++
			}
		}
	}
	return nil
}
