package web

import (
	"net/http"
	"strconv"

	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerCalendar adds the page where an administrator adjusts the
// working-day calendar for local holidays and makeup working days.
func (ui *UI) registerCalendar(rt routeAdder) {
	rt.Handle("GET", "/admin/calendar", ui.adminCalendar)
	rt.Handle("POST", "/admin/calendar", ui.setCalendarOverride)
	rt.Handle("POST", "/admin/calendar/{date}/delete", ui.removeCalendarOverride)
}

// CalendarView shows one year: the national notice's days, the local
// overrides, and the form to add one.
type CalendarView struct {
	Page
	Year       int
	Years      []int
	Published  bool
	National   []CalendarDay
	Overrides  []CalendarDay
	CanManage  bool
	Back       Link
	OffDefault bool
}

// CalendarDay is one listed day with its words ready to show.
type CalendarDay struct {
	Date, Weekday, Name, By, At string
	OffDay                      bool
}

var weekdayKeys = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func (ui *UI) calendarView(r *http.Request) (CalendarView, error) {
	ctx := r.Context()
	overrides, err := ui.LocalCalendar.Overrides(ctx)
	if err != nil {
		return CalendarView{}, err
	}
	year := ui.LocalCalendar.ThisYear()
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		year = y
	}
	p := CalendarView{Page: ui.page(r, "calendar.title"), Year: year, Years: []int{year - 1, year, year + 1},
		Published: ui.LocalCalendar.Calendar().Published(year), CanManage: principal.From(ctx).CanAnywhere(principal.ManageRegions),
		Back: Link{"/admin", "nav.back_admin"}, OffDefault: true}
	day := func(d calendar.Date, off bool, name string) CalendarDay {
		return CalendarDay{Date: d.String(), Weekday: p.T("calendar.weekday." + weekdayKeys[d.Weekday()]), Name: name, OffDay: off}
	}
	for _, o := range calendar.National(year) {
		p.National = append(p.National, day(o.Date, o.OffDay, o.Name))
	}
	for _, o := range overrides {
		if o.Date.Year != year {
			continue
		}
		d := day(o.Date, o.OffDay, o.Name)
		d.By, d.At = o.CreatedBy, consoleTime(o.CreatedAt)
		p.Overrides = append(p.Overrides, d)
	}
	return p, nil
}

func (ui *UI) adminCalendar(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.calendarView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "admin_calendar", p)
}

func (ui *UI) setCalendarOverride(w http.ResponseWriter, r *http.Request) error {
	o, err := ui.LocalCalendar.SetOverride(r.Context(), r.PostFormValue("date"), r.PostFormValue("kind") != "workday", r.PostFormValue("name"))
	if err != nil {
		form, ok := ui.formFrom(r, err, "date", "kind", "name")
		if !ok {
			return err
		}
		p, verr := ui.calendarView(r)
		if verr != nil {
			return verr
		}
		p.Form, p.OffDefault = form, r.PostFormValue("kind") != "workday"
		return ui.render(w, http.StatusUnprocessableEntity, "admin_calendar", p)
	}
	http.Redirect(w, r, "/admin/calendar?year="+strconv.Itoa(o.Date.Year), http.StatusSeeOther)
	return nil
}

func (ui *UI) removeCalendarOverride(w http.ResponseWriter, r *http.Request) error {
	day := r.PathValue("date")
	if err := ui.LocalCalendar.RemoveOverride(r.Context(), day); err != nil {
		return err
	}
	year := ""
	if d, err := calendar.ParseDate(day); err == nil {
		year = "?year=" + strconv.Itoa(d.Year)
	}
	http.Redirect(w, r, "/admin/calendar"+year, http.StatusSeeOther)
	return nil
}
