package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/region"
)

// registerSupervision adds the supervision board (电子监察) and its export.
func (ui *UI) registerSupervision(rt routeAdder) {
	rt.Handle("GET", "/staff/supervision", ui.supervision)
	rt.Handle("GET", "/staff/supervision/overdue.xlsx", ui.supervisionExport)
}

// SupervisionView is the board: cards per department, per hall and per window
// clerk, and the overdue list. Every count is a number under a column named
// in words, and every light carries its word, never colour alone.
type SupervisionView struct {
	Page
	Today        string
	Rule         string // when a case turns yellow, in words
	Departments  []CardsRow
	Halls        []CardsRow
	Clerks       []CardsRow
	Online       CardsRow
	Total        CardsRow
	Overdue      []OverdueRow
	OverdueCut   bool
	Filter       []region.Department // departments to filter by; empty when there is no choice
	DepartmentID int64
	ExportURL    string
}

// CardsRow is one row of the cards tables.
type CardsRow struct {
	Name  string
	Where string // the hall of a window clerk
	casework.Cards
	RedText, YellowText string // "2 张红牌"
}

// OverdueRow is one line of the overdue list.
type OverdueRow struct {
	ID                              int64
	Number, Item, Department, Due   string
	Light, LightClass, Days, Accept string
}

// departmentParam reads the optional department filter.
func departmentParam(r *http.Request) (int64, error) {
	v := r.URL.Query().Get("department_id")
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundf("department")
	}
	return id, nil
}

func (ui *UI) supervisionBoard(r *http.Request) (casework.Board, error) {
	dept, err := departmentParam(r)
	if err != nil {
		return casework.Board{}, err
	}
	return ui.Cases.SupervisionOf(r.Context(), casework.BoardFilter{DepartmentID: dept})
}

func (ui *UI) supervision(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	b, err := ui.supervisionBoard(r)
	if err != nil {
		return err
	}
	p := SupervisionView{Page: ui.page(r, "supervision.title"), Today: b.Today.String(), DepartmentID: b.DepartmentID,
		OverdueCut: b.OverdueCut}
	p.Rule = p.T("supervision.rule", b.Thresholds.WarnWorkdays, int(b.Thresholds.WarnShare*100+0.5))
	if pr := principal.From(ctx); pr.Scope.DepartmentID == 0 {
		if p.Filter, err = ui.Regions.Departments(ctx, pr.Scope.RegionCode); err != nil {
			return err
		}
	}
	p.ExportURL = "/staff/supervision/overdue.xlsx"
	if b.DepartmentID != 0 && len(p.Filter) > 0 {
		p.ExportURL += "?department_id=" + strconv.FormatInt(b.DepartmentID, 10)
	}
	hallNames := map[string]string{}
	for _, h := range b.Halls {
		name := h.Name
		if name == "" {
			name = h.RegionCode
		}
		hallNames[h.RegionCode] = name
		p.Halls = append(p.Halls, cardsRow(p.Page, name, h.Cards))
	}
	for _, d := range b.Departments {
		p.Departments = append(p.Departments, cardsRow(p.Page, d.Name, d.Cards))
	}
	for _, c := range b.Clerks {
		name := c.Name
		if name == "" {
			name = p.T("supervision.unknown_clerk", c.StaffID)
		}
		row := cardsRow(p.Page, name, c.Cards)
		row.Where = hallNames[c.HallRegion]
		p.Clerks = append(p.Clerks, row)
	}
	p.Online = cardsRow(p.Page, p.T("supervision.online"), b.Online)
	p.Total = cardsRow(p.Page, p.T("supervision.total"), b.Total)
	for _, e := range b.Overdue {
		p.Overdue = append(p.Overdue, overdueRow(p.Page, e))
	}
	return ui.render(w, http.StatusOK, "supervision", p)
}

func cardsRow(p Page, name string, c casework.Cards) CardsRow {
	return CardsRow{Name: name, Cards: c, RedText: p.T("supervision.red_cards", c.Red), YellowText: p.T("supervision.yellow_cards", c.Yellow)}
}

