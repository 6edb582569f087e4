package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/rating"
	"github.com/tongban/tongban/internal/region"
)

// registerRatingReports adds the public satisfaction statistics and the
// supervisors' rectification report with its workbook.
func (ui *UI) registerRatingReports(rt routeAdder) {
	rt.Handle("GET", "/ratings/stats", ui.ratingStats)
	rt.Handle("GET", "/staff/ratings/report", ui.ratingReport)
	rt.Handle("GET", "/staff/ratings/report.xlsx", ui.ratingReportExport)
}

// ratePercent formats a rate, or says there is nothing to rate.
func ratePercent(p Page, v float64, ok bool) string {
	if !ok {
		return p.T("rating.stats.none")
	}
	return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
}

// periodParams reads the optional from and to dates of a report.
func periodParams(r *http.Request) (rating.Period, error) {
	var p rating.Period
	for name, dst := range map[string]*calendar.Date{"from": &p.From, "to": &p.To} {
		if v := r.URL.Query().Get(name); v != "" {
			d, err := calendar.ParseDate(v)
			if err != nil {
				return p, apperr.Field(name, "form.date")
			}
			*dst = d
		}
	}
	return p, nil
}

// StatsView is the public statistics page.
type StatsView struct {
	Page
	From, To    string
	Total       StatsLine
	Levels      []LevelLine
	Departments []StatsLine
	Items       []StatsLine
}

// StatsLine is one row of the statistics in words and numbers.
type StatsLine struct {
	Name, Department      string
	Count, Bad            int
	Satisfaction, Average string
	ByLevel               [6]int // index = level
}

// LevelLine is the count of one level.
type LevelLine struct {
	Label string
	Count int
}

func statsLine(p Page, name string, c rating.Counts) StatsLine {
	sat, ok := c.Satisfaction()
	avg, aok := c.Average()
	l := StatsLine{Name: name, Count: c.Total(), Bad: c.Bad(), Satisfaction: ratePercent(p, sat, ok), ByLevel: c.ByLevel,
		Average: p.T("rating.stats.none")}
	if aok {
		l.Average = strconv.FormatFloat(avg, 'f', 2, 64)
	}
	return l
}

func (ui *UI) ratingStats(w http.ResponseWriter, r *http.Request) error {
	period, err := periodParams(r)
	p := StatsView{Page: ui.page(r, "rating.stats.title")}
	if err != nil {
		form, ok := ui.formFrom(r, err)
		if !ok {
			return err
		}
		p.Page.Form = form
		period = rating.Period{}
	}
	s, err := ui.Ratings.Stats(r.Context(), rating.StatsFilter{Period: period, RegionPrefix: ui.HomeRegion})
	if err != nil {
		return err
	}
	p.From, p.To = s.From.String(), s.To.String()
	p.Total = statsLine(p.Page, p.T("rating.stats.total"), s.Total)
	for _, l := range rating.Levels {
		p.Levels = append(p.Levels, LevelLine{Label: p.T("rating.level." + strconv.Itoa(int(l))), Count: s.Total.ByLevel[l]})
	}
	for _, d := range s.Departments {
		p.Departments = append(p.Departments, statsLine(p.Page, d.Name, d.Counts))
	}
	for _, it := range s.Items {
		line := statsLine(p.Page, it.Name, it.Counts)
		line.Department = it.Department
		p.Items = append(p.Items, line)
	}
	return ui.render(w, http.StatusOK, "rating_stats", p)
}

// RatingReportView is the supervisors' rectification report.
type RatingReportView struct {
	Page
	From, To     string
	Today        string
	Rows         []ReportLine
	Total        ReportLine
	Filter       []region.Department
	DepartmentID int64
	ExportURL    string
}

// ReportLine is one department's rectification counts and rates.
type ReportLine struct {
	Name string
	rating.TaskCounts
	RectifyRate, CallbackRate string
}

