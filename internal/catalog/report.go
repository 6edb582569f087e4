package catalog

import (
	"context"
	"sort"

	"github.com/tongban/tongban/internal/platform/principal"
)

// ItemFindings is one item's findings in a region report.
type ItemFindings struct {
	Item     Item
	Findings []Finding
}

// QualityReport is the result of checking every item of a region on demand.
type QualityReport struct {
	RegionCode string
	Items      []ItemFindings           // items with at least one finding
	Counts     map[int64]map[string]int // department → rule → findings
	Checked    int
}

// CheckRegion runs the quality rules on every item's current draft (or
// published version) in a region subtree, for the item administrator's report.
func (m *Manager) CheckRegion(ctx context.Context, regionPrefix string) (QualityReport, error) {
	if _, err := principal.Authorize(ctx, principal.ViewItems, principal.Scope{RegionCode: regionPrefix, DepartmentID: principal.From(ctx).Scope.DepartmentID}); err != nil {
		return QualityReport{}, err
	}
	items, _, err := m.store.ListItems(ctx, ItemFilter{RegionPrefix: regionPrefix, DepartmentID: principal.From(ctx).Scope.DepartmentID, Limit: 100000})
	if err != nil {
		return QualityReport{}, err
	}
	rep := QualityReport{RegionCode: regionPrefix, Counts: map[int64]map[string]int{}, Checked: len(items)}
	for _, it := range items {
		if it.State == StateCancelled {
			continue
		}
		fs, err := m.Check(ctx, it.RegionCode, it.Draft)
		if err != nil {
			return rep, err
		}
		if len(fs) == 0 {
			continue
		}
		rep.Items = append(rep.Items, ItemFindings{Item: it, Findings: fs})
		if rep.Counts[it.DepartmentID] == nil {
			rep.Counts[it.DepartmentID] = map[string]int{}
		}
		for _, f := range fs {
			rep.Counts[it.DepartmentID][f.Rule]++
		}
	}
	return rep, nil
}

// DepartmentStats are a department's catalog indicators.
type DepartmentStats struct {
	DepartmentID int64
	Entries      int     // basic entries of its line visible in the region
	Claimed      int     // of those, claimed by the department
	Items        int     // items it implements (not cancelled)
	Published    int     // of those, published
	Completeness float64 // mean share of core elements filled, 0–1
}

// ClaimRate is claimed ÷ entries, or 1 when there is nothing to claim.
func (s DepartmentStats) ClaimRate() float64 {
	if s.Entries == 0 {
		return 1
	}
	return float64(s.Claimed) / float64(s.Entries)
}

// Stats computes claim rate and element completeness per department of a region.
func (m *Manager) Stats(ctx context.Context, regionCode string, departments []DepartmentInfo) ([]DepartmentStats, error) {
	if _, err := principal.Authorize(ctx, principal.ViewItems, principal.Scope{RegionCode: regionCode}); err != nil {
		return nil, err
	}
	entries, err := m.store.ListEntries(ctx, EntryFilter{VisibleIn: regionCode})
	if err != nil {
		return nil, err
	}
	claims, err := m.store.ClaimedEntries(ctx, regionCode)
	if err != nil {
		return nil, err
	}
	items, _, err := m.store.ListItems(ctx, ItemFilter{RegionPrefix: regionCode, Limit: 100000})
	if err != nil {
		return nil, err
	}
	byDept := map[int64]*DepartmentStats{}
	var out []DepartmentStats
	for _, d := range departments {
		byDept[d.ID] = &DepartmentStats{DepartmentID: d.ID}
		for _, e := range entries {
			if e.DepartmentLine != d.Slug || e.Cancelled {
				continue
			}
			byDept[d.ID].Entries++
			for _, c := range claims[e.ID] {
				if c == d.ID {
					byDept[d.ID].Claimed++
				}
			}
		}
	}
	sums := map[int64]float64{}
	for _, it := range items {
		s := byDept[it.DepartmentID]
		if s == nil || it.State == StateCancelled {
			continue
		}
		s.Items++
		if it.PublishedVersion > 0 {
			s.Published++
		}
		sums[it.DepartmentID] += it.Draft.Completeness()
	}
	for _, d := range departments {
		s := byDept[d.ID]
		if s.Items > 0 {
			s.Completeness = sums[d.ID] / float64(s.Items)
		}
		out = append(out, *s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DepartmentID < out[j].DepartmentID })
	return out, nil
}