func overdueRow(p Page, e casework.OverdueCase) OverdueRow {
	row := OverdueRow{ID: e.ID, Number: e.Number, Item: e.ItemName, Department: e.DepartmentName, Due: e.Due.String(),
		Light: p.T("cases.ui.light." + string(e.Light)), LightClass: "light light-" + string(e.Light),
		Days: daysText(p, e.Light, e.Days), Accept: e.Clock.Accepted.String()}
	if e.Provisional {
		row.Due += p.T("cases.ui.provisional")
	}
	return row
}

// daysText says how late or how close a case is, in working days.
func daysText(p Page, l casework.Light, days int) string {
	switch {
	case l == casework.Red && days == 0:
		return p.T("supervision.overdue_today")
	case l == casework.Red:
		return p.T("supervision.overdue_days", days)
	case days == 0:
		return p.T("supervision.due_today")
	}
	return p.T("supervision.left_days", days)
}

// supervisionExport downloads the overdue list as a workbook, for a meeting
// or a notice to the departments.
func (ui *UI) supervisionExport(w http.ResponseWriter, r *http.Request) error {
	b, err := ui.supervisionBoard(r)
	if err != nil {
		return err
	}
	p := ui.page(r, "supervision.export_sheet")
	// Into a buffer first, so a failure is a clean error page, not half a file.
	var buf bytes.Buffer
	if err := overdueWorkbook(&buf, p, b); err != nil {
		return err
	}
	name := p.T("supervision.export_sheet") + "-" + b.Today.String()
	return sendWorkbook(w, &buf, "overdue-"+b.Today.String()+".xlsx", name+".xlsx")
}

// overdueWorkbook writes the overdue list on one sheet: a header row, then a
// row per case with its working days as a number, so the sheet can be sorted.
func overdueWorkbook(buf *bytes.Buffer, p Page, b casework.Board) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := p.T("supervision.export_sheet")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	cols := []string{"cases.ui.number", "cases.ui.item", "supervision.department", "supervision.accepted_on",
		"cases.ui.due", "cases.ui.light", "supervision.days"}
	for i, key := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(sheet, cell, p.T(key)); err != nil {
			return err
		}
	}
	if err := f.SetRowStyle(sheet, 1, 1, header); err != nil {
		return err
	}
	for i, e := range b.Overdue {
		days := e.Days
		if e.Light == casework.Yellow {
			days = -days // days left count down to the due date
		}
		row := overdueRow(p, e)
		values := []any{row.Number, row.Item, row.Department, row.Accept, row.Due, row.Light, days}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &values); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 48); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "C", 24); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.Write(buf)
}

// RemindersPanel is what the reminders partial shows on staff pages.
type RemindersPanel struct {
	Items []ReminderRow
	// Board links to the supervision board: the viewer may see it.
	Board bool
}

// ReminderRow is one reminder, its light or waiting state in words.
type ReminderRow struct {
	ID                         int64
	Number, Item, Label, Class string
	Detail                     string
}

// StaffReminders is embedded in the models of staff pages that include the
// reminders partial ({{template "reminders" .}}).
type StaffReminders struct {
	Reminders RemindersPanel
}

// reminders loads the signed-in staff member's reminders. Staff who do not
// handle cases (item or system administrators) get an empty panel, not an
// error, so the workbench still opens for them.
func (ui *UI) reminders(r *http.Request) (StaffReminders, error) {
	rs, err := ui.Cases.Reminders(r.Context())
	if apperr.KindOf(err) == apperr.Forbidden {
		return StaffReminders{}, nil
	}
	if err != nil {
		return StaffReminders{}, err
	}
	p := ui.page(r, "reminders.title")
	panel := RemindersPanel{Board: true}
	for _, rm := range rs {
		row := ReminderRow{ID: rm.ID, Number: rm.Number, Item: rm.ItemName}
		switch rm.Kind {
		case casework.RemindOverdue:
			row.Label, row.Class = p.T("cases.ui.light.red"), "light light-red"
			row.Detail = daysText(p, casework.Red, rm.Days) + p.T("reminders.due", rm.Due.String())
		case casework.RemindDueSoon:
			row.Label, row.Class = p.T("cases.ui.light.yellow"), "light light-yellow"
			row.Detail = daysText(p, casework.Yellow, rm.Days) + p.T("reminders.due", rm.Due.String())
		default:
			row.Label = p.T("reminders.waiting")
			row.Detail = p.T("reminders.waited_days", rm.Days)
		}
		panel.Items = append(panel.Items, row)
	}
	return StaffReminders{Reminders: panel}, nil
}
