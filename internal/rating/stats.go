package rating

import (
	"sort"

	"github.com/tongban/tongban/internal/platform/calendar"
)

// Counts are the ratings of one row of the statistics, by level.
type Counts struct {
	ByLevel [6]int // index = level; [0] unused
}

// Add counts n ratings of level l.
func (c *Counts) Add(l Level, n int) {
	if l.Valid() {
		c.ByLevel[l] += n
	}
}

// Total is the number of ratings.
func (c Counts) Total() int {
	n := 0
	for _, v := range c.ByLevel[1:] {
		n += v
	}
	return n
}

// Bad is the number of 差评.
func (c Counts) Bad() int { return c.ByLevel[Dissatisfied] + c.ByLevel[VeryDissatisfied] }

// Satisfaction is the share of ratings that are 非常满意, 满意 or 基本满意,
// and false when there are none.
func (c Counts) Satisfaction() (float64, bool) {
	return Ratio(c.ByLevel[Basic]+c.ByLevel[Satisfied]+c.ByLevel[VerySatisfied], c.Total())
}

// Average is the mean level (1–5), and false when there are no ratings.
func (c Counts) Average() (float64, bool) {
	sum := 0
	for l := VeryDissatisfied; l <= VerySatisfied; l++ {
		sum += int(l) * c.ByLevel[l]
	}
	return Ratio(sum, c.Total())
}

// Ratio is n/d, and false when d is 0: a rate over nothing is not 0% or
// 100%, it is undefined, and screens say so.
func Ratio(n, d int) (float64, bool) {
	if d == 0 {
		return 0, false
	}
	return float64(n) / float64(d), true
}

// Period is a span of calendar days, both ends included, in China's time.
type Period struct {
	From, To calendar.Date
}

// StatsFilter selects the ratings of the public statistics.
type StatsFilter struct {
	Period
	RegionPrefix string // "" = the install's whole region
}

// LevelCount is the store's count of ratings of one level for one item of
// one department.
type LevelCount struct {
	DepartmentID   int64
	DepartmentName string
	ItemID         int64
	ItemName       string
	Level          Level
	Count          int
}

// StatsRow is one row of the statistics: a department or an item.
type StatsRow struct {
	ID         int64
	Name       string
	Department string // an item's department
	Counts
}

// Stats are the public satisfaction statistics of a period: every rating
// that counts (the latest of each service, none excluded by an appeal).
type Stats struct {
	Period
	RegionPrefix string
	Total        Counts
	Departments  []StatsRow // by department, most ratings first
	Items        []StatsRow // by item, most ratings first
}

// fold turns the store's counts into the rows of the statistics.
func fold(s *Stats, counts []LevelCount) {
	depts, items := map[int64]*StatsRow{}, map[int64]*StatsRow{}
	for _, c := range counts {
		s.Total.Add(c.Level, c.Count)
		d := depts[c.DepartmentID]
		if d == nil {
			d = &StatsRow{ID: c.DepartmentID, Name: c.DepartmentName}
			depts[c.DepartmentID] = d
		}
		d.Add(c.Level, c.Count)
		it := items[c.ItemID]
		if it == nil {
			it = &StatsRow{ID: c.ItemID, Name: c.ItemName, Department: c.DepartmentName}
			items[c.ItemID] = it
		}
		it.Add(c.Level, c.Count)
	}
	s.Departments, s.Items = sortedRows(depts), sortedRows(items)
}

func sortedRows(m map[int64]*StatsRow) []StatsRow {
	out := make([]StatsRow, 0, len(m))
	for _, r := range m {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total() != out[j].Total() {
			return out[i].Total() > out[j].Total()
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// ReportFilter selects the rectification report.
type ReportFilter struct {
	Period
	RegionPrefix string // "" = the viewer's region
	DepartmentID int64  // 0 = every department the viewer may see
}

// TaskCounts are the rectification counts of one department, over the bad
// ratings given in the period. Bad, FedBack, RealName and CalledBack leave
// out ratings excluded by an upheld appeal; Excluded counts those.
type TaskCounts struct {
	DepartmentID   int64
	DepartmentName string
	Bad            int // 差评总数
	FedBack        int // 已整改反馈的差评
	RealName       int // 实名差评
	CalledBack     int // 已回访的实名差评 (the rater was reached)
	Open           int // tasks not yet closed
	Overdue        int // open tasks past their due date (filled by the module)
	Excluded       int // 申诉成立: excluded from the statistics
}

// RectifyRate is 差评整改率 = 已整改反馈的差评数 ÷ 差评总数.
func (c TaskCounts) RectifyRate() (float64, bool) { return Ratio(c.FedBack, c.Bad) }

// CallbackRate is 实名差评回访率 = 已回访的实名差评 ÷ 实名差评总数.
func (c TaskCounts) CallbackRate() (float64, bool) { return Ratio(c.CalledBack, c.RealName) }

// Report is the supervisors' rectification report of a period.
type Report struct {
	ReportFilter
	Today       calendar.Date
	Departments []TaskCounts
	Total       TaskCounts
}