func reportLine(p Page, name string, c rating.TaskCounts) ReportLine {
	rr, ok := c.RectifyRate()
	cr, cok := c.CallbackRate()
	return ReportLine{Name: name, TaskCounts: c, RectifyRate: ratePercent(p, rr, ok), CallbackRate: ratePercent(p, cr, cok)}
}

// reportOf reads the report's filters and asks the module for it.
func (ui *UI) reportOf(r *http.Request) (rating.Report, error) {
	period, err := periodParams(r)
	if err != nil {
		return rating.Report{}, err
	}
	dept, err := departmentParam(r)
	if err != nil {
		return rating.Report{}, err
	}
	return ui.Ratings.Report(r.Context(), rating.ReportFilter{Period: period, DepartmentID: dept})
}

func (ui *UI) ratingReport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rep, err := ui.reportOf(r)
	if err != nil {
		return err
	}
	p := RatingReportView{Page: ui.page(r, "rating.report.title"), From: rep.From.String(), To: rep.To.String(),
		Today: rep.Today.String(), DepartmentID: rep.DepartmentID}
	for _, c := range rep.Departments {
		p.Rows = append(p.Rows, reportLine(p.Page, c.DepartmentName, c))
	}
	p.Total = reportLine(p.Page, p.T("rating.stats.total"), rep.Total)
	if pr := principal.From(ctx); pr.Scope.DepartmentID == 0 {
		if p.Filter, err = ui.Regions.Departments(ctx, pr.Scope.RegionCode); err != nil {
			return err
		}
	}
	q := url.Values{"from": {p.From}, "to": {p.To}}
	if rep.DepartmentID != 0 && len(p.Filter) > 0 {
		q.Set("department_id", strconv.FormatInt(rep.DepartmentID, 10))
	}
	p.ExportURL = "/staff/ratings/report.xlsx?" + q.Encode()
	return ui.render(w, http.StatusOK, "rating_report", p)
}

// ratingReportExport downloads the report as a workbook, one row per
// department, the rates as numbers a spreadsheet can sort.
func (ui *UI) ratingReportExport(w http.ResponseWriter, r *http.Request) error {
	rep, err := ui.reportOf(r)
	if err != nil {
		return err
	}
	p := ui.page(r, "rating.report.sheet")
	var buf bytes.Buffer
	if err := reportWorkbook(&buf, p, rep); err != nil {
		return err
	}
	span := rep.From.String() + "_" + rep.To.String()
	return sendWorkbook(w, &buf, "ratings-"+span+".xlsx", p.T("rating.report.sheet")+"-"+span+".xlsx")
}

// reportWorkbook writes the report on one sheet: a header row, a row per
// department and the total; a rate over no ratings is left empty.
func reportWorkbook(buf *bytes.Buffer, p Page, rep rating.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := p.T("rating.report.sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return err
	}
	cols := []string{"rating.report.department", "rating.report.bad", "rating.report.fed_back", "rating.report.rectify_rate",
		"rating.report.real_name", "rating.report.called_back", "rating.report.callback_rate", "rating.report.open",
		"rating.report.overdue", "rating.report.excluded"}
	for i, key := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(sheet, cell, p.T(key)); err != nil {
			return err
		}
	}
	if err := f.SetRowStyle(sheet, 1, 1, header); err != nil {
		return err
	}
	rate := func(v float64, ok bool) any {
		if !ok {
			return nil
		}
		return v
	}
	rows := append(append([]rating.TaskCounts(nil), rep.Departments...), rep.Total)
	for i, c := range rows {
		name := c.DepartmentName
		if i == len(rows)-1 {
			name = p.T("rating.stats.total")
		}
		values := []any{name, c.Bad, c.FedBack, rate(c.RectifyRate()), c.RealName, c.CalledBack, rate(c.CallbackRate()),
			c.Open, c.Overdue, c.Excluded}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &values); err != nil {
			return err
		}
		for _, col := range []string{"D", "G"} {
			if err := f.SetCellStyle(sheet, col+strconv.Itoa(i+2), col+strconv.Itoa(i+2), pct); err != nil {
				return err
			}
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 32); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.Write(buf)
}
